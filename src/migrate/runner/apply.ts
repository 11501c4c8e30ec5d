/**
 * apply: bring the database up to the directory.
 *
 * Order of checks and why:
 *  1. the directory passes the atlas.sum gate (session.withSession reads it while connecting);
 *  2. one query reads every revision (and the table format), sent as soon as the connection is
 *     up; `baseline` given for a database that has history is refused (unless it is the recorded
 *     one); if nothing is pending, return without taking the lock, splitting any SQL or even
 *     loading the code that would (apply-run.ts): the no-op path is connect + 1 query;
 *  3. every file that would run is split (lexed) before anything is written, so a file that
 *     cannot be split fails with file:line:column while the database is untouched (no revision
 *     table, no lock; for a SQLite/PGlite target that does not exist yet, not even the file);
 *  4. otherwise take the lock, create the table under it (race-free), read again (another
 *     runner may have applied things meanwhile), and decide with that fresh state.
 */
import { assertWritable } from './store.js';
import { withSession } from './session.js';
import type { SplitCache } from './prepare.js';
import { assertBaseline, assumedHistory, decide, result } from './apply-plan.js';
import type { ApplyOptions, ApplyResult } from './types.js';

export async function runApply(opts: ApplyOptions): Promise<ApplyResult> {
  let lexed: SplitCache = new Map();
  const hooks = {
    beforeCreating: async (loaded: Parameters<typeof decide>[0]) => {
      lexed = (await import('./apply-run.js')).lexBeforeCreating(loaded, opts);
    },
  };
  return withSession(opts, async (s, loaded) => {
    const first = await s.firstRead();
    if (first.exists) assertWritable(first, s.store.label);
    assertBaseline(loaded, first.revisions, opts);
    const plan = decide(loaded, assumedHistory(loaded, first.revisions, opts), opts);
    if (first.exists && plan.entries.length === 0) return result(s, opts, [], [], plan.skipped, plan.analysis.current, false);
    const { applyPending } = await import('./apply-run.js');
    return applyPending(s, loaded, first, plan, opts, lexed);
  }, { ...hooks, prefetch: true });
}
