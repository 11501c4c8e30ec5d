/**
 * apply: bring the database up to the directory.
 *
 * Order of checks and why:
 *  1. the directory passes the atlas.sum gate (session.loadDir);
 *  2. one query reads every revision (and the table format); if nothing is pending, return
 *     without taking the lock or splitting any SQL: the no-op path is connect + 1 query;
 *  3. otherwise take the lock, create the table under it (race-free), read again (another
 *     runner may have applied things meanwhile), and decide with that fresh state.
 */
import { CAIRN_VERSION } from '../../version.js';
import { CairnError } from '../../errors.js';
import type { Dialect } from '../../dialects/types.js';
import { analyze, assertHistory, isPartial, planApply, type HistoryAnalysis } from './plan.js';
import { loadDir, withLock, withSession, type DirMigration, type LoadedDir, type Session } from './session.js';
import { assertWritable, type RevisionState } from './store.js';
import { assertAllMode, prepareJob } from './prepare.js';
import { flushFinishQueue, frameFor, runJob, recordFailure, type Job, type RunContext } from './execute.js';
import { deferFlushSql } from './durability.js';
import { SAVEPOINT_FRAME, quietly, TRANSACTION_FRAME } from './transaction.js';
import { newest } from './ordering.js';
import type { AppliedFile, ApplyOptions, ApplyResult, PlannedFile, Revision } from './types.js';

export async function runApply(opts: ApplyOptions): Promise<ApplyResult> {
  const loaded = loadDir(opts);
  return withSession(opts, async (s) => {
    const first = await s.store.read({ light: true });
    if (first.exists) {
      assertWritable(first, s.store.label);
      const plan = decide(loaded, first.revisions, opts);
      if (plan.entries.length === 0) return result(s, opts, [], [], plan.skipped, plan.analysis.current, false);
    }
    // A light read lacks statement hashes; a dry run that would resume a partial revision needs them.
    if (opts.txMode === 'all' && !s.conn.dialect.capabilities.transactionalDdl) assertAllMode([], s.conn.dialect);
    if (opts.dryRun) return dryRun(s, loaded, first.revisions.some(isPartial) ? await s.store.read() : first, opts);
    return withLock(s, opts, async () => {
      let state = await s.store.ensure(CAIRN_VERSION);
      let baseline: string | undefined;
      if (state.revisions.length === 0) {
        baseline = await checkEmptyHistory(s, loaded, opts);
        if (baseline !== undefined) state = await s.store.read();
      }
      const plan = decide(loaded, state.revisions, opts);
      const jobs = plan.entries.map((e) => prepareJob(e, s.conn.dialect, opts.txMode ?? 'file'));
      const run = await execute(s, loaded, jobs, opts);
      const current = newest([...(plan.analysis.current ? [plan.analysis.current] : []), ...run.applied.map((a) => a.version)], loaded.compare);
      return result(s, opts, run.applied, [], plan.skipped, current, run.interrupted, baseline);
    });
  });
}

interface Decision {
  readonly analysis: HistoryAnalysis<DirMigration>;
  readonly entries: ReturnType<typeof planApply<DirMigration>>['run'];
  readonly skipped: readonly string[];
}

/** decide: the pure part (plan.ts) over the rows read. */
function decide(loaded: LoadedDir, revisions: readonly Revision[], opts: ApplyOptions): Decision {
  const analysis = analyze(loaded.migrations, revisions, loaded.compare);
  assertHistory(analysis, opts.allowUnknown ?? false);
  const p = planApply(analysis, opts, loaded.compare, loaded.migrations.map((m) => m.version));
  return { analysis, entries: p.run, skipped: p.skipped };
}

/**
 * checkEmptyHistory: a database with objects but no revisions was migrated by something else.
 * Refuse unless told how to treat it: `baseline` records that it is at version V, `allowDirty`
 * applies on top anyway. Returns the baseline version written, if any.
 */
async function checkEmptyHistory(s: Session, loaded: LoadedDir, opts: ApplyOptions): Promise<string | undefined> {
  await assertCleanOrAllowed(s, opts);
  if (opts.baseline === undefined) return undefined;
  await s.store.put(baselineRow(loaded, opts.baseline));
  return opts.baseline;
}

async function assertCleanOrAllowed(s: Session, opts: ApplyOptions): Promise<void> {
  if (opts.allowDirty || opts.baseline !== undefined) return;
  const objects = await s.conn.dialect.listUserObjects(s.conn, s.table);
  if (objects.length === 0) return;
  const shown = objects.slice(0, 10).join(', ') + (objects.length > 10 ? `, … (${objects.length} in all)` : '');
  throw new CairnError('HISTORY_MISMATCH', `the database is not empty (${shown}) but has no revisions: it was not migrated from this directory`, {
    details: { objects },
    hint: 'if it already matches version V of the directory, run apply with --baseline V; to apply every migration on top of it anyway, pass --allow-dirty',
  });
}

