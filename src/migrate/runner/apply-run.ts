/**
 * The part of apply that runs migrations, loaded only when something is pending: a no-op apply
 * never compiles the lexer, the execution paths or the transaction code.
 */
import { CAIRN_VERSION } from '../../version.js';
import { CairnError } from '../../errors.js';
import type { Dialect } from '../../dialects/types.js';
import { dialectFor } from '../../dialects/registry.js';
import { isPartial } from './plan.js';
import { withLock, type LoadedDir, type Session } from './session.js';
import { assertWritable, type RevisionState } from './store.js';
import { assertAllMode, loadPendingCode, prepareJob, splitPending, type SplitCache } from './prepare.js';
import { codeSteps, flushFinishQueue, frameFor, runJob, recordFailure, type Job, type RunContext } from './execute.js';
import { SAVEPOINT_FRAME, quietly, TRANSACTION_FRAME } from './transaction.js';
import { newest } from './ordering.js';
import { assertBaseline, assumedHistory, baselineRow, decide, hasHistory, result, type Decision } from './apply-plan.js';
import type { AppliedFile, ApplyOptions, ApplyResult, PlannedFile, StoppedFile } from './types.js';

/**
 * lexBeforeCreating: a local target that does not exist yet has no history, so every file that
 * would run is known before connecting (which would create it); split them now.
 */
export function lexBeforeCreating(loaded: LoadedDir, opts: ApplyOptions): SplitCache {
  const dialect = dialectFor(opts.url);
  const entries = decide(loaded, assumedHistory(loaded, [], opts), opts).entries;
  const split = splitPending(entries, dialect);
  // txMode "all" refuses files that cannot share its transaction: refuse before the file exists.
  if (opts.txMode === 'all') assertAllMode(entries.map((e) => prepareJob(e, dialect, 'all', split)), dialect);
  return split;
}

/**
 * applyPending goes on from the first read when something is (or may be) pending: it splits
 * every file the plan would run before writing anything, then (unless a dry run) takes the
 * lock, reads again (another runner may have applied things meanwhile) and runs what is
 * pending then.
 *
 * Refusals change nothing: under the lock every check that can refuse (a newer table format,
 * a baseline for a database with history, a non-empty database without revisions, edited,
 * missing or unknown revisions, out-of-order files, a resume point whose statements changed,
 * txMode "all" with files that cannot share a transaction) runs on the fresh read before the
 * first write, creating the revision table (and its schema) included.
 */
export async function applyPending(s: Session, loaded: LoadedDir, first: RevisionState, plan: Decision, opts: ApplyOptions, lexed: SplitCache): Promise<ApplyResult> {
  if (opts.txMode === 'all' && !s.conn.dialect.capabilities.transactionalDdl) assertAllMode([], s.conn.dialect);
  const split = splitPending(plan.entries, s.conn.dialect, lexed);
  // A light read lacks statement hashes; a dry run that would resume a partial revision needs them.
  if (opts.dryRun) return dryRun(s, loaded, first.revisions.some(isPartial) ? await s.store.read() : first, opts, split);
  return withLock(s, opts, async () => {
    // Checks: nothing below writes until every one of them has passed.
    const state = await s.store.read();
    assertWritable(state, s.store.label);
    assertBaseline(loaded, state.revisions, opts);
    const fresh = !hasHistory(state.revisions);
    if (fresh) await assertCleanOrAllowed(s, opts);
    const plan = decide(loaded, assumedHistory(loaded, state.revisions, opts), opts);
    if (fresh && opts.initSchema !== undefined) return initSchemaRun(s, loaded, state, opts);
    const code = await loadPendingCode(plan.entries, loaded.dir.path);
    const jobs = plan.entries.map((e) => prepareJob(e, s.conn.dialect, opts.txMode ?? 'file', split, code));
    if ((opts.txMode ?? 'file') === 'all') assertAllMode(jobs, s.conn.dialect);
    // Writes.
    await s.store.ensure(CAIRN_VERSION, state);
    const baseline = fresh ? opts.baseline : undefined;
    if (baseline !== undefined) await s.store.put(baselineRow(loaded, baseline));
    const run = await execute(s, loaded, jobs, opts);
    const current = newest([...(plan.analysis.current ? [plan.analysis.current] : []), ...run.applied.map((a) => a.version)], loaded.compare);
    return result(s, opts, run.applied, [], plan.skipped, current, run.interrupted, baseline, run.stopped);
  });
}

