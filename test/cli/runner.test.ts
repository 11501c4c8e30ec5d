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
import { cairn, cairnBatch, copyCorpus, expectExit, json, snapshot, tempDir, writeTree, type CliResult } from './helpers.js';

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

describe('the runner through the CLI on every target', () => {
  for (const target of Object.keys(TARGETS) as TargetName[]) {
    it(`${target}: new, hash, apply, status, down, set`, async () => {
      const db = await fresh(target);
      const root = tempDir();
      const url = db.url;
      // 1. `new`, then write SQL: apply refuses the edited file until `hash`.
      const [n1] = await cairnBatch([{ args: ['new', 'create users', '--json'], cwd: root }], 1);
      const f1 = newFile(n1);
      const v1 = json(n1).version as string;
      writeFileSync(f1, 'CREATE TABLE users (\n  id integer PRIMARY KEY,\n  email varchar(200) NOT NULL\n);\n');
      const [refused, hashed, applied, st] = await cairnBatch(
        [
          { args: ['apply', '--url', url], cwd: root },
          { args: ['hash'], cwd: root },
          { args: ['apply', '--url', url, '--json'], cwd: root },
          { args: ['status', '--url', url], cwd: root },
        ],
        1,
      );
      expectExit(refused, 3, 'apply before hash');
      assert.match(refused.stderr, new RegExp(`^error: atlas\\.sum does not match .*\\n  L2: ${v1}_create_users\\.sql was edited\\n`));
      expectExit(hashed, 0);
      const a = json(expectExit(applied, 0, 'apply'));
      assert.deepEqual(a.applied.map((m: { version: string; description: string }) => [m.version, m.description]), [[v1, 'create_users']]);
      assert.equal(a.current, v1);
      assert.equal(expectExit(st, 0, 'status').stdout, `current version: ${v1}\napplied: 1, pending: 0\n`);
      assert.deepEqual(await userTables(target, db), ['users']);

      // 2. One more migration: status exits 2 and lists it; apply runs it.
      const [n2] = await cairnBatch([{ args: ['new', 'add orders', '--json'], cwd: root }], 1);
      const f2 = newFile(n2);
      const v2 = json(n2).version as string;
      assert.ok(BigInt(v2) > BigInt(v1));
      writeFileSync(f2, 'CREATE TABLE orders (id integer PRIMARY KEY, user_id integer NOT NULL);\n');
      const [h2, pending, pendingJson, dry, applied2, st2, down, set, st3] = await cairnBatch(
        [
          { args: ['hash'], cwd: root },
          { args: ['status', '--url', url], cwd: root },
          { args: ['status', '--url', url, '--json'], cwd: root },
          { args: ['apply', '--dry-run', '--url', url], cwd: root },
          { args: ['apply', '--url', url], cwd: root },
          { args: ['status', '--url', url], cwd: root },
          { args: ['down', '--url', url], cwd: root },
          { args: ['set', v1, '--url', url], cwd: root },
          { args: ['status', '--url', url], cwd: root },
        ],
        1,
      );
      expectExit(h2, 0);
      assert.equal(expectExit(pending, 2, 'status with pending').stdout, `current version: ${v1}\napplied: 1, pending: 1\n  pending ${v2} add_orders\n`);
      const pj = json(expectExit(pendingJson, 2));
      assert.deepEqual(pj.pending, [{ version: v2, description: 'add_orders' }]);
      assert.equal(pj.current, v1);
      assert.ok(!JSON.stringify(pj).includes('password'));
      assert.equal(
        expectExit(dry, 0, 'dry run').stdout,
        `dry run: 1 migration(s) would be applied\n-- ${v2} add_orders\nCREATE TABLE orders (id integer PRIMARY KEY, user_id integer NOT NULL);\n`,
      );
      expectExit(applied2, 0, 'apply 2');
      assert.equal(applied2.stdout, `1 migration(s) applied, current version ${v2}\n`);
      assert.match(applied2.stderr, new RegExp(`applying ${v2} add_orders`));
      assert.equal(expectExit(st2, 0).stdout, `current version: ${v2}\napplied: 2, pending: 0\n`);
      // Atlas-format files written by `new` have no down part: down refuses and changes nothing.
      expectExit(down, 1, 'down without down SQL');
      assert.match(down.stderr, new RegExp(`^error: cannot roll back: no down SQL stored .* for ${v2}`));
      assert.match(down.stderr, /hint: nothing was rolled back/);
      assert.deepEqual(await userTables(target, db), ['orders', 'users']);
      // set moves the recorded version without touching the schema.
      assert.equal(expectExit(set, 0, 'set').stdout, `database marked at version ${v1}; forgot 1 revision(s) above it\n`);
      assert.equal(expectExit(st3, 2).stdout, `current version: ${v1}\napplied: 1, pending: 1\n  pending ${v2} add_orders\n`);
      assert.deepEqual(await userTables(target, db), ['orders', 'users']);
    });

    it(`${target}: down with golang-migrate down files, and a failing migration`, async () => {
      const db = await fresh(target);
      const url = db.url;
      const root = writeTree({
        'migrations/000001_a.up.sql': 'CREATE TABLE a (id integer);\n',
        'migrations/000001_a.down.sql': 'DROP TABLE a;\n',
        'migrations/000002_b.up.sql': 'CREATE TABLE b (id integer);\n',
        'migrations/000002_b.down.sql': 'DROP TABLE b;\n',
        'migrations/000003_bad.up.sql': 'CREATE TABLE c (id integer);\nINSERT INTO no_such_table VALUES (1);\n',
        'migrations/000003_bad.down.sql': 'DROP TABLE c;\n',
      });
      const [h, up2, down1, st, failing, stFail] = await cairnBatch(
        [
          { args: ['hash'], cwd: root },
          { args: ['apply', '2', '--url', url], cwd: root },
          { args: ['down', '--url', url, '--json'], cwd: root },
          { args: ['status', '--url', url], cwd: root },
          { args: ['apply', '--url', url], cwd: root },
          { args: ['status', '--url', url, '--json'], cwd: root },
        ],
        1,
      );
      expectExit(h, 0);
      assert.equal(expectExit(up2, 0).stdout, '2 migration(s) applied, current version 000002\n');
      const d = json(expectExit(down1, 0, 'down'));
      assert.deepEqual(d.reverted.map((m: { version: string; down: string }) => [m.version, m.down]), [['000002', 'DROP TABLE b;\n']]);
      assert.equal(d.current, '000001');
      assert.equal(expectExit(st, 2).stdout, 'current version: 000001\napplied: 1, pending: 2\n  pending 000002 b\n  pending 000003 bad\n');
      // The failure: exit 1, file:line:column, the statement and the server's message.
      expectExit(failing, 1, 'failing apply');
      const lines = failing.stderr.split('\n');
      const err = lines.find((l) => l.startsWith('error: '))!;
      // PostgreSQL reports where in the statement it failed (the table name, column 13).
      const column = target === 'postgres' || target === 'pglite' ? 13 : 1;
      assert.match(err, new RegExp(`^error: migration 000003 failed at 000003_bad\\.up\\.sql:2:${column} \\(statement 2 of 2\\) \\[[^\\]]+\\]: .*no_such_table`));
      assert.equal(failing.stderr.split('statement: INSERT INTO no_such_table VALUES (1)').length, 2, 'the statement is printed once');
      assert.ok(!failing.stderr.includes('Sup3rS3cret'));
      const sf = json(stFail);
      assert.equal(sf.current === '000002' || sf.current === '000003', true);
      const tables = await userTables(target, db);
      assert.ok(tables.includes('a') && tables.includes('b'), tables.join());
    });
  }
});

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
    assert.match(a.stderr, /^error: migration 05 failed at 05_add_visit_id\/migration\.sql:4:1 \(statement 2 of 5\) \[ER_SP_DOES_NOT_EXIST, errno 1305, SQLSTATE 42000\]: FUNCTION \S+\.BIN_TO_UUID does not exist$/m);
    assert.equal(a.stderr.match(/^ {2}statement: UPDATE `website_event` we$/gm)?.length, 1, 'the statement is shown once');
    expectExit(st, 2);
    assert.match(st.stdout, /^current version: 04\napplied: 4, pending: 5\npartial: 05 \(1\/5 statements\): FUNCTION \S+\.BIN_TO_UUID does not exist\n/);
  });

  it('ncps SQLite (goose) applies cleanly from an untouched copy; a second apply is a no-op', async () => {
    const db = await fresh('sqlite');
    const root = copyCorpus('ncps__migrations-sqlite');
    const before = snapshot(root);
    const a = expectExit(await cairn(['apply', '--url', db.url], { cwd: root }), 0);
    assert.match(a.stdout, /^21 migration\(s\) applied, current version \d{14}\n$/);
    const again = expectExit(await cairn(['apply', '--url', db.url], { cwd: root }), 0);
    assert.match(again.stdout, /^no migration to apply \(current version: \d{14}\)\n$/);
    assert.deepEqual(snapshot(root), before, 'the runner writes nothing into the directory');
    assert.ok(readdirSync(join(root, 'migrations')).length === 22);
  });
});
