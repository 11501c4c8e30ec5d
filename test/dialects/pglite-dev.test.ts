/**
 * PGlite as the dev database: extensions loaded at start (and remembered by a data directory),
 * and the reset that lets one instance serve both states of a diff. The reset must leave the
 * database indistinguishable from a fresh one, or say that it could not.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, extensionsIn } from '../../src/dialects/registry.js';
import type { Connection } from '../../src/dialects/types.js';
import { EXTENSIONS_FILE } from '../../src/dialects/postgres/pglite.js';
import { RESIDUE_QUERY } from '../../src/dialects/postgres/dev-reset.js';
import { inspectRealm } from '../../src/dialects/postgres/inspect.js';
import { canonicalJson } from '../../src/schema/build.js';
import { withDevDatabases } from '../../src/diff/devdb.js';
import { CairnError } from '../../src/errors.js';

/** Everything a migration history commonly leaves behind, database- and session-wide. */
const DIRTY = [
  'CREATE EXTENSION citext',
  'CREATE EXTENSION "uuid-ossp" WITH SCHEMA public',
  'CREATE ROLE app_reader',
  'CREATE SCHEMA billing AUTHORIZATION app_reader',
  'CREATE TYPE billing.state AS ENUM (\'open\', \'paid\')',
  'CREATE TABLE billing.invoice (id uuid PRIMARY KEY DEFAULT uuid_generate_v4(), email citext, state billing.state)',
  'CREATE VIEW public.open_invoices AS SELECT id FROM billing.invoice WHERE state = \'open\'',
  'GRANT SELECT ON billing.invoice TO app_reader',
  'ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO app_reader',
  'CREATE FUNCTION public.noop_evt() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN END $$',
  'CREATE EVENT TRIGGER noop ON ddl_command_end EXECUTE FUNCTION public.noop_evt()',
  'CREATE TEMP TABLE scratch (x int)',
  'COMMENT ON SCHEMA public IS \'changed\'',
  'REVOKE USAGE ON SCHEMA public FROM PUBLIC',
  'SET search_path = billing',
  'BEGIN',
];

async function residue(conn: Connection): Promise<number> {
  const [row] = await conn.query<{ residue: number | string }>(RESIDUE_QUERY);
  return Number(row.residue);
}

test('extensionsIn finds CREATE EXTENSION names, bare, quoted and IF NOT EXISTS', () => {
  assert.deepEqual(
    extensionsIn('pglite:memory', ['create extension if not exists pgcrypto;', 'CREATE EXTENSION "uuid-ossp" SCHEMA x', 'CREATE EXTENSION Citext']).sort(),
    ['citext', 'pgcrypto', 'uuid-ossp'],
  );
  assert.deepEqual(extensionsIn('sqlite::memory:', ['CREATE EXTENSION pgcrypto']), [], 'SQLite has no extensions');
  // A comment ending in the same words right before the statement must not hide it.
  assert.ok(extensionsIn('pglite:memory', ['-- Create Extension\nCREATE EXTENSION IF NOT EXISTS pg_trgm;']).includes('pg_trgm'));
});