/** A fresh database with initSchema: the function builds the schema, every migration is recorded. */
async function initSchemaRun(s: Session, loaded: LoadedDir, state: RevisionState, opts: ApplyOptions): Promise<ApplyResult> {
  if (opts.baseline !== undefined) throw new CairnError('USAGE', 'pass either initSchema or baseline, not both');
  const code = await loadPendingCode(loaded.migrations.map((migration) => ({ migration })), loaded.dir.path);
  await s.store.ensure(CAIRN_VERSION, state);
  const { runInitSchema } = await import('./init-schema.js');
  const applied = await runInitSchema(s, loaded, opts.initSchema!, code, (e) => opts.onProgress?.(e));
  const current = newest(loaded.migrations.filter((m) => !m.repeatable).map((m) => m.version), loaded.compare);
  return result(s, opts, applied, [], [], current, false);
}

/**
 * assertCleanOrAllowed: a database with objects but no revisions was migrated by something
 * else. Refuse unless told how to treat it: `baseline` records that it is at version V,
 * `allowDirty` applies on top anyway.
 */
async function assertCleanOrAllowed(s: Session, opts: ApplyOptions): Promise<void> {
  if (opts.allowDirty || opts.baseline !== undefined) return;
  // A URL scoped to one schema (a tenant of a schema-per-tenant database) answers for that schema only.
  const schema = s.conn.dialect.urlSchema?.(opts.url);
  const objects = schema === undefined
    ? await s.conn.dialect.listDatabaseObjects(s.conn, s.table)
    : await s.conn.dialect.listUserObjects(s.conn, { schema, table: s.table.table });
  if (objects.length === 0) return;
  const shown = objects.slice(0, 10).join(', ') + (objects.length > 10 ? `, … (${objects.length} in all)` : '');
  throw new CairnError('HISTORY_MISMATCH', `the database is not empty (${shown}) but has no revisions: it was not migrated from this directory`, {
    details: { objects },
    hint: 'if it already matches version V of the directory, run apply with --baseline V; to apply every migration on top of it anyway, pass --allow-dirty',
  });
}

async function dryRun(s: Session, loaded: LoadedDir, state: RevisionState, opts: ApplyOptions, split: SplitCache): Promise<ApplyResult> {
  let baseline: string | undefined;
  if (!hasHistory(state.revisions)) {
    await assertCleanOrAllowed(s, opts);
    baseline = opts.baseline;
  }
  const plan = decide(loaded, assumedHistory(loaded, state.revisions, opts), opts);
  const code = await loadPendingCode(plan.entries, loaded.dir.path);
  const jobs = plan.entries.map((e) => prepareJob(e, s.conn.dialect, opts.txMode ?? 'file', split, code));
  if ((opts.txMode ?? 'file') === 'all') assertAllMode(jobs, s.conn.dialect);
  return result(s, opts, [], jobs.map(planned), plan.skipped, plan.analysis.current, false, baseline);
}

function planned(j: Job): PlannedFile {
  const statements = j.kind === 'ts' ? ['-- up(ctx) of ' + j.file] : j.steps.slice(j.resumeAt).map((s) => s.text);
  const total = j.kind === 'ts' ? codeSteps(j.execution === 'transaction') : j.steps.length;
  return { version: j.version, description: j.description, file: j.file, kind: j.kind, resumeAt: j.resumeAt, total, statements, execution: j.execution };
}

/** What a run did: completed files, whether a signal stopped it, and where a stepwise file stopped. */
interface RunOutcome {
  readonly applied: AppliedFile[];
  readonly interrupted: boolean;
  readonly stopped?: StoppedFile;
}

