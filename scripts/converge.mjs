#!/usr/bin/env node
// Real-world convergence check for one PostgreSQL migration directory, as the acceptance
// criteria state it: replay the history on a dev database and inspect it (S); plan empty → S;
// its statements, run in order on a fresh database, must inspect as S and its down part must
// return to empty; and `diff` of the directory against the planned SQL must be in sync.
//
//   node scripts/converge.mjs <dir> [pglite:memory | postgres://...]   (needs `npm run build`)
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';
setFlagsFromString('--liftoff-only');

const [dirArg, devUrl = 'pglite:memory'] = process.argv.slice(2);
if (!dirArg) { console.error('usage: converge.mjs <dir> [dev-url]'); process.exit(4); }
const dirPath = resolve(dirArg);
const lib = (p) => import(new URL(`../dist/${p}`, import.meta.url).href);
const { extensionsIn } = await lib('dialects/registry.js');
const { readMigrationDir } = await lib('migrate/dir/read.js');
const { replayMigrations } = await lib('diff/replay.js');
const { withDevDatabases } = await lib('diff/devdb.js');
const { inspectRealm } = await lib('dialects/postgres/inspect.js');
const { diffRealms } = await lib('diff/diff.js');
const { postgresSchemaEngine } = await lib('dialects/postgres/plan-engine.js');
const { renderStatements, reversePlan } = await lib('plan/render.js');
const { diff } = await lib('commands/diff.js');

const step = (name) => console.log(`- ${name}`);
try {
  const dir = readMigrationDir(dirPath);
  step(`${dir.migrations.length} migrations (${dir.format?.name ?? 'detected'})`);
  const extensions = extensionsIn(devUrl, dir.migrations.map((m) => m.up.text));
  // The replay, then (on its instance reset to empty, or a fresh scratch database on a server,
  // so that roles the history created exist as on a real target) the planned statements, in
  // order and once each as `cairn apply` runs them: they must inspect as S, and the down plan
  // must take the database back to empty.
  // On a server the two jobs run at once, each in its own scratch database: the second waits
  // for the plan the first computes (and fails with it).
  let empty, target, plan;
  let planned;
  const planReady = new Promise((resolve, reject) => { planned = { resolve, reject }; });
  planReady.catch(() => undefined); // the first job reports its own failure
  const [, [after, back]] = await withDevDatabases(devUrl, async (conn, dev) => {
    try {
      empty = await inspectRealm(conn);
      await replayMigrations(conn, dir.migrations, { dir: dirPath, dev });
      target = await inspectRealm(conn);
      const tables = target.schemas.reduce((n, s) => n + s.tables.length, 0);
      step(`replayed and inspected: ${target.schemas.length} schemas, ${tables} tables`);
      plan = postgresSchemaEngine.plan(diffRealms(empty, target), empty, target, {});
      planned.resolve();
    } catch (e) {
      planned.reject(e);
      throw e;
    }
  }, async (conn) => {
    await planReady;
    const run = async (statements, what) => {
      for (const s of statements) {
        try { await conn.exec(s.sql); } catch (e) { throw Object.assign(new Error(`${what} failed in order: ${e.message}\n  statement: ${s.sql.slice(0, 500)}`), { code: 'PLAN_ORDER' }); }
      }
      return inspectRealm(conn);
    };
    const up = await run(plan.statements, 'the planned up');
    return [up, await run(reversePlan(plan).statements, 'the planned down')];
  }, { extensions });
  const sql = renderStatements(plan.statements);
  const upLeft = diffRealms(after, target);
  if (upLeft.length) throw new Error(`the planned up leaves differences: ${upLeft.map((c) => c.kind).join(', ')}`);
  const downLeft = diffRealms(back, empty, { allowDrop: true });
  if (downLeft.length) throw new Error(`the planned down leaves differences: ${downLeft.map((c) => c.kind).join(', ')}`);
  step('planned up applies in order and inspects as S; the planned down returns to empty');
  const tmp = mkdtempSync(join(tmpdir(), 'cairn-converge-'));
  try {
    writeFileSync(join(tmp, 'schema.sql'), sql);
    const r = await diff({ dir: dirPath, name: 'x', to: join(tmp, 'schema.sql'), devUrl, check: true });
    if (!r.inSync) {
      console.log(`FAIL: diff against the planned schema is not in sync:\n${r.up}`);
      console.log(`(planned schema kept in ${tmp}/schema.sql)`);
      process.exit(1);
    }
  } finally {
    if (process.exitCode === undefined) rmSync(tmp, { recursive: true, force: true });
  }
  step('diff --check against the planned schema: in sync');
  console.log('OK');
  process.exit(0);
} catch (e) {
  console.log(`FAIL: ${e.code ?? ''} ${e.message}`);
  if (e.details) console.log(JSON.stringify(e.details, null, 2).slice(0, 2000));
  if (e.hint) console.log(`hint: ${e.hint}`);
  process.exit(1);
}
