/**
 * Extension versions count only where they are meant: written in the source (`VERSION '1.6'`,
 * `UPDATE TO`, the DSL's `extension(name, { version })`) or read from a live database. The main
 * flow (schema without a version → diff on the embedded PGlite, PostgreSQL 18 → apply to a
 * PostgreSQL 15 server) must not pin PGlite's default version (citext 1.8, which 15 lacks).
 * The CLI flows run as a user would, against the local PostgreSQL 15 server.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cairn } from '../helpers/cli.js';
import { freshPostgres, type TestDb } from '../helpers/db.js';
import { open } from './helpers/conn.js';
import { diff } from '../../src/commands/diff.js';
import { extensionVersionEvents } from '../../src/dialects/postgres/extension-pins.js';
import { postgresDialect } from '../../src/dialects/postgres/dialect.js';
import { ExtensionPins } from '../../src/diff/extension-pins.js';
import { realm } from '../../src/schema/build.js';

const out = (r: { stdout: string; stderr: string }) => `${r.stdout}\n${r.stderr}`;
const TABLE = 'CREATE TABLE users (id int PRIMARY KEY, email citext NOT NULL);\n';

function project(schema: string, migrations: Record<string, string> = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'cairn-extver-'));
  mkdirSync(join(root, 'migrations'));
  writeFileSync(join(root, 'schema.sql'), schema);
  for (const [name, text] of Object.entries(migrations)) writeFileSync(join(root, 'migrations', name), text);
  return root;
}

/** The up part of the migration files written, in order. */
const ups = (root: string) => readdirSync(join(root, 'migrations')).filter((f) => f.endsWith('.sql')).sort()
  .map((f) => readFileSync(join(root, 'migrations', f), 'utf8').split(/^-- cairn:down/m)[0]!);

async function installed(url: string, name: string): Promise<string | undefined> {
  const c = await open(url);
  try {
    return (await c.query<{ v: string }>('SELECT extversion AS v FROM pg_extension WHERE extname = $1', [name]))[0]?.v;
  } finally {
    await c.close();
  }
}

async function withProject(schema: string, fn: (root: string, db: TestDb) => Promise<void>, migrations?: Record<string, string>): Promise<void> {
  const root = project(schema, migrations);
  const db = await freshPostgres();
  try {
    await fn(root, db);
  } finally {
    await db.drop();
    rmSync(root, { recursive: true, force: true });
  }
}

test('what SQL pins: VERSION and UPDATE TO pin, DROP and a bare UPDATE unpin; comments, strings and bodies pin nothing', () => {
  assert.deepEqual(extensionVersionEvents(`
    -- CREATE EXTENSION citext VERSION '1.8';
    /* create extension hstore version '1.7' */
    CREATE EXTENSION IF NOT EXISTS citext;
    create extension if not exists "uuid-ossp" with schema version VERSION '1.1' cascade;
    CREATE FUNCTION f() RETURNS text LANGUAGE sql AS $$ SELECT 'CREATE EXTENSION x VERSION ''9''' $$;
    ALTER EXTENSION citext UPDATE TO '1.6'; ALTER EXTENSION hstore UPDATE;
    DROP EXTENSION IF EXISTS a, "B" CASCADE;
    CREATE EXTENSION ltree;`), [
    { name: 'uuid-ossp', version: '1.1' },
    { name: 'citext', version: '1.6' },
    { name: 'hstore' },
    { name: 'a' },
    { name: 'B' },
    { name: 'ltree' },
  ]);
  // Only the version last pinned, and still installed, is kept; the others are left to the server.
  const pins = ExtensionPins.of(postgresDialect, ["CREATE EXTENSION citext VERSION '1.5'", "ALTER EXTENSION citext UPDATE TO '1.6'", "CREATE EXTENSION hstore VERSION '1.7'", 'DROP EXTENSION hstore', "CREATE EXTENSION cube VERSION '1.4'"]);
  const kept = pins.keep(realm([], [
    { name: 'citext', schema: 'public', version: '1.6' },
    { name: 'hstore', schema: 'public', version: '1.8' },
    { name: 'cube', schema: 'public', version: '1.5' },
    { name: 'ltree', schema: 'public', version: '1.3' },
  ]));
  assert.deepEqual(kept.extensions.map((e) => [e.name, e.version]), [['citext', '1.6'], ['cube', undefined], ['hstore', undefined], ['ltree', undefined]]);
});

