/**
 * The acceptance run of fan-out, through the CLI as a user runs it: 50 PostgreSQL and 20
 * MariaDB databases, one of them broken on purpose (a table a migration creates is already
 * there). Every other target reaches the newest version, the broken one is reported with its
 * error and listed in the failed-targets file, and once the conflict is removed a retry with
 * that file fixes it (and removes the file); status over the whole fleet then exits 0.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cairn } from '../helpers/cli.js';
import { apply } from '../../src/commands/apply.js';
import { parseTargets } from '../../src/migrate/fanout/targets.js';
import type { ApplyManyResult, StatusManyResult } from '../../src/commands/apply-many.js';
import { migrationDir, mysqlFleet, NEWEST, pgFleet, PORTABLE, sql, type Fleet } from './helpers.js';

let pg: Fleet;
let my: Fleet;
let dir: ReturnType<typeof migrationDir>;
let cwd: string;
let broken: string;

before(async () => {
  [pg, my] = await Promise.all([pgFleet(50), mysqlFleet(20)]);
  dir = migrationDir(PORTABLE);
  cwd = mkdtempSync(join(tmpdir(), 'cairn-fleet-'));
  // The broken target is at version 1 and someone created `notes` by hand: migration 4 fails.
  broken = pg.urls[17]!;
  await apply({ url: broken, dir: dir.path, count: 1 });
  await sql(broken, 'CREATE TABLE notes (id int PRIMARY KEY)');
  // A mixed fleet file, with a comment, a blank line and the targets interleaved.
  const lines = ['# the fleet', ...pg.urls.flatMap((u, i) => (i < my.urls.length ? [u, my.urls[i]!] : [u])), ''];
  writeFileSync(join(cwd, 'fleet.txt'), lines.join('\n'));
});

after(async () => {
  await Promise.all([pg?.drop(), my?.drop()]);
  dir?.dispose();
  if (cwd) rmSync(cwd, { recursive: true, force: true });
});

test('70 databases, one broken: the others reach the newest version; a retry from the failed-targets file fixes the broken one', async () => {
  const run = await cairn(['apply', '--dir', dir.path, '--targets', 'fleet.txt', '--concurrency', '8', '--json'], { cwd });
  assert.equal(run.code, 1, run.stderr);
  const r = JSON.parse(run.stdout) as ApplyManyResult;
  assert.deepEqual(r.totals, { targets: 70, ok: 69, failed: 1, interrupted: 0, skipped: 0 });
  for (const o of r.targets) {
    if (o.target === broken) continue;
    assert.deepEqual([o.status, o.applied, o.current], ['ok', 5, NEWEST], o.target);
  }
  const bad = r.targets.find((o) => o.target === broken)!;
  assert.equal(bad.status, 'failed');
  assert.equal(bad.error?.code, 'MIGRATION_FAILED');
  assert.equal(bad.error?.version, '20240101000004');
  assert.match(bad.error!.message, /notes/);
  assert.equal(bad.applied, 2, 'migrations 2 and 3 went in before 4 failed');
  assert.equal(bad.current, '20240101000003');

  // The failed-targets file is a targets file that names just the broken database, for its owner only.
  const failedFile = join(cwd, 'cairn-failed-targets.txt');
  assert.deepEqual(parseTargets(readFileSync(failedFile, 'utf8'), 'failed').map((t) => t.url), [broken]);
  assert.equal(statSync(failedFile).mode & 0o777, 0o600);

  // Every database really is where the report says.
  const st = await cairn(['status', '--dir', dir.path, '--targets', 'fleet.txt', '--concurrency', '8', '--json'], { cwd });
  assert.equal(st.code, 2, 'one target has pending migrations');
  const s = JSON.parse(st.stdout) as StatusManyResult;
  assert.deepEqual(s.totals, { targets: 70, ok: 69, pending: 1, integrity: 0, failed: 0, skipped: 0 });
  assert.deepEqual(s.targets.filter((o) => o.status !== 'ok').map((o) => [o.target, o.current, o.pending]), [[broken, '20240101000003', 2]]);

  // Remove the conflict, retry just the failed targets (text output this time).
  await sql(broken, 'DROP TABLE notes');
  const retry = await cairn(['apply', '--dir', dir.path, '--targets', 'cairn-failed-targets.txt'], { cwd });
  assert.equal(retry.code, 0, retry.stdout + retry.stderr);
  assert.match(retry.stdout, /^targets: 1, 4 at a time$/m);
  assert.match(retry.stdout, /^1 target\(s\): 1 ok; 2 migration\(s\) applied in /m);
  assert.match(retry.stdout, /removed cairn-failed-targets\.txt: every target finished/);
  assert.match(retry.stderr, /^\[1\/1\] ok +postgres:\/\/\S+ +2 applied, at 20240101000005/m, 'a plain line per finished target outside a terminal');
  assert.equal(existsSync(failedFile), false);

  const done = await cairn(['status', '--dir', dir.path, '--targets', 'fleet.txt', '--concurrency', '8'], { cwd });
  assert.equal(done.code, 0, done.stdout);
  assert.match(done.stdout, /^70 target\(s\): 70 ok in /m);
});
