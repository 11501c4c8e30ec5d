/**
 * Plain table inheritance (INHERITS): what inspect reads (a child lists only its own columns and
 * checks), how it is written back (SQL, DSL), and what changing a child's parents does to its
 * rows. The case table (cases.ts) runs the schema changes both ways on the server and PGlite.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspectRealm } from '../../src/dialects/postgres/inspect.js';
import { generateDsl } from '../../src/dialects/postgres/inspect-ts.js';
import { postgresSchemaEngine } from '../../src/dialects/postgres/plan-engine.js';
import { render } from '../../src/commands/inspect.js';
import { findTable } from '../../src/schema/build.js';
import { CairnError } from '../../src/errors.js';
import { freshPostgres } from '../helpers/db.js';
import { open, type TestConn } from './helpers/conn.js';
import { apply, plan } from './helpers/engine.js';
import { char, compileSchema, integer, schema, table, text } from '../../src/dsl/index.js';
import { quoteIdent } from '../../src/dialects/postgres/dialect.js';

const CITIES = 'CREATE TABLE cities (name text NOT NULL, population int CHECK (population >= 0));';

test('inspect: a child lists its own columns and checks and its parents; SQL and DSL write INHERITS after the parent', async () => {
  const conn = await open('pglite:memory');
  try {
    await conn.exec(`${CITIES} CREATE TABLE capitals (state char(2), population int, CONSTRAINT capital_state CHECK (state <> '')) INHERITS (cities);
      CREATE TABLE archive (note text); CREATE TABLE old_capitals () INHERITS (capitals, archive);`);
    const r = await inspectRealm(conn);
    const capitals = findTable(r, 'public', 'capitals')!;
    // population is declared and inherited (merged): it is the child's; name is only inherited.
    assert.deepEqual(capitals.columns.map((c) => c.name), ['population', 'state']);
    assert.deepEqual(capitals.checks.map((c) => c.name), ['capital_state']);
    assert.deepEqual(capitals.inherits, [{ schema: 'public', name: 'cities' }]);
    const old = findTable(r, 'public', 'old_capitals')!;
    assert.deepEqual([old.columns, old.checks, old.inherits], [[], [], [{ schema: 'public', name: 'capitals' }, { schema: 'public', name: 'archive' }]]);
    assert.equal(findTable(r, 'public', 'cities')!.inherits, undefined);

    const sql = render(postgresSchemaEngine, r, 'sql');
    assert.match(sql, /CREATE TABLE "public"\."capitals" \(\n {2}"population" integer,\n {2}"state" character\(2\),\n {2}CONSTRAINT "capital_state" CHECK \(state <> ''::bpchar\)\n\) INHERITS \("public"\."cities"\);/);
    assert.match(sql, /CREATE TABLE "public"\."old_capitals" \(\n {2}\n\) INHERITS \("public"\."capitals", "public"\."archive"\);/);
    const at = (t: string) => sql.indexOf(`CREATE TABLE "public"."${t}"`);
    assert.ok(at('cities') < at('capitals') && at('capitals') < at('old_capitals') && at('archive') < at('old_capitals'), sql);

    const ts = generateDsl(r);
    assert.match(ts, /export const capitals = table\("capitals", \{\n {2}"population": integer\(\),\n {2}"state": char\(2\),\n\}, [^\n]*\n[^\n]*\n\], \{ inherits: \[cities\] \}\);/);
    assert.match(ts, /inherits: \[capitals, archive\]/);
    assert.ok(ts.indexOf('export const cities') < ts.indexOf('export const capitals'));
  } finally {
    await conn.close();
  }
});

test("inspect refuses an inherited column's own default rather than leaving it out", async () => {
  const conn = await open('pglite:memory');
  try {
    await conn.exec(`${CITIES} CREATE TABLE capitals (state char(2)) INHERITS (cities); ALTER TABLE capitals ALTER COLUMN name SET DEFAULT 'x';`);
    await assert.rejects(inspectRealm(conn), (e: unknown) => e instanceof CairnError && e.code === 'SCHEMA' &&
      /own default, NOT NULL or comment of inherited column public\.capitals\.name/.test(e.message));
  } finally {
    await conn.close();
  }
});

/** rows reads a table's rows (ONLY: not its children's) in a stable order. */
const rows = (conn: TestConn, sql: string) => conn.query(sql);

