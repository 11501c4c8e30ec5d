/**
 * One SQL statement per planned statement (issue 9): lint walks plans statement by statement and
 * the runner reports errors per statement, so the PostgreSQL planner never joins statements in
 * one `sql`, and a reverse that needs several statements is a list, which the down part turns
 * into one down statement each. Checked with the PostgreSQL lexer over the whole convergence case
 * table, plus cases whose plans have such reverses in the up or the down direction.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { open } from './helpers/conn.js';
import { CASES, type SchemaCase } from './helpers/cases.js';
import { runCases } from './helpers/cases-run.js';
import { plan } from './helpers/engine.js';
import { inspectRealm } from '../../src/dialects/postgres/inspect.js';
import { parseRename } from '../../src/diff/renames.js';
import { pickSchemas, emptySchema } from '../../src/schema/build.js';
import type { Realm } from '../../src/schema/model.js';
import { reversePlan } from '../../src/plan/render.js';
import { reverseStatements, type Plan, type PlannedStatement } from '../../src/plan/types.js';
import { splitStatements } from '../../src/sql/lexer.js';
import { POSTGRES_LEXER } from '../../src/sql/presets.js';

/**
 * Plans that used to hold several statements in one `sql` or `reverse` and that the case table
 * does not reach: fields that change order both ways, a domain check made NOT VALID again, a
 * table's storage parameters set and reset both ways, an enum re-created with rows, defaults and
 * a routine around it.
 */
const EXTRA: readonly SchemaCase[] = [
  { name: 'composite fields change order', from: 'CREATE TYPE pair AS (a int, b int);', to: 'CREATE TYPE pair AS (b int, a int);' },
  { name: 'a domain check becomes NOT VALID', from: "CREATE DOMAIN email AS text CONSTRAINT email_at CHECK (VALUE LIKE '%@%');", to: "CREATE DOMAIN email AS text; ALTER DOMAIN email ADD CONSTRAINT email_at CHECK (VALUE LIKE '%@%') NOT VALID;" },
  { name: 'storage parameters set, changed and reset', from: 'CREATE TABLE t (a int) WITH (fillfactor = 80, toast_tuple_target = 256);', to: 'CREATE TABLE t (a int) WITH (fillfactor = 70, autovacuum_enabled = false);' },
  {
    name: 'enum re-created with rows, defaults and a routine using it',
    from: `CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy'); CREATE TABLE t (m mood DEFAULT 'ok', ms mood[] DEFAULT '{sad}');
      CREATE FUNCTION best(a mood, b mood) RETURNS mood LANGUAGE sql AS $$ SELECT greatest(a, b); $$; COMMENT ON FUNCTION best(mood, mood) IS 'the better one';
      INSERT INTO t VALUES ('happy', '{sad,ok}');`,
    to: `CREATE TYPE mood AS ENUM ('ok', 'sad', 'happy'); CREATE TABLE t (m mood DEFAULT 'ok', ms mood[] DEFAULT '{sad}');
      CREATE FUNCTION best(a mood, b mood) RETURNS mood LANGUAGE sql AS $$ SELECT greatest(a, b); $$; COMMENT ON FUNCTION best(mood, mood) IS 'the better one';`,
  },
];

/** statementCount is how many statements the PostgreSQL lexer reads in `sql`. */
const statementCount = (sql: string): number => splitStatements(sql, POSTGRES_LEXER).statements.length;

/** notOne lists, for a plan's statements, those whose `sql` or reverse statements are not exactly one statement each. */
function notOne(label: string, statements: readonly PlannedStatement[]): string[] {
  const out: string[] = [];
  for (const s of statements) {
    if (statementCount(s.sql) !== 1) out.push(`${label}: sql of "${s.comment}" is ${statementCount(s.sql)} statements:\n${s.sql}`);
    for (const r of reverseStatements(s.reverse)) {
      if (statementCount(r) !== 1) out.push(`${label}: a reverse of "${s.comment}" is ${statementCount(r)} statements:\n${r}`);
    }
  }
  return out;
}

