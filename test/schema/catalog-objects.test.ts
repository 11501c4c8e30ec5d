/**
 * Collations, aggregates and text search configurations on PGlite: what the inspector reads,
 * what the planner refuses, and the order of the statements it plans. Convergence is covered by
 * the case table (cases.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { open } from './helpers/conn.js';
import { inspectRealm } from '../../src/dialects/postgres/inspect.js';
import { diffRealms } from './helpers/pg-diff.js';
import { planChanges } from '../../src/dialects/postgres/plan.js';
import { canonicalJson, emptySchema, realm } from '../../src/schema/build.js';
import { generateDsl } from '../../src/dialects/postgres/inspect-ts.js';
import { CairnError } from '../../src/errors.js';

const OBJECTS = `CREATE COLLATION ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
  CREATE COLLATION c_lib FROM "C"; COMMENT ON COLLATION c_lib IS 'bytes';
  CREATE FUNCTION first_agg(anyelement, anyelement) RETURNS anyelement LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT $1 $$;
  CREATE AGGREGATE first(anyelement) (SFUNC = first_agg, STYPE = anyelement, PARALLEL = safe);
  CREATE TEXT SEARCH CONFIGURATION usimple (COPY = simple); ALTER TEXT SEARCH CONFIGURATION usimple DROP MAPPING FOR email;
  CREATE TABLE t (a text COLLATE ci, v tsvector GENERATED ALWAYS AS (to_tsvector('usimple', a)) STORED);
  CREATE VIEW firsts AS SELECT first(a) AS a FROM t;`;

test('collations, aggregates and text search configurations are read deterministically, frozen, in the catalog\'s terms', async () => {
  const conn = await open('pglite:memory');
  try {
    await conn.exec(OBJECTS);
    const [r1, r2] = [await inspectRealm(conn), await inspectRealm(conn)];
    assert.equal(canonicalJson(r1), canonicalJson(r2));
    const s = r1.schemas.find((x) => x.name === 'public')!;
    assert.ok(Object.isFrozen(s.collations[0]) && Object.isFrozen(s.aggregates[0].deps) && Object.isFrozen(s.textSearchConfigs[0].mappings));
    // `FROM "C"` is kept as what it makes: a libc collation.
    assert.deepEqual(s.collations.map((c) => [c.name, c.provider, c.locale ?? c.lcCollate, c.deterministic, c.comment]),
      [['c_lib', 'libc', 'C', true, 'bytes'], ['ci', 'icu', 'und-u-ks-level2', false, undefined]]);
    assert.deepEqual(s.aggregates.map((a) => [a.name, a.args, a.kind, a.result]), [['first', 'anyelement', 'normal', 'anyelement']]);
    assert.equal(s.aggregates[0].def, 'CREATE OR REPLACE AGGREGATE "public"."first"(anyelement) (\n  SFUNC = public.first_agg,\n  STYPE = anyelement,\n  PARALLEL = SAFE\n)');
    assert.deepEqual(s.aggregates[0].deps, [{ kind: 'function', schema: 'public', name: 'first_agg', args: 'anyelement, anyelement' }]);
    const cfg = s.textSearchConfigs[0];
    assert.equal(cfg.parser, 'pg_catalog."default"');
    assert.ok(cfg.mappings.some((m) => m.token === 'asciiword' && m.dictionaries.join() === 'simple'));
    assert.ok(!cfg.mappings.some((m) => m.token === 'email'));
    assert.deepEqual(cfg.mappings.map((m) => m.token), [...cfg.mappings.map((m) => m.token)].sort());
  } finally {
    await conn.close();
  }
});

test('the planner creates them before the tables, functions and views that use them, and drops them after', async () => {
  const conn = await open('pglite:memory');
  try {
    await conn.exec(OBJECTS);
    const to = await inspectRealm(conn);
    const from = realm([emptySchema('public')]);
    const up = planChanges(diffRealms(from, to), from, to).statements.map((s) => s.sql);
    const at = (re: RegExp) => up.findIndex((s) => re.test(s));
    assert.ok(at(/^CREATE COLLATION "public"."ci"/) < at(/^CREATE TABLE "public"."t"/));
    assert.ok(at(/^CREATE TEXT SEARCH CONFIGURATION "public"."usimple"/) < at(/ADD MAPPING FOR/));
    assert.ok(at(/ADD MAPPING FOR/) < at(/^CREATE TABLE "public"."t"/));
    assert.ok(at(/FUNCTION public.first_agg/) < at(/AGGREGATE "public"."first"/));
    assert.ok(at(/AGGREGATE "public"."first"/) < at(/^CREATE VIEW/));
    const down = planChanges(diffRealms(to, from, { allowDrop: true }), to, from).statements.map((s) => s.sql);
    const dn = (re: RegExp) => down.findIndex((s) => re.test(s));
    assert.ok(dn(/^DROP VIEW/) < dn(/^DROP AGGREGATE/) && dn(/^DROP AGGREGATE/) < dn(/^DROP FUNCTION/));
    assert.ok(dn(/^DROP TABLE/) < dn(/^DROP COLLATION "public"."ci"/) && dn(/^DROP TABLE/) < dn(/^DROP TEXT SEARCH CONFIGURATION/));
    // inspect --format ts writes them as statements, collations and configurations first.
    const dsl = generateDsl(to);
    assert.ok(dsl.indexOf('CREATE COLLATION "public"."ci"') < dsl.indexOf('CREATE OR REPLACE AGGREGATE'));
    assert.match(dsl, /statement\(sql`COMMENT ON COLLATION "public"."c_lib" IS 'bytes'`\)/);
  } finally {
    await conn.close();
  }
});

test('a collation that changes while columns use it stops the plan, naming it and its users', async () => {
  const [a, b] = [await open('pglite:memory'), await open('pglite:memory')];
  try {
    await a.exec("CREATE COLLATION ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false); CREATE TABLE t (a text COLLATE ci);");
    await b.exec("CREATE COLLATION ci (provider = icu, locale = 'und-u-ks-level1', deterministic = false); CREATE TABLE t (a text COLLATE ci);");
    const [from, to] = [await inspectRealm(a), await inspectRealm(b)];
    const changes = diffRealms(from, to);
    assert.deepEqual(changes.map((c) => c.kind), ['ModifyCollation']);
    assert.throws(() => planChanges(changes, from, to), (e: unknown) => e instanceof CairnError && e.code === 'SCHEMA' &&
      /collation public\.ci changes.*column public\.t\.a uses it/.test(e.message));
  } finally {
    await a.close();
    await b.close();
  }
});

test('window functions and text search dictionaries still stop the inspection', async () => {
  const conn = await open('pglite:memory');
  try {
    await conn.exec(`CREATE SCHEMA odd; CREATE TEXT SEARCH DICTIONARY odd.syn (TEMPLATE = simple, STOPWORDS = english);
      CREATE FUNCTION odd.r() RETURNS bigint LANGUAGE internal WINDOW AS 'window_rank';`);
    await assert.rejects(inspectRealm(conn), (e: unknown) => e instanceof CairnError && /does not support: text search dictionary odd\.syn, window function odd\.r$/.test(e.message));
    const r = await inspectRealm(conn, { schemas: ['public'] });
    assert.equal(r.schemas[0].textSearchConfigs.length, 0);
  } finally {
    await conn.close();
  }
});
