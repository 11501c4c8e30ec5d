/**
 * Pure decisions over a revision history: what is applied, partial, pending, unknown, and
 * whether it is safe to go on. No I/O here, so every rule is testable with plain arrays.
 *
 * Inputs are migrations in directory order with their hashes (hash.ts) and the stored rows.
 * Nothing in here reads or splits SQL: comparing versions and hashes is all a no-op run needs.
 */
import { CairnError } from '../../errors.js';
import type { ExecOrder, Revision } from './types.js';
import { newest } from './ordering.js';

export interface PlanMigration {
  readonly version: string;
  readonly description: string;
  /** migrationHash of the current file. */
  readonly hash: string;
  readonly repeatable?: boolean;
}

export type CompareVersions = (a: string, b: string) => number;

/** A pending migration: new, a partial revision to resume, or a repeatable whose hash changed. */
export interface PendingEntry<M extends PlanMigration = PlanMigration> {
  readonly migration: M;
  /** The stored row when resuming (partial) or re-running (repeatable). */
  readonly revision?: Revision;
}

export interface HistoryAnalysis<M extends PlanMigration = PlanMigration> {
  /** Complete rows whose migration is in the directory (or baselines). */
  readonly applied: readonly Revision[];
  /** Rows with some statements applied but not all (or an error after some), in version order. */
  readonly partial: readonly Revision[];
  /** Rows of failed runs that left nothing applied (isAttempt): their migrations are pending. */
  readonly attempts: readonly Revision[];
  /**
   * Rows above the directory's newest version: files deleted since, or migrations a newer
   * checkout of the directory applied. Nothing stored tells the two apart.
   */
  readonly unknown: readonly Revision[];
  /** Rows of versions inside the directory's range whose file is gone. */
  readonly missing: readonly Revision[];
  /** Complete rows whose file's hash changed since. */
  readonly edited: readonly { readonly revision: Revision; readonly currentHash: string }[];
  /** Every pending migration in directory order (before linear checks, count and toVersion). */
  readonly pending: readonly PendingEntry<M>[];
  /** Newest complete version, unknown rows included. */
  readonly current: string | null;
  /** Newest complete version of a known migration (for the linear-order check). */
  readonly lastKnown: string | null;
}

/**
 * isAttempt: a row recording a run of which nothing stayed applied — a transactional file that
 * failed and rolled back, a stepwise file whose first statement failed, a crash before its first
 * statement was recorded. Such a row means "not applied; the last attempt failed with `error`":
 * its migration is pending, status lists it as pending, down and set look through it. Keeping
 * the row (rather than deleting it) keeps the last error visible, and a crash leaves the same
 * shape anyway, so every reader has to treat it this way.
 */
export function isAttempt(r: Revision): boolean {
  return r.kind === 'applied' && r.applied === 0 && (r.error !== null || r.total > 0);
}

/** isPartial: some statements applied, but not all (or a failure after them): resumable, not revertible. */
export function isPartial(r: Revision): boolean {
  return !isAttempt(r) && (r.applied < r.total || r.error !== null);
}

/** isComplete: the migration counts as applied (also baselines and `set` rows). */
export function isComplete(r: Revision): boolean {
  return !isAttempt(r) && !isPartial(r);
}


/** analyze classifies every row and migration; it never throws. */
export function analyze<M extends PlanMigration>(migrations: readonly M[], revisions: readonly Revision[], compare: CompareVersions): HistoryAnalysis<M> {
  const byVersion = new Map(migrations.map((m) => [m.version, m]));
  const newestInDir = newest(migrations.filter((m) => !m.repeatable).map((m) => m.version), compare);
  const sorted = [...revisions].sort((a, b) => compare(a.version, b.version));
  const applied: Revision[] = [], partial: Revision[] = [], attempts: Revision[] = [], unknown: Revision[] = [], missing: Revision[] = [];
  const edited: { revision: Revision; currentHash: string }[] = [];
  const rowOf = new Map<string, Revision>();
  for (const r of sorted) {
    const m = byVersion.get(r.version);
    rowOf.set(r.version, r);
    if (isAttempt(r)) {
      // Nothing of it is applied: a file that is gone (or unknown) since is nothing to refuse.
      attempts.push(r);
      continue;
    }
    if (m === undefined) {
      if (r.kind === 'baseline') applied.push(r);
      else if (newestInDir === null || compare(r.version, newestInDir) > 0) unknown.push(r);
      else missing.push(r);
      continue;
    }
    if (isPartial(r)) partial.push(r);
    else {
      applied.push(r);
      if (r.hash !== '' && r.hash !== m.hash && !m.repeatable) edited.push({ revision: r, currentHash: m.hash });
    }
  }
  const baseline = newest(sorted.filter((r) => r.kind === 'baseline').map((r) => r.version), compare);
  const pending: PendingEntry<M>[] = [];
  for (const m of migrations) {
    const r = rowOf.get(m.version);
    if (r !== undefined && isAttempt(r)) {
      // Pending as if new (baseline and linear rules apply), but the row is replaced when it runs.
      if (baseline !== null && !m.repeatable && compare(m.version, baseline) <= 0) continue;
      pending.push({ migration: m, revision: r });
      continue;
    }
    if (r !== undefined) {
      if (isPartial(r)) pending.push({ migration: m, revision: r });
      else if (m.repeatable && r.hash !== m.hash) pending.push({ migration: m, revision: r });
      continue;
    }
    if (baseline !== null && !m.repeatable && compare(m.version, baseline) <= 0) continue;
    pending.push({ migration: m });
  }
  const complete = sorted.filter(isComplete);
  return {
    applied, partial, attempts, unknown, missing, edited, pending,
    current: newest(complete.map((r) => r.version), compare),
    // Repeatable migrations re-run whenever they change and never order the history (Flyway's R__ files).
    lastKnown: newest(complete.filter((r) => (byVersion.has(r.version) && !byVersion.get(r.version)!.repeatable) || r.kind === 'baseline').map((r) => r.version), compare),
  };
}

