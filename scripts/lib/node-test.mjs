// Shared by scripts/test.mjs and scripts/test-corpus.mjs: finds test files, runs them with node's
// test runner (tsx strips types on the fly), and ends with one summary line. Node 20's --test
// does not expand globs, so the files are listed here.
//
// The spec reporter prints to the terminal; a TAP copy goes to a temp file, whose final
// `# pass N` / `# fail N` lines give the counts. A skipped or todo test fails the run: Cairn's
// tests never skip (a missing server or corpus is a failure, not a skip). With
// CAIRN_TEST_COUNTS=<file>, the counts are also appended to that file as one JSON line, so .ci/run
// can sum both suites.
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

/** Every file under `dir` whose name ends with `.test.ts`, sorted. */
export function findTests(dir) {
  return readdirSync(dir)
    .flatMap((name) => {
      const p = join(dir, name);
      return statSync(p).isDirectory() ? findTests(p) : p.endsWith('.test.ts') ? [p] : [];
    })
    .sort();
}

/** Keeps the files whose path contains one of `filters` (all of them when there is none). */
export function filterTests(files, filters) {
  return files.filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)));
}

/** The last `# <name> N` lines of a TAP stream. */
export function tapCounts(tap) {
  const counts = { tests: 0, pass: 0, fail: 0, cancelled: 0, skipped: 0, todo: 0 };
  let seen = false;
  for (const m of tap.matchAll(/^# (tests|pass|fail|cancelled|skipped|todo) (\d+)$/gm)) {
    counts[m[1]] = Number(m[2]);
    seen = true;
  }
  return seen ? counts : undefined;
}

/** Runs `files`, prints `<suite>: N passed, N failed`, and exits (non-zero on any failure or skip). */
export function runAndExit(suite, files, env = process.env) {
  if (files.length === 0) {
    console.error(`${suite}: no test file matches ${process.argv.slice(2).join(' ') || '(no filter)'}`);
    process.exit(1);
  }
  const tmp = mkdtempSync(join(tmpdir(), 'cairn-tap-'));
  const tapFile = join(tmp, 'out.tap');
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tapFile}`, ...files],
    { stdio: 'inherit', env },
  );
  let tap = '';
  try {
    tap = readFileSync(tapFile, 'utf8');
  } catch {
    /* the runner died before writing */
  }
  rmSync(tmp, { recursive: true, force: true });
  const c = tapCounts(tap) ?? { tests: 0, pass: 0, fail: 1, cancelled: 0, skipped: 0, todo: 0 };
  const failed = c.fail + c.cancelled;
  const skipped = c.skipped + c.todo;
  if (process.env.CAIRN_TEST_COUNTS) {
    appendFileSync(process.env.CAIRN_TEST_COUNTS, JSON.stringify({ suite, passed: c.pass, failed, skipped, status: r.status }) + '\n');
  }
  const extra = skipped ? `, ${skipped} skipped (tests must not skip)` : '';
  console.log(`${suite}: ${c.pass} passed, ${failed} failed${extra}`);
  process.exit(r.status !== 0 || failed > 0 || skipped > 0 ? r.status || 1 : 0);
}
