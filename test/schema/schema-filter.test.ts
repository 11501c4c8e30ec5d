/**
 * Schema filtering: Cairn's revision table is never part of the user's schema (inspect, both
 * sides of diff), `exclude` glob patterns and `schemas` leave out more, through the library,
 * the CLI flags and the config.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apply } from '../../src/commands/apply.js';
import { diff } from '../../src/commands/diff.js';
import { hash } from '../../src/commands/hash.js';
import { inspect } from '../../src/commands/inspect.js';
import { CairnError } from '../../src/errors.js';
import type { Realm } from '../../src/schema/model.js';
import { freshPostgres } from '../helpers/db.js';
import { cairn } from '../helpers/cli.js';
import { open } from './helpers/conn.js';

const DDL = `CREATE TABLE users (id int PRIMARY KEY, email text);
CREATE TABLE tmp_import (a int);
CREATE SCHEMA audit;
CREATE TABLE audit.log (id int, at timestamptz);
CREATE VIEW active AS SELECT id FROM users;
`;

const tables = (r: Realm) => r.schemas.flatMap((s) => [...s.tables, ...s.views].map((t) => `${s.name}.${t.name}`)).sort();

/** A migration directory holding DDL as its one migration, hashed. */
function migrationDir(root: string, ddl = DDL): string {
  const dir = join(root, 'migrations');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, '20260101000000_init.sql'), ddl);
  hash({ dir });
  return dir;
}

test('a migrated database: inspect and diff --from leave the revision table out, at its configured name and schema', async () => {
  const root = mkdtempSync(join(tmpdir(), 'cairn-filter-'));
  const [a, b] = [await freshPostgres(), await freshPostgres()];
  try {
    const dir = migrationDir(root);
    writeFileSync(join(root, 'schema.sql'), DDL);
    // Default name, in the connection's schema.
    await apply({ url: a.url, dir });
    const got = await inspect({ url: a.url, format: 'ts' });
    assert.deepEqual(tables(got.realm), ['audit.log', 'public.active', 'public.tmp_import', 'public.users']);
    assert.doesNotMatch(got.output, /cairn_revisions/);
    const fromA = await diff({ dir, name: 'x', from: a.url, to: join(root, 'schema.sql'), check: true });
    assert.equal(fromA.inSync, true, fromA.up);

    // A configured name and schema: left out, and so is the schema the runner made for it.
    await apply({ url: b.url, dir, revisionsTable: 'revs', revisionsSchema: 'cairn' });
    const conn = await open(b.url);
    try {
      assert.deepEqual(await conn.query(`SELECT count(*)::int AS n FROM cairn.revs WHERE version = '20260101000000'`), [{ n: 1 }]);
    } finally {
      await conn.close();
    }
    const custom = await inspect({ url: b.url, revisionsTable: 'revs', revisionsSchema: 'cairn' });
    assert.deepEqual(custom.realm.schemas.map((s) => s.name), ['audit', 'public']);
    assert.doesNotMatch(custom.output, /revs/);
    const fromB = await diff({ dir, name: 'x', from: b.url, to: join(root, 'schema.sql'), check: true, revisionsTable: 'revs', revisionsSchema: 'cairn' });
    assert.equal(fromB.inSync, true, fromB.up);
    // Told nothing, it is a user table (and its schema a user schema) like any other.
    const untold = await inspect({ url: b.url });
    assert.ok(tables(untold.realm).includes('cairn.revs'));
  } finally {
    await a.drop();
    await b.drop();
    rmSync(root, { recursive: true, force: true });
  }
});

