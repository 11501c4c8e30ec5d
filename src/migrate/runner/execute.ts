/**
 * Runs prepared migrations against the target and keeps their revision rows true at every
 * commit point:
 *  - `transaction`: the file and its row commit together (transaction.ts), one round trip;
 *  - `stepwise`: statement by statement, the row's applied count and running hash updated after
 *    each one, so a failure or a crash leaves a row that says exactly where to resume.
 */
import type { Connection } from '../../dialects/types.js';
import type { SqlRevisionStore } from './store.js';
import type { BoundSql, Writer } from './revision-table.js';
import type { Step } from './statements.js';
import { sessionSettingsBefore, txEffect, txStateAt } from './statements.js';
import type { AppliedFile, ProgressEvent, Revision, StoppedFile } from './types.js';
import { migrationFailed } from './failure.js';
import { runUnit, quietly, TRANSACTION_FRAME, type Frame } from './transaction.js';
import type { LoadedCode } from '../code/code-migration.js';
import type { CodeMigrationFailure } from '../code/invoke.js';
import { contextInfo, failureFile, runCodeFunction } from '../code/run.js';

/** When a batched file finished, recorded after the fact. */
export interface FinishTime {
  readonly version: string;
  readonly finishedAt: string;
  readonly durationMs: number;
}

/** A pending migration, split and decided, ready to run. */
export interface Job {
  readonly version: string;
  readonly description: string;
  readonly kind: 'sql' | 'ts';
  readonly file: string;
  readonly hash: string;
  readonly steps: readonly Step[];
  /** Running hashes of `steps`. */
  readonly hashes: readonly string[];
  readonly downSql: string | null;
  readonly resumeAt: number;
  readonly execution: 'transaction' | 'stepwise';
  /** Stepwise only: start inside a transaction the file expects to find open (it COMMITs first). */
  readonly wrap: boolean;
  /** A row exists for this version (partial, or a repeatable re-run): replace it, don't just insert. */
  readonly hasRow: boolean;
  /** A code migration, loaded before the run (undefined for SQL, and for a plan made before loading). */
  readonly code?: LoadedCode;
}

export interface RunContext {
  readonly conn: Connection;
  readonly store: SqlRevisionStore;
  readonly dirPath: string;
  readonly cairnVersion: string;
  readonly emit: (e: ProgressEvent) => void;
  /** Migrations completed in this run (appended as they complete). */
  readonly applied: AppliedFile[];
  /**
   * Finish times of batched files, recorded later in one UPDATE for many rows (with a later
   * unit, or flushed at the end): a batch writes its row before it knows when it ends, and a
   * statement per file just for that would add 500 statements to a 500-file cold apply. A
   * crash can leave finished_at NULL on rows that are otherwise complete.
   */
  readonly finishQueue: FinishTime[];
  /** Whether `conn.exec` accepts multi-statement scripts with the transaction (transactional DDL). */
  readonly batch: boolean;
  /** durability.ts: run after BEGIN in every file but the run's last; undefined to never defer. */
  readonly deferFlush?: string;
  /** Checked between the statements of a stepwise file (execute checks between files). */
  readonly signal?: AbortSignal;
}

/** Where a job stands in its run: the `position`-th (1-based) of `count` files. */
export interface RunPosition {
  readonly position: number;
  readonly count: number;
}

/** The frame for a transactional job: BEGIN, plus the deferred flush unless this is the last job. */
export function frameFor(ctx: RunContext, last: boolean): Frame {
  return ctx.deferFlush === undefined || last ? TRANSACTION_FRAME : { ...TRANSACTION_FRAME, open: `${TRANSACTION_FRAME.open};\n${ctx.deferFlush}` };
}

/**
 * A code migration counts one step when it runs in a transaction. One that runs outside counts
 * two: the first is recorded when it starts, so a failure or a crash leaves a partial row (its
 * non-transactional work may be half done) until `up` returns and the second is recorded.
 */
export function codeSteps(transactional: boolean): number {
  return transactional ? 1 : 2;
}

function total(job: Job): number {
  return job.kind === 'ts' ? codeSteps(job.execution === 'transaction') : job.steps.length;
}

function row(ctx: RunContext, job: Job, startedAt: string, fields: Partial<Revision>): Revision {
  return {
    version: job.version, description: job.description, kind: 'applied', applied: job.resumeAt, total: total(job), hash: job.hash,
    partialHashes: job.hashes.slice(0, job.resumeAt), error: null, errorStatement: null, downSql: job.downSql, startedAt,
    finishedAt: null, durationMs: 0, cairnVersion: ctx.cairnVersion, ...fields,
  };
}

