/**
 * From a pending entry to a Job: split the SQL, check a resume point, pick how it runs.
 *
 * Execution choice (capabilities as data, never the dialect name):
 *  - `transaction` when the dialect has transactional DDL, the file allows a transaction and
 *    does not manage transactions itself;
 *  - otherwise `stepwise`: noTransaction files, txMode 'none', MySQL/MariaDB (DDL commits
 *    implicitly, so a wrapping transaction would be a lie), and files containing their own
 *    BEGIN/COMMIT. Those run as written; if such a file starts by COMMITting (Drizzle's SQLite
 *    files do, to toggle PRAGMA foreign_keys), the runner first opens the transaction it
 *    expects, and commits whatever is left open at its end. Files with a statement that can
 *    never run in a transaction (CREATE INDEX CONCURRENTLY...) are treated as noTransaction.
 */
import type { Dialect } from '../../dialects/types.js';
import { CairnError } from '../../errors.js';
import type { Job } from './execute.js';
import { runningHashes } from './hash.js';
import { isPartial, type PendingEntry } from './plan.js';
import type { DirMigration } from './session.js';
import { controlsTransactions, expectsOpenTransaction, needsNoTransaction, splitPart, type Step } from './statements.js';
import type { TxMode } from './types.js';
import { loadCodeMigration, type LoadedCode } from '../code/code-migration.js';
import { storedDownSql, wantsTransaction } from '../code/define.js';

/** Statements of SQL migrations already split, by version (see splitPending). */
export type SplitCache = ReadonlyMap<string, readonly Step[]>;

/**
 * splitPending lexes the up SQL of every entry not in `cache` and returns the cache extended:
 * apply calls it before writing anything, so a file that cannot be split fails (SQL_SYNTAX with
 * file:line:column) while the database is untouched, and the jobs reuse the result.
 */
export function splitPending(entries: readonly PendingEntry<DirMigration>[], dialect: Dialect, cache: SplitCache = new Map()): SplitCache {
  const out = new Map(cache);
  for (const e of entries) {
    const m = e.migration.source;
    if (m.kind === 'sql' && !out.has(m.version)) out.set(m.version, splitPart(m.up, dialect));
  }
  return out;
}

/** Code migrations loaded before a run, by version (see loadPendingCode). */
export type CodeCache = ReadonlyMap<string, LoadedCode>;

/**
 * loadPendingCode loads every code migration the entries would run, before anything runs: a
 * module that does not load (a syntax error, no `up`) refuses the run with the database untouched,
 * and a module's own choices (`transaction`, `downSql`) decide how its job runs and what is stored.
 */
export async function loadPendingCode(entries: readonly PendingEntry<DirMigration>[], dirPath: string): Promise<CodeCache> {
  const out = new Map<string, LoadedCode>();
  for (const e of entries) {
    const m = e.migration;
    if (m.source.kind !== 'ts') continue;
    out.set(m.version, m.inline ?? (await loadCodeMigration(dirPath, m.source.up.file)));
  }
  return out;
}

export function prepareJob(entry: PendingEntry<DirMigration>, dialect: Dialect, txMode: TxMode, cache?: SplitCache, codeCache?: CodeCache): Job {
  const m = entry.migration.source;
  const steps = m.kind === 'sql' ? (cache?.get(m.version) ?? splitPart(m.up, dialect)) : [];
  const hashes = runningHashes(steps.map((s) => s.text));
  const ownTx = controlsTransactions(steps);
  const code = m.kind === 'ts' ? (codeCache?.get(m.version) ?? entry.migration.inline) : undefined;
  // A code migration's DML is transactional on every dialect, so it runs in one unless it says not to.
  const canWrap = dialect.capabilities.transactionalDdl || m.kind === 'ts';
  const noTx = m.noTransaction || needsNoTransaction(steps) || (code !== undefined && !wantsTransaction(code.definition));
  const execution = txMode !== 'none' && !noTx && !ownTx && canWrap ? 'transaction' : 'stepwise';
  const downSql = m.kind === 'sql' ? (m.down ? m.down.text : null) : code ? storedDownSql(code.definition) : null;
  return {
    version: m.version, description: m.description, kind: m.kind, file: m.up.file, hash: entry.migration.hash, steps, hashes,
    downSql, resumeAt: resumePoint(entry, hashes), execution,
    wrap: ownTx && expectsOpenTransaction(steps), hasRow: entry.revision !== undefined, ...(code ? { code } : {}),
  };
}

/**
 * resumePoint: where a partial revision continues. Only if the statements already applied are
 * the same statements now (same running hash); a file fixed *after* the failure point resumes
 * fine and gets its total recomputed. A changed prefix is refused: re-running or skipping would
 * both be guesses.
 */
function resumePoint(entry: PendingEntry<DirMigration>, hashes: readonly string[]): number {
  const r = entry.revision;
  if (r === undefined || !isPartial(r) || r.applied === 0 || entry.migration.source.kind === 'ts') return 0;
  const k = r.applied;
  if (k <= hashes.length && hashes[k - 1] === r.partialHashes[k - 1]) return k;
  throw new CairnError('HISTORY_MISMATCH', `cannot resume migration ${r.version}: ${k} of its statements were applied, but the file's first ${k} statement(s) changed since`, {
    details: { version: r.version, file: entry.migration.source.up.file, applied: k, storedHash: r.partialHashes[k - 1], currentHash: hashes[k - 1] ?? null },
    hint: `restore the first ${k} statement(s) of ${entry.migration.source.up.file} as they ran and fix only the failing one; or bring the database to the intended state by hand and record it with \`cairn set ${r.version}\``,
  });
}

/** assertAllMode refuses txMode 'all' where one transaction cannot hold every pending file. */
export function assertAllMode(jobs: readonly Job[], dialect: Dialect): void {
  if (!dialect.capabilities.transactionalDdl) {
    throw new CairnError('USAGE', `txMode "all" needs transactional DDL, which ${dialect.name} does not have (its DDL commits implicitly)`, {
      hint: 'use txMode "file" (the default): each file is recorded statement by statement',
    });
  }
  const bad = jobs.filter((j) => j.execution !== 'transaction').map((j) => j.file);
  if (bad.length > 0) {
    throw new CairnError('USAGE', `txMode "all" cannot run files that must not run in a transaction or manage their own: ${bad.join(', ')}`, {
      details: { files: bad },
      hint: 'use txMode "file" (the default)',
    });
  }
}
