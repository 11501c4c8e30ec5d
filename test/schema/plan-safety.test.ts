/**
 * What the planner does beyond the convergence case table: rows survive the changes that keep
 * them (a generated column made plain, a table re-created with a new partitioning, with the
 * foreign keys of other tables that point at it dropped and added again around it), plans that
 * lose data are refused without --allow-drop and name what they lose, labels name what changes,
 * extension versions can be ignored, and an enum value added then used splits the migration in
 * two transactional files that `apply` runs, on the server and on PGlite.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshPglite, freshPostgres, PG_ADMIN_URL, type TestDb } from '../helpers/db.js';
import { open, type TestConn } from './helpers/conn.js';
import { apply, plan } from './helpers/engine.js';
import { inspectRealm } from '../../src/dialects/postgres/inspect.js';
import { planChanges } from '../../src/dialects/postgres/plan.js';
import { diffRealms } from './helpers/pg-diff.js';
import { reversePlan, splitPlan } from '../../src/plan/render.js';
import type { Plan } from '../../src/plan/types.js';
import { canonicalJson } from '../../src/schema/build.js';
import { CairnError } from '../../src/errors.js';
import { diff } from '../../src/commands/diff.js';
import { createMigrator } from '../../src/commands/migrator.js';

type Kind = 'postgres' | 'pglite';
const KINDS: readonly Kind[] = ['postgres', 'pglite'];

/** pair opens a `from` and a `to` database of one kind, loaded with the given SQL. */
async function pair(kind: Kind, fromSql: string, toSql: string, fn: (from: TestConn, to: TestConn) => Promise<void>): Promise<void> {
  const dbs: TestDb[] = kind === 'postgres' ? [await freshPostgres(), await freshPostgres()] : [];
  const sql = [fromSql, toSql];
  const [from, to] = kind === 'postgres' ? [await open(dbs[0].url), await open(dbs[1].url)] : [await open('pglite:memory', sql), await open('pglite:memory', sql)];
  try {
    await from.exec(fromSql);
    await to.exec(toSql);
    await fn(from, to);
  } finally {
    await from.close();
    await to.close();
    for (const d of dbs) await d.drop();
  }
}

const rows = async (c: TestConn, sql: string) => (await c.query<Record<string, unknown>>(sql)).map((r) => Object.values(r).map(String).join(','));

const unsafe = (pattern: RegExp) => (e: unknown) => e instanceof CairnError && e.code === 'UNSAFE_CHANGE' && pattern.test(e.message) && /--allow-drop/.test(e.message);