export interface PlanOptions {
  readonly count?: number;
  readonly toVersion?: string;
  readonly execOrder?: ExecOrder;
  readonly allowUnknown?: boolean;
}

export interface ApplyPlan<M extends PlanMigration = PlanMigration> {
  readonly run: readonly PendingEntry<M>[];
  /** Versions left out under `linear-skip`. */
  readonly skipped: readonly string[];
}

/**
 * assertHistory throws HISTORY_MISMATCH when the database and the directory disagree: an
 * applied file edited or deleted (always), or revisions unknown to this directory (unless
 * allowed). All problems are named in one error so a user fixes them in one go.
 */
export function assertHistory(a: HistoryAnalysis, allowUnknown: boolean): void {
  const lines: string[] = [];
  for (const e of a.edited) lines.push(`applied migration ${e.revision.version} was edited: stored hash ${e.revision.hash}, current ${e.currentHash}`);
  for (const r of a.missing) lines.push(`applied migration ${r.version} (${r.description || 'no description'}) is missing from the directory (stored hash ${r.hash})`);
  if (lines.length > 0) {
    throw new CairnError('HISTORY_MISMATCH', `the migration directory no longer matches what was applied:\n  ${lines.join('\n  ')}`, {
      details: { edited: a.edited.map((e) => ({ version: e.revision.version, stored: e.revision.hash, current: e.currentHash })), missing: a.missing.map((r) => r.version) },
      hint: 'restore the applied files as they were (add new changes as new migrations); if the database really matches the directory, record that with `cairn set <version>`',
    });
  }
  if (a.unknown.length > 0 && !allowUnknown) {
    const named = a.unknown.map((r) => `${r.version}${r.description ? ` (${r.description})` : ''}`).join(', ');
    throw new CairnError('HISTORY_MISMATCH', `the database has ${a.unknown.length} revision(s) this directory does not know, newer than its newest migration: ${named}; they are missing from the directory (deleted, or applied from a newer checkout of it)`, {
      details: { unknown: a.unknown.map((r) => r.version), hashes: a.unknown.map((r) => r.hash) },
      hint: 'if the files were deleted, restore them; if a newer checkout of the directory applied them, run apply from that one, or pass --allow-unknown (allowUnknown: true) to go on anyway',
    });
  }
}

/** planApply picks what to run: linear-order rule, then toVersion, then count. */
export function planApply<M extends PlanMigration>(a: HistoryAnalysis<M>, opts: PlanOptions, compare: CompareVersions, versions: readonly string[]): ApplyPlan<M> {
  if (opts.toVersion !== undefined && !versions.includes(opts.toVersion)) {
    throw new CairnError('USAGE', `version ${opts.toVersion} is not in the migration directory`, { details: { version: opts.toVersion } });
  }
  if (opts.count !== undefined && (!Number.isInteger(opts.count) || opts.count < 0)) {
    throw new CairnError('USAGE', `count must be a whole number, got ${opts.count}`);
  }
  const order = opts.execOrder ?? 'linear';
  const late = a.pending.filter((p) => (p.revision === undefined || isAttempt(p.revision)) && !p.migration.repeatable && a.lastKnown !== null && compare(p.migration.version, a.lastKnown) < 0);
  const lateSet = new Set(late);
  let run = a.pending;
  switch (order) {
    case 'linear':
      if (late.length > 0) {
        throw new CairnError('HISTORY_MISMATCH', `migration(s) ${late.map((p) => p.migration.version).join(', ')} are older than the last applied (${a.lastKnown}) but were never applied`, {
          details: { outOfOrder: late.map((p) => p.migration.version), lastApplied: a.lastKnown },
          hint: 'rename them to a newer version, or pass execOrder "non-linear" to apply them, or "linear-skip" to ignore them',
        });
      }
      break;
    case 'linear-skip':
      run = run.filter((p) => !lateSet.has(p));
      break;
    case 'non-linear':
      break;
    default:
      throw new CairnError('USAGE', `unknown execOrder ${JSON.stringify(order satisfies never)}`);
  }
  if (opts.toVersion !== undefined) {
    const to = opts.toVersion;
    run = run.filter((p) => !p.migration.repeatable && compare(p.migration.version, to) <= 0);
  }
  if (opts.count !== undefined) run = run.slice(0, opts.count);
  return { run, skipped: order === 'linear-skip' ? late.map((p) => p.migration.version) : [] };
}