/**
 * execute runs the jobs per txMode. When the signal fires it stops between files, and inside a
 * stepwise file between statements (outside the file's own transactions): what ran is recorded
 * and the next apply resumes there.
 */
async function execute(s: Session, loaded: LoadedDir, jobs: readonly Job[], opts: ApplyOptions): Promise<RunOutcome> {
  const ctx: RunContext = {
    conn: s.conn, store: s.store, dirPath: loaded.dir.path, cairnVersion: CAIRN_VERSION, emit: (e) => opts.onProgress?.(e),
    applied: [], finishQueue: [], batch: s.conn.dialect.capabilities.transactionalDdl, deferFlush: s.conn.dialect.deferFlushSql,
    ...(opts.signal ? { signal: opts.signal } : {}),
  };
  const mode = opts.txMode ?? 'file';
  switch (mode) {
    case 'file':
    case 'none':
      for (const [i, job] of jobs.entries()) {
        if (opts.signal?.aborted) return interrupted(ctx, jobs);
        const stopped = await runJob(ctx, job, { position: i + 1, count: jobs.length }, frameFor(ctx, i === jobs.length - 1));
        if (stopped !== undefined) return interrupted(ctx, jobs, stopped);
      }
      // A signal during the last file let it finish: the run is still an interrupted one (exit 130).
      if (opts.signal?.aborted) return interrupted(ctx, jobs);
      await flushFinishQueue(ctx);
      return { applied: ctx.applied, interrupted: false };
    case 'all':
      return executeAll(ctx, s.conn.dialect, jobs, opts);
    default:
      throw new CairnError('USAGE', `unknown txMode ${JSON.stringify(mode satisfies never)}`);
  }
}

async function interrupted(ctx: RunContext, jobs: readonly Job[], stopped?: StoppedFile): Promise<RunOutcome> {
  await flushFinishQueue(ctx);
  const inFile = stopped ? `; ${stopped.version} stopped after statement ${stopped.applied} of ${stopped.total} (apply resumes there)` : '';
  ctx.emit({ type: 'interrupted', message: `interrupted: ${ctx.applied.length} of ${jobs.length} migration(s) applied${inFile}` });
  return { applied: ctx.applied, interrupted: true, ...(stopped ? { stopped } : {}) };
}

/**
 * txMode 'all': one transaction; each file is a savepoint so a failure can still be pinned to
 * its statement. Any failure or interruption rolls everything back: nothing of this run stays.
 */
async function executeAll(ctx: RunContext, dialect: Dialect, jobs: readonly Job[], opts: ApplyOptions): Promise<RunOutcome> {
  assertAllMode(jobs, dialect);
  await ctx.conn.exec(TRANSACTION_FRAME.open);
  const rollBack = async (): Promise<RunOutcome> => {
    await quietly(ctx.conn, TRANSACTION_FRAME.abort);
    ctx.emit({ type: 'interrupted', message: 'interrupted: the transaction of this run was rolled back' });
    return { applied: [], interrupted: true };
  };
  for (const [i, job] of jobs.entries()) {
    if (opts.signal?.aborted) return rollBack();
    try {
      await runJob(ctx, job, { position: i + 1, count: jobs.length }, SAVEPOINT_FRAME, false);
    } catch (e) {
      await quietly(ctx.conn, TRANSACTION_FRAME.abort);
      if (e instanceof CairnError && e.code === 'MIGRATION_FAILED') {
        ctx.finishQueue.length = 0;
        await recordFailure(ctx, job, e);
        e.details.applied = [];
        e.details.note = 'txMode "all": every migration of this run was rolled back';
      }
      throw e;
    }
  }
  // Interrupted during the last file: still nothing of this run stays, as for any other file.
  if (opts.signal?.aborted) return rollBack();
  await flushFinishQueue(ctx);
  await ctx.conn.exec(TRANSACTION_FRAME.close);
  return { applied: ctx.applied, interrupted: false };
}