test('exclude patterns: a schema without a dot, schema.object globs, on both sides of diff', async () => {
  const root = mkdtempSync(join(tmpdir(), 'cairn-filter-'));
  const db = await freshPostgres();
  try {
    const dir = migrationDir(root);
    await apply({ url: db.url, dir });
    const r = await inspect({ url: db.url, exclude: ['audit', '*.tmp_*'] });
    assert.deepEqual(tables(r.realm), ['public.active', 'public.users']);
    assert.deepEqual((await inspect({ url: db.url, exclude: ['public.act?ve', 'audit.*'] })).realm.schemas.map((s) => [s.name, s.tables.map((t) => t.name), s.views.map((v) => v.name)]),
      [['audit', [], []], ['public', ['tmp_import', 'users'], []]]);
    // The desired schema lacks the excluded objects: without the patterns the diff drops them.
    writeFileSync(join(root, 'schema.sql'), 'CREATE TABLE users (id int PRIMARY KEY, email text); CREATE VIEW active AS SELECT id FROM users;');
    const dropping = await diff({ dir, name: 'x', from: db.url, to: join(root, 'schema.sql'), check: true, allowDrop: true });
    assert.match(dropping.up, /DROP TABLE "public"\."tmp_import"/);
    const kept = await diff({ dir, name: 'x', from: db.url, to: join(root, 'schema.sql'), check: true, exclude: ['audit', 'public.tmp_*'] });
    assert.equal(kept.inSync, true, kept.up);
    // Or the schemas to compare.
    const onlyPublic = await diff({ dir, name: 'x', from: db.url, to: join(root, 'schema.sql'), check: true, schemas: ['public'], exclude: ['*.tmp_import'] });
    assert.equal(onlyPublic.inSync, true, onlyPublic.up);
    await assert.rejects(inspect({ url: db.url, exclude: ['a.b.c'] }), (e: unknown) => e instanceof CairnError && e.code === 'USAGE' && /bad exclude pattern "a\.b\.c"/.test(e.message));
  } finally {
    await db.drop();
    rmSync(root, { recursive: true, force: true });
  }
});

test('an unsupported object that is excluded no longer stops inspect; the refusal names --exclude and --schema', async () => {
  const conn = await open('pglite:memory');
  try {
    await conn.exec('CREATE TABLE t (a int); CREATE RULE t_noop AS ON INSERT TO t DO INSTEAD NOTHING; CREATE TABLE kept (a int);');
    const { schemaEngineFor } = await import('../../src/commands/inspect.js');
    const engine = await schemaEngineFor(conn.dialect);
    await assert.rejects(engine.inspect(conn), (e: unknown) => e instanceof CairnError && /rule public\.t\.t_noop/.test(e.message) &&
      /--exclude schema\.name/.test(e.hint ?? '') && /--schema/.test(e.hint ?? ''));
    const r = await engine.inspect(conn, { exclude: ['public.t'] });
    assert.deepEqual(tables(r), ['public.kept']);
  } finally {
    await conn.close();
  }
});

test('CLI: inspect and diff take --exclude and --schema (repeatable or comma-separated), or the config keys', async () => {
  const root = mkdtempSync(join(tmpdir(), 'cairn-filter-cli-'));
  try {
    migrationDir(root);
    writeFileSync(join(root, 'schema.sql'), 'CREATE TABLE users (id int PRIMARY KEY, email text); CREATE VIEW active AS SELECT id FROM users;');
    const url = 'pglite:./db';
    const applied = await cairn(['apply', '--url', url], { cwd: root });
    assert.equal(applied.code, 0, applied.stderr);

    const ts = await cairn(['inspect', '--url', url, '--format', 'ts', '--exclude', 'public.tmp_*', '--exclude', 'audit'], { cwd: root });
    assert.equal(ts.code, 0, ts.stderr);
    assert.match(ts.stdout, /table\("users"/);
    assert.doesNotMatch(ts.stdout, /cairn_revisions|tmp_import|audit/);
    const json = await cairn(['inspect', '--url', url, '--format', 'json', '--schema', 'audit,public', '--exclude', '*.tmp_*'], { cwd: root });
    assert.equal(json.code, 0, json.stderr);
    assert.deepEqual(tables(JSON.parse(json.stdout) as Realm), ['audit.log', 'public.active', 'public.users']);

    const check = await cairn(['diff', '--from', url, '--to', 'schema.sql', '--check', '--schema', 'public', '--exclude', 'public.tmp_import'], { cwd: root });
    assert.equal(check.code, 0, check.stdout + check.stderr);
    assert.match(check.stdout, /in sync/);

    // The same scope from the config file.
    writeFileSync(join(root, 'cairn.config.json'), JSON.stringify({ schemas: ['public'], exclude: ['public.tmp_*'] }));
    const fromConfig = await cairn(['diff', '--from', url, '--to', 'schema.sql', '--check'], { cwd: root });
    assert.equal(fromConfig.code, 0, fromConfig.stdout + fromConfig.stderr);
    const bad = await cairn(['inspect', '--url', url, '--exclude', 'a.b.c'], { cwd: root });
    assert.equal(bad.code, 4, bad.stderr);
    assert.match(bad.stderr, /bad exclude pattern "a\.b\.c"/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
