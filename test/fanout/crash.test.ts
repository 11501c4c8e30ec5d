/**
 * kill -9 of a fan-out process in the middle of a run: some targets done, some in the middle of
 * a file, some not started. Nothing is torn (each PostgreSQL file commits with its revision row
 * or not at all, and the advisory locks die with the connections), so a rerun converges every
 * target and a status over the fleet exits 0.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cairn, ROOT } from '../helpers/cli.js';
import type { ApplyManyResult } from '../../src/commands/apply-many.js';
import { migrationDir, pgFleet, sql, type Fleet } from './helpers.js';

let fleet: Fleet;
let dir: ReturnType<typeof migrationDir>;
let cwd: string;

before(async () => {
  fleet = await pgFleet(16);
  dir = migrationDir({
    '20240101000001_a.sql': 'CREATE TABLE a (id int);\nSELECT pg_sleep(0.15);\n',
    '20240101000002_b.sql': 'CREATE TABLE b (id int);\nSELECT pg_sleep(0.15);\n',
    '20240101000003_c.sql': 'CREATE TABLE c (id int);\nSELECT pg_sleep(0.15);\n',
  });
  cwd = mkdtempSync(join(tmpdir(), 'cairn-fleet-crash-'));
  writeFileSync(join(cwd, 'fleet.txt'), fleet.urls.join('\n') + '\n');
  // The server notices a dead client while a statement runs, not only at its end.
  await Promise.all(fleet.names.map((n) => sql(fleet.urls[0]!, `ALTER DATABASE "${n}" SET client_connection_check_interval = '50ms'`)));
});

after(async () => {
  await fleet?.drop();
  dir?.dispose();
  if (cwd) rmSync(cwd, { recursive: true, force: true });
});

/** Starts `cairn apply --targets` and SIGKILLs it once `finished` targets have ended. */
function killAfter(finished: number): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), join(ROOT, 'src/cli/bin.ts'), 'apply', '--dir', dir.path, '--targets', 'fleet.txt', '--concurrency', '4'], {
    cwd, env: { ...process.env, NO_COLOR: '1', CI: 'true' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    if ((stderr.match(/^\[\d+\/\d+\] /gm) ?? []).length >= finished) child.kill('SIGKILL');
  });
  child.stdout.resume();
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stderr })));
}

test('kill -9 mid-run, then a rerun converges every target', async () => {
  const killed = await killAfter(3);
  assert.equal(killed.signal, 'SIGKILL', killed.stderr);

  // Torn state would show as a table without its revision row (or the reverse).
  const versions: number[] = [];
  for (const url of fleet.urls) {
    const tables = (await sql(url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'cairn_revisions' ORDER BY 1")).map((r) => r.tablename);
    const hasTable = (await sql(url, "SELECT to_regclass('public.cairn_revisions') IS NOT NULL AS t"))[0]!.t === true;
    const rows = hasTable ? (await sql(url, "SELECT version FROM cairn_revisions WHERE version NOT LIKE '.%' ORDER BY version")).map((r) => r.version) : [];
    assert.equal(tables.length, rows.length, `${url}: ${tables} vs ${rows}`);
    versions.push(rows.length);
  }
  assert.ok(versions.filter((v) => v === 3).length >= 3, `some targets finished before the kill: ${versions}`);
  assert.ok(versions.some((v) => v < 3), `some did not: ${versions}`);

  const rerun = await cairn(['apply', '--dir', dir.path, '--targets', 'fleet.txt', '--concurrency', '8', '--json', '--lock-timeout', '20s'], { cwd });
  assert.equal(rerun.code, 0, rerun.stdout + rerun.stderr);
  const r = JSON.parse(rerun.stdout) as ApplyManyResult;
  assert.equal(r.totals.ok, fleet.urls.length);
  assert.ok(r.targets.every((o) => o.current === '20240101000003'));
  assert.equal(r.applied, versions.reduce((n, v) => n + (3 - v), 0), 'the rerun applied exactly what was missing');
  const st = await cairn(['status', '--dir', dir.path, '--targets', 'fleet.txt'], { cwd });
  assert.equal(st.code, 0, st.stdout);
});
