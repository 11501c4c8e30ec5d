/**
 * The development loop through the CLI: `cairn dev` (diff + write + apply), `cairn reset` (drop
 * everything, re-apply the directory) and `cairn push` (the declared schema straight onto a
 * local database), on PGlite and the local PostgreSQL server; `reset` also on SQLite and
 * MariaDB, whose dialects implement `resetDatabase` on their own. All three refuse a database
 * that is not local before connecting to it, and never print its password.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from '../../src/dialects/registry.js';
import { isLocalUrl } from '../../src/commands/local-target.js';
import { freshDatabases } from '../helpers/db.js';
import { ROOT } from '../helpers/cli.js';
import { cairn, expectExit, json, writeTree } from './helpers.js';

const fresh = freshDatabases(after);

const USERS = `import { table, bigserial, bigint, text } from 'cairn-migrate/dsl';
export const users = table('users', { id: bigserial().primaryKey(), email: text().notNull().unique() });
`;
const USERS_ORDERS = `${USERS}export const orders = table('orders', { id: bigserial().primaryKey(), user_id: bigint().notNull().references(() => users.c.id) });
`;
const USERS_NAME_ORDERS = USERS_ORDERS.replace('email: text().notNull().unique()', 'email: text().notNull().unique(), name: text()');
const USERS_NAME = USERS.replace('email: text().notNull().unique()', 'email: text().notNull().unique(), name: text()');

/** A project: schema.ts and an empty migrations/ with atlas.sum. */
async function project(schema: string): Promise<string> {
  const cwd = writeTree({ 'schema.ts': schema });
  mkdirSync(join(cwd, 'migrations'));
  expectExit(await cairn(['hash'], { cwd }), 0, 'hash');
  return cwd;
}

const migrationFiles = (cwd: string) => readdirSync(join(cwd, 'migrations')).filter((f) => f.endsWith('.sql')).sort();

/** Every user table, view and trigger of a database (the revision table included), sorted. */
async function objects(url: string): Promise<string[]> {
  const conn = await connect(url);
  try {
    const sql = url.startsWith('sqlite:')
      ? "SELECT type || ' ' || name AS o FROM sqlite_master WHERE type IN ('table', 'view', 'trigger') AND name NOT LIKE 'sqlite%'"
      : url.startsWith('mysql:')
        ? "SELECT CONCAT(table_type, ' ', table_name) AS o FROM information_schema.tables WHERE table_schema = database() UNION ALL SELECT CONCAT('TRIGGER ', trigger_name) FROM information_schema.triggers WHERE trigger_schema = database()"
        : "SELECT table_type || ' ' || table_schema || '.' || table_name AS o FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')";
    return (await conn.query<{ o: string }>(sql)).map((r) => r.o).sort();
  } finally {
    await conn.close();
  }
}

async function exec(url: string, sql: string): Promise<void> {
  const conn = await connect(url);
  try {
    await conn.exec(sql);
  } finally {
    await conn.close();
  }
}

async function columns(url: string, table: string): Promise<string[]> {
  const conn = await connect(url);
  try {
    return (await conn.query<{ c: string }>(`SELECT column_name AS c FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY 1`, [table])).map((r) => r.c);
  } finally {
    await conn.close();
  }
}

const FOREIGN = 'postgres://u:secret@db.example.com/x';

test('isLocalUrl: embedded databases, localhost, 127.0.0.0/8, ::1 and sockets are local; anything else is not', () => {
  for (const url of ['pglite:./.cairn/local', 'pglite:memory', 'sqlite:app.db', 'sqlite::memory:', 'postgres://u:p@localhost/app', 'postgres://u@127.0.0.1:5432/app',
    'postgresql://u@127.10.0.3/app', 'postgres://u@[::1]:5432/app', 'postgres:///app?host=/var/run/postgresql', 'postgres://u@%2Fvar%2Frun%2Fpostgresql/app',
    'mysql://root@localhost/app', 'mysql://root@db.example.com/app?socketPath=/tmp/mysql.sock', 'postgres://u@LOCALHOST/app']) {
    assert.equal(isLocalUrl(url), true, url);
  }
  for (const url of [FOREIGN, 'postgres://u@10.0.0.5/app', 'mysql://root@192.168.1.2/app', 'postgres://u@localhost.example.com/app', 'postgres://u@128.0.0.1/app',
    'postgres://u@localhost/app?host=db.example.com', 'postgres://u@x/app?host=localhost,db.example.com', 'postgres://u@[2001:db8::1]/app']) {
    assert.equal(isLocalUrl(url), false, url);
  }
});

