/**
 * The `diff` and `inspect` commands end to end, on the embedded dev database (no server needed)
 * and with a server dev URL: DSL and SQL sources, rename hints, check mode, in-sync detection.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diff } from '../../src/commands/diff.js';
import { inspect } from '../../src/commands/inspect.js';
import { CairnError } from '../../src/errors.js';
import { freshPostgres, PG_ADMIN_URL } from '../helpers/db.js';
import { open } from './helpers/conn.js';

const SCHEMA_V1 = `
import { table, enumType, view, fn, trigger, index, bigserial, bigint, text, integer, timestamptz, sql } from 'cairn-migrate/dsl';
export const mood = enumType('mood', ['sad', 'ok', 'happy']);
export const users = table('users', {
  id: bigserial().primaryKey(),
  email: text().notNull().unique(),
  name: text(),
  mood: mood.column().default('ok'),
  created_at: timestamptz().notNull().default(sql\`now()\`),
}, (t) => [index('users_lower_email').on(sql\`lower(email)\`)]);
export const posts = table('posts', {
  id: bigserial().primaryKey(),
  user_id: bigint().notNull().references(() => users.c.id, { onDelete: 'CASCADE' }),
  title: text().notNull().check('length(title) > 0'),
  views: integer().notNull().default(0),
}, (t) => [index().on(t.user_id, { key: t.views, desc: true })]);
export const feed = view('feed', 'SELECT p.title, u.email FROM posts p JOIN users u ON u.id = p.user_id');
export const touch = fn(\`CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.views := NEW.views + 1; RETURN NEW; END $$\`);
export const touchTrigger = trigger('CREATE TRIGGER touch BEFORE UPDATE ON posts FOR EACH ROW EXECUTE FUNCTION touch()');
`;

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'cairn-diff-'));
}

test('diff from a DSL module on the embedded dev database: writes up + down, then is in sync', async () => {
  const root = tempDir();
  try {
    const dir = join(root, 'migrations');
    mkdirSync(dir);
    writeFileSync(join(root, 'schema.ts'), SCHEMA_V1);
    const first = await diff({ dir, name: 'init', to: join(root, 'schema.ts'), now: new Date('2026-01-01T00:00:00Z') });
    assert.equal(first.inSync, false);
    assert.ok(first.files.length >= 1);
    assert.match(first.up, /CREATE TABLE "public"\."users"/);
    assert.match(first.down, /DROP TABLE "public"\."users"/);
    assert.ok(readdirSync(dir).includes('atlas.sum'));
    const again = await diff({ dir, name: 'noop', to: join(root, 'schema.ts') });
    assert.equal(again.inSync, true);
    assert.deepEqual(again.files, []);

    // A rename through the DSL hint becomes RENAME COLUMN, never drop + add.
    writeFileSync(join(root, 'schema.ts'), SCHEMA_V1.replace("name: text(),", "full_name: text().renamedFrom('name'),"));
    const renamed = await diff({ dir, name: 'rename', to: join(root, 'schema.ts'), check: true });
    assert.equal(renamed.inSync, false);
    assert.deepEqual(renamed.files, []);
    assert.match(renamed.up, /RENAME COLUMN "name" TO "full_name"/);
    assert.doesNotMatch(renamed.up, /DROP COLUMN/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('diff without a rename hint stops with UNSAFE_CHANGE naming the flag; --rename fixes it', async () => {
  const root = tempDir();
  try {
    const dir = join(root, 'migrations');
    mkdirSync(dir);
    writeFileSync(join(root, 'v1.sql'), 'CREATE TABLE users (id bigint PRIMARY KEY, name text);');
    await diff({ dir, name: 'init', to: join(root, 'v1.sql'), now: new Date('2026-01-01T00:00:00Z') });
    writeFileSync(join(root, 'v2.sql'), 'CREATE TABLE users (id bigint PRIMARY KEY, full_name text);');
    await assert.rejects(diff({ dir, name: 'rename', to: join(root, 'v2.sql') }), (e: unknown) =>
      e instanceof CairnError && e.code === 'UNSAFE_CHANGE' && /--rename public\.users\.name=full_name/.test(e.message));
    const ok = await diff({ dir, name: 'rename', to: join(root, 'v2.sql'), renames: ['public.users.name=full_name'], now: new Date('2026-01-02T00:00:00Z') });
    assert.equal(ok.inSync, false);
    const up = readFileSync(ok.files[0], 'utf8');
    assert.match(up, /ALTER TABLE "public"\."users" RENAME COLUMN "name" TO "full_name"/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('diff with a server dev URL uses (and drops) its own scratch database; from/to URLs work', async () => {
  const root = tempDir();
  const live = await freshPostgres();
  try {
    const dir = join(root, 'migrations');
    mkdirSync(dir);
    writeFileSync(join(root, 'schema.sql'), "CREATE TYPE s AS ENUM ('a'); CREATE TABLE t (id int PRIMARY KEY, s s, note text DEFAULT 'x');");
    const before = await scratchDatabases();
    const r = await diff({ dir, name: 'init', to: join(root, 'schema.sql'), devUrl: PG_ADMIN_URL, dryRun: true });
    assert.equal(r.inSync, false);
    assert.deepEqual(await scratchDatabases(), before, 'no cairn_dev_* database is left behind');

    const conn = await open(live.url);
    await conn.exec("CREATE TYPE s AS ENUM ('a'); CREATE TABLE t (id int PRIMARY KEY, s s)");
    await conn.close();
    const fromLive = await diff({ dir, name: 'x', from: live.url, to: join(root, 'schema.sql'), devUrl: PG_ADMIN_URL, check: true });
    assert.deepEqual(fromLive.changes.map((c) => c.kind), ['AddColumn']);
    const urlToUrl = await diff({ dir, name: 'x', from: live.url, to: live.url, check: true });
    assert.equal(urlToUrl.inSync, true);
  } finally {
    await live.drop();
    rmSync(root, { recursive: true, force: true });
  }
});

test('a dev server that refuses CREATE DATABASE is explained plainly', async () => {
  const root = tempDir();
  const admin = await open(PG_ADMIN_URL);
  try {
    await admin.exec("DO $$ BEGIN CREATE ROLE cairn_test_nocreatedb LOGIN NOCREATEDB; EXCEPTION WHEN duplicate_object THEN NULL; END $$");
    writeFileSync(join(root, 'schema.sql'), 'CREATE TABLE t (a int);');
    const limited = new URL(PG_ADMIN_URL);
    limited.username = 'cairn_test_nocreatedb';
    await assert.rejects(diff({ dir: join(root, 'm'), name: 'x', to: join(root, 'schema.sql'), devUrl: limited.toString() }), (e: unknown) =>
      e instanceof CairnError && e.code === 'CONNECT' && /cannot create a scratch database/.test(e.message) && /CREATEDB/.test(e.hint ?? ''));
  } finally {
    await admin.close();
    rmSync(root, { recursive: true, force: true });
  }
});

test('inspect renders sql, json and ts', async () => {
  const db = await freshPostgres();
  try {
    const conn = await open(db.url);
    await conn.exec("CREATE TABLE users (id serial PRIMARY KEY, email text NOT NULL); COMMENT ON TABLE users IS 'people'");
    await conn.close();
    const sqlOut = await inspect({ url: db.url, format: 'sql' });
    assert.match(sqlOut.output, /CREATE TABLE "public"\."users" \(\n {2}"id" serial NOT NULL,\n {2}"email" text NOT NULL,/);
    assert.match(sqlOut.output, /COMMENT ON TABLE "public"\."users" IS 'people'/);
    const json = JSON.parse((await inspect({ url: db.url, format: 'json' })).output);
    assert.equal(json.schemas[0].tables[0].name, 'users');
    const ts = (await inspect({ url: db.url, format: 'ts' })).output;
    assert.match(ts, /export const users = table\("users", \{\n {2}"id": serial\(\),\n {2}"email": text\(\)\.notNull\(\),/);
    assert.match(ts, /from 'cairn-migrate\/dsl'/);
  } finally {
    await db.drop();
  }
});

async function scratchDatabases(): Promise<string[]> {
  const c = await open(PG_ADMIN_URL);
  try {
    return (await c.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'cairn\\_dev\\_%' ORDER BY 1")).map((r) => r.datname);
  } finally {
    await c.close();
  }
}

test('diff replays TypeScript migrations (up(tx) on the dev database) between SQL files', async () => {
  const root = tempDir();
  try {
    const dir = join(root, 'migrations');
    mkdirSync(dir);
    writeFileSync(join(dir, '20260101000000_init.sql'), 'CREATE TABLE users (id bigint PRIMARY KEY, email text);\n');
    writeFileSync(join(dir, '20260102000000_backfill.ts'), [
      'export async function up(tx) {',
      "  await tx.exec('ALTER TABLE users ADD COLUMN email_lower text');",
      "  await tx.exec('UPDATE users SET email_lower = lower(email)');",
      '}',
      '',
    ].join('\n'));
    writeFileSync(join(dir, '20260103000000_index.sql'), 'CREATE INDEX users_email_lower ON users (email_lower);\n');
    writeFileSync(join(root, 'schema.sql'), 'CREATE TABLE users (id bigint PRIMARY KEY, email text, email_lower text);\nCREATE INDEX users_email_lower ON users (email_lower);\n');
    const r = await diff({ dir, name: 'x', to: join(root, 'schema.sql'), check: true });
    assert.deepEqual(r.changes.map((c) => c.kind), []);
    assert.equal(r.inSync, true);

    // A failing up(tx) names the migration file.
    writeFileSync(join(dir, '20260104000000_broken.ts'), "export async function up(tx) { await tx.exec('ALTER TABLE nope ADD COLUMN x int'); }\n");
    await assert.rejects(diff({ dir, name: 'x', to: join(root, 'schema.sql'), check: true }), (e: unknown) => {
      assert.ok(e instanceof CairnError);
      assert.equal(e.code, 'MIGRATION_FAILED');
      assert.match(e.message, /20260104000000_broken\.ts/);
      assert.match(e.message, /"nope" does not exist/);
      return true;
    });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
