/**
 * applyMany / statusMany as a library: unreachable targets (a closed port, and a server that
 * accepts but never answers, cut off by the connect timeout) are reported while the rest go on;
 * at most `concurrency` targets run at once; an abort starts no new target and lets running ones
 * finish their current file; a directory error is one error before any target is touched; a
 * schema per tenant on one PostgreSQL database, the tenants beside each other.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyMany, statusMany } from '../../src/index.js';
import { CairnError } from '../../src/errors.js';
import { parseTenants, schemaTemplateTargets } from '../../src/migrate/fanout/targets.js';
import { migrationDir, pgFleet, PORTABLE, NEWEST, sql, type Fleet } from './helpers.js';

let fleet: Fleet;
let silent: Server;
const sockets: Socket[] = [];
let silentUrl: string;
const dir = migrationDir(PORTABLE);

before(async () => {
  fleet = await pgFleet(8);
  // Accepts connections and never says a word: only the connect timeout ends the wait.
  silent = createServer((s) => void sockets.push(s));
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  silentUrl = `postgres://app:s3cret@127.0.0.1:${(silent.address() as { port: number }).port}/shop`;
});

after(async () => {
  for (const s of sockets) s.destroy();
  silent?.close();
  await fleet?.drop();
  dir.dispose();
});

test('unreachable targets are reported within the connect timeout, password masked, and the others go on', async () => {
  const closed = 'postgres://app:s3cret@127.0.0.1:1/shop';
  const targets = [fleet.urls[0]!, closed, silentUrl, fleet.urls[1]!];
  const t0 = Date.now();
  const r = await applyMany({ targets, dir: dir.path, connectTimeoutMs: 700, concurrency: 4 });
  assert.ok(Date.now() - t0 < 5000, `bounded: ${Date.now() - t0} ms`);
  assert.deepEqual(r.targets.map((o) => [o.status, o.error?.code]), [['ok', undefined], ['failed', 'CONNECT'], ['failed', 'CONNECT'], ['ok', undefined]]);
  assert.deepEqual(r.totals, { targets: 4, ok: 2, failed: 2, interrupted: 0, skipped: 0 });
  assert.equal(r.applied, 10);
  const silentOutcome = r.targets[2]!;
  assert.ok(silentOutcome.durationMs >= 600 && silentOutcome.durationMs < 4000, `timed out after ~700 ms: ${silentOutcome.durationMs}`);
  assert.ok(!JSON.stringify(r).includes('s3cret'), JSON.stringify(r));
  assert.equal(r.targets[1]!.target, 'postgres://app:****@127.0.0.1:1/shop');
});

test('at most `concurrency` targets run at once, and events name their target', async () => {
  let running = 0;
  let peak = 0;
  const fileStarts = new Set<string>();
  const r = await applyMany({
    targets: fleet.urls.slice(2, 8), dir: dir.path, concurrency: 2,
    onEvent: (e) => {
      if (e.type === 'target-start') peak = Math.max(peak, ++running);
      if (e.type === 'target-done') running--;
      if (e.type === 'progress' && e.event.type === 'file-start') fileStarts.add(e.target);
    },
  });
  assert.equal(peak, 2);
  assert.equal(fileStarts.size, 6);
  assert.ok(r.targets.every((o) => o.status === 'ok' && o.current === NEWEST));
  const st = await statusMany({ targets: fleet.urls.slice(0, 8), dir: dir.path, concurrency: 3 });
  assert.deepEqual(st.totals, { targets: 8, ok: 8, pending: 0, integrity: 0, failed: 0, skipped: 0 });
});

test('an abort starts no new target; the running ones stop after their current file and resume later', async () => {
  const slow = migrationDir({
    '1_a.sql': 'CREATE TABLE a (id int);\nSELECT pg_sleep(0.2);\n',
    '2_b.sql': 'CREATE TABLE b (id int);\nSELECT pg_sleep(0.2);\n',
    '3_c.sql': 'CREATE TABLE c (id int);\n',
  });
  const slowFleet = await pgFleet(5);
  try {
    const controller = new AbortController();
    let inFirstFile = 0;
    // Abort once both running targets are inside their first file.
    const r = await applyMany({
      targets: slowFleet.urls, dir: slow.path, concurrency: 2, signal: controller.signal,
      onEvent: (e) => void (e.type === 'progress' && e.event.type === 'file-start' && ++inFirstFile === 2 && controller.abort()),
    });
    assert.equal(r.interrupted, true);
    assert.deepEqual(r.targets.map((o) => o.status), ['interrupted', 'interrupted', 'skipped', 'skipped', 'skipped']);
    assert.deepEqual(r.targets.slice(0, 2).map((o) => [o.applied, o.current]), [[1, '1'], [1, '1']], 'each finished the file it was in');
    assert.equal(await sql(slowFleet.urls[2]!, "SELECT to_regclass('cairn_revisions') AS t").then((rows) => rows[0]!.t), null, 'a skipped target is untouched');
    const again = await applyMany({ targets: slowFleet.urls, dir: slow.path, concurrency: 5 });
    assert.deepEqual(again.targets.map((o) => [o.status, o.applied]), [['ok', 2], ['ok', 2], ['ok', 3], ['ok', 3], ['ok', 3]]);
  } finally {
    await slowFleet.drop();
    slow.dispose();
  }
});

test('a directory error is one error, before any target is touched', async () => {
  const bad = migrationDir(PORTABLE);
  writeFileSync(join(bad.path, '20240101000002_orders.sql'), 'CREATE TABLE orders (id bigint);\n'); // edited after hashing
  const fresh = await pgFleet(1);
  try {
    await assert.rejects(applyMany({ targets: [fresh.urls[0]!, 'postgres://app:pw@127.0.0.1:1/x'], dir: bad.path }), (e: unknown) => e instanceof CairnError && e.code === 'SUM_MISMATCH');
    assert.equal((await sql(fresh.urls[0]!, "SELECT to_regclass('cairn_revisions') AS t"))[0]!.t, null);
    await assert.rejects(applyMany({ targets: [fresh.urls[0]!], dir: dir.path, concurrency: 0 }), /concurrency must be a whole number/);
  } finally {
    await fresh.drop();
    bad.dispose();
  }
});

test('a schema per tenant on one PostgreSQL database: each tenant its own tables, revision table and lock', async () => {
  const db = await pgFleet(1);
  try {
    // Something of the application's own in public does not make a tenant's schema dirty.
    await sql(db.urls[0]!, 'CREATE TABLE public.plans (id int)');
    const tenants = parseTenants('acme\nglobex\ninitech\numbrella\n', 'tenants.txt');
    const targets = schemaTemplateTargets(db.urls[0]!, 'tenant_{tenant}', tenants);
    const r = await applyMany({ targets, dir: dir.path, concurrency: 4 });
    assert.deepEqual(r.targets.map((o) => [o.tenant, o.status, o.current]), tenants.map((t) => [t.name, 'ok', NEWEST]));
    const rows = await sql(db.urls[0]!, "SELECT schemaname || '.' || tablename AS t FROM pg_tables WHERE schemaname LIKE 'tenant_%' ORDER BY 1");
    assert.equal(rows.length, 4 * 4, 'users, orders, notes and cairn_revisions in each tenant schema');
    assert.ok(rows.some((x) => x.t === 'tenant_umbrella.cairn_revisions'));
    // A tenant that has objects of its own but no history is still refused.
    await sql(db.urls[0]!, 'CREATE SCHEMA tenant_hooli; CREATE TABLE tenant_hooli.legacy (id int)');
    const more = schemaTemplateTargets(db.urls[0]!, 'tenant_{tenant}', parseTenants('acme\nhooli\n', 't.txt'));
    const r2 = await applyMany({ targets: more, dir: dir.path });
    assert.deepEqual(r2.targets.map((o) => [o.tenant, o.status, o.error?.code]), [['acme', 'ok', undefined], ['hooli', 'failed', 'HISTORY_MISMATCH']]);
    assert.match(r2.targets[1]!.error!.message, /legacy/);
  } finally {
    await db.drop();
  }
});
