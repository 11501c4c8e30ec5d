/**
 * status: what is applied, pending, partial and unknown. Reads without the lock (a consistent
 * read of one table) and never throws on a mismatch: it reports edited and missing files so a
 * user sees everything that apply would refuse.
 */
import { analyze, isPartial } from './plan.js';
import { withSession } from './session.js';
import type { Revision, RevisionSummary, StatusResult, TargetOptions } from './types.js';

export interface FullStatus extends StatusResult {
  /** Applied migrations whose file changed since (apply refuses these). */
  readonly edited: readonly { readonly version: string; readonly stored: string; readonly current: string }[];
  /** Applied migrations whose file is gone from the directory. */
  readonly missing: readonly RevisionSummary[];
}

export function summary(r: Revision): RevisionSummary {
  return { version: r.version, description: r.description, kind: r.kind, applied: r.applied, total: r.total, error: r.error, finishedAt: r.finishedAt };
}

export async function runStatus(opts: TargetOptions): Promise<FullStatus> {
  return withSession(opts, async (s, loaded) => {
    const state = await s.firstRead();
    const a = analyze(loaded.migrations, state.revisions, loaded.compare);
    const partial = a.partial[0];
    return {
      current: a.current,
      applied: a.applied.map(summary),
      // A pending migration whose last run failed and left nothing applied keeps that error as information.
      pending: a.pending
        .filter((p) => p.revision === undefined || !isPartial(p.revision))
        .map((p) => ({ version: p.migration.version, description: p.migration.description, ...(p.revision?.error ? { lastError: p.revision.error } : {}) })),
      ...(partial ? { partial: summary(partial) } : {}),
      unknown: a.unknown.map(summary),
      edited: a.edited.map((e) => ({ version: e.revision.version, stored: e.revision.hash, current: e.currentHash })),
      missing: a.missing.map(summary),
      target: s.target,
    };
  }, { prefetch: true });
}