/** plans inspects every case (each in its own schema `c<i>`, as cases-run.ts does) and plans it up and down. */
async function plans(cases: readonly SchemaCase[]): Promise<{ name: string; up: Plan; down: Plan }[]> {
  const sql = cases.flatMap((k) => [k.from, k.to]);
  const [from, to] = [await open('pglite:memory', sql), await open('pglite:memory', sql)];
  try {
    for (const [conn, side] of [[from, 'from'], [to, 'to']] as const) {
      for (const [i, k] of cases.entries()) await conn.exec(`CREATE SCHEMA c${i}; SET search_path = c${i}; ${k[side]}; SET search_path = public`);
    }
    const schemas = cases.map((_, i) => `c${i}`);
    const [a, b] = [await inspectRealm(from, { schemas }), await inspectRealm(to, { schemas })];
    const one = (r: Realm, i: number) => {
      const p = pickSchemas(r, [`c${i}`]);
      return { ...p, extensions: p.extensions.filter((e) => e.schema === `c${i}`) };
    };
    return cases.map((k, i) => ({
      name: k.name,
      ...plan(one(a, i), one(b, i), { renames: (k.renames ?? []).map((r) => parseRename(r.replace(/^S\./, `c${i}.`))), allowDrop: true }),
    }));
  } finally {
    await from.close();
    await to.close();
  }
}

test(`PostgreSQL planner: every planned and down statement of the ${CASES.length + EXTRA.length} cases is exactly one statement`, async () => {
  const all = await plans([...CASES, ...EXTRA]);
  const failures = all.flatMap((p) => [...notOne(`${p.name} (up)`, p.up.statements), ...notOne(`${p.name} (down)`, p.down.statements)]);
  assert.deepEqual(failures, []);
  // Every up statement can be undone; reversing the down part gives the up part back.
  for (const p of all) {
    assert.ok(p.up.statements.every((s) => reverseStatements(s.reverse).length > 0), `${p.name}: every statement has a reverse`);
    assert.deepEqual(reversePlan(p.down).statements.map((s) => s.sql), p.up.statements.map((s) => s.sql), p.name);
  }
  // The table reaches reverses of several statements: the down parts are longer than the up parts.
  const several = all.filter((p) => p.up.statements.some((s) => typeof s.reverse !== 'string')).map((p) => p.name);
  for (const name of ['drop table with policies and row level security', 'add enum value last', 'update an extension', 'drop a text search configuration', 'generated column becomes a plain one', 'modify composite type', 'validate a NOT VALID domain check']) {
    assert.ok(several.includes(name), `${name} has a reverse of several statements`);
  }
});

test('the plans that used to join statements now run statement by statement, up and down, on PGlite', async () => {
  const sql = EXTRA.flatMap((k) => [k.from, k.to]);
  const [from, to] = [await open('pglite:memory', sql), await open('pglite:memory', sql)];
  try {
    const failures = await runCases(from, to, EXTRA);
    assert.deepEqual(failures.map((f) => `${f.name} [${f.step}]: ${f.error}`), []);
    // The rows survived the enum's re-creation both ways (the case's `from` inserted them).
    assert.deepEqual(await from.query('SELECT m::text, ms::text FROM c3.t'), [{ m: 'happy', ms: '{sad,ok}' }]);
  } finally {
    await from.close();
    await to.close();
  }
});

test('reversePlan turns a reverse of several statements into one down statement each, bodies with `;` left whole', () => {
  const body = "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN PERFORM 1; RETURN 1; END $$";
  const source = { kind: 'AddSchema', schema: emptySchema('s') } as const;
  const up: Plan = {
    statements: [
      { sql: 'CREATE SCHEMA "s"', reverse: 'DROP SCHEMA "s"', comment: 'create schema s', source, hazards: [], transactional: true },
      { sql: 'DROP FUNCTION "s"."f"()', reverse: [body, `COMMENT ON FUNCTION "s"."f"() IS 'one; two'`], comment: 'drop function s.f()', source, hazards: ['data-loss'], transactional: true, splitBefore: true },
    ],
  };
  const down = reversePlan(up);
  assert.deepEqual(down.statements.map((s) => [s.sql, s.reverse, s.comment]), [
    [body, [], 'reverse: drop function s.f() (1/2)'],
    [`COMMENT ON FUNCTION "s"."f"() IS 'one; two'`, 'DROP FUNCTION "s"."f"()', 'reverse: drop function s.f() (2/2)'],
    ['DROP SCHEMA "s"', 'CREATE SCHEMA "s"', 'reverse: create schema s'],
  ]);
  assert.ok(down.statements.every((s) => s.splitBefore === undefined && statementCount(s.sql) === 1));
  assert.deepEqual(down.statements[0].hazards, ['data-loss']);
  // Reversed again: the up part, statement for statement (the two down statements are undone by the last one's reverse).
  assert.deepEqual(reversePlan(down).statements.map((s) => s.sql), ['CREATE SCHEMA "s"', 'DROP FUNCTION "s"."f"()']);
});
