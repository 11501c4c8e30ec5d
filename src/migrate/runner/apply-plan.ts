/**
 * The decisions apply makes before it knows whether there is anything to do, shared by the
 * no-op path (apply.ts) and the path that runs migrations (apply-run.ts).
 */
import { CAIRN_VERSION } from '../../version.js';
import { CairnError } from '../../errors.js';
import { analyze, assertHistory, isAttempt, isComplete, planApply, type HistoryAnalysis } from './plan.js';
import type { DirMigration, LoadedDir, Session } from './session.js';
import { newest } from './ordering.js';
import type { AppliedFile, ApplyOptions, ApplyResult, PlannedFile, Revision, StoppedFile } from './types.js';

export interface Decision {
  readonly analysis: HistoryAnalysis<DirMigration>;
  readonly entries: ReturnType<typeof planApply<DirMigration>>['run'];
  readonly skipped: readonly string[];
}

/** decide: the pure part (plan.ts) over the rows read. */
export function decide(loaded: LoadedDir, revisions: readonly Revision[], opts: ApplyOptions): Decision {
  const analysis = analyze(loaded.migrations, revisions, loaded.compare);
  assertHistory(analysis, opts.allowUnknown ?? false);
  const p = planApply(analysis, opts, loaded.compare, loaded.migrations.map((m) => m.version));
  return { analysis, entries: p.run, skipped: p.skipped };
}

/** Whether rows record any migration as (partly) applied; rows of failed attempts do not. */
export function hasHistory(revisions: readonly Revision[]): boolean {
  return revisions.some((r) => !isAttempt(r));
}

/** The history a plan starts from: the rows read, or on a fresh database the baseline to be written. */
export function assumedHistory(loaded: LoadedDir, revisions: readonly Revision[], opts: ApplyOptions): readonly Revision[] {
  return opts.baseline !== undefined && !hasHistory(revisions) ? [...revisions, baselineRow(loaded, opts.baseline)] : revisions;
}

/**
 * assertBaseline: `baseline` describes a database without revisions. Given for one that has
 * them, it would be silently ignored; refuse instead, unless it repeats the recorded baseline
 * (the same deploy command run twice).
 */
export function assertBaseline(loaded: LoadedDir, revisions: readonly Revision[], opts: ApplyOptions): void {
  if (opts.baseline === undefined || !hasHistory(revisions)) return;
  const recorded = newest(revisions.filter((r) => r.kind === 'baseline').map((r) => r.version), loaded.compare);
  if (recorded === opts.baseline) return;
  const current = newest(revisions.filter(isComplete).map((r) => r.version), loaded.compare);
  throw new CairnError('USAGE', `baseline ${opts.baseline} applies only to a database without revisions; this one is at version ${current ?? 'none'}${recorded !== null ? ` (baseline ${recorded})` : ''}`, {
    details: { baseline: opts.baseline, current, recordedBaseline: recorded },
    hint: 'drop --baseline (baseline); to change what is recorded as applied, use `cairn set <version>`',
  });
}

/** The row `apply --baseline V` records: V and everything before it count as applied. */
export function baselineRow(loaded: LoadedDir, version: string): Revision {
  const m = loaded.migrations.find((x) => x.version === version);
  if (m === undefined) throw new CairnError('USAGE', `baseline version ${version} is not in the migration directory`, { details: { version } });
  const now = new Date().toISOString();
  return {
    version: m.version, description: m.description, kind: 'baseline', applied: 0, total: 0, hash: m.hash, partialHashes: [], error: null,
    errorStatement: null, downSql: null, startedAt: now, finishedAt: now, durationMs: 0, cairnVersion: CAIRN_VERSION,
  };
}

export function result(
  s: Session, opts: ApplyOptions, applied: readonly AppliedFile[], plan: readonly PlannedFile[], skipped: readonly string[], current: string | null,
  wasInterrupted: boolean, baseline?: string, stopped?: StoppedFile,
): ApplyResult {
  return {
    dryRun: Boolean(opts.dryRun), applied, plan, skipped, current, interrupted: wasInterrupted, target: s.target,
    ...(baseline !== undefined ? { baseline } : {}), ...(stopped !== undefined ? { stopped } : {}),
  };
}
