/**
 * The facts the PostgreSQL lock rules rely on, checked against a PostgreSQL 15 server rather
 * than taken on trust: which tables a statement locks ACCESS EXCLUSIVE (read from `pg_locks`
 * inside a transaction), which statements PostgreSQL refuses in a transaction block, which
 * column type changes rewrite the table (the table's file node changes), and which defaults
 * are volatile (`pg_proc.provolatile`).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { freshDatabases } from '../helpers/db.js';
import { accessExclusiveTargets, nonTransactional } from '../../src/dialects/postgres/lint-locks.js';
import { tokenize } from '../../src/dialects/postgres/lint-sql.js';
import { typeChangeRewrites } from '../../src/dialects/postgres/lint-type-change.js';
import { volatileCall } from '../../src/dialects/postgres/lint-volatile.js';
import { rewriteReason } from '../../src/dialects/postgres/lint-column-rules.js';
import { hasNotNullCheck } from '../../src/dialects/postgres/lint-constraint-rules.js';
import { postgresSchemaEngine } from '../../src/dialects/postgres/plan-engine.js';
import { connect } from '../../src/dialects/registry.js';
import type { Connection } from '../../src/dialects/types.js';
import { realm, emptySchema } from '../../src/schema/build.js';

const SETUP = `
CREATE TABLE u (id int PRIMARY KEY);
CREATE TABLE t (id int PRIMARY KEY, a varchar(10), c int, uid int);
CREATE INDEX t_c ON t (c);
CREATE TABLE p (id int, k int) PARTITION BY RANGE (k);
CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (1) TO (10);
CREATE TABLE s (id int, k int);
CREATE FUNCTION trg() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
CREATE TRIGGER tt BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION trg();
ALTER TABLE t ADD CONSTRAINT ck CHECK (c > 0) NOT VALID;
ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (uid) REFERENCES u (id) NOT VALID;
CREATE POLICY pol ON t USING (true);
CREATE MATERIALIZED VIEW mv AS SELECT id FROM u;
`;

/** Statements whose locks are compared; each runs in its own transaction, rolled back. */
const STATEMENTS = [
  'ALTER TABLE t ALTER c SET STATISTICS 100',
  'ALTER TABLE t ALTER COLUMN c SET (n_distinct = 10)',
  'ALTER TABLE t ALTER COLUMN c RESET (n_distinct)',
  'ALTER TABLE t VALIDATE CONSTRAINT ck',
  'ALTER TABLE t VALIDATE CONSTRAINT fk',
  'ALTER TABLE t ADD CONSTRAINT fk2 FOREIGN KEY (uid) REFERENCES u (id) NOT VALID',
  'ALTER TABLE t ADD FOREIGN KEY (uid) REFERENCES u (id)',
  'ALTER TABLE t ADD CONSTRAINT fk3 FOREIGN KEY (uid) REFERENCES u (id), VALIDATE CONSTRAINT ck',
  'ALTER TABLE t ADD CONSTRAINT ck2 CHECK (c > 1) NOT VALID',
  'ALTER TABLE t ADD CONSTRAINT fk4 FOREIGN KEY (uid) REFERENCES u (id) NOT VALID, ADD CONSTRAINT ck4 CHECK (c > 0) NOT VALID',
  'ALTER TABLE t SET (fillfactor = 70)',
  'ALTER TABLE t RESET (fillfactor)',
  'ALTER TABLE t CLUSTER ON t_c',
  'ALTER TABLE t SET WITHOUT CLUSTER',
  'ALTER TABLE t DISABLE TRIGGER tt',
  'ALTER TABLE t ENABLE TRIGGER ALL',
  'ALTER TABLE t ENABLE ROW LEVEL SECURITY',
  'ALTER TABLE t OWNER TO postgres',
  'ALTER TABLE t RENAME CONSTRAINT ck TO ck3',
  'ALTER TABLE t RENAME COLUMN c TO c2',
  'ALTER TABLE t ALTER c SET DEFAULT 1',
  'ALTER TABLE t ALTER c DROP NOT NULL',
  'ALTER TABLE t ALTER c SET NOT NULL',
  'ALTER TABLE t REPLICA IDENTITY FULL',
  'ALTER TABLE t ALTER a TYPE varchar(20)',
  'ALTER TABLE t ADD COLUMN z int',
  'ALTER TABLE t DROP CONSTRAINT ck',
  'ALTER TABLE t DROP CONSTRAINT fk',
  'ALTER TABLE t ALTER CONSTRAINT fk DEFERRABLE',
  'ALTER TABLE t SET LOGGED',
  'ALTER TABLE IF EXISTS ONLY t ADD COLUMN z int',
  'ALTER TABLE p ATTACH PARTITION s FOR VALUES FROM (10) TO (20)',
  'ALTER TABLE p DETACH PARTITION p1',
  'ALTER INDEX t_c SET (fillfactor = 80)',
  'CREATE TRIGGER tt2 BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION trg()',
  'DROP TRIGGER tt ON t',
  'CREATE POLICY pol2 ON t USING (true)',
  'ALTER POLICY pol ON t USING (false)',
  'DROP POLICY pol ON t',
  'CREATE RULE r AS ON INSERT TO s DO NOTHING',
  'COMMENT ON TABLE t IS \'x\'',
  'CREATE INDEX ON t (a)',
  'CREATE UNIQUE INDEX t_a ON t (a)',
  'DROP INDEX t_c',
  'DROP INDEX IF EXISTS public.t_c',
  'REINDEX INDEX t_c',
  'REINDEX TABLE t',
  'CLUSTER t USING t_c',
  'TRUNCATE t, s',
  'TRUNCATE TABLE ONLY s',
  'CREATE TABLE p2 PARTITION OF p FOR VALUES FROM (10) TO (20)',
  'CREATE TABLE x (id int REFERENCES u (id))',
  'CREATE TABLE IF NOT EXISTS y (LIKE t)',
  'GRANT SELECT ON t TO public',
  'CREATE STATISTICS st ON a, c FROM t',
  'ANALYZE t',
  'LOCK TABLE t',
  'LOCK t, s IN ACCESS EXCLUSIVE MODE',
  'LOCK TABLE t IN SHARE MODE',
  'DROP TABLE s',
  'DROP TABLE IF EXISTS s, x CASCADE',
  'SELECT * FROM t',
  'UPDATE t SET c = 1',
  'REFRESH MATERIALIZED VIEW mv',
];

