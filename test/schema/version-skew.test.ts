/**
 * `cairn diff` when a side is a live server of another major version than the embedded dev
 * database (the local server is PostgreSQL 15, PGlite is 18): the two deparse views and
 * canonicalise ICU locales differently, so definitions must be compared as one version spells
 * them. Also: roles referenced by a schema (policies `TO role`) on dev databases that lack them,
 * and `diff --check` reporting any drift, drops included, with exit 2. All through the CLI.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cairn } from '../helpers/cli.js';
import { freshPostgres, PG_ADMIN_URL, type TestDb } from '../helpers/db.js';
import { open } from './helpers/conn.js';

const READER = 'cairn_skew_reader';
const LIMITED = 'cairn_test_nocreatedb';

/**
 * Views, an ICU collation written the way PostgreSQL 15 keeps it and 16+ rewrites it
 * (`en-u-kn-true` becomes `en-u-kn`), row-level security and a policy for a role that exists on
 * the server but never in the embedded dev database.
 */
const SCHEMA = `
CREATE COLLATION natural_sort (provider = icu, locale = 'en-u-kn-true');
CREATE TABLE basetable (id int PRIMARY KEY, name text COLLATE natural_sort, owner_name text);
CREATE VIEW names AS SELECT basetable.name FROM basetable;
CREATE VIEW owners AS SELECT b.owner_name, count(*) AS n FROM basetable b GROUP BY b.owner_name;
ALTER TABLE basetable ENABLE ROW LEVEL SECURITY;
CREATE POLICY readers ON basetable FOR SELECT TO ${READER} USING (owner_name = current_user);
`;

async function admin(sql: string): Promise<void> {
  const c = await open(PG_ADMIN_URL);
  try {
    await c.exec(sql);
  } finally {
    await c.close();
  }
}

/** A role on the local server (roles are cluster-wide), created when missing. */
const ensureRole = (name: string, options = '') =>
  admin(`DO $$ BEGIN CREATE ROLE ${name} ${options}; EXCEPTION WHEN duplicate_object THEN NULL; END $$`);

function project(): string {
  const root = mkdtempSync(join(tmpdir(), 'cairn-skew-'));
  mkdirSync(join(root, 'migrations'));
  writeFileSync(join(root, 'schema.sql'), SCHEMA);
  return root;
}

/** urlAs is `db.url` for another user. */
function urlAs(db: TestDb, user: string): string {
  const u = new URL(db.url);
  u.username = user;
  return u.toString();
}

const out = (r: { stdout: string; stderr: string }) => `${r.stdout}\n${r.stderr}`;

test('diff --from a PostgreSQL 15 server with the embedded default: a scratch database on that server, apply, then --check is in sync', async () => {
  await ensureRole(READER);
  const root = project();
  const db = await freshPostgres();
  try {
    // The target already holds part of the schema, as PostgreSQL 15 spells it.
    const conn = await open(db.url);
    await conn.exec(`CREATE COLLATION natural_sort (provider = icu, locale = 'en-u-kn-true');
      CREATE TABLE basetable (id int PRIMARY KEY, name text COLLATE natural_sort, owner_name text);
      CREATE VIEW names AS SELECT basetable.name FROM basetable;`);
    await conn.close();

    const gen = await cairn(['diff', 'rest', '--from', db.url, '--to', 'schema.sql'], { cwd: root });
    assert.equal(gen.code, 0, out(gen));
    assert.match(gen.stdout, /dev database: scratch database on the target server \(PostgreSQL 15\) so definitions compare like for like/);
    const [file] = readdirSync(join(root, 'migrations')).filter((f) => f.endsWith('.sql'));
    const up = readFileSync(join(root, 'migrations', file!), 'utf8');
    // Only what is missing: nothing about the collation or the unchanged view.
    assert.match(up, /CREATE VIEW "public"\."owners"/);
    assert.match(up, /CREATE POLICY "readers"/);
    assert.doesNotMatch(up.split('-- cairn:down')[0]!, /COLLATION|"names"/);

    // Apply the migration's up part to the server, as it is.
    const target = await open(db.url);
    await target.exec(up.split(/^-- cairn:down/m)[0]!);
    await target.close();

    const check = await cairn(['diff', '--from', db.url, '--to', 'schema.sql', '--check'], { cwd: root });
    assert.equal(check.code, 0, out(check));
    assert.match(check.stdout, /in sync/);
  } finally {
    await db.drop();
    rmSync(root, { recursive: true, force: true });
  }
});