async function noInherit(from: TestConn, to: TestConn): Promise<void> {
  await from.exec(`${CITIES} CREATE TABLE capitals (state char(2)) INHERITS (cities);
    INSERT INTO cities VALUES ('Lyon', 520000); INSERT INTO capitals VALUES ('Paris', 2100000, 'FR'), ('Rome', 2800000, 'IT');`);
  // The child keeps the parent's columns and check (NO INHERIT makes them its own).
  await to.exec(`${CITIES} CREATE TABLE capitals (name text NOT NULL, population int, state char(2), CONSTRAINT cities_population_check CHECK (population >= 0));`);
  const [a, b] = [await inspectRealm(from), await inspectRealm(to)];
  const p = plan(a, b);
  assert.deepEqual(p.up.statements.map((s) => s.sql), ['ALTER TABLE "public"."capitals" NO INHERIT "public"."cities"']);
  assert.deepEqual(p.down.statements.map((s) => s.sql), ['ALTER TABLE "public"."capitals" INHERIT "public"."cities"']);
  await apply(from, p.up);
  assert.deepEqual(await rows(from, 'SELECT name, population, state FROM capitals ORDER BY name'),
    [{ name: 'Paris', population: 2100000, state: 'FR' }, { name: 'Rome', population: 2800000, state: 'IT' }]);
  assert.deepEqual(await rows(from, 'SELECT name FROM cities ORDER BY name'), [{ name: 'Lyon' }]);
  assert.deepEqual(await rows(from, "SELECT conname, conislocal FROM pg_constraint WHERE conrelid = 'capitals'::regclass AND contype = 'c'"), [{ conname: 'cities_population_check', conislocal: true }]);

  // Back: the rows are the parent's again.
  await apply(from, p.down);
  assert.deepEqual(await rows(from, 'SELECT name FROM cities ORDER BY name'), [{ name: 'Lyon' }, { name: 'Paris' }, { name: 'Rome' }]);

  // Stop inheriting and lose what came from the parent: the child's own column and rows stay.
  await to.exec('DROP TABLE capitals; CREATE TABLE capitals (state char(2));');
  const c = await inspectRealm(to);
  const lose = plan(await inspectRealm(from), c, { allowDrop: true });
  assert.deepEqual(lose.up.statements.map((s) => s.sql), [
    'ALTER TABLE "public"."capitals" NO INHERIT "public"."cities"',
    'ALTER TABLE "public"."capitals" DROP CONSTRAINT "cities_population_check"',
    // Last column first, so that the down part adds them back in their order.
    'ALTER TABLE "public"."capitals" DROP COLUMN "population"',
    'ALTER TABLE "public"."capitals" DROP COLUMN "name"',
  ]);
  await apply(from, lose.up);
  assert.deepEqual(await rows(from, 'SELECT * FROM capitals ORDER BY state'), [{ state: 'FR' }, { state: 'IT' }]);
  assert.deepEqual(findTable(await inspectRealm(from), 'public', 'capitals'), findTable(c, 'public', 'capitals'));
}

test('NO INHERIT keeps the rows and columns of the child; losing a parent can also drop what it passed on (PGlite)', async () => {
  const [from, to] = [await open('pglite:memory'), await open('pglite:memory')];
  try {
    await noInherit(from, to);
  } finally {
    await from.close();
    await to.close();
  }
});

test('NO INHERIT keeps the rows and columns of the child; losing a parent can also drop what it passed on (server)', async () => {
  const [a, b] = [await freshPostgres(), await freshPostgres()];
  const [from, to] = [await open(a.url), await open(b.url)];
  try {
    await noInherit(from, to);
  } finally {
    await from.close();
    await to.close();
    await a.drop();
    await b.drop();
  }
});

test("a child that stops inheriting a parent's serial column keeps it, taking the parent's sequence (no sequence dropped)", async () => {
  const [from, to] = [await open('pglite:memory'), await open('pglite:memory')];
  try {
    await from.exec("CREATE TABLE items (id serial, label text); CREATE TABLE tools (w int) INHERITS (items); INSERT INTO tools (label, w) VALUES ('saw', 3);");
    await to.exec("CREATE TABLE items (id serial, label text); CREATE TABLE tools (id int NOT NULL DEFAULT nextval('items_id_seq'), label text, w int);");
    const want = await inspectRealm(to);
    const p = plan(await inspectRealm(from), want);
    assert.deepEqual(p.up.statements.map((s) => s.sql), [
      'ALTER TABLE "public"."tools" NO INHERIT "public"."items"',
      `ALTER TABLE "public"."tools" ALTER COLUMN "id" SET DEFAULT nextval('public.items_id_seq'::regclass)`,
    ]);
    await apply(from, p.up);
    await from.exec("INSERT INTO tools (label, w) VALUES ('axe', 5);");
    assert.deepEqual(await from.query('SELECT id, label FROM tools ORDER BY id'), [{ id: 1, label: 'saw' }, { id: 2, label: 'axe' }]);
    assert.deepEqual(findTable(await inspectRealm(from), 'public', 'tools'), findTable(want, 'public', 'tools'));
  } finally {
    await from.close();
    await to.close();
  }
});

/**
 * A column moves from a parent to its child (migra's fixture): dropped ONLY from the parent, the
 * child keeps it and its values; moved back, ADD COLUMN on the parent merges into the child's
 * (which stays declared by the child: PostgreSQL cannot make a merged column inherited-only,
 * and the differ reads both forms as the same schema).
 */