/** Statements PostgreSQL may refuse in a transaction block. */
const TRANSACTION_PROBES = [
  'CREATE INDEX CONCURRENTLY t_a2 ON t (a)',
  'CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS t_a3 ON t (a)',
  'CREATE INDEX t_a4 ON t (a)',
  'DROP INDEX CONCURRENTLY t_c',
  'DROP INDEX t_c',
  'REINDEX INDEX CONCURRENTLY t_c',
  'REINDEX (VERBOSE) TABLE CONCURRENTLY t',
  'REINDEX TABLE t',
  'ALTER TABLE p DETACH PARTITION p1 CONCURRENTLY',
  'VACUUM t',
  'VACUUM (ANALYZE) t',
  'REFRESH MATERIALIZED VIEW mv',
  "ALTER TYPE mood ADD VALUE 'c'",
];

describe('PostgreSQL lock facts the rules rely on (PostgreSQL 15 server)', () => {
  let c: pg.Client;
  after(async () => c?.end());
  const fresh = freshDatabases(after);
  before(async () => {
    c = new pg.Client({ connectionString: (await fresh('postgres')).url });
    await c.connect();
    await c.query(SETUP + "CREATE TYPE mood AS ENUM ('a', 'b');");
  });

  /**
   * The user tables `sql` holds ACCESS EXCLUSIVE on, directly or through one of their indexes.
   * Only relations that existed before it count (a new index or table is locked by its creator,
   * harmlessly), and their names are read first, since a dropped one is gone from pg_class.
   */
  async function observed(sql: string): Promise<string[]> {
    await c.query('BEGIN');
    try {
      const rels = await c.query<{ oid: number; name: string }>(`
        SELECT rel.oid::int AS oid, coalesce(tbl.relname, rel.relname) AS name
        FROM pg_class rel LEFT JOIN pg_index i ON i.indexrelid = rel.oid LEFT JOIN pg_class tbl ON tbl.oid = i.indrelid
        WHERE rel.relnamespace = 'public'::regnamespace AND coalesce(tbl.relkind, rel.relkind) IN ('r', 'p')`);
      const names = new Map(rels.rows.map((r) => [r.oid, r.name]));
      await c.query(sql);
      const locks = await c.query<{ oid: number }>(
        "SELECT relation::int AS oid FROM pg_locks WHERE pid = pg_backend_pid() AND mode = 'AccessExclusiveLock' AND granted AND relation IS NOT NULL");
      return [...new Set(locks.rows.flatMap((l) => names.get(l.oid) ?? []))].sort();
    } finally {
      await c.query('ROLLBACK');
    }
  }

  /** What the rules' classifier says, with index names mapped to their tables as the catalog has them. */
  async function predicted(sql: string): Promise<string[]> {
    const out = new Set<string>();
    for (const target of accessExclusiveTargets(tokenize(sql))) {
      if ('table' in target) out.add(target.table.name);
      else if ('index' in target) {
        const r = await c.query<{ t: string }>('SELECT indrelid::regclass::text AS t FROM pg_index WHERE indexrelid = to_regclass($1)', [target.index.name]);
        for (const row of r.rows) out.add(row.t);
      } else {
        out.add(target.constraintOf.name);
        const r = await c.query<{ t: string }>(
          "SELECT confrelid::regclass::text AS t FROM pg_constraint WHERE conrelid = to_regclass($1) AND conname = $2 AND contype = 'f'", [target.constraintOf.name, target.constraint]);
        for (const row of r.rows) out.add(row.t);
      }
    }
    // The rules resolve names against the schema; here a name that is not a table means nothing.
    const exists = await c.query<{ name: string }>("SELECT relname AS name FROM pg_class WHERE relname = ANY($1) AND relnamespace = 'public'::regnamespace", [[...out]]);
    return exists.rows.map((r) => r.name).sort();
  }

  test(`${STATEMENTS.length} statements: the ACCESS EXCLUSIVE classifier agrees with pg_locks`, async () => {
    const wrong: string[] = [];
    for (const sql of STATEMENTS) {
      const [seen, said] = [await observed(sql), await predicted(sql)];
      if (seen.join() !== said.join()) wrong.push(`${sql}: pg_locks ${JSON.stringify(seen)}, classifier ${JSON.stringify(said)}`);
    }
    assert.deepEqual(wrong, []);
  });

  test('the statements flagged as refused in a transaction block are exactly those PostgreSQL refuses', async () => {
    const wrong: string[] = [];
    for (const sql of TRANSACTION_PROBES) {
      await c.query('BEGIN');
      let refused = false;
      try {
        await c.query(sql);
      } catch (e) {
        refused = (e as { code?: string }).code === '25001';
        if (!refused) wrong.push(`${sql}: ${(e as Error).message}`);
      } finally {
        await c.query('ROLLBACK');
      }
      // PostgreSQL 12+ runs ADD VALUE in a transaction (PG108 flags it before 12 only).
      if (refused !== (nonTransactional(tokenize(sql)) !== undefined)) wrong.push(`${sql}: PostgreSQL ${refused ? 'refuses' : 'runs'} it in a transaction`);
    }
    assert.deepEqual(wrong, []);
  });

  test('type changes: predicted rewrites match the table file node changing', async () => {
    // timestamp → timestamptz skips the rewrite only in UTC; the rule assumes a server that is not.
    await c.query("SET TimeZone = 'Europe/Paris'");
    const pairs: [string, string, string][] = [
      ['varchar(10)', 'varchar(20)', "'x'"], ['varchar(20)', 'varchar(10)', "'x'"], ['varchar(10)', 'varchar', "'x'"], ['varchar(10)', 'text', "'x'"],
      ['varchar', 'text', "'x'"], ['text', 'varchar', "'x'"], ['text', 'varchar(5)', "'x'"], ['xml', 'text', "'<a/>'"],
      ['numeric(5,2)', 'numeric(7,2)', '1.5'], ['numeric(5,2)', 'numeric(7,3)', '1.5'], ['numeric(5,2)', 'numeric', '1.5'], ['numeric', 'numeric(10,2)', '1.5'],
      ['int', 'bigint', '1'], ['bigint', 'int', '1'], ['smallint', 'int', '1'], ['int', 'text', '1'],
      ['timestamp(3)', 'timestamp(6)', 'now()'], ['timestamp(6)', 'timestamp(3)', 'now()'], ['timestamp(3)', 'timestamp', 'now()'], ['timestamp', 'timestamptz', 'now()'],
      ['timestamptz(0)', 'timestamptz(3)', 'now()'], ['time(2)', 'time(4)', 'now()'], ['timetz(2)', 'timetz(4)', 'now()'], ['interval(3)', 'interval', "'1 day'"],
      ['cidr', 'inet', "'10.0.0.0/8'"], ['inet', 'cidr', "'10.0.0.0/8'"], ['bit varying(5)', 'bit varying(10)', "B'101'"], ['bit(3)', 'bit varying', "B'101'"],
      ['char(5)', 'char(10)', "'x'"], ['char(5)', 'text', "'x'"], ['int[]', 'bigint[]', "'{1}'"], ['varchar(10)[]', 'varchar(20)[]', "'{a}'"],
      ['uuid', 'text', 'gen_random_uuid()'], ['date', 'timestamp', 'now()'],
    ];
    const wrong: string[] = [];
    for (const [from, to, value] of pairs) {
      await c.query('DROP TABLE IF EXISTS tc');
      await c.query(`CREATE TABLE tc (v ${from})`);
      await c.query(`INSERT INTO tc VALUES (${value})`);
      const info = async () => (await c.query<{ node: string; type: string }>(
        "SELECT pg_relation_filenode('tc')::text AS node, format_type(atttypid, atttypmod) AS type FROM pg_attribute WHERE attrelid = 'tc'::regclass AND attname = 'v'")).rows[0];
      const a = await info();
      await c.query(`ALTER TABLE tc ALTER COLUMN v TYPE ${to} USING v::${to}`);
      const b = await info();
      const rewrote = a.node !== b.node;
      if (rewrote !== typeChangeRewrites(a.type, b.type)) wrong.push(`${a.type} → ${b.type}: PostgreSQL ${rewrote ? 'rewrites' : 'does not rewrite'}`);
    }
    await c.query('RESET TimeZone');
    assert.deepEqual(wrong, []);
  });

  test('adding columns: predicted rewrites match the table file node changing', async () => {
    const conn: Connection = await connect(`postgres://${c.user}@${c.host}:${c.port}/${c.database}`);
    try {
      const adds: [string, boolean][] = [
        ['a int', false], ['a int NOT NULL DEFAULT 0', false], ["a text DEFAULT 'x'", false], ['a timestamptz DEFAULT now()', false],
        ['a uuid DEFAULT gen_random_uuid()', true], ['a timestamptz DEFAULT clock_timestamp()', true], ['a float8 DEFAULT random()', true],
        ['a serial', true], ['a bigint GENERATED ALWAYS AS IDENTITY', true], ['a int GENERATED ALWAYS AS (id * 2) STORED', true],
        ['a text DEFAULT vol()', true], ['a text DEFAULT imm()', false], ["a bigint DEFAULT nextval('ac_seq')", true],
      ];
      // PL/pgSQL: a simple SQL function is inlined first, and its volatility goes with it.
      await conn.exec("CREATE FUNCTION vol() RETURNS text LANGUAGE plpgsql AS $$ BEGIN RETURN 'v'; END $$");
      await conn.exec('CREATE SEQUENCE ac_seq');
      await conn.exec("CREATE FUNCTION imm() RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT 'i' $$");
      const wrong: string[] = [];
      for (const [def, expected] of adds) {
        await conn.exec('DROP TABLE IF EXISTS ac');
        await conn.exec('CREATE TABLE ac (id int)');
        await conn.exec('INSERT INTO ac VALUES (1)');
        const node = async () => (await conn.query<{ n: string }>("SELECT pg_relation_filenode('ac')::text AS n"))[0].n;
        const before = await node();
        await conn.exec(`ALTER TABLE ac ADD COLUMN ${def}`);
        const rewrote = (await node()) !== before;
        const realm = await postgresSchemaEngine.inspect(conn, {});
        const col = realm.schemas.find((x) => x.name === 'public')!.tables.find((t) => t.name === 'ac')!.columns.find((x) => x.name === 'a')!;
        const said = rewriteReason(col, realm, 15) !== undefined;
        if (rewrote !== expected || said !== rewrote) wrong.push(`ADD COLUMN ${def}: PostgreSQL ${rewrote ? 'rewrites' : 'does not rewrite'}, the rule says ${said ? 'it does' : 'it does not'}`);
      }
      assert.deepEqual(wrong, []);
    } finally {
      await conn.close();
    }
  });

  test('SET NOT NULL skips the scan exactly when the rule sees a validated CHECK (col IS NOT NULL)', async () => {
    const conn: Connection = await connect(`postgres://${c.user}@${c.host}:${c.port}/${c.database}`);
    const notices: string[] = [];
    const listen = (m: { message?: string }) => void notices.push(m.message ?? '');
    c.on('notice', listen);
    try {
      const checks = [
        'CHECK (v IS NOT NULL)', 'CHECK (v IS NOT NULL) NOT VALID', 'CHECK (w > 0 AND v IS NOT NULL)', 'CHECK ((v IS NOT NULL) AND (w IS NOT NULL))',
        'CHECK (w IS NOT NULL)', 'CHECK (v IS NOT NULL OR w IS NOT NULL)', 'CHECK (v > 0)',
      ];
      const wrong: string[] = [];
      const skips: boolean[] = [];
      for (const check of checks) {
        await c.query('DROP TABLE IF EXISTS nn');
        await c.query('CREATE TABLE nn (v int, w int)');
        await c.query('INSERT INTO nn VALUES (1, 1)');
        await c.query(`ALTER TABLE nn ADD CONSTRAINT nn_check ${check}`);
        const realm = await postgresSchemaEngine.inspect(conn, {});
        const table = realm.schemas.find((x) => x.name === 'public')!.tables.find((t) => t.name === 'nn');
        notices.length = 0;
        await c.query('SET client_min_messages = debug1');
        await c.query('ALTER TABLE nn ALTER COLUMN v SET NOT NULL');
        await c.query('RESET client_min_messages');
        const skipped = notices.some((n) => /sufficient to prove that it does not contain nulls/.test(n));
        skips.push(skipped);
        if (skipped !== hasNotNullCheck(table, 'v')) wrong.push(`${check}: PostgreSQL ${skipped ? 'skips' : 'runs'} the scan`);
      }
      assert.deepEqual(wrong, []);
      assert.deepEqual(skips, [true, false, true, true, false, false, false], 'the DEBUG1 notice is how the scan is seen');
    } finally {
      c.off('notice', listen);
      await conn.close();
    }
  });

  test('a new enum value used in the transaction that added it fails, as PG109 says; committed first, it works', async () => {
    const run = async (statements: string[]): Promise<string | undefined> => {
      await c.query('BEGIN');
      try {
        for (const sql of statements) await c.query(sql);
        return undefined;
      } catch (e) {
        return (e as { code?: string }).code;
      } finally {
        await c.query('ROLLBACK');
      }
    };
    await c.query("CREATE TYPE feeling AS ENUM ('ok'); CREATE TABLE feelings (id int, f feeling)");
    assert.equal(await run(["ALTER TYPE feeling ADD VALUE 'meh'", "UPDATE feelings SET f = 'meh'"]), '55P04');
    assert.equal(await run(["ALTER TYPE feeling ADD VALUE 'meh'", "SELECT 'meh'::feeling"]), '55P04');
    assert.equal(await run(["ALTER TYPE feeling ADD VALUE 'meh'", 'CREATE TABLE f2 (f feeling)', "INSERT INTO f2 VALUES ('meh')"]), '55P04');
    assert.equal(await run(["ALTER TYPE feeling ADD VALUE 'meh'", "UPDATE feelings SET f = 'ok'"]), undefined, 'an old value is fine');
    await c.query("ALTER TYPE feeling ADD VALUE 'meh'");
    assert.equal(await run(["UPDATE feelings SET f = 'meh'"]), undefined, 'once committed, the value can be used');
  });

  test('the volatile functions listed are volatile, and common stable ones are not listed', async () => {
    const r = await c.query<{ proname: string; provolatile: string }>(
      "SELECT DISTINCT proname, provolatile FROM pg_proc WHERE pronamespace = 'pg_catalog'::regnamespace AND proname = ANY($1)",
      [['random', 'setseed', 'clock_timestamp', 'timeofday', 'gen_random_uuid', 'nextval', 'currval', 'lastval', 'setval', 'txid_status', 'set_config', 'current_query', 'now', 'statement_timestamp', 'transaction_timestamp', 'md5', 'lower']]);
    const none = realm([emptySchema('public')]);
    const wrong = r.rows.filter((row) => (row.provolatile === 'v') !== (volatileCall(`${row.proname}()`, none) !== undefined)).map((row) => `${row.proname} (${row.provolatile})`);
    assert.deepEqual(wrong, []);
    assert.equal(r.rows.length >= 17, true, 'every function asked about exists');
    assert.equal(volatileCall("'gen_random_uuid()'::text", none), undefined, 'a string is not a call');
    assert.equal(volatileCall('extensions.uuid_generate_v4()', none), 'uuid_generate_v4');
  });
});
