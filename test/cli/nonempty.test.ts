/**
 * `apply`'s fresh-database check looks at the whole database, not only at the revision table's
 * schema: through the CLI, a database with tables elsewhere than `--revisions-schema` is refused
 * (exit 3) and nothing is written, the revision schema/database included. PostgreSQL, PGlite,
 * MariaDB and SQLite (which has no schemas: there the main database is what counts).
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { freshDatabases } from '../helpers/db.js';
import { connect } from '../../src/dialects/registry.js';
import { cairn, expectExit, writeTree } from './helpers.js';

const fresh = freshDatabases(after);

async function run(url: string, sql: string[]): Promise<void> {
  const c = await connect(url);
  try {
    for (const s of sql) await c.exec(s);
  } finally {
    await c.close();
  }
}

async function rows(url: string, sql: string): Promise<unknown[]> {
  const c = await connect(url);
  try {
    return await c.query(sql);
  } finally {
    await c.close();
  }
}

const PG_STATE = `SELECT n.nspname AS schema, c.relname AS name, c.relkind AS kind FROM pg_namespace n LEFT JOIN pg_class c ON c.relnamespace = n.oid
  AND c.relkind IN ('r', 'p', 'v', 'm', 'S') WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema' ORDER BY 1, 2`;

const project = () => writeTree({ 'migrations/1_a.sql': 'CREATE TABLE a (id integer);\n' });

describe('apply refuses a database that is not empty outside the revision schema', () => {
  for (const target of ['postgres', 'pglite'] as const) {
    it(`${target}: tables in public, --revisions-schema cairn_meta → exit 3, nothing written`, async () => {
      const db = await fresh(target);
      const cwd = project();
      await run(db.url, ['CREATE TABLE legacy (id integer)', 'CREATE VIEW legacy_v AS SELECT id FROM legacy']);
      const before = await rows(db.url, PG_STATE);
      const r = await cairn(['apply', '--url', db.url, '--revisions-schema', 'cairn_meta'], { cwd });
      expectExit(r, 3, 'apply');
      assert.match(r.stderr, /the database is not empty \(table public\.legacy, view public\.legacy_v\) but has no revisions/);
      assert.deepEqual(await rows(db.url, PG_STATE), before, 'no schema, revision table or migration written');
      // An empty schema other than public counts too; the revision schema itself does not.
      await run(db.url, ['DROP VIEW legacy_v', 'DROP TABLE legacy', 'CREATE SCHEMA app']);
      const bare = await cairn(['apply', '--url', db.url, '--revisions-schema', 'cairn_meta'], { cwd });
      expectExit(bare, 3, 'apply with schema app');
      assert.match(bare.stderr, /not empty \(schema app\)/);
      await run(db.url, ['DROP SCHEMA app', 'CREATE SCHEMA cairn_meta']);
      expectExit(await cairn(['apply', '--url', db.url, '--revisions-schema', 'cairn_meta'], { cwd }), 0, 'apply on an empty database');
      assert.deepEqual(await rows(db.url, `SELECT count(*)::int AS n FROM cairn_meta.cairn_revisions WHERE kind <> 'meta'`), [{ n: 1 }]);
    });
  }

  it('mysql: tables in the connection database, --revisions-schema another → exit 3, nothing written', async () => {
    const db = await fresh('mysql');
    const meta = `${db.name}_meta`;
    fresh.track({ url: db.url, name: meta, drop: () => run(db.url, [`DROP DATABASE IF EXISTS \`${meta}\``]) });
    const cwd = project();
    await run(db.url, ['CREATE TABLE legacy (id integer)']);
    const state = `SELECT table_schema AS s, table_name AS t FROM information_schema.tables WHERE table_schema IN ('${db.name}', '${meta}') ORDER BY 1, 2`;
    const before = await rows(db.url, state);
    const r = await cairn(['apply', '--url', db.url, '--revisions-schema', meta], { cwd });
    expectExit(r, 3, 'apply');
    assert.match(r.stderr, new RegExp(`not empty \\(table ${db.name}\\.legacy\\) but has no revisions`));
    assert.deepEqual(await rows(db.url, state), before);
    assert.deepEqual(await rows(db.url, `SELECT schema_name FROM information_schema.schemata WHERE schema_name = '${meta}'`), [], 'the revision database is not created');
    // Objects in the revision database (other than the revision table) count as well.
    await run(db.url, ['DROP TABLE legacy', `CREATE DATABASE \`${meta}\``, `CREATE TABLE \`${meta}\`.stray (id integer)`]);
    const r2 = await cairn(['apply', '--url', db.url, '--revisions-schema', meta], { cwd });
    expectExit(r2, 3, 'apply with a table in the revision database');
    assert.match(r2.stderr, new RegExp(`not empty \\(table ${meta}\\.stray\\)`));
  });

  it('sqlite: a view or trigger counts, sqlite_* does not; --revisions-schema is a usage error', async () => {
    const db = await fresh('sqlite');
    const cwd = project();
    await run(db.url, ['CREATE TABLE t (id integer primary key autoincrement)', 'INSERT INTO t DEFAULT VALUES', 'CREATE VIEW v AS SELECT 1 AS x', 'DROP TABLE t']);
    const hash = () => createHash('sha256').update(readFileSync(db.name)).digest('hex');
    const before = hash();
    const r = await cairn(['apply', '--url', db.url], { cwd });
    expectExit(r, 3, 'apply');
    assert.match(r.stderr, /not empty \(view v\) but has no revisions/);
    assert.equal(hash(), before, 'the file is unchanged');
    expectExit(await cairn(['apply', '--url', db.url, '--revisions-schema', 'cairn_meta'], { cwd }), 4, 'revisions schema on SQLite');
    assert.equal(hash(), before);
  });
});
