/** Shared helpers for the end-to-end CLI tests: temp projects, corpus copies, tree snapshots. */
import assert from 'node:assert/strict';
import { cpSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cairn, runTsx, type CliResult } from '../helpers/cli.js';
import { CORPUS } from '../helpers/db.js';
import { redactUrl } from '../../src/dialects/url.js';

export { cairn, CORPUS };

/** The corpus, with what `cairn validate` must say about each directory. */
export const CORPUS_DIRS: Readonly<Record<string, { format: string; migrations: number; sum: boolean }>> = {
  'hatchet__sql-migrations': { format: 'atlas', migrations: 82, sum: true },
  'homarr__packages-db-migrations-postgresql': { format: 'drizzle', migrations: 10, sum: false },
  'homarr__packages-db-migrations-sqlite': { format: 'drizzle', migrations: 42, sum: false },
  'kestra__jdbc-postgres-migrations-postgres': { format: 'flyway', migrations: 26, sum: false },
  'minder__database-migrations': { format: 'golang-migrate', migrations: 107, sum: false },
  'ncps__migrations-mysql': { format: 'goose', migrations: 15, sum: true },
  'ncps__migrations-postgres': { format: 'goose', migrations: 16, sum: true },
  'ncps__migrations-sqlite': { format: 'goose', migrations: 21, sum: true },
  'umami__db-mysql-migrations': { format: 'prisma', migrations: 10, sum: false },
  'umami__prisma-migrations': { format: 'prisma', migrations: 19, sum: false },
};

export const WRITABLE = ['atlas', 'golang-migrate', 'goose', 'flyway', 'liquibase', 'dbmate'] as const;

const created: string[] = [];
// Temporary projects are removed when the test file's process ends (set CAIRN_KEEP_TMP=1 to keep them).
process.on('exit', () => {
  if (process.env.CAIRN_KEEP_TMP) return;
  for (const d of created) rmSync(d, { recursive: true, force: true });
});

export function tempDir(prefix = 'cairn-cli-'): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  created.push(d);
  return d;
}

/** copyCorpus copies `<corpus>/<name>/migrations` to `<tmp>/migrations` and returns `<tmp>` (the project root). */
export function copyCorpus(name: string): string {
  const root = tempDir();
  cpSync(join(CORPUS, name, 'migrations'), join(root, 'migrations'), { recursive: true });
  return root;
}

/** writeTree writes files (names may contain `/`) under a new temp dir, or under `root`. */
export function writeTree(files: Record<string, string | Buffer>, root = tempDir()): string {
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), content);
  }
  return root;
}

/** snapshot maps every entry under `dir` to its bytes (files), `<dir>` or `-> target` (symlinks). */
export function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string) => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      const r = rel ? `${rel}/${name}` : name;
      const st = lstatSync(join(dir, r));
      if (st.isSymbolicLink()) out.set(r, `-> ${readlinkSync(join(dir, r))}`);
      else if (st.isDirectory()) {
        out.set(r, '<dir>');
        walk(r);
      } else if (st.isFile()) out.set(r, readFileSync(join(dir, r)).toString('base64'));
      else out.set(r, '<special>');
    }
  };
  walk('');
  return out;
}

/** json parses a --json stdout, failing with the raw output when it is not JSON. */
export function json(r: CliResult): any {
  try {
    return JSON.parse(r.stdout);
  } catch {
    assert.fail(`stdout is not JSON (exit ${r.code}):\n${r.stdout}\nstderr:\n${r.stderr}`);
  }
}

/**
 * afterTarget checks that a database command's text output starts with its target line
 * (`target: <url>`, password masked; any target when `url` is omitted) and returns the rest.
 */
export function afterTarget(stdout: string, url?: string): string {
  const line = url === undefined ? /^target: \S+\n/.exec(stdout)?.[0] : `target: ${redactUrl(url)}\n`;
  assert.ok(line !== undefined && stdout.startsWith(line), `output starts with ${JSON.stringify(line ?? 'target: …')}:\n${stdout}`);
  return stdout.slice(line.length);
}

/** expectExit asserts the exit code and shows both streams when it differs. */
export function expectExit(r: CliResult, code: number, what = ''): CliResult {
  assert.equal(r.code, code, `${what} exit ${r.code}, expected ${code}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
  return r;
}

/** pool runs `fn` over items with at most `n` at once (each item usually spawns a CLI). */
export async function pool<T, R>(items: readonly T[], n: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  });
  await Promise.all(workers);
  return out;
}

/** sumEntries reads atlas.sum's file names in order (line n+2 is entry n). */
export function sumEntries(dir: string): string[] {
  return readFileSync(join(dir, 'atlas.sum'), 'utf8')
    .split('\n')
    .slice(1)
    .filter((l) => l !== '')
    .map((l) => l.slice(0, l.indexOf(' h1:')));
}

export const CONCURRENCY = 3;

/**
 * cairnBatch runs many CLI invocations in `procs` child processes (see batch.ts), each call with
 * its own working directory and captured output, and returns the results in order.
 */
export async function cairnBatch(calls: readonly { args: readonly string[]; cwd: string }[], procs = 2): Promise<CliResult[]> {
  // Calls in the same directory go to the same process, in order: later ones may depend on earlier.
  const cwds = [...new Set(calls.map((c) => c.cwd))];
  const slot = calls.map((c) => cwds.indexOf(c.cwd) % procs);
  const chunks: { args: readonly string[]; cwd: string }[][] = Array.from({ length: procs }, () => []);
  calls.forEach((c, i) => chunks[slot[i]].push(c));
  const outs = await Promise.all(
    chunks.map(async (chunk) => {
      if (chunk.length === 0) return [] as CliResult[];
      const r = await runTsx(BATCH, [], { input: JSON.stringify(chunk) });
      assert.equal(r.code, 0, `batch runner failed:\n${r.stderr}`);
      return JSON.parse(r.stdout) as CliResult[];
    }),
  );
  const taken = new Array(procs).fill(0);
  return calls.map((_, i) => outs[slot[i]][taken[slot[i]]++]);
}

const BATCH = join(dirname(new URL(import.meta.url).pathname), 'batch.ts');

export type { CliResult };
