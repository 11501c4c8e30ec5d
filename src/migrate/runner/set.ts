/**
 * set: record that the database is at `version` without running anything. Every migration up
 * to it without a complete, matching row gets a row of kind 'set' (this is also the way out of
 * an edited applied file or a partial revision that cannot resume: the operator vouches for
 * the state); rows above it, and rows of files no longer in the directory, are forgotten.
 * Rows are written in one transaction where the dialect has one for DDL-free work (all do).
 * A version lower than every migration (`0`) records that nothing is applied: all rows go.
 */
import { CAIRN_VERSION } from '../../version.js';
import { CairnError } from '../../errors.js';
import { runningHashes } from './hash.js';
import { isComplete } from './plan.js';
import { withLock, withSession, type DirMigration } from './session.js';
import { splitPart } from './statements.js';
import { quietly, TRANSACTION_FRAME } from './transaction.js';
import type { Dialect } from '../../dialects/types.js';
import type { Revision, SetOptions, SetResult } from './types.js';

export async function runSet(opts: SetOptions): Promise<SetResult> {
  return withSession(opts, (s, loaded) => {
    // A version below every migration (`set 0`) means "nothing applied": every row is forgotten.
    const belowAll = loaded.migrations.every((m) => m.repeatable || loaded.compare(opts.version, m.version) < 0);
    if (!belowAll && !loaded.migrations.some((m) => m.version === opts.version)) {
      throw new CairnError('USAGE', `version ${opts.version} is not in the migration directory`, {
        details: { version: opts.version },
        hint: 'pass a version of the directory, or one lower than the first migration (such as 0) to record that nothing is applied',
      });
    }
    return withLock(s, opts, async () => {
      const state = await s.store.ensure(CAIRN_VERSION);
      const rows = new Map(state.revisions.map((r) => [r.version, r]));
      const inDir = new Set(loaded.migrations.map((m) => m.version));
      const upTo = (v: string) => loaded.compare(v, opts.version) <= 0;
      const mark = loaded.migrations.filter((m) => !m.repeatable && upTo(m.version) && needsMark(rows.get(m.version), m));
      const removed = state.revisions.filter((r) => !upTo(r.version) || (!inDir.has(r.version) && r.kind !== 'baseline')).map((r) => r.version);
      const now = new Date().toISOString();
      await s.conn.exec(TRANSACTION_FRAME.open);
      try {
        for (const v of removed) await s.store.remove(v);
        for (const m of mark) await s.store.put(setRow(m, s.conn.dialect, now));
        await s.conn.exec(TRANSACTION_FRAME.close);
      } catch (e) {
        await quietly(s.conn, TRANSACTION_FRAME.abort);
        throw e;
      }
      return { version: opts.version, marked: mark.map((m) => m.version), removed, target: s.target };
    });
  });
}

function needsMark(r: Revision | undefined, m: DirMigration): boolean {
  return r === undefined || !isComplete(r) || (r.hash !== '' && r.hash !== m.hash);
}

/**
 * setRow: a complete row recorded without running the migration (`set`, `adopt`, initSchema),
 * with the file's hash and statement hashes, and its down SQL: the file's, or for a code
 * migration the SQL it declares (`codeDownSql`), so that it can be rolled back later.
 */
export function setRow(m: DirMigration, dialect: Dialect, now: string, codeDownSql: string | null = null): Revision {
  const src = m.source;
  const steps = src.kind === 'sql' ? splitPart(src.up, dialect) : [];
  const total = src.kind === 'ts' ? 1 : steps.length;
  return {
    version: m.version, description: m.description, kind: 'set', applied: total, total, hash: m.hash,
    partialHashes: runningHashes(steps.map((x) => x.text)), error: null, errorStatement: null,
    downSql: src.kind === 'sql' ? (src.down ? src.down.text : null) : codeDownSql, startedAt: now, finishedAt: now, durationMs: 0, cairnVersion: CAIRN_VERSION,
  };
}
