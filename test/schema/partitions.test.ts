/** Declarative partitioning on PGlite: what the inspector reads, what the planner refuses, the DSL. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { open } from './helpers/conn.js';
import { inspectRealm } from '../../src/dialects/postgres/inspect.js';
import { planChanges } from '../../src/dialects/postgres/plan.js';
import { checkPlanSafety } from '../../src/diff/gated-plan.js';
import { diffRealms } from './helpers/pg-diff.js';
import { canonicalJson, findTable } from '../../src/schema/build.js';
import { CairnError } from '../../src/errors.js';
import { bigint, compileSchema, date, index, partition, primaryKey, sql, table, text } from '../../src/dsl/index.js';
import { quoteIdent } from '../../src/dialects/postgres/dialect.js';
import type { Realm } from '../../src/schema/model.js';
import { generateDsl } from '../../src/dialects/postgres/inspect-ts.js';
import { dslRoundTrip } from './helpers/dsl.js';
import { firstDifference } from './helpers/cases-run.js';

const EV = `CREATE TABLE ev (id bigint NOT NULL, at date NOT NULL, kind text, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
  CREATE TABLE ev_2024 PARTITION OF ev FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');`;

async function realmOf(ddl: string): Promise<Realm> {
  const conn = await open('pglite:memory');
  try {
    await conn.exec(ddl);
    return await inspectRealm(conn);
  } finally {
    await conn.close();
  }
}

test('the inspector reads partitioning once: a partition lists only what is its own', async () => {
  const conn = await open('pglite:memory');
  try {
    await conn.exec(`${EV} CREATE TABLE ev_rest PARTITION OF ev DEFAULT;
      CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
      CREATE TABLE u (id bigint PRIMARY KEY); ALTER TABLE ev ADD CONSTRAINT ev_u FOREIGN KEY (id) REFERENCES u (id);
      ALTER TABLE ev ADD CONSTRAINT ev_pos CHECK (id > 0); CREATE INDEX ev_kind ON ev (kind);
      CREATE TRIGGER ev_t BEFORE INSERT ON ev FOR EACH ROW EXECUTE FUNCTION f();
      CREATE INDEX ev_2024_local ON ev_2024 (kind) WHERE kind IS NOT NULL; ALTER TABLE ev_2024 ADD CONSTRAINT ev_2024_small CHECK (id < 100);
      CREATE TABLE r (id bigint, at date, CONSTRAINT r_ev FOREIGN KEY (id, at) REFERENCES ev (id, at))`);
    const [r1, r2] = [await inspectRealm(conn), await inspectRealm(conn)];
    assert.equal(canonicalJson(r1), canonicalJson(r2));
    const ev = findTable(r1, 'public', 'ev')!;
    assert.equal(ev.partitionBy, 'RANGE (at)');
    assert.equal(ev.partitionOf, undefined);
    assert.deepEqual([ev.primaryKey?.name, ev.checks.map((c) => c.name), ev.foreignKeys.map((f) => f.name), ev.indexes.map((i) => i.name), ev.triggers.map((t) => t.name)],
      ['ev_pkey', ['ev_pos'], ['ev_u'], ['ev_kind'], ['ev_t']]);
    const p = findTable(r1, 'public', 'ev_2024')!;
    assert.deepEqual(p.partitionOf, { parent: { schema: 'public', name: 'ev' }, bound: "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')" });
    assert.deepEqual([p.columns, p.primaryKey, p.checks.map((c) => c.name), p.foreignKeys, p.indexes.map((i) => i.name), p.triggers],
      [[], undefined, ['ev_2024_small'], [], ['ev_2024_local'], []]);
    assert.equal(findTable(r1, 'public', 'ev_rest')!.partitionOf?.bound, 'DEFAULT');
    // A foreign key to a partitioned table is one constraint, not one per partition.
    assert.deepEqual(findTable(r1, 'public', 'r')!.foreignKeys.map((f) => f.name), ['r_ev']);
  } finally {
    await conn.close();
  }
});

test('partition bounds read the same whatever the session time zone', async () => {
  const conn = await open('pglite:memory');
  try {
    await conn.exec(`CREATE TABLE t (at timestamptz) PARTITION BY RANGE (at); CREATE TABLE t1 PARTITION OF t FOR VALUES FROM ('2024-01-01 00:00+02') TO (MAXVALUE)`);
    await conn.exec(`SET TimeZone = 'America/New_York'`);
    const r = await inspectRealm(conn);
    assert.equal(findTable(r, 'public', 't1')!.partitionOf?.bound, "FOR VALUES FROM ('2023-12-31 22:00:00+00') TO (MAXVALUE)");
    const [{ tz }] = await conn.query<{ tz: string }>(`SELECT current_setting('TimeZone') AS tz`);
    assert.equal(tz, 'America/New_York');
  } finally {
    await conn.close();
  }
});

test('a new partition key re-creates the table, copying its rows, only with --allow-drop; a table that would become a partitioned partition stops the plan', async () => {
  const recreate = async (from: string, to: string) => {
    const [a, b] = [await realmOf(from), await realmOf(to)];
    const changes = diffRealms(a, b); // no drop: the rest of the table is not compared
    assert.deepEqual(changes.map((c) => c.kind), ['ModifyPartitioning']);
    const statements = planChanges(changes, a, b).statements;
    assert.throws(() => checkPlanSafety(statements, false), (e: unknown) => e instanceof CairnError && e.code === 'UNSAFE_CHANGE' && /drop table public\.t\b.*--allow-drop/.test(e.message));
    assert.doesNotThrow(() => checkPlanSafety(statements, true));
    assert.deepEqual(statements.map((s) => s.sql.split(/[\s(]/).slice(0, 2).join(' ')), ['CREATE TABLE', 'DROP TABLE', 'CREATE TABLE', 'INSERT INTO', 'DROP TABLE']);
    assert.match(statements[0].comment, /copy the rows of public\.t aside: it is re-created/);
  };
  await recreate('CREATE TABLE t (a int, at date) PARTITION BY RANGE (at)', 'CREATE TABLE t (a int, at date) PARTITION BY LIST (a)');
  await recreate('CREATE TABLE t (a int, at date)', 'CREATE TABLE t (a int, at date) PARTITION BY RANGE (at)');
  const [a, b] = [await realmOf(`${EV} CREATE TABLE x (id bigint NOT NULL, at date NOT NULL, kind text)`), await realmOf(`${EV} CREATE TABLE x PARTITION OF ev DEFAULT PARTITION BY RANGE (id)`)];
  const changes = diffRealms(a, b);
  assert.deepEqual(changes.map((c) => c.kind), ['ModifyPartitioning']);
  assert.throws(() => planChanges(changes, a, b), (e: unknown) => e instanceof CairnError && e.code === 'SCHEMA' &&
    /^table public\.x cannot change from not a partition to a partition of public\.ev and its partitioning in place$/.test(e.message));
});

test('a partition that becomes a plain table is detached with its rows; a plain table is attached (after its columns and key match), and fails on rows outside its bound', async () => {
  const [from, to] = [await open('pglite:memory'), await open('pglite:memory')];
  const plainX = 'CREATE TABLE x (id bigint NOT NULL, at date NOT NULL, kind text, note text)';
  try {
    await from.exec(`${EV} CREATE TABLE x PARTITION OF ev DEFAULT; INSERT INTO ev VALUES (1, '2024-05-01', 'a'), (2, '2030-01-01', 'b'), (3, '2031-01-01', 'c')`);
    await to.exec(`${EV} ${plainX}`);
    const [a, b] = [await inspectRealm(from), await inspectRealm(to)];
    const p = planChanges(diffRealms(a, b), a, b);
    assert.deepEqual(p.statements.map((s) => [s.sql, s.reverse]), [
      ['ALTER TABLE "public"."ev" DETACH PARTITION "public"."x"', 'ALTER TABLE "public"."ev" ATTACH PARTITION "public"."x" DEFAULT'],
      ['ALTER TABLE "public"."x" DROP CONSTRAINT "x_pkey"', 'ALTER TABLE "public"."x" ADD CONSTRAINT "x_pkey" PRIMARY KEY ("id", "at")'],
      ['ALTER TABLE "public"."x" ADD COLUMN "note" text', 'ALTER TABLE "public"."x" DROP COLUMN "note"'],
    ]);
    assert.deepEqual(p.statements[0].hazards, ['locks-table']);
    for (const st of p.statements) await from.exec(st.sql);
    assert.deepEqual(await from.query('SELECT id, kind FROM x ORDER BY id'), [{ id: 2, kind: 'b' }, { id: 3, kind: 'c' }]);
    assert.deepEqual(await from.query('SELECT id FROM ev ORDER BY id'), [{ id: 1 }]);
    const now = await inspectRealm(from);
    assert.equal(canonicalJson(now), canonicalJson(b));

    // Back, as a partition for a bound one of its rows is outside: ATTACH scans and fails (may-fail).
    await to.exec(`DROP TABLE x; CREATE TABLE x PARTITION OF ev FOR VALUES FROM ('2030-01-01') TO ('2031-01-01')`);
    const c = await inspectRealm(to);
    const q = planChanges(diffRealms(now, c, { allowDrop: true }), now, c);
    assert.deepEqual(q.statements.map((s) => s.sql), [
      'ALTER TABLE "public"."x" DROP COLUMN "note"',
      'ALTER TABLE "public"."x" ADD CONSTRAINT "x_pkey" PRIMARY KEY ("id", "at")',
      `ALTER TABLE "public"."ev" ATTACH PARTITION "public"."x" FOR VALUES FROM ('2030-01-01') TO ('2031-01-01')`,
    ]);
    const attach = q.statements[2];
    assert.deepEqual([attach.reverse, attach.hazards], ['ALTER TABLE "public"."ev" DETACH PARTITION "public"."x"', ['locks-table', 'may-fail']]);
    assert.match(attach.comment, /scans the rows/);
    for (const st of q.statements.slice(0, 2)) await from.exec(st.sql);
    await assert.rejects(from.exec(attach.sql), /violated by some row/);
    await from.exec('DELETE FROM x WHERE id = 3');
    await from.exec(attach.sql);
    assert.deepEqual(await from.query('SELECT id FROM ev ORDER BY id'), [{ id: 1 }, { id: 2 }]);
    assert.equal(canonicalJson(await inspectRealm(from)), canonicalJson(c));
  } finally {
    await from.close();
    await to.close();
  }
});

test('a partition dropped while another takes the same rows reads as a rename the user forgot', async () => {
  const [a, b] = [await realmOf(EV), await realmOf(EV.replace('ev_2024 PARTITION', 'ev_y2024 PARTITION'))];
  assert.throws(() => diffRealms(a, b), (e: unknown) => e instanceof CairnError && e.code === 'UNSAFE_CHANGE' && /--rename public\.ev_2024=ev_y2024/.test(e.message));
});

test('a new bound is DETACH + ATTACH with reverses; a partitioned table\'s index is never CONCURRENTLY', async () => {
  const from = await realmOf(EV);
  const to = await realmOf(EV.replace("TO ('2025-01-01')", "TO ('2024-07-01')") + ' CREATE INDEX ev_kind ON ev (kind); CREATE INDEX ev_2024_at ON ev_2024 (at);');
  const p = planChanges(diffRealms(from, to), from, to, { concurrentIndexes: true });
  assert.deepEqual(p.statements.map((s) => [s.sql, s.reverse]), [
    ['ALTER TABLE "public"."ev" DETACH PARTITION "public"."ev_2024"', `ALTER TABLE "public"."ev" ATTACH PARTITION "public"."ev_2024" FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')`],
    [`ALTER TABLE "public"."ev" ATTACH PARTITION "public"."ev_2024" FOR VALUES FROM ('2024-01-01') TO ('2024-07-01')`, 'ALTER TABLE "public"."ev" DETACH PARTITION "public"."ev_2024"'],
    ['CREATE INDEX "ev_kind" ON "public"."ev" USING btree ("kind")', 'DROP INDEX "public"."ev_kind"'],
    ['CREATE INDEX CONCURRENTLY "ev_2024_at" ON "public"."ev_2024" USING btree ("at")', 'DROP INDEX CONCURRENTLY "public"."ev_2024_at"'],
  ]);
});

test('the DSL declares partitioned tables and partitions; parents are created first whatever the order', () => {
  const events = table('events', { id: bigint().notNull(), at: date().notNull(), kind: text() },
    (t) => [primaryKey('events_pkey').on(t.id, t.at)], { partitionBy: 'RANGE (at)' });
  const y2024 = partition('events_2024', events, sql`FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')`, (t) => [index('events_2024_kind').on(t.kind)], { partitionBy: 'LIST (kind)' });
  const a = partition('events_2024_a', y2024, "FOR VALUES IN ('a')", undefined, { schema: 'arch', comment: 'a' });
  assert.equal(y2024.schema, 'public');
  assert.deepEqual(Object.keys(a.c), ['id', 'at', 'kind']);
  const s = compileSchema([a, y2024, events], quoteIdent).statements;
  assert.deepEqual(s.filter((x) => x.startsWith('CREATE TABLE') || x.startsWith('CREATE INDEX')), [
    'CREATE TABLE "public"."events" (\n  "id" bigint NOT NULL,\n  "at" date NOT NULL,\n  "kind" text,\n  CONSTRAINT "events_pkey" PRIMARY KEY ("id", "at")\n) PARTITION BY RANGE (at)',
    `CREATE TABLE "public"."events_2024" PARTITION OF "public"."events" FOR VALUES FROM ('2024-01-01') TO ('2025-01-01') PARTITION BY LIST (kind)`,
    `CREATE TABLE "arch"."events_2024_a" PARTITION OF "public"."events_2024" FOR VALUES IN ('a')`,
    'CREATE INDEX "events_2024_kind" ON "public"."events_2024" ("kind")',
  ]);
  assert.ok(s.includes(`COMMENT ON TABLE "arch"."events_2024_a" IS 'a'`));
});

test('inspect --format ts writes a partition after its parent, even from a schema written earlier', async () => {
  const [conn, again] = [await open('pglite:memory'), await open('pglite:memory')];
  try {
    await conn.exec(`${EV} CREATE SCHEMA arch; CREATE TABLE arch.ev_old PARTITION OF ev FOR VALUES FROM (MINVALUE) TO ('2024-01-01') PARTITION BY HASH (id);
      CREATE TABLE arch.ev_old0 PARTITION OF arch.ev_old FOR VALUES WITH (modulus 1, remainder 0); CREATE INDEX ev_old0_kind ON arch.ev_old0 (kind)`);
    const want = await inspectRealm(conn);
    const src = generateDsl(want);
    assert.ok(src.indexOf('export const ev = table(') < src.indexOf('export const arch_ev_old = partition("ev_old", ev, '), src);
    assert.match(src, /partition\("ev_old0", arch_ev_old, "FOR VALUES WITH \(modulus 1, remainder 0\)", \(t\) => \[\n  index\("ev_old0_kind"\)\.on\(t\["kind"\]\),\n\]\)/);
    const got = await dslRoundTrip(want, again);
    assert.ok(canonicalJson(got) === canonicalJson(want), firstDifference(canonicalJson(got), canonicalJson(want)));
    // Without the parent's schema there is no constant to name.
    assert.throws(() => generateDsl(pickOne(want, 'arch')), (e: unknown) => e instanceof CairnError && /partition arch\.ev_old cannot be written as DSL: its parent public\.ev/.test(e.message));
  } finally {
    await conn.close();
    await again.close();
  }
});

const pickOne = (r: Realm, schema: string): Realm => ({ ...r, schemas: r.schemas.filter((s) => s.name === schema) });