for (const kind of KINDS) {
  test(`${kind}: a stored generated column becomes plain with DROP EXPRESSION and keeps its values`, async () => {
    await pair(kind, 'CREATE TABLE t (a int, b int GENERATED ALWAYS AS (a * 2) STORED); INSERT INTO t (a) VALUES (1), (2);', 'CREATE TABLE t (a int, b int);', async (from, to) => {
      const [r0, want] = [await inspectRealm(from), await inspectRealm(to)];
      const p = plan(r0, want); // no --allow-drop needed: nothing is lost
      assert.deepEqual(p.up.statements.map((s) => s.sql), ['ALTER TABLE "public"."t" ALTER COLUMN "b" DROP EXPRESSION']);
      await apply(from, p.up);
      assert.equal(canonicalJson(await inspectRealm(from)), canonicalJson(want));
      await from.exec('UPDATE t SET b = 10 WHERE a = 1');
      assert.deepEqual(await rows(from, 'SELECT a, b FROM t ORDER BY a'), ['1,10', '2,4']);
      // Back to generated: the column is re-created (that would lose a plain column's values, hence --allow-drop).
      assert.throws(() => plan(want, r0), unsafe(/re-create column public\.t\.b as generated, losing its values/));
      await apply(from, p.down);
      assert.equal(canonicalJson(await inspectRealm(from)), canonicalJson(r0));
      assert.deepEqual(await rows(from, 'SELECT a, b FROM t ORDER BY a'), ['1,2', '2,4']);
    });
  });

  test(`${kind}: a plain table becomes partitioned (and back) with --allow-drop, its rows copied over`, async () => {
    const plain = 'CREATE TABLE t (id serial, at date NOT NULL, k text, PRIMARY KEY (id, at)); CREATE VIEW tv AS SELECT id, k FROM t;';
    const parted = `CREATE TABLE t (id serial, at date NOT NULL, k text, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
      CREATE TABLE t_old PARTITION OF t FOR VALUES FROM (MINVALUE) TO ('2025-01-01'); CREATE TABLE t_new PARTITION OF t DEFAULT; CREATE VIEW tv AS SELECT id, k FROM t;`;
    await pair(kind, `${plain} INSERT INTO t (at, k) VALUES ('2024-05-01', 'a'), ('2025-05-01', 'b'), ('2026-01-01', 'c');`, parted, async (from, to) => {
      const [r0, want] = [await inspectRealm(from), await inspectRealm(to)];
      // Refused without consent, naming the flag and the table.
      assert.throws(() => plan(r0, want), unsafe(/drop table public\.t\b/));
      const p = plan(r0, want, { allowDrop: true });
      await apply(from, p.up);
      assert.equal(canonicalJson(await inspectRealm(from)), canonicalJson(want));
      assert.deepEqual(await rows(from, 'SELECT id, at::text, k FROM t ORDER BY id'), ['1,2024-05-01,a', '2,2025-05-01,b', '3,2026-01-01,c']);
      assert.deepEqual(await rows(from, 'SELECT count(*) FROM t_old'), ['1']);
      await from.exec("INSERT INTO t (at, k) VALUES ('2026-02-01', 'd')"); // the serial sequence was moved past the copied rows
      assert.deepEqual(await rows(from, 'SELECT id, k FROM tv ORDER BY id'), ['1,a', '2,b', '3,c', '4,d']);
      await apply(from, p.down);
      assert.equal(canonicalJson(await inspectRealm(from)), canonicalJson(r0));
      assert.deepEqual(await rows(from, 'SELECT id, k FROM t ORDER BY id'), ['1,a', '2,b', '3,c', '4,d']);
    });
  });

  test(`${kind}: a table other tables point at becomes partitioned (and back): their keys are dropped, then added again over the copied rows`, async () => {
    const keys = `CREATE TABLE r (id int, at date, note text, CONSTRAINT r_t FOREIGN KEY (id, at) REFERENCES t (id, at) ON DELETE CASCADE);
      CREATE TABLE s (id int, at date);`;
    const notValid = "ALTER TABLE s ADD CONSTRAINT s_t FOREIGN KEY (id, at) REFERENCES t (id, at) NOT VALID; COMMENT ON CONSTRAINT s_t ON s IS 'points at t';";
    const parted = `CREATE TABLE t (id serial, at date NOT NULL, k text, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
      CREATE TABLE t_old PARTITION OF t FOR VALUES FROM (MINVALUE) TO ('2025-01-01'); CREATE TABLE t_new PARTITION OF t DEFAULT; ${keys} ${notValid}`;
    // s holds a row that points nowhere, which its NOT VALID key allows: the key added again must allow it too.
    const data = `INSERT INTO t (at, k) VALUES ('2024-05-01', 'a'), ('2025-05-01', 'b'), ('2026-01-01', 'c');
      INSERT INTO r VALUES (1, '2024-05-01', 'x'), (3, '2026-01-01', 'y'); INSERT INTO s VALUES (9, '2020-01-01');`;
    const plain = `CREATE TABLE t (id serial, at date NOT NULL, k text, PRIMARY KEY (id, at)); ${keys} ${data} ${notValid}`;
    await pair(kind, plain, parted, async (from, to) => {
      const [r0, want] = [await inspectRealm(from), await inspectRealm(to)];
      assert.throws(() => plan(r0, want), unsafe(/drop table public\.t\b/));
      const p = plan(r0, want, { allowDrop: true });
      const sqls = p.up.statements.map((s) => s.sql);
      const at = (re: RegExp) => sqls.findIndex((s) => re.test(s));
      assert.ok(at(/DROP CONSTRAINT "r_t"/) < at(/__cairn_copy" AS SELECT/), 'the key goes before the rows are copied aside');
      assert.ok(at(/ADD CONSTRAINT "r_t"/) > at(/INSERT INTO "public"\."t"/), 'and comes back once they are back');
      assert.match(sqls[at(/ADD CONSTRAINT "s_t"/)], /NOT VALID$/);
      await apply(from, p.up);
      assert.equal(canonicalJson(await inspectRealm(from)), canonicalJson(want));
      const all = async () => [await rows(from, 'SELECT id, at::text, k FROM t ORDER BY id'), await rows(from, 'SELECT id, note FROM r ORDER BY id'), await rows(from, 'SELECT id FROM s')];
      assert.deepEqual(await all(), [['1,2024-05-01,a', '2,2025-05-01,b', '3,2026-01-01,c'], ['1,x', '3,y'], ['9']]);
      // The keys hold again: no row pointing nowhere, and deletes still cascade.
      await assert.rejects(from.exec("INSERT INTO r VALUES (7, '2024-05-01', 'z')"), /foreign key/);
      await from.exec('DELETE FROM t WHERE id = 3');
      assert.deepEqual(await rows(from, 'SELECT id, note FROM r ORDER BY id'), ['1,x']);
      await apply(from, p.down);
      assert.equal(canonicalJson(await inspectRealm(from)), canonicalJson(r0));
      assert.deepEqual(await all(), [['1,2024-05-01,a', '2,2025-05-01,b'], ['1,x'], ['9']]);
      await assert.rejects(from.exec("INSERT INTO r VALUES (7, '2024-05-01', 'z')"), /foreign key/);
    });
  });

  test(`${kind}: an extension version is pinned, updated and downgraded, unless versions are ignored`, async () => {
    await pair(kind, "CREATE EXTENSION citext VERSION '1.5';", "CREATE EXTENSION citext VERSION '1.6'; CREATE EXTENSION hstore VERSION '1.7';", async (from, to) => {
      const [r0, want] = [await inspectRealm(from), await inspectRealm(to)];
      const p = plan(r0, want);
      assert.deepEqual(p.up.statements.map((s) => s.sql), [
        'CREATE EXTENSION IF NOT EXISTS "hstore" WITH SCHEMA "public" VERSION \'1.7\'',
        'ALTER EXTENSION "citext" UPDATE TO \'1.6\'',
      ]);
      assert.match(p.up.statements[1].comment, /update extension citext from version 1\.5 to 1\.6/);
      assert.deepEqual(p.down.statements.map((s) => s.sql), ['DROP EXTENSION "citext"', 'CREATE EXTENSION IF NOT EXISTS "citext" WITH SCHEMA "public" VERSION \'1.5\'', 'DROP EXTENSION "hstore"']);
      // Ignored: a version-only difference is no change, and a new extension takes the server's default.
      const ignored = diffRealms(r0, want, { ignoreExtensionVersions: true });
      assert.deepEqual(ignored.map((c) => c.kind), ['AddExtension']);
      assert.deepEqual(planChanges(ignored, r0, want).statements.map((s) => s.sql), ['CREATE EXTENSION IF NOT EXISTS "hstore" WITH SCHEMA "public"']);
      await apply(from, p.up);
      assert.equal(canonicalJson(await inspectRealm(from)), canonicalJson(want));
      await apply(from, p.down);
      assert.equal(canonicalJson(await inspectRealm(from)), canonicalJson(r0));
    });
  });

  test(`${kind}: an enum value added and used in one plan is two transactional migrations that apply runs`, async () => {
    const root = mkdtempSync(join(tmpdir(), 'cairn-enum-split-'));
    const db = kind === 'postgres' ? await freshPostgres() : await freshPglite();
    try {
      const dir = join(root, 'migrations');
      mkdirSync(dir);
      const mood = "CREATE TYPE mood AS ENUM ('sad', 'ok');";
      const schema = join(root, 'schema.sql');
      const devUrl = kind === 'postgres' ? PG_ADMIN_URL : undefined;
      writeFileSync(schema, `${mood} CREATE TABLE t (m mood DEFAULT 'ok');`);
      await diff({ dir, name: 'init', to: schema, devUrl, now: new Date('2026-01-01T00:00:00Z') });
      // Only a value added: one file, run in a transaction.
      writeFileSync(schema, "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy'); CREATE TABLE t (m mood DEFAULT 'ok');");
      const one = await diff({ dir, name: 'happy', to: schema, devUrl, now: new Date('2026-01-02T00:00:00Z') });
      assert.equal(one.files.length, 1);
      assert.doesNotMatch(readFileSync(one.files[0], 'utf8'), /txmode none/);
      // A value added and used by a default: the ADD VALUE is committed in a file of its own first.
      writeFileSync(schema, "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy', 'great'); CREATE TABLE t (m mood DEFAULT 'great');");
      const two = await diff({ dir, name: 'great', to: schema, devUrl, now: new Date('2026-01-03T00:00:00Z') });
      assert.equal(two.files.length, 2);
      const [first, second] = two.files.map((f) => readFileSync(f, 'utf8').split('-- cairn:down')[0]);
      assert.match(first, /ADD VALUE 'great'/);
      assert.doesNotMatch(first, /SET DEFAULT/);
      assert.match(second, /SET DEFAULT 'great'::/);
      for (const text of [first, second]) assert.doesNotMatch(text, /txmode none/);
      assert.equal(readdirSync(dir).filter((f) => f.endsWith('.sql')).length, 4);
      const applied = await createMigrator({ url: db.url, dir }).apply();
      assert.equal(applied.applied.length, 4);
      const conn = await open(db.url);
      try {
        await conn.exec('INSERT INTO t DEFAULT VALUES');
        assert.deepEqual(await rows(conn, 'SELECT m FROM t'), ['great']);
        await conn.exec('DELETE FROM t');
      } finally {
        await conn.close();
      }
      const again = await diff({ dir, name: 'noop', to: schema, devUrl });
      assert.equal(again.inSync, true);
    } finally {
      await db.drop();
      rmSync(root, { recursive: true, force: true });
    }
  });
}

test('an enum value split keeps function body checks off in both files, and each part commits before the next', async () => {
  const fn = "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT count(*)::int FROM t $$;";
  await pair('pglite', "CREATE TYPE mood AS ENUM ('ok'); CREATE TABLE t (m mood);", `CREATE TYPE mood AS ENUM ('ok', 'great'); CREATE TABLE t (m mood DEFAULT 'great'); ${fn}`, async (from, to) => {
    const [r0, want] = [await inspectRealm(from), await inspectRealm(to)];
    const up = plan(r0, want).up;
    const parts = splitPlan(up);
    assert.deepEqual(parts.map((p) => p.statements.map((s) => s.sql.split(' ').slice(0, 3).join(' '))), [
      ['SET check_function_bodies =', 'ALTER TYPE "public"."mood"', 'RESET check_function_bodies'],
      ['SET check_function_bodies =', 'CREATE OR REPLACE', 'ALTER TABLE "public"."t"', 'RESET check_function_bodies'],
    ]);
    const inTransaction = async (p: Plan) => {
      await from.exec('BEGIN');
      try { await apply(from, p); await from.exec('COMMIT'); } catch (e) { await from.exec('ROLLBACK'); throw e; }
    };
    // In one transaction PostgreSQL refuses the new value; one transaction per part works.
    await assert.rejects(inTransaction(up), /unsafe use of new value/);
    for (const p of parts) await inTransaction(p);
    assert.equal(canonicalJson(await inspectRealm(from)), canonicalJson(want));
    for (const p of [...parts].reverse()) await inTransaction(reversePlan(p));
    assert.equal(canonicalJson(await inspectRealm(from)), canonicalJson(r0));
  });
});

test('labels name what changes: collation, type, NOT NULL, identity', async () => {
  await pair('pglite', 'CREATE TABLE t (a text, b text, c int);', 'CREATE TABLE t (a text COLLATE "C", b varchar(10) COLLATE "C", c int GENERATED ALWAYS AS IDENTITY);', async (from, to) => {
    const comments = plan(await inspectRealm(from), await inspectRealm(to)).up.statements.map((s) => s.comment);
    assert.deepEqual(comments, [
      'change collation of public.t.a from default to pg_catalog."C"',
      'change type of public.t.b from text to character varying(10) and collation from default to pg_catalog."C"',
      'set NOT NULL on public.t.c',
      'add identity to public.t.c',
    ]);
  });
});