/**
 * Runs one job; throws MIGRATION_FAILED (with the row recording the failure) on error. Returns
 * where a stepwise file stopped when the signal fired inside it, undefined when the job finished.
 */
export async function runJob(ctx: RunContext, job: Job, at: RunPosition, frame: Frame = TRANSACTION_FRAME, recordFailure = true): Promise<StoppedFile | undefined> {
  const t0 = Date.now();
  ctx.emit({
    type: 'file-start', version: job.version, description: job.description, file: job.file, position: at.position, count: at.count,
    total: total(job), resumeAt: job.resumeAt, execution: job.execution, message: `applying ${job.version} ${job.description}`,
  });
  if (job.kind === 'ts') await runCode(ctx, job, frame, t0, recordFailure);
  else if (job.execution === 'transaction') await runTransactional(ctx, job, frame, t0, recordFailure);
  else {
    const stoppedAt = await runStepwise(ctx, job, t0);
    if (stoppedAt !== undefined) return { version: job.version, description: job.description, applied: stoppedAt, total: total(job) };
  }
  const durationMs = Date.now() - t0;
  ctx.applied.push({ version: job.version, description: job.description, statements: total(job) - job.resumeAt, total: total(job), durationMs });
  ctx.emit({ type: 'file-done', version: job.version, durationMs, message: `applied ${job.version} in ${durationMs} ms` });
  return undefined;
}

async function runTransactional(ctx: RunContext, job: Job, frame: Frame, t0: number, recordFailure: boolean): Promise<void> {
  const startedAt = new Date(t0).toISOString();
  const complete = row(ctx, job, startedAt, { applied: total(job), partialHashes: job.hashes });
  // Finish times ride along every FINISH_BATCH files: one statement for many rows.
  const queued = ctx.finishQueue.length >= FINISH_BATCH ? ctx.finishQueue.splice(0) : [];
  const replace = (w: Writer) => [...(queued.length > 0 ? [finishSql(w, queued)] : []), ...(job.hasRow ? [w.remove(job.version)] : []), w.insert(complete)];
  const book = { literal: replace(ctx.store.literal).map((b) => b.sql), bound: replace(ctx.store.bound) };
  const steps = job.steps.slice(job.resumeAt);
  const out = await runUnit(ctx.conn, steps, book, frame, ctx.batch);
  if (out.ok) {
    ctx.finishQueue.push({ version: job.version, finishedAt: new Date().toISOString(), durationMs: Date.now() - t0 });
    return;
  }
  ctx.finishQueue.unshift(...queued);
  const index = job.resumeAt + out.index;
  if (recordFailure) await recordFailed(ctx, job, startedAt, t0, job.steps[index]!.text, out.error);
  throw migrationFailed(ctx.conn.dialect, out.error, {
    version: job.version, step: job.steps[index]!, index, total: total(job), statementsApplied: job.resumeAt, applied: [...ctx.applied], direction: 'up',
    hint: 'the file was rolled back; fix it and run apply again',
  });
}

/** How many batched files' finish times are recorded together (one UPDATE for all of them). */
const FINISH_BATCH = 100;

function finishSql(w: Writer, queued: readonly FinishTime[]): BoundSql {
  return w.updateMany(queued.map((f) => ({ version: f.version, set: { finished_at: f.finishedAt, duration_ms: f.durationMs } })));
}

async function recordFailed(ctx: RunContext, job: Job, startedAt: string, t0: number, statement: string, error: unknown): Promise<void> {
  await flushFinishQueue(ctx);
  const info = ctx.conn.dialect.errorInfo(error);
  await ctx.store.put(row(ctx, job, startedAt, { error: info.message, errorStatement: statement, durationMs: Date.now() - t0 }));
}

export async function flushFinishQueue(ctx: RunContext): Promise<void> {
  const queued = ctx.finishQueue.splice(0);
  if (queued.length === 0) return;
  await ctx.store.run(finishSql(ctx.store.bound, queued));
}