test('dev, reset and push refuse a database that is not local, before connecting, without printing its password', async () => {
  const cwd = await project(USERS);
  const before = readdirSync(join(cwd, 'migrations')).sort();
  for (const args of [['dev', 'init', '--to', 'schema.ts'], ['reset', '--yes'], ['push', '--to', 'schema.ts', '--yes']]) {
    const r = expectExit(await cairn([...args, '--url', FOREIGN], { cwd }), 4, args[0]);
    assert.match(r.stderr, new RegExp(`cairn ${args[0]} .*postgres://u:\\*\\*\\*\\*@db\\.example\\.com/x is not local`));
    assert.match(r.stderr, /--force/);
    assert.doesNotMatch(r.stdout + r.stderr, /secret/);
    const j = json(expectExit(await cairn([...args, '--url', FOREIGN, '--json'], { cwd }), 4, `${args[0]} --json`));
    assert.equal(j.error.code, 'USAGE');
    assert.doesNotMatch(JSON.stringify(j), /secret/);
  }
  // DATABASE_URL is a target too: a production URL there is refused the same way.
  const r = expectExit(await cairn(['reset', '--yes'], { cwd, env: { DATABASE_URL: FOREIGN } }), 4, 'DATABASE_URL');
  assert.match(r.stderr, /is not local/);
  assert.doesNotMatch(r.stdout + r.stderr, /secret/);
  assert.deepEqual(readdirSync(join(cwd, 'migrations')).sort(), before, 'dev wrote nothing');
});

test('dev on PGlite: writes the migration and atlas.sum, applies it, and refuses a drop without --allow-drop', async () => {
  const cwd = await project(USERS_ORDERS);
  const url = `pglite:${join(cwd, 'db')}`;
  const first = expectExit(await cairn(['dev', 'init', '--to', 'schema.ts', '--url', url], { cwd }), 0, 'dev init');
  assert.match(first.stdout, /^target: pglite:/, "dev names its target first");
  assert.match(first.stdout, /created migrations\/\d{14}_init\.sql/);
  assert.match(first.stdout, /1 migration\(s\) applied, current version \d{14}/);
  const [init] = migrationFiles(cwd);
  assert.match(readFileSync(join(cwd, 'migrations', init!), 'utf8'), /CREATE TABLE "public"\."orders"/);
  assert.match(readFileSync(join(cwd, 'migrations', 'atlas.sum'), 'utf8'), new RegExp(`^${init} h1:`, 'm'));
  expectExit(await cairn(['validate'], { cwd }), 0, 'validate');
  expectExit(await cairn(['status', '--url', url], { cwd }), 0, 'status after dev');

  // A change: a second migration, applied; then nothing left to do.
  writeFileSync(join(cwd, 'schema.ts'), USERS_NAME_ORDERS);
  const second = json(expectExit(await cairn(['dev', 'add_name', '--to', 'schema.ts', '--url', url, '--json'], { cwd }), 0, 'dev add_name'));
  assert.equal(second.schemaChanged, true);
  assert.equal(second.diff.files.length, 1);
  assert.equal(second.apply.applied.length, 1);
  assert.match(second.target, /^pglite:/);
  const noop = expectExit(await cairn(['dev', '--to', 'schema.ts', '--url', url], { cwd }), 0, 'dev without changes');
  assert.match(noop.stdout, /no schema changes/);
  assert.match(noop.stdout, /no migration to apply/);
  assert.equal(migrationFiles(cwd).length, 2);

  // Dropping a table needs --allow-drop; nothing is written or applied before.
  writeFileSync(join(cwd, 'schema.ts'), USERS_NAME);
  const refused = expectExit(await cairn(['dev', 'drop_orders', '--to', 'schema.ts', '--url', url], { cwd }), 1, 'drop refused');
  assert.match(refused.stderr, /table public\.orders would be dropped.*--allow-drop/);
  assert.equal(migrationFiles(cwd).length, 2);
  assert.ok((await objects(url)).includes('BASE TABLE public.orders'));
  const dropped = expectExit(await cairn(['dev', 'drop_orders', '--to', 'schema.ts', '--url', url, '--allow-drop'], { cwd }), 0, 'drop allowed');
  assert.match(dropped.stdout, /created migrations\/\d{14}_drop_orders\.sql/);
  assert.equal(migrationFiles(cwd).length, 3);
  assert.ok(!(await objects(url)).includes('BASE TABLE public.orders'));
  expectExit(await cairn(['status', '--url', url], { cwd }), 0, 'status after drop');
});