test('without the right to create a database on the server: both sides are compared through the embedded dev database, with a warning', async () => {
  await ensureRole(READER);
  await ensureRole(LIMITED, 'LOGIN NOCREATEDB');
  const root = project();
  // An extension too: PGlite's default version (citext 1.8) does not exist on PostgreSQL 15 (1.6).
  writeFileSync(join(root, 'schema.sql'), `CREATE EXTENSION citext;\n${SCHEMA.replace('owner_name text)', 'owner_name text, email citext)')}`);
  const db = await freshPostgres();
  try {
    await admin(`ALTER DATABASE "${db.name}" OWNER TO ${LIMITED}`);
    const limited = urlAs(db, LIMITED);
    const gen = await cairn(['diff', 'init', '--from', limited, '--to', 'schema.sql'], { cwd: root });
    assert.equal(gen.code, 0, out(gen));
    assert.doesNotMatch(gen.stdout, /scratch database on the target server/);
    assert.match(gen.stdout, /warning: the dev database runs PostgreSQL 18 and the --from database PostgreSQL 15: its definitions were loaded into the dev database/);

    // The generated migration goes to the server through the runner.
    assert.match(readFileSync(join(root, 'migrations', readdirSync(join(root, 'migrations')).find((f) => f.endsWith('.sql'))!), 'utf8'),
      /CREATE EXTENSION IF NOT EXISTS "citext" WITH SCHEMA "public";/, 'no VERSION pinned from the dev database');
    const applied = await cairn(['apply', '--url', limited], { cwd: root });
    assert.equal(applied.code, 0, out(applied));

    // On PostgreSQL 15 the view reads `SELECT basetable.name FROM basetable` and the collation
    // keeps the locale the migration gave it; compared through the dev database, nothing differs.
    const check = await cairn(['diff', '--from', limited, '--to', 'schema.sql', '--check'], { cwd: root });
    assert.equal(check.code, 0, out(check));
    assert.match(check.stdout, /warning: the dev database runs PostgreSQL 18 and the --from database PostgreSQL 15/);

    // A database changed by hand the PostgreSQL 15 way (the locale as written, not canonical)
    // is still in sync: its collation is read back through the dev database too.
    const c = await open(limited);
    await c.exec(`DROP VIEW names; ALTER TABLE basetable ALTER COLUMN name TYPE text COLLATE "C"; DROP COLLATION natural_sort;
      CREATE COLLATION natural_sort (provider = icu, locale = 'en-u-kn-true');
      ALTER TABLE basetable ALTER COLUMN name TYPE text COLLATE natural_sort;
      CREATE VIEW names AS SELECT basetable.name FROM basetable;`);
    await c.close();
    const again = await cairn(['diff', '--from', limited, '--to', 'schema.sql', '--check'], { cwd: root });
    assert.equal(again.code, 0, out(again));
  } finally {
    await db.drop();
    rmSync(root, { recursive: true, force: true });
  }
});

test('directory flow: replayed on the embedded dev database (placeholder roles), applied to PostgreSQL 15, then in sync both ways', async () => {
  await ensureRole(READER);
  const root = project();
  const db = await freshPostgres();
  try {
    // The policy's role exists on the server only: the embedded dev database gets a placeholder.
    const gen = await cairn(['diff', 'init', '--to', 'schema.sql'], { cwd: root });
    assert.equal(gen.code, 0, out(gen));
    const applied = await cairn(['apply', '--url', db.url], { cwd: root });
    assert.equal(applied.code, 0, out(applied));

    const dirCheck = await cairn(['diff', '--to', 'schema.sql', '--check'], { cwd: root });
    assert.equal(dirCheck.code, 0, out(dirCheck));
    const liveCheck = await cairn(['diff', '--from', db.url, '--to', 'schema.sql', '--check'], { cwd: root });
    assert.equal(liveCheck.code, 0, out(liveCheck));
    const throughDev = await cairn(['diff', '--from', db.url, '--to', 'schema.sql', '--check', '--no-dev-on-target'], { cwd: root });
    assert.equal(throughDev.code, 0, out(throughDev));
    assert.match(throughDev.stdout, /warning: the dev database runs PostgreSQL 18 and the --from database PostgreSQL 15/);
  } finally {
    await db.drop();
    rmSync(root, { recursive: true, force: true });
  }
});

test('a role missing on a server dev database is named, with what to do; --create-roles creates it there', async () => {
  const ghost = `cairn_ghost_${process.pid}`;
  const root = project();
  try {
    writeFileSync(join(root, 'schema.sql'), `CREATE TABLE t (id int PRIMARY KEY, who text);
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
CREATE POLICY mine ON t TO ${ghost} USING (who = current_user);
`);
    const refused = await cairn(['diff', 'init', '--to', 'schema.sql', '--dev-url', PG_ADMIN_URL], { cwd: root });
    assert.equal(refused.code, 1, out(refused));
    assert.match(refused.stderr, new RegExp(`role "${ghost}" does not exist on the dev server`));
    assert.match(refused.stderr, /--create-roles/);
    assert.match(refused.stderr, new RegExp(`CREATE ROLE "${ghost}"`));

    const created = await cairn(['diff', 'init', '--to', 'schema.sql', '--dev-url', PG_ADMIN_URL, '--create-roles'], { cwd: root });
    assert.equal(created.code, 0, out(created));
    assert.match(readFileSync(join(root, 'migrations', readdirSync(join(root, 'migrations')).find((f) => f.endsWith('.sql'))!), 'utf8'), new RegExp(`TO "${ghost}"`));
  } finally {
    await admin(`DROP ROLE IF EXISTS ${ghost}`);
    rmSync(root, { recursive: true, force: true });
  }
});

test('diff --check reports drift with drops and suspected renames as exit 2, without asking for --allow-drop or --rename', async () => {
  const root = project();
  try {
    writeFileSync(join(root, 'migrations', '20260101000000_init.sql'), 'CREATE TABLE users (id bigint PRIMARY KEY, name text, legacy int);\nCREATE TABLE gone (id int);\n');
    writeFileSync(join(root, 'schema.sql'), 'CREATE TABLE users (id bigint PRIMARY KEY, full_name text);\n');
    const check = await cairn(['diff', '--to', 'schema.sql', '--check'], { cwd: root });
    assert.equal(check.code, 2, out(check));
    assert.match(check.stdout, /DROP TABLE "public"\."gone"/);
    assert.match(check.stdout, /DROP COLUMN "legacy"/);
    assert.match(check.stdout, /drift: a migration with \d+ statement\(s\) would be written/);
    assert.doesNotMatch(out(check), /--allow-drop|--rename/);

    // Without --check the same diff still stops and names the flags.
    const write = await cairn(['diff', 'x', '--to', 'schema.sql'], { cwd: root });
    assert.equal(write.code, 1, out(write));
    assert.match(write.stderr, /--rename public\.users\.name=full_name/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