test('DSL: extension(name) is created without VERSION, extension(name, { version }) pins it', async () => {
  const root = mkdtempSync(join(tmpdir(), 'cairn-extver-dsl-'));
  try {
    const schema = join(root, 'schema.ts');
    const write = (ext: string) => writeFileSync(schema, `import { extension, table, integer, text } from 'cairn-migrate/dsl';
export const citext = ${ext};
export const users = table('users', { id: integer().primaryKey(), email: text() });
`);
    write("extension('citext')");
    const bare = await diff({ dir: join(root, 'migrations'), to: schema, dryRun: true });
    assert.match(bare.up, /CREATE EXTENSION IF NOT EXISTS "citext" WITH SCHEMA "public";/);
    assert.doesNotMatch(bare.up, /VERSION/);
    write("extension('citext', { version: '1.6' })");
    const pinned = await diff({ dir: join(root, 'migrations'), to: schema, dryRun: true });
    assert.match(pinned.up, /CREATE EXTENSION IF NOT EXISTS "citext" WITH SCHEMA "public" VERSION '1\.6';/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('main flow: CREATE EXTENSION citext without a version, diffed on PGlite, applies to PostgreSQL 15 and is in sync', () =>
  withProject(`CREATE EXTENSION citext;\n${TABLE}`, async (root, db) => {
    const gen = await cairn(['diff', 'init', '--to', 'schema.sql'], { cwd: root });
    assert.equal(gen.code, 0, out(gen));
    const [up] = ups(root);
    assert.match(up!, /CREATE EXTENSION IF NOT EXISTS "citext" WITH SCHEMA "public";/);
    assert.doesNotMatch(up!, /VERSION/, 'no version pinned from the dev database');
    const applied = await cairn(['apply', '--url', db.url], { cwd: root });
    assert.equal(applied.code, 0, out(applied));
    assert.equal(await installed(db.url, 'citext'), '1.6', 'the server installed its own default');
    const check = await cairn(['diff', '--to', 'schema.sql', '--check'], { cwd: root });
    assert.equal(check.code, 0, out(check));
    assert.match(check.stdout, /in sync/);
    // The live database (citext 1.6) against the unpinned schema: the version is not compared.
    const live = await cairn(['diff', '--to', 'schema.sql', '--check', '--from', db.url], { cwd: root });
    assert.equal(live.code, 0, out(live));
  }));

test('a version pinned in the desired SQL is kept, applies on PostgreSQL 15, and the replayed pin is in sync', () =>
  withProject(`CREATE EXTENSION citext VERSION '1.6';\n${TABLE}`, async (root, db) => {
    const gen = await cairn(['diff', 'init', '--to', 'schema.sql'], { cwd: root });
    assert.equal(gen.code, 0, out(gen));
    assert.match(ups(root)[0]!, /CREATE EXTENSION IF NOT EXISTS "citext" WITH SCHEMA "public" VERSION '1\.6';/);
    const applied = await cairn(['apply', '--url', db.url], { cwd: root });
    assert.equal(applied.code, 0, out(applied));
    assert.equal(await installed(db.url, 'citext'), '1.6');
    const check = await cairn(['diff', '--to', 'schema.sql', '--check'], { cwd: root });
    assert.equal(check.code, 0, out(check));
    // Pinned on both sides, another version is a change.
    writeFileSync(join(root, 'schema.sql'), `CREATE EXTENSION citext VERSION '1.5';\n${TABLE}`);
    const changed = await cairn(['diff', '--to', 'schema.sql', '--check'], { cwd: root });
    assert.equal(changed.code, 2, out(changed));
    assert.match(changed.stdout, /DROP EXTENSION "citext";\s*CREATE EXTENSION IF NOT EXISTS "citext" WITH SCHEMA "public" VERSION '1\.5'/);
  }));

test('a live --from at 1.5 against a pinned 1.6 plans UPDATE TO (on a scratch database on that server, as the progress line says); unpinned, it is in sync', () =>
  withProject(`CREATE EXTENSION citext VERSION '1.6';\n${TABLE}`, async (root, db) => {
    const c = await open(db.url);
    await c.exec(`CREATE EXTENSION citext VERSION '1.5'; ${TABLE}`);
    await c.close();
    const gen = await cairn(['diff', 'update_citext', '--to', 'schema.sql', '--from', db.url], { cwd: root, env: { CAIRN_PROGRESS: '1' } });
    assert.equal(gen.code, 0, out(gen));
    assert.match(gen.stderr, /starting the dev database \(scratch database on the target server\)/);
    assert.doesNotMatch(gen.stderr, /embedded PostgreSQL/);
    const [up] = ups(root);
    assert.deepEqual(up!.split('\n').filter((l) => /EXTENSION/.test(l)), [`ALTER EXTENSION "citext" UPDATE TO '1.6';`]);
    // Through the embedded dev database too (no scratch database): the live version is kept.
    const viaPglite = await cairn(['diff', '--to', 'schema.sql', '--check', '--from', db.url, '--no-dev-on-target'], { cwd: root, env: { CAIRN_PROGRESS: '1' } });
    assert.equal(viaPglite.code, 2, out(viaPglite));
    assert.match(viaPglite.stdout, /ALTER EXTENSION "citext" UPDATE TO '1\.6'/);
    assert.match(viaPglite.stderr, /starting the dev database \(embedded PostgreSQL\)/);
    // Without a pin, the live 1.5 is whatever the schema wants.
    writeFileSync(join(root, 'schema.sql'), `CREATE EXTENSION citext;\n${TABLE}`);
    for (const extra of [[], ['--no-dev-on-target']]) {
      const check = await cairn(['diff', '--to', 'schema.sql', '--check', '--from', db.url, ...extra], { cwd: root });
      assert.equal(check.code, 0, `${extra.join(' ')}\n${out(check)}`);
    }
  }));

test('a replayed history that never pinned a version has none: no UPDATE against a live --to of another version, nor against the same schema', () =>
  withProject(`CREATE EXTENSION citext;\n${TABLE}`, async (root, db) => {
    const c = await open(db.url);
    await c.exec(`CREATE EXTENSION citext VERSION '1.5'; ${TABLE}`);
    await c.close();
    // The history replays on PGlite (citext 1.8 by default); the --to server has 1.5.
    const live = await cairn(['diff', '--check', '--to', db.url, '--no-dev-on-target'], { cwd: root });
    assert.equal(live.code, 0, out(live));
    const same = await cairn(['diff', '--to', 'schema.sql', '--check'], { cwd: root });
    assert.equal(same.code, 0, out(same));
  }, { '20260101000000_init.sql': `CREATE EXTENSION citext;\n${TABLE}` }));
