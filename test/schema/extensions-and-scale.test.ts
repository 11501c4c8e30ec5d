/**
 * Database-level objects (extensions, schemas) that the per-schema case table cannot hold, and
 * an inspection of 1,000 tables (its cost is benchmarked in bench/, not asserted here).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freshPostgres } from '../helpers/db.js';
import { open } from './helpers/conn.js';
import { inspectRealm } from '../../src/dialects/postgres/inspect.js';
import { canonicalJson } from '../../src/schema/build.js';
import { apply, plan } from './helpers/engine.js';
import { CairnError } from '../../src/errors.js';

test('extensions and schemas: add and drop converge, down returns', async () => {
  const [a, b] = [await freshPostgres(), await freshPostgres()];
  const [from, to] = [await open(a.url), await open(b.url)];
  try {
    await from.exec('CREATE SCHEMA gone; CREATE TABLE gone.t (a int)');
    // An extension installed into a schema the plan creates (the Supabase-style `extensions` schema).
    await to.exec(`CREATE EXTENSION pgcrypto; CREATE SCHEMA extensions; CREATE EXTENSION citext WITH SCHEMA extensions;
      CREATE SCHEMA app; COMMENT ON SCHEMA app IS 'the app';
      CREATE TABLE app.users (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), email extensions.citext NOT NULL)`);
    const [r0, want] = [await inspectRealm(from), await inspectRealm(to)];
    const p = plan(r0, want, { allowDrop: true });
    await apply(from, p.up);
    assert.equal(canonicalJson(await inspectRealm(from)), canonicalJson(want));
    await apply(from, p.down);
    assert.equal(canonicalJson(await inspectRealm(from)), canonicalJson(r0));
  } finally {
    await from.close();
    await to.close();
    await a.drop();
    await b.drop();
  }
});

// Its speed against pg_dump --schema-only is measured by `npm run bench -- inspect`, not asserted here.
test('inspecting 1,000 tables with keys, indexes, checks and defaults reads all of them', async () => {
  const db = await freshPostgres();
  const conn = await open(db.url);
  try {
    await conn.exec(`DO $$ BEGIN FOR i IN 1..1000 LOOP
      EXECUTE format('CREATE TABLE t%s (id bigserial PRIMARY KEY, name text NOT NULL, ref bigint, created timestamptz DEFAULT now(), CONSTRAINT c%s CHECK (length(name) > 0))', i, i);
      EXECUTE format('CREATE INDEX ON t%s (name)', i);
      IF i > 1 THEN EXECUTE format('ALTER TABLE t%s ADD FOREIGN KEY (ref) REFERENCES t%s (id)', i, i - 1); END IF;
    END LOOP; END $$`);
    const r = await inspectRealm(conn);
    const tables = r.schemas[0].tables;
    assert.equal(tables.length, 1000);
    assert.ok(tables.every((t) => t.primaryKey && t.checks.length === 1 && t.indexes.length === 1));
    assert.equal(tables.reduce((n, t) => n + t.foreignKeys.length, 0), 999);
  } finally {
    await conn.close();
    await db.drop();
  }
});

test('objects the engine does not model stop the inspection, naming them', async () => {
  const db = await freshPostgres();
  const conn = await open(db.url);
  try {
    await conn.exec(`CREATE SCHEMA odd; CREATE TABLE odd.base (at date); CREATE TABLE odd.kid (b int) INHERITS (odd.base); CREATE TYPE odd.pair AS (a int, b int);
      CREATE TABLE odd.t (a int); ALTER TABLE odd.t REPLICA IDENTITY FULL;
      CREATE TABLE odd.m (at date, k text DEFAULT 'a') PARTITION BY RANGE (at); CREATE TABLE odd.m1 PARTITION OF odd.m (k DEFAULT 'b') FOR VALUES FROM (MINVALUE) TO (MAXVALUE);
      CREATE AGGREGATE odd.total (int) (sfunc = int4pl, stype = int); CREATE TEXT SEARCH DICTIONARY odd.syn (TEMPLATE = simple); CREATE TABLE plain (a int);
      ALTER TABLE plain ENABLE ROW LEVEL SECURITY; CREATE POLICY p ON plain USING (a > 0);
      CREATE TABLE part (a int) PARTITION BY LIST (a); CREATE TABLE part1 PARTITION OF part FOR VALUES IN (1)`);
    // Row-level security, policies, partitioning, plain inheritance, aggregates and replica identity are modelled: they no longer
    // stop an inspection (but a partition's own column default does: the model takes its columns from the parent).
    await assert.rejects(inspectRealm(conn), (e: unknown) => e instanceof CairnError && e.code === 'SCHEMA' &&
      /does not support: own default, NOT NULL or comment of partition column odd\.m1\.k, text search dictionary odd\.syn$/.test(e.message));
    const r = await inspectRealm(conn, { schemas: ['public'] });
    assert.deepEqual(r.schemas[0].tables.map((t) => [t.name, t.partitionBy ?? t.partitionOf?.bound]), [['part', 'LIST (a)'], ['part1', 'FOR VALUES IN (1)'], ['plain', undefined]]);
    assert.deepEqual(r.schemas[0].tables.find((t) => t.name === 'plain')!.policies.map((p) => [p.name, p.using]), [['p', '(a > 0)']]);
  } finally {
    await conn.close();
    await db.drop();
  }
});
