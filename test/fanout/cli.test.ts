/**
 * The fan-out flags of `cairn apply` / `cairn status`: bad input refused (exit 4) before any
 * target is touched, with the line named and the password masked; `--shard` runs complementary
 * halves; `--targets -` reads stdin; SIGINT starts no new target, exits 130, and lists what did
 * not finish in the failed-targets file, from which a rerun completes the fleet.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cairn, ROOT } from '../helpers/cli.js';
import { cairnBatch } from '../cli/helpers.js';
import type { ApplyManyResult } from '../../src/commands/apply-many.js';
import { parseTargets } from '../../src/migrate/fanout/targets.js';
import { migrationDir, NEWEST, pgFleet, PORTABLE, sql, type Fleet } from './helpers.js';

let fleet: Fleet;
let cwd: string;
const dir = migrationDir(PORTABLE);

before(async () => {
  fleet = await pgFleet(6);
  cwd = mkdtempSync(join(tmpdir(), 'cairn-fanout-cli-'));
  writeFileSync(join(cwd, 'fleet.txt'), fleet.urls.join('\n') + '\n');
  writeFileSync(join(cwd, 'tenants.txt'), 'acme\nglobex\n');
});

after(async () => {
  await fleet?.drop();
  dir.dispose();
  if (cwd) rmSync(cwd, { recursive: true, force: true });
});

const untouched = async (url: string) => (await sql(url, "SELECT to_regclass('cairn_revisions') AS t"))[0]!.t === null;

test('bad input is refused before any target is touched, the line named and the password masked', async () => {
  writeFileSync(join(cwd, 'bad.txt'), `${fleet.urls[0]}\n# a comment\n\npostgres://app:s3cret@db:port/x\n`);
  writeFileSync(join(cwd, 'dup.txt'), `${fleet.urls[0]}\n${fleet.urls[1]}\n${fleet.urls[0]}\n`);
  const base = ['apply', '--dir', dir.path];
  const calls = [
    [...base, '--targets', 'bad.txt'],
    [...base, '--targets', 'dup.txt'],
    [...base, '--targets', 'fleet.txt', '--url', fleet.urls[0]!],
    [...base, '--url-template', 'postgres://app:s3cret@db/{tenant}'],
    [...base, '--tenants', 'tenants.txt'],
    [...base, '--url-template', 'postgres://app:s3cret@db/shop', '--tenants', 'tenants.txt'],
    [...base, '--targets', 'fleet.txt', '--shard', '3/2'],
    [...base, '--targets', 'fleet.txt', '--concurrency', '0'],
    [...base, '--url', 'sqlite:app.db', '--schema-template', 'tenant_{tenant}', '--tenants', 'tenants.txt'],
    ['status', '--dir', dir.path, '--targets', 'bad.txt', '--json'],
  ].map((args) => ({ args, cwd }));
  const r = await cairnBatch(calls, 1);
  const expect = [
    /^error: bad\.txt:4: malformed database URL postgres:\/\/app:\*\*\*\*@db:port\/x$/m,
    /is listed twice \(dup\.txt:1 and dup\.txt:3\)/,
    /--url names one database and --targets many/,
    /--url-template needs --tenants FILE/,
    /--tenants needs --url-template or --schema-template/,
    /--url-template postgres:\/\/app:\*\*\*\*@db\/shop has no \{tenant\}/,
    /--shard "3\/2" is not i\/n/,
    /--concurrency must be a whole number from 1 to 256/,
    /SQLite has no schemas/,
  ];
  expect.forEach((re, i) => {
    assert.equal(r[i]!.code, 4, `${calls[i]!.args.join(' ')}: ${r[i]!.stderr}`);
    assert.match(r[i]!.stderr, re);
    assert.ok(!(r[i]!.stdout + r[i]!.stderr).includes('s3cret'));
  });
  const json = JSON.parse(r[9]!.stdout) as { error: { code: string; file: string; line: number; message: string } };
  assert.deepEqual([r[9]!.code, json.error.code, json.error.file, json.error.line], [4, 'USAGE', 'bad.txt', 4]);
  for (const url of fleet.urls.slice(0, 2)) assert.ok(await untouched(url), 'nothing ran');
});

test('--shard i/n: complementary halves of the fleet, and --targets - reads stdin', async () => {
  const run = (shard: string) => cairn(['apply', '--dir', dir.path, '--targets', '-', '--shard', shard, '--json'], { cwd, input: `# from stdin\n${fleet.urls.join('\n')}\n` });
  const [a, b] = await Promise.all([run('1/2'), run('2/2')]);
  assert.equal(a.code, 0, a.stdout + a.stderr);
  assert.equal(b.code, 0, b.stdout + b.stderr);
  const ra = JSON.parse(a.stdout) as ApplyManyResult;
  const rb = JSON.parse(b.stdout) as ApplyManyResult;
  assert.deepEqual(ra.shard, { index: 1, count: 2, of: 6 });
  const names = [...ra.targets, ...rb.targets].map((o) => o.target).sort();
  assert.deepEqual(names, [...fleet.urls].sort(), 'disjoint and covering');
  assert.ok([...ra.targets, ...rb.targets].every((o) => o.current === NEWEST));
  // The same runner again: the lock serialises, and the second finds nothing pending.
  const [c, d] = await Promise.all([run('1/2'), run('1/2')]);
  assert.equal((JSON.parse(c.stdout) as ApplyManyResult).applied + (JSON.parse(d.stdout) as ApplyManyResult).applied, 0);
});

test('SIGINT: no new target starts, exit 130, and a rerun from the failed-targets file completes the fleet', async () => {
  const slow = migrationDir({
    '1_a.sql': 'CREATE TABLE a (id int);\nSELECT pg_sleep(0.3);\n',
    '2_b.sql': 'CREATE TABLE b (id int);\n',
  });
  const more = await pgFleet(5);
  const here = mkdtempSync(join(tmpdir(), 'cairn-fanout-int-'));
  try {
    writeFileSync(join(here, 'fleet.txt'), more.urls.join('\n') + '\n');
    const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), join(ROOT, 'src/cli/bin.ts'), 'apply', '--dir', slow.path, '--targets', 'fleet.txt', '--concurrency', '2', '--failed-targets', 'left.txt'], {
      cwd: here, env: { ...process.env, NO_COLOR: '1', CI: 'true' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      // Interrupt as soon as the run has announced itself: the first targets are connecting.
      if (stdout === '') setTimeout(() => child.kill('SIGINT'), 150);
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 130, stdout + stderr);
    assert.match(stderr, /received SIGINT/);
    assert.match(stdout, /5 target\(s\): .*3 skipped.* \(interrupted\)$/m);
    const left = parseTargets(readFileSync(join(here, 'left.txt'), 'utf8'), 'left.txt').map((t) => t.url);
    assert.ok(left.length >= 3, readFileSync(join(here, 'left.txt'), 'utf8'));
    for (const url of more.urls.slice(2)) assert.ok(await untouched(url), 'skipped targets were not touched');
    const rerun = await cairn(['apply', '--dir', slow.path, '--targets', 'left.txt', '--failed-targets', 'left.txt'], { cwd: here });
    assert.equal(rerun.code, 0, rerun.stdout + rerun.stderr);
    assert.match(rerun.stdout, /removed left\.txt/);
    const st = await cairn(['status', '--dir', slow.path, '--targets', 'fleet.txt'], { cwd: here });
    assert.equal(st.code, 0, st.stdout + st.stderr);
  } finally {
    await more.drop();
    slow.dispose();
    rmSync(here, { recursive: true, force: true });
  }
});