async function columnToChild(from: TestConn, to: TestConn): Promise<void> {
  await from.exec('CREATE TABLE p (e integer); CREATE TABLE c () INHERITS (p); INSERT INTO p VALUES (1); INSERT INTO c VALUES (2), (3);');
  await to.exec('CREATE TABLE p (); CREATE TABLE c (e integer) INHERITS (p);');
  const want = await inspectRealm(to);
  const p = plan(await inspectRealm(from), want, { allowDrop: true });
  assert.deepEqual(p.up.statements.map((s) => s.sql), ['ALTER TABLE ONLY "public"."p" DROP COLUMN "e"']);
  assert.deepEqual(p.up.statements.map((s) => s.comment), ['drop column public.p.e (public.c keeps it)']);
  assert.deepEqual(p.down.statements.map((s) => s.sql), ['ALTER TABLE "public"."p" ADD COLUMN "e" integer']);
  await apply(from, p.up);
  assert.deepEqual(await rows(from, 'SELECT e FROM ONLY c ORDER BY e'), [{ e: 2 }, { e: 3 }]);
  assert.deepEqual(plan(await inspectRealm(from), want).up.statements, []);

  // Back (b -> a): ADD COLUMN on the parent merges into the child's column, whose rows stay.
  await to.exec('DROP TABLE c; DROP TABLE p; CREATE TABLE p (e integer); CREATE TABLE c () INHERITS (p);');
  const back = await inspectRealm(to);
  const q = plan(await inspectRealm(from), back);
  assert.deepEqual(q.up.statements.map((s) => s.sql), ['ALTER TABLE "public"."p" ADD COLUMN "e" integer']);
  await apply(from, q.up);
  assert.deepEqual(await rows(from, 'SELECT e FROM ONLY c ORDER BY e'), [{ e: 2 }, { e: 3 }]);
  assert.deepEqual(await rows(from, 'SELECT e FROM p ORDER BY e'), [{ e: 2 }, { e: 3 }, { e: null }]);
  assert.deepEqual(plan(await inspectRealm(from), back).up.statements, []);
  // And its down part (the plan's up again) keeps them too.
  await apply(from, q.down);
  assert.deepEqual(await rows(from, 'SELECT e FROM ONLY c ORDER BY e'), [{ e: 2 }, { e: 3 }]);
  assert.deepEqual(plan(await inspectRealm(from), want).up.statements, []);
}

test('a column dropped from a parent that its child declares stays on the child, with its rows, and comes back (PGlite)', async () => {
  const [from, to] = [await open('pglite:memory'), await open('pglite:memory')];
  try {
    await columnToChild(from, to);
  } finally {
    await from.close();
    await to.close();
  }
});

test('a column dropped from a parent that its child declares stays on the child, with its rows, and comes back (server)', async () => {
  const [a, b] = [await freshPostgres(), await freshPostgres()];
  const [from, to] = [await open(a.url), await open(b.url)];
  try {
    await columnToChild(from, to);
  } finally {
    await from.close();
    await to.close();
    await a.drop();
    await b.drop();
  }
});

test('DSL: inherits takes table() values (created first, whatever the order) or schema.table names', async () => {
  const cities = table('cities', { name: text().notNull(), population: integer() });
  const capitals = table('capitals', { state: char(2) }, undefined, { inherits: [cities] });
  const logs = table('logs', { at: text() }, undefined, { schema: 'audit', inherits: ['public.capitals', 'base'] });
  const base = table('base', { id: integer() }, undefined, { schema: 'audit' });
  const compiled = compileSchema([logs, capitals, schema('audit'), base, cities], quoteIdent);
  const creates = compiled.statements.filter((x) => x.startsWith('CREATE TABLE'));
  // A table() parent comes first; a parent named by a string is not ordered (declare it before).
  assert.deepEqual(creates.map((x) => /CREATE TABLE (\S+)/.exec(x)![1]), ['"audit"."logs"', '"public"."cities"', '"public"."capitals"', '"audit"."base"']);
  assert.match(creates.find((x) => x.startsWith('CREATE TABLE "public"."capitals"'))!, /\) INHERITS \("public"\."cities"\)$/);
  assert.match(creates.find((x) => x.startsWith('CREATE TABLE "audit"."logs"'))!, /\) INHERITS \("public"\."capitals", "audit"\."base"\)$/);
  assert.throws(() => compileSchema([table('t', {}, undefined, { inherits: [undefined as unknown as string] })], quoteIdent), /inherits takes table\(\) values/);
  // Named parents must exist first: declared before, they run as written.
  const conn = await open('pglite:memory');
  try {
    const ordered = compileSchema([schema('audit'), cities, capitals, base, logs], quoteIdent);
    for (const x of ordered.statements) await conn.exec(x);
    const r = await inspectRealm(conn);
    assert.deepEqual(findTable(r, 'audit', 'logs')!.inherits, [{ schema: 'public', name: 'capitals' }, { schema: 'audit', name: 'base' }]);
    assert.deepEqual(findTable(r, 'audit', 'logs')!.columns.map((c) => c.name), ['at']);
  } finally {
    await conn.close();
  }
});