test('PGlite loads requested extensions at start; a data directory remembers them on reopen', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cairn-pglite-ext-'));
  try {
    const first = await connect(`pglite:${dataDir}`, { extensions: ['citext', 'pgcrypto', 'no_such_extension'] });
    await first.exec('CREATE EXTENSION citext; CREATE EXTENSION pgcrypto; CREATE TABLE t (name citext)');
    await first.exec("INSERT INTO t VALUES ('Alice')");
    await first.close();
    assert.deepEqual(JSON.parse(readFileSync(join(dataDir, EXTENSIONS_FILE), 'utf8')), ['citext', 'pgcrypto']);
    const again = await connect(`pglite:${dataDir}`);
    try {
      assert.deepEqual(await again.query("SELECT name::text AS name FROM t WHERE name = 'ALICE'"), [{ name: 'Alice' }]);
      assert.equal((await again.query<{ n: number }>('SELECT length(digest(\'x\', \'sha256\')) AS n'))[0].n, 32);
    } finally {
      await again.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('PGlite without the extension loaded fails CREATE EXTENSION with the server\'s message', async () => {
  const conn = await connect('pglite:memory');
  try {
    await assert.rejects(conn.exec('CREATE EXTENSION citext'), /extension "citext" is not available/);
  } finally {
    await conn.close();
  }
});

test('resetToEmpty returns a used PGlite database to the state of a fresh one', async () => {
  const conn = await connect('pglite:memory', { extensions: ['citext', 'uuid-ossp'] });
  try {
    assert.equal(await residue(conn), 0, 'a fresh instance has no residue');
    const fresh = canonicalJson(await inspectRealm(conn));
    const freshPath = await conn.query('SHOW search_path');
    for (const sql of DIRTY) await conn.exec(sql);
    assert.ok((await residue(conn)) > 0);
    assert.equal(await conn.resetToEmpty!(), true);
    assert.equal(await residue(conn), 0);
    assert.equal(canonicalJson(await inspectRealm(conn)), fresh, 'inspects like a fresh instance');
    assert.deepEqual(await conn.query('SHOW search_path'), freshPath, 'session settings are back to their start values');
    // Roles stay, as on a server where they outlive a scratch database; what they were granted goes.
    assert.deepEqual(await conn.query("SELECT rolname FROM pg_roles WHERE rolname = 'app_reader'"), [{ rolname: 'app_reader' }]);
    // The same history runs again on the reset database: nothing else it creates is left over.
    for (const sql of DIRTY.filter((q) => !q.startsWith('CREATE ROLE'))) await conn.exec(sql);
  } finally {
    await conn.close();
  }
});

test('resetToEmpty says false when something survives (a large object), rather than pretend', async () => {
  const conn = await connect('pglite:memory');
  try {
    await conn.query('SELECT lo_create(0)');
    assert.equal(await conn.resetToEmpty!(), false);
  } finally {
    await conn.close();
  }
});

test('withDevDatabases: one PGlite for both jobs; a fresh one when the reset fails or the second job fails', async () => {
  const seen: Connection[] = [];
  const tables = async (c: Connection) => (await c.query<{ n: string }>("SELECT count(*)::text AS n FROM pg_tables WHERE schemaname = 'public'"))[0].n;

  // Reuse: the second job sees the first's instance, emptied.
  const [a, b] = await withDevDatabases('pglite:memory',
    async (c) => { seen.push(c); await c.exec('CREATE TABLE one (id int)'); return tables(c); },
    async (c) => { seen.push(c); return tables(c); });
  assert.deepEqual([a, b], ['1', '0']);
  assert.equal(seen[0], seen[1], 'the second job reused the first instance');

  // The reset cannot prove the database empty: the second job gets a fresh instance.
  seen.length = 0;
  const [, d] = await withDevDatabases('pglite:memory',
    async (c) => { seen.push(c); await c.query('SELECT lo_create(0)'); },
    async (c) => { seen.push(c); return (await c.query<{ n: string }>('SELECT count(*)::text AS n FROM pg_largeobject_metadata'))[0].n; });
  assert.notEqual(seen[0], seen[1]);
  assert.equal(d, '0');

  // The second job fails on the reused instance and again on a fresh one: its error surfaces.
  let calls = 0;
  await assert.rejects(withDevDatabases('pglite:memory', async () => 1, async (c) => {
    calls++;
    await c.exec('SELECT * FROM missing_table');
  }), /missing_table/);
  assert.equal(calls, 2, 'retried once on a fresh instance');
});

test('a dev database kept on disk is refused before anything touches it', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cairn-pglite-devdir-'));
  try {
    let ran = false;
    await assert.rejects(withDevDatabases(`pglite:${dataDir}`, async () => { ran = true; }, async () => { ran = true; }), (e: unknown) => {
      assert.ok(e instanceof CairnError);
      assert.equal(e.code, 'USAGE');
      assert.match(e.message, /kept on disk/);
      assert.match(e.hint ?? '', /pglite:memory/);
      return true;
    });
    assert.equal(ran, false);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('PGlite: CREATE EXTENSION ... CASCADE finds the extensions it requires (earthdistance needs cube)', async () => {
  const conn = await connect('pglite:memory', { extensions: extensionsIn('pglite:memory', ['CREATE EXTENSION earthdistance CASCADE']) });
  try {
    await conn.exec('CREATE EXTENSION earthdistance CASCADE');
    assert.deepEqual((await conn.query<{ extname: string }>("SELECT extname FROM pg_extension WHERE extname IN ('cube', 'earthdistance') ORDER BY 1")).map((r) => r.extname), ['cube', 'earthdistance']);
  } finally {
    await conn.close();
  }
});

test('withDevDatabases: the desired state may use a role the history created (as on a server)', async () => {
  const [, policies] = await withDevDatabases('pglite:memory',
    async (c) => { await c.exec("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'app_admin') THEN CREATE ROLE app_admin; END IF; END $$"); },
    async (c) => {
      await c.exec('CREATE TABLE job (id int); ALTER TABLE job ENABLE ROW LEVEL SECURITY; CREATE POLICY admin_all ON job TO app_admin USING (true)');
      return c.query<{ polname: string }>('SELECT polname FROM pg_policy');
    });
  assert.deepEqual(policies, [{ polname: 'admin_all' }]);
});

test('replay on PGlite creates the roles a history references but never creates, in SQL files and in up(tx)', async () => {
  const { mkdirSync, writeFileSync } = await import('node:fs');
  const { readMigrationDir } = await import('../../src/migrate/dir/read.js');
  const { replayMigrations } = await import('../../src/diff/replay.js');
  const { withDevDatabase } = await import('../../src/diff/devdb.js');
  const root = mkdtempSync(join(tmpdir(), 'cairn-roles-'));
  try {
    const dir = join(root, 'migrations');
    mkdirSync(dir);
    // Written for a server where app_reader and app_writer exist; PGlite has neither.
    writeFileSync(join(dir, '20260101000000_init.sql'), 'CREATE TABLE doc (id int PRIMARY KEY, who text);\nALTER TABLE doc ENABLE ROW LEVEL SECURITY;\nCREATE POLICY readers ON doc FOR SELECT TO app_reader USING (true);\n');
    writeFileSync(join(dir, '20260102000000_grant.ts'), "export async function up(tx) { await tx.exec('CREATE POLICY writers ON doc FOR INSERT TO app_writer WITH CHECK (who = current_user)'); }\n");
    const migrations = readMigrationDir(dir).migrations;
    const policies = await withDevDatabase('pglite:memory', async (conn, dev) => {
      assert.equal(dev.createRoles, true);
      await replayMigrations(conn, migrations, { dir, dev });
      return conn.query<{ polname: string; roles: string }>('SELECT polname, polroles::regrole[]::text AS roles FROM pg_policy ORDER BY 1');
    });
    assert.deepEqual(policies, [{ polname: 'readers', roles: '{app_reader}' }, { polname: 'writers', roles: '{app_writer}' }]);

    // Without a dev session (a caller that gives no consent) the server's error stands.
    await assert.rejects(withDevDatabase('pglite:memory', (conn) => replayMigrations(conn, migrations, { dir })), (e: unknown) =>
      e instanceof CairnError && e.code === 'MIGRATION_FAILED' && /role "app_reader" does not exist/.test(e.message));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
