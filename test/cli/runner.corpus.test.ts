// Moved from runner.test.ts: these cases read the real-world corpus, so only `npm run test:corpus` runs them.
/**
 * The runner through the CLI, on SQLite (file), PGlite (a data directory), PostgreSQL and
 * MariaDB: new → write SQL → hash → apply → status → one more → status exit 2 → apply → down
 * (refused without down SQL, works with golang-migrate down files) → set; and a failing
 * migration. The servers must be up: test/helpers/db.ts throws when they are not.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import mysql from 'mysql2/promise';
import Database from 'better-sqlite3';
import { TARGETS, type TargetName, type TestDb } from '../helpers/db.js';
import { afterTarget, cairn, cairnBatch, copyCorpus, expectExit, json, snapshot, tempDir, writeTree, type CliResult } from './helpers.js';

const dbs: TestDb[] = [];
after(async () => {
  await Promise.all(dbs.map((d) => d.drop()));
});

async function fresh(target: TargetName): Promise<TestDb> {
  const db = await TARGETS[target]();
  dbs.push(db);
  return db;
}

/** The user tables of a database, sorted (the revision table left out). */
async function userTables(target: TargetName, db: TestDb): Promise<string[]> {
  let names: string[];
  if (target === 'sqlite') {
    const c = new Database(db.name, { readonly: true });
    names = (c.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name);
    c.close();
  } else if (target === 'postgres') {
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    names = (await c.query("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'")).rows.map((r) => r.name);
    await c.end();
  } else if (target === 'mysql') {
    const c = await mysql.createConnection(db.url);
    const [rows] = await c.query('SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()');
    names = (rows as { name: string }[]).map((r) => r.name);
    await c.end();
  } else {
    const { PGlite } = await import('@electric-sql/pglite');
    const c = await PGlite.create(db.name);
    names = (await c.query<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'")).rows.map((r) => r.name);
    await c.close();
  }
  return names.filter((n) => !n.startsWith('cairn_') && !n.startsWith('sqlite_')).sort();
}

const newFile = (r: CliResult) => json(expectExit(r, 0, 'new')).files[0] as string;

describe('real directories through the CLI', () => {
  it('umami MySQL 8 migrations fail on MariaDB with file, statement and server message', async () => {
    const db = await fresh('mysql');
    const root = copyCorpus('umami__db-mysql-migrations');
    const [h, a, st] = await cairnBatch(
      [
        { args: ['hash'], cwd: root },
        { args: ['apply', '--url', db.url], cwd: root },
        { args: ['status', '--url', db.url], cwd: root },
      ],
      1,
    );
    expectExit(h, 0);
    expectExit(a, 1);
    assert.match(a.stderr, /^error: migration 05_add_visit_id failed at 05_add_visit_id\/migration\.sql:4:1 \(statement 2 of 5\) \[ER_SP_DOES_NOT_EXIST, errno 1305, SQLSTATE 42000\]: FUNCTION \S+\.BIN_TO_UUID does not exist$/m);
    assert.equal(a.stderr.match(/^ {2}statement: UPDATE `website_event` we$/gm)?.length, 1, 'the statement is shown once');
    expectExit(st, 2);
    assert.match(afterTarget(st.stdout, db.url), /^current version: 04_team_redesign\napplied: 4, pending: 5\npartial: 05_add_visit_id \(1\/5 statements\): FUNCTION \S+\.BIN_TO_UUID does not exist\n/);
  });

  it('ncps SQLite (goose) applies cleanly from an untouched copy; a second apply is a no-op', async () => {
    const db = await fresh('sqlite');
    const root = copyCorpus('ncps__migrations-sqlite');
    const before = snapshot(root);
    const a = expectExit(await cairn(['apply', '--url', db.url], { cwd: root }), 0);
    assert.match(afterTarget(a.stdout, db.url), /^21 migration\(s\) applied, current version \d{14}\n$/);
    const again = expectExit(await cairn(['apply', '--url', db.url], { cwd: root }), 0);
    assert.match(afterTarget(again.stdout, db.url), /^no migration to apply \(current version: \d{14}\)\n$/);
    assert.deepEqual(snapshot(root), before, 'the runner writes nothing into the directory');
    assert.ok(readdirSync(join(root, 'migrations')).length === 22);
  });
});