/** Runs a file statement by statement; returns the statements applied when the signal stopped it early. */
async function runStepwise(ctx: RunContext, job: Job, t0: number): Promise<number | undefined> {
  await flushFinishQueue(ctx);
  const startedAt = new Date(t0).toISOString();
  const { bound } = ctx.store;
  await ctx.store.put(row(ctx, job, startedAt, {}));
  // A resumed file first gets back the session settings it made before the resume point.
  for (const setting of sessionSettingsBefore(job.steps, job.resumeAt)) await ctx.conn.exec(setting.text);
  let open = txStateAt(job.steps, job.resumeAt, job.wrap);
  if (open) await ctx.conn.exec(TRANSACTION_FRAME.open);
  for (let i = job.resumeAt; i < job.steps.length; i++) {
    const step = job.steps[i]!;
    try {
      await ctx.conn.exec(step.text);
    } catch (error) {
      if (open || txEffect(step.text) === 'close') await quietly(ctx.conn, TRANSACTION_FRAME.abort);
      const info = ctx.conn.dialect.errorInfo(error);
      await ctx.store.run(bound.update(job.version, { error: info.message, error_stmt: step.text, duration_ms: Date.now() - t0 }));
      const committed = (await ctx.store.read()).revisions.find((r) => r.version === job.version)?.applied ?? job.resumeAt;
      throw migrationFailed(ctx.conn.dialect, error, {
        version: job.version, step, index: i, total: job.steps.length, statementsApplied: committed, applied: [...ctx.applied], direction: 'up',
        hint: `${committed} statement(s) of this file stay applied; fix the failing statement and run apply again to resume there (or record the state with \`cairn set\`)`,
      });
    }
    const effect = txEffect(step.text);
    if (effect === 'open') open = true;
    else if (effect === 'close') open = false;
    await ctx.store.run(bound.update(job.version, { applied: i + 1, partial_hashes: JSON.stringify(job.hashes.slice(0, i + 1)) }));
    ctx.emit({ type: 'statement', version: job.version, index: i, total: job.steps.length, message: `  ${job.version}: statement ${i + 1}/${job.steps.length}` });
    // Stop only at a commit point: inside the file's own transaction the recorded count would
    // roll back with it, so an interrupt waits for the file's COMMIT.
    if (ctx.signal?.aborted && !open && i + 1 < job.steps.length) {
      await ctx.store.run(bound.update(job.version, { duration_ms: Date.now() - t0 }));
      return i + 1;
    }
  }
  if (open) await ctx.conn.exec(TRANSACTION_FRAME.close);
  await ctx.store.run(bound.update(job.version, { finished_at: new Date().toISOString(), duration_ms: Date.now() - t0 }));
  return undefined;
}

async function runCode(ctx: RunContext, job: Job, frame: Frame, t0: number, recordFailure: boolean): Promise<void> {
  await flushFinishQueue(ctx);
  const startedAt = new Date(t0).toISOString();
  const code = job.code!;
  const inTx = job.execution === 'transaction';
  // Outside a transaction the row says "started" first: whatever up() commits is on record.
  if (!inTx) await ctx.store.put(row(ctx, job, startedAt, { applied: 1, partialHashes: [] }));
  try {
    await runCodeFunction(ctx.conn, {
      fn: code.definition.up, which: 'up', info: contextInfo(job.version, code, inTx), ...(inTx ? { frame } : {}),
      log: (level, message) => ctx.emit({ type: 'log', version: job.version, level, message: `  ${job.version}: ${message}` }),
      alongside: () => ctx.store.put(row(ctx, job, startedAt, { applied: total(job), partialHashes: [], finishedAt: new Date().toISOString(), durationMs: Date.now() - t0 })),
    });
  } catch (e) {
    const failure = e as CodeMigrationFailure;
    if (recordFailure) {
      await flushFinishQueue(ctx);
      const error = errorText(ctx, failure);
      await ctx.store.put(row(ctx, job, startedAt, { applied: inTx ? 0 : 1, partialHashes: [], error, errorStatement: failure.statement, durationMs: Date.now() - t0 }));
    }
    throw migrationFailed(ctx.conn.dialect, failure.error, {
      version: job.version, step: { text: failure.statement, file: failureFile(code, failure), line: failure.site.line, column: failure.site.column }, index: 0, total: total(job), statementsApplied: 0,
      applied: [...ctx.applied], direction: 'up',
      hint: inTx ? 'the migration was rolled back; fix it and run apply again' : 'it ran outside a transaction (transaction: false) and is recorded as partial; fix it and run apply again: up() runs again from the start, so it must be idempotent',
    });
  }
}

/** The error a code migration's row records: the server's message, or the thrown error's, with the line. */
function errorText(ctx: RunContext, f: CodeMigrationFailure): string {
  const info = ctx.conn.dialect.errorInfo(f.error);
  return f.site.line > 1 || f.site.column > 1 ? `${info.message} (at line ${f.site.line})` : info.message;
}

/**
 * recordFailure writes the failure row of a job whose work was rolled back (txMode 'all'
 * rolls back after the fact), from the MIGRATION_FAILED error's details.
 */
export async function recordFailure(ctx: RunContext, job: Job, err: { details: Record<string, unknown> }): Promise<void> {
  const d = err.details;
  await ctx.store.put(row(ctx, job, new Date().toISOString(), { error: String(d.serverMessage ?? 'failed'), errorStatement: String(d.statement ?? '') }));
}