test('reset on PGlite: refuses without --yes outside a terminal, then brings a dirty database back to the directory', async () => {
  const cwd = await project(USERS);
  const url = `pglite:${join(cwd, 'db')}`;
  writeTree({ 'migrations/20260101000000_users.sql': 'CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);\n' }, cwd);
  expectExit(await cairn(['hash'], { cwd }), 0, 'hash');
  expectExit(await cairn(['apply', '--url', url], { cwd }), 0, 'apply');
  const clean = await objects(url);
  assert.deepEqual(clean, ['BASE TABLE public.cairn_revisions', 'BASE TABLE public.users']);
  await exec(url, `INSERT INTO users VALUES (1, 'a@example.com');
    CREATE TABLE scratch (x int); CREATE VIEW v AS SELECT * FROM scratch;
    CREATE SCHEMA sandbox; CREATE TABLE sandbox.t (y int); CREATE TYPE mood AS ENUM ('ok');
    ALTER TABLE users ADD COLUMN extra text`);

  const refused = expectExit(await cairn(['reset', '--url', url], { cwd }), 4, 'reset without --yes');
  assert.match(refused.stderr, /outside a terminal it needs --yes/);
  assert.ok((await objects(url)).includes('BASE TABLE public.scratch'), 'nothing was dropped');

  const r = expectExit(await cairn(['reset', '--url', url, '--yes'], { cwd }), 0, 'reset --yes');
  assert.match(r.stdout, /1 migration\(s\) applied, current version 20260101000000/);
  assert.deepEqual(await objects(url), clean);
  const conn = await connect(url);
  try {
    assert.deepEqual(await conn.query(`SELECT count(*)::int AS n FROM users`), [{ n: 0 }]);
    assert.deepEqual(await conn.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'users' ORDER BY 1`), [{ column_name: 'email' }, { column_name: 'id' }]);
    assert.deepEqual(await conn.query(`SELECT typname FROM pg_type WHERE typname = 'mood'`), []);
  } finally {
    await conn.close();
  }
  expectExit(await cairn(['status', '--url', url], { cwd }), 0, 'status after reset');
});

test('push on PGlite: shows the plan, needs --yes outside a terminal, converges, and protects drops', async () => {
  const cwd = await project(USERS_ORDERS);
  const url = `pglite:${join(cwd, 'db')}`;
  const asked = expectExit(await cairn(['push', '--to', 'schema.ts', '--url', url], { cwd }), 4, 'push without --yes');
  assert.match(asked.stdout, /CREATE TABLE "public"\."orders"/, 'the plan is shown first');
  assert.match(asked.stderr, /outside a terminal it needs --yes/);
  const dry = expectExit(await cairn(['push', '--to', 'schema.ts', '--url', url, '--dry-run'], { cwd }), 0, 'dry run');
  assert.match(dry.stdout, /CREATE TABLE "public"\."users"/);
  assert.match(dry.stdout, /dry run: \d+ statement\(s\) would run; nothing was changed/);
  assert.deepEqual(await objects(url), []);

  const pushed = expectExit(await cairn(['push', '--to', 'schema.ts', '--url', url, '--yes'], { cwd }), 0, 'push');
  assert.match(pushed.stdout, /pushed: \d+ statement\(s\) applied/);
  assert.deepEqual(await objects(url), ['BASE TABLE public.orders', 'BASE TABLE public.users']);
  const again = json(expectExit(await cairn(['push', '--to', 'schema.ts', '--url', url, '--yes', '--json'], { cwd }), 0, 'second push'));
  assert.equal(again.inSync, true);
  assert.deepEqual(again.statements, []);
  assert.deepEqual(migrationFiles(cwd), [], 'push writes no migration');

  writeFileSync(join(cwd, 'schema.ts'), USERS_NAME);
  const refused = expectExit(await cairn(['push', '--to', 'schema.ts', '--url', url, '--yes'], { cwd }), 1, 'drop refused');
  assert.match(refused.stderr, /table public\.orders would be dropped.*--allow-drop/);
  assert.ok((await objects(url)).includes('BASE TABLE public.orders'));
  expectExit(await cairn(['push', '--to', 'schema.ts', '--url', url, '--yes', '--allow-drop'], { cwd }), 0, 'drop allowed');
  assert.deepEqual(await objects(url), ['BASE TABLE public.users']);
  const done = expectExit(await cairn(['push', '--to', 'schema.ts', '--url', url, '--yes'], { cwd }), 0, 'converged');
  assert.match(done.stdout, /the database matches the schema; nothing to do/);
});

test('dev on PGlite detects drift (a push, a change by hand): exit 3, nothing written or applied; after reset it works', async () => {
  const cwd = await project(USERS);
  const url = `pglite:${join(cwd, 'db')}`;
  const args = ['--to', 'schema.ts', '--url', url];
  expectExit(await cairn(['dev', 'init', ...args], { cwd }), 0, 'dev init');
  // The schema changes and is pushed instead of migrated: the database is ahead of its history.
  writeFileSync(join(cwd, 'schema.ts'), USERS_ORDERS);
  expectExit(await cairn(['push', ...args, '--yes'], { cwd }), 0, 'push');
  const files = migrationFiles(cwd);
  const sum = readFileSync(join(cwd, 'migrations', 'atlas.sum'), 'utf8');
  const before = await objects(url);
  const started = Date.now();
  const drifted = expectExit(await cairn(['dev', 'add_orders', ...args], { cwd }), 3, 'dev on a pushed database');
  const took = Date.now() - started;
  assert.match(drifted.stderr, /drift detected: pglite:\S+ differs from what its applied migrations build/);
  assert.match(drifted.stderr, /- create table public\.orders/i);
  assert.match(drifted.stderr, /cairn reset/);
  assert.deepEqual(migrationFiles(cwd), files, 'no migration written');
  assert.equal(readFileSync(join(cwd, 'migrations', 'atlas.sum'), 'utf8'), sum);
  assert.deepEqual(await objects(url), before, 'nothing applied');
  const j = json(expectExit(await cairn(['dev', 'add_orders', ...args, '--json'], { cwd }), 3, 'dev --json'));
  assert.equal(j.error.code, 'HISTORY_MISMATCH');
  assert.ok(j.error.drift.length > 0);

  // A change by hand is drift too, also with a pending migration in the directory (the check
  // then compares against the applied migrations only).
  expectExit(await cairn(['reset', '--url', url, '--yes'], { cwd }), 0, 'reset');
  const fixed = expectExit(await cairn(['dev', 'add_orders', ...args], { cwd }), 0, 'dev after reset');
  assert.match(fixed.stdout, /created migrations\/\d{14}_add_orders\.sql/);
  assert.ok((await objects(url)).includes('BASE TABLE public.orders'));
  writeTree({ 'migrations/29990101000000_pending.sql': 'ALTER TABLE users ADD COLUMN name text;\n', 'schema.ts': USERS_NAME_ORDERS }, cwd);
  expectExit(await cairn(['hash'], { cwd }), 0, 'hash');
  await exec(url, 'ALTER TABLE users ADD COLUMN nickname text');
  const byHand = expectExit(await cairn(['dev', ...args], { cwd }), 3, 'dev after a change by hand');
  assert.match(byHand.stderr, /nickname/);
  assert.deepEqual(await columns(url, 'users'), ['email', 'id', 'nickname'], 'the pending migration was not applied');
  await exec(url, 'ALTER TABLE users DROP COLUMN nickname');
  const ok = expectExit(await cairn(['dev', ...args], { cwd }), 0, 'dev without drift, one pending');
  assert.match(ok.stdout, /no schema changes/);
  assert.match(ok.stdout, /1 migration\(s\) applied/);
  assert.deepEqual(await columns(url, 'users'), ['email', 'id', 'name']);
  console.log(`dev with drift check on PGlite: ${took} ms`);
});

test('dev, push and reset on the local PostgreSQL server', async () => {
  const db = await fresh('postgres');
  const cwd = await project(USERS);
  const args = ['--to', 'schema.ts', '--url', db.url];
  const dev = expectExit(await cairn(['dev', 'init', ...args], { cwd }), 0, 'dev');
  assert.match(dev.stdout, /created migrations\/\d{14}_init\.sql/);
  expectExit(await cairn(['status', '--url', db.url], { cwd }), 0, 'status after dev');

  // push leaves the revision table alone and converges.
  writeFileSync(join(cwd, 'schema.ts'), USERS_NAME);
  const pushed = json(expectExit(await cairn(['push', ...args, '--yes', '--json'], { cwd }), 0, 'push'));
  assert.equal(pushed.applied, true);
  assert.ok(pushed.statements.every((s: { sql: string }) => !/cairn_revisions/.test(s.sql)));
  const again = expectExit(await cairn(['push', ...args, '--yes'], { cwd }), 0, 'second push');
  assert.match(again.stdout, /nothing to do/);

  // reset returns the database to what the directory builds (users without name).
  await exec(db.url, 'CREATE SCHEMA sandbox; CREATE TABLE sandbox.t (y int); CREATE TABLE public.scratch (x int)');
  expectExit(await cairn(['reset', '--url', db.url, '--yes'], { cwd }), 0, 'reset');
  assert.deepEqual(await objects(db.url), ['BASE TABLE public.cairn_revisions', 'BASE TABLE public.users']);
  const conn = await connect(db.url);
  try {
    assert.deepEqual((await conn.query<{ c: string }>(`SELECT column_name AS c FROM information_schema.columns WHERE table_name = 'users' ORDER BY 1`)).map((r) => r.c), ['email', 'id']);
  } finally {
    await conn.close();
  }
  expectExit(await cairn(['status', '--url', db.url], { cwd }), 0, 'status after reset');
  // With the drift undone, dev has a change to write again (the name column) and applies it.
  const redo = expectExit(await cairn(['dev', 'add_name', ...args], { cwd }), 0, 'dev after reset');
  assert.match(redo.stdout, /created migrations\/\d{14}_add_name\.sql/);
});

test('push leaves a revision table in a schema of its own alone (PostgreSQL server)', async () => {
  const db = await fresh('postgres');
  const cwd = await project(USERS);
  const args = ['--to', 'schema.ts', '--url', db.url, '--revisions-schema', 'cairn'];
  expectExit(await cairn(['dev', 'init', ...args], { cwd }), 0, 'dev');
  const r = json(expectExit(await cairn(['push', ...args, '--yes', '--json'], { cwd }), 0, 'push'));
  assert.equal(r.inSync, true, JSON.stringify(r.statements));
  expectExit(await cairn(['status', '--url', db.url, '--revisions-schema', 'cairn'], { cwd }), 0, 'status');
});

for (const target of ['sqlite', 'mysql'] as const) {
  test(`reset on ${target}: drops tables, views and triggers, the revision table too, and re-applies`, async () => {
    const db = await fresh(target);
    const cwd = writeTree({ 'migrations/20260101000000_users.sql': 'CREATE TABLE users (id int PRIMARY KEY, name text);\n' });
    expectExit(await cairn(['hash'], { cwd }), 0, 'hash');
    expectExit(await cairn(['apply', '--url', db.url], { cwd }), 0, 'apply');
    const clean = await objects(db.url);
    await exec(db.url, "INSERT INTO users VALUES (1, 'a')");
    await exec(db.url, 'CREATE TABLE scratch (x int)');
    await exec(db.url, 'CREATE VIEW v AS SELECT x FROM scratch');
    await exec(db.url, target === 'sqlite'
      ? 'CREATE TRIGGER trg AFTER INSERT ON scratch BEGIN DELETE FROM users; END'
      : 'CREATE TRIGGER trg AFTER INSERT ON scratch FOR EACH ROW DELETE FROM users');
    const dirty = await objects(db.url);
    assert.equal(dirty.length, clean.length + 3);
    // A directory that cannot be applied is refused before anything is dropped.
    const missing = expectExit(await cairn(['reset', '--url', db.url, '--yes', '--dir', 'nope'], { cwd }), 1, 'missing dir');
    assert.match(missing.stderr, /does not exist/);
    assert.deepEqual(await objects(db.url), dirty);
    expectExit(await cairn(['reset', '--url', db.url, '--yes'], { cwd }), 0, 'reset');
    assert.deepEqual(await objects(db.url), clean);
    const conn = await connect(db.url);
    try {
      assert.equal(Number((await conn.query<{ n: number }>('SELECT count(*) AS n FROM users'))[0]!.n), 0);
    } finally {
      await conn.close();
    }
    expectExit(await cairn(['status', '--url', db.url], { cwd }), 0, 'status after reset');
  });
}

/**
 * atTerminal runs the CLI in a real pseudo-terminal (script(1)), not in CI, typing `keys` once
 * the prompt can be up, and returns what the terminal showed.
 */
function atTerminal(args: readonly string[], cwd: string, keys: string): string {
  const tsx = import.meta.resolve('tsx');
  const cmd = [process.execPath, '--import', tsx, join(ROOT, 'src/cli/bin.ts'), ...args].map((a) => `'${a}'`).join(' ');
  const env = { ...process.env, NO_COLOR: '1' };
  delete env.CI;
  const r = spawnSync('bash', ['-c', `(sleep 10; printf '${keys}'; sleep 15) | script -qec "${cmd.replace(/"/g, '\\"')}" /dev/null`], { cwd, env, encoding: 'utf8', timeout: 120_000 });
  return r.stdout + r.stderr;
}

test('reset at a terminal asks first: "n" changes nothing, "y" resets (SQLite)', async () => {
  const db = await fresh('sqlite');
  const cwd = writeTree({ 'migrations/20260101000000_users.sql': 'CREATE TABLE users (id int PRIMARY KEY, name text);\n' });
  expectExit(await cairn(['hash'], { cwd }), 0, 'hash');
  expectExit(await cairn(['apply', '--url', db.url], { cwd }), 0, 'apply');
  const clean = await objects(db.url);
  await exec(db.url, 'CREATE TABLE scratch (x int)');
  const dirty = await objects(db.url);

  const no = atTerminal(['reset', '--url', db.url], cwd, 'n');
  // script's pseudo-terminal has no width, so the prompt wraps a character a line: read it squeezed.
  assert.match(no.replace(/[\s│]/g, ''), /Dropeverytable,view,typeandschemainsqlite:.*re-applymigrations\?/, no);
  assert.match(no, /cancelled; nothing was changed/, no);
  assert.deepEqual(await objects(db.url), dirty);

  const yes = atTerminal(['reset', '--url', db.url], cwd, 'y');
  assert.match(yes, /1 migration\(s\) applied/, yes);
  assert.deepEqual(await objects(db.url), clean);
});
