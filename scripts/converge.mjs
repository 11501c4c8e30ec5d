#!/usr/bin/env node
// Real-world convergence check for one PostgreSQL migration directory, as the acceptance
// criteria state it: replay the history on a dev database and inspect it (S); render the plan
// empty → S as SQL; `diff` the directory against that SQL must then be in sync, and applying
// the planned SQL to an empty database must inspect as S.
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
const { withDevDatabase } = await lib('diff/devdb.js');
const { inspectRealm } = await lib('dialects/postgres/inspect.js');
const { diffRealms } = await lib('diff/diff.js');
const { postgresSchemaEngine } = await lib('dialects/postgres/plan-engine.js');
const { renderStatements } = await lib('plan/render.js');
const { diff } = await lib('commands/diff.js');

const step = (name) => console.log(`- ${name}`);
try {
  const dir = readMigrationDir(dirPath);
  step(`${dir.migrations.length} migrations (${dir.format?.name ?? 'detected'})`);
  const extensions = extensionsIn(devUrl, dir.migrations.map((m) => m.up.text));
  const [empty, target] = await withDevDatabase(devUrl, async (conn) => {
    const e = await inspectRealm(conn);
    await replayMigrations(conn, dir.migrations, { dir: dirPath });
    return [e, await inspectRealm(conn)];
  }, { extensions });
  const tables = target.schemas.reduce((n, s) => n + s.tables.length, 0);
  step(`replayed and inspected: ${target.schemas.length} schemas, ${tables} tables`);
  const plan = postgresSchemaEngine.plan(diffRealms(empty, target), empty, target, {});
  const sql = renderStatements(plan.statements);
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