/** The row `apply --baseline V` records: V and everything before it count as applied. */
function baselineRow(loaded: LoadedDir, version: string): Revision {
  const m = loaded.migrations.find((x) => x.version === version);
  if (m === undefined) throw new CairnError('USAGE', `baseline version ${version} is not in the migration directory`, { details: { version } });
  const now = new Date().toISOString();
  return {
    version: m.version, description: m.description, kind: 'baseline', applied: 0, total: 0, hash: m.hash, partialHashes: [], error: null,
    errorStatement: null, downSql: null, startedAt: now, finishedAt: now, durationMs: 0, cairnVersion: CAIRN_VERSION,
  };
}

async function dryRun(s: Session, loaded: LoadedDir, state: RevisionState, opts: ApplyOptions): Promise<ApplyResult> {
  let revisions = state.revisions;
  let baseline: string | undefined;
  if (revisions.length === 0) {
    await assertCleanOrAllowed(s, opts);
    baseline = opts.baseline;
    if (baseline !== undefined) revisions = [baselineRow(loaded, baseline)];
  }
  const plan = decide(loaded, revisions, opts);
  const jobs = plan.entries.map((e) => prepareJob(e, s.conn.dialect, opts.txMode ?? 'file'));
  if ((opts.txMode ?? 'file') === 'all') assertAllMode(jobs, s.conn.dialect);
  return result(s, opts, [], jobs.map(planned), plan.skipped, plan.analysis.current, false, baseline);
}

function planned(j: Job): PlannedFile {
  const statements = j.kind === 'ts' ? ['-- up(tx) of ' + j.file] : j.steps.slice(j.resumeAt).map((s) => s.text);
  return { version: j.version, description: j.description, file: j.file, kind: j.kind, resumeAt: j.resumeAt, total: j.kind === 'ts' ? 1 : j.steps.length, statements, execution: j.execution };
}

/** execute runs the jobs per txMode; stops between files when the signal fires. */
async function execute(s: Session, loaded: LoadedDir, jobs: readonly Job[], opts: ApplyOptions): Promise<{ applied: AppliedFile[]; interrupted: boolean }> {
  const ctx: RunContext = {
    conn: s.conn, store: s.store, dirPath: loaded.dir.path, cairnVersion: CAIRN_VERSION, emit: (e) => opts.onProgress?.(e),
    applied: [], finishQueue: [], batch: s.conn.dialect.capabilities.transactionalDdl, deferFlush: deferFlushSql(s.conn.dialect.name),
  };
  const mode = opts.txMode ?? 'file';
  switch (mode) {
    case 'file':
    case 'none':
      for (const [i, job] of jobs.entries()) {
        if (opts.signal?.aborted) return interrupted(ctx, jobs);
        await runJob(ctx, job, frameFor(ctx, i === jobs.length - 1));
      }
      await flushFinishQueue(ctx);
      return { applied: ctx.applied, interrupted: false };
    case 'all':
      return executeAll(ctx, s.conn.dialect, jobs, opts);
    default:
      throw new CairnError('USAGE', `unknown txMode ${JSON.stringify(mode satisfies never)}`);
  }
}

async function interrupted(ctx: RunContext, jobs: readonly Job[]): Promise<{ applied: AppliedFile[]; interrupted: boolean }> {
  await flushFinishQueue(ctx);
  ctx.emit({ type: 'interrupted', message: `interrupted: ${ctx.applied.length} of ${jobs.length} migration(s) applied` });
  return { applied: ctx.applied, interrupted: true };
}

/**
 * txMode 'all': one transaction; each file is a savepoint so a failure can still be pinned to
 * its statement. Any failure or interruption rolls everything back: nothing of this run stays.
 */
async function executeAll(ctx: RunContext, dialect: Dialect, jobs: readonly Job[], opts: ApplyOptions): Promise<{ applied: AppliedFile[]; interrupted: boolean }> {
  assertAllMode(jobs, dialect);
  await ctx.conn.exec(TRANSACTION_FRAME.open);
  for (const job of jobs) {
    if (opts.signal?.aborted) {
      await quietly(ctx.conn, TRANSACTION_FRAME.abort);
      ctx.emit({ type: 'interrupted', message: 'interrupted: the transaction of this run was rolled back' });
      return { applied: [], interrupted: true };
    }
    try {
      await runJob(ctx, job, SAVEPOINT_FRAME, false);
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
  await flushFinishQueue(ctx);
  await ctx.conn.exec(TRANSACTION_FRAME.close);
  return { applied: ctx.applied, interrupted: false };
}

function result(s: Session, opts: ApplyOptions, applied: readonly AppliedFile[], plan: readonly PlannedFile[], skipped: readonly string[], current: string | null, wasInterrupted: boolean, baseline?: string): ApplyResult {
  return { dryRun: Boolean(opts.dryRun), applied, plan, skipped, current, interrupted: wasInterrupted, target: s.target, ...(baseline !== undefined ? { baseline } : {}) };
}
