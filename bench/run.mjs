#!/usr/bin/env node
// Cairn benchmarks. Every figure is a ratio against a baseline measured in the same run, on
// the same machine, so the numbers survive a slower or busier machine.
//
//   npm run bench                 # all benchmarks
//   npm run bench -- runner       # only those whose name contains "runner"
//   BENCH_RUNS=7 BENCH_N=2000 npm run bench
//
// Needs the local PostgreSQL (127.0.0.1:5432, user postgres) and `psql`; uses the built CLI
// (dist/, made by `npm install`). The history comes from ../shared/bench/gen.mjs.
import { spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, copyFileSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SHARED = process.env.CAIRN_SHARED ?? join(ROOT, '..', 'shared');
const PG = process.env.CAIRN_BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432';
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const N = Number(process.env.BENCH_N ?? 500);
const only = process.argv[2];
const CLI = join(ROOT, 'bin', 'cairn.mjs');

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);

/** Runs a command, returns wall ms and peak RSS (KiB) through /usr/bin/time. */
function timed(cmd, args, opts = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], { encoding: 'utf8', ...opts });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  const rssKiB = Number(r.stderr.trim().split('\n').pop());
  return { ms, rssKiB };
}

function psql(sql, db = 'postgres') {
  execFileSync('psql', [`${PG}/${db}`, '-q', '-v', 'ON_ERROR_STOP=1', '-c', sql], { stdio: 'pipe' });
}
function freshDb(name) {
  psql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  psql(`CREATE DATABASE ${name}`);
  return `${PG}/${name}`;
}

function history(n) {
  const out = join(ROOT, 'bench', 'data', `N${n}`);
  if (!existsSync(join(out, 'manifest.json'))) {
    mkdirSync(out, { recursive: true });
    execFileSync(process.execPath, [join(SHARED, 'bench', 'gen.mjs'), String(n), out], { stdio: 'pipe' });
  }
  const dir = join(out, 'cairn');
  if (!existsSync(join(dir, 'atlas.sum'))) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    for (const f of readdirSync(join(out, 'sql', 'files'))) copyFileSync(join(out, 'sql', 'files', f), join(dir, f));
    execFileSync(process.execPath, [CLI, 'hash', '--dir', dir], { stdio: 'pipe' });
  }
  return { all: join(out, 'sql', 'all.sql'), dir };
}

const results = [];
function report(name, baselineName, baseline, value, extra = '') {
  const ratio = value / baseline;
  results.push({ name, baseline: baselineName, baselineMs: baseline, ms: value, ratio });
  console.log(`${name.padEnd(44)} ${fmt(value).padStart(9)}  vs ${baselineName} ${fmt(baseline).padStart(9)}  = ${ratio.toFixed(2)}x ${extra}`);
}

function benchRunner() {
  const { all, dir } = history(N);
  console.log(`\n# runner: ${N} migrations, median of ${RUNS} runs, each paired with psql -1 -f on its own empty database`);
  const psqlMs = [];
  const cairnMs = [];
  let rss = 0;
  for (let i = 0; i < RUNS; i++) {
    const a = freshDb('cairn_bench_psql');
    psqlMs.push(timed('psql', [a, '-q', '-1', '-v', 'ON_ERROR_STOP=1', '-f', all], { stdio: ['ignore', 'ignore', 'pipe'] }).ms);
    const b = freshDb('cairn_bench_cairn');
    const r = timed(process.execPath, [CLI, 'apply', '--url', b, '--dir', dir]);
    cairnMs.push(r.ms);
    rss = Math.max(rss, r.rssKiB);
  }
  report(`cold apply, N=${N} (cairn apply)`, 'psql -1 -f', median(psqlMs), median(cairnMs), `(target <= 1.2x; peak RSS ${(rss / 1024).toFixed(0)} MiB)`);

  // No-op: everything applied; the floor is node + pg connecting and reading one table.
  const url = `${PG}/cairn_bench_cairn`;
  const floorScript = `import pg from 'pg'; const c = new pg.Client(${JSON.stringify(url)}); await c.connect(); await c.query('select * from cairn_revisions limit 1'); await c.end();`;
  const floor = [];
  const noop = [];
  for (let i = 0; i < RUNS; i++) {
    floor.push(timed(process.execPath, ['--input-type=module', '-e', floorScript], { cwd: ROOT }).ms);
    noop.push(timed(process.execPath, [CLI, 'apply', '--url', url, '--dir', dir]).ms);
  }
  report(`no-op apply, ${N} applied (whole process)`, 'node+pg floor', median(floor), median(noop), `(target < 150 ms wall: ${median(noop) < 150 ? 'met' : 'NOT met'})`);
  psql('DROP DATABASE IF EXISTS cairn_bench_psql WITH (FORCE)');
  psql('DROP DATABASE IF EXISTS cairn_bench_cairn WITH (FORCE)');
}

const BENCHES = { runner: benchRunner };
for (const [name, fn] of Object.entries(BENCHES)) {
  if (only && !name.includes(only)) continue;
  fn();
}
console.log(`\n${JSON.stringify({ results }, null, 0)}`);
