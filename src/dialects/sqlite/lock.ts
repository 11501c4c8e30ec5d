/**
 * SQLite migration lock: a lock file beside the database (`<db>.cairn-lock`), because SQLite
 * has no session lock that outlives a transaction. Its stale-pid stealing and exit cleanup are
 * in ../local-lock.ts, shared with PGlite. `sqlite::memory:` is private to its connection, so
 * an in-process lock is all it needs.
 */
import type { Connection, Lock, RevisionTableName } from '../types.js';
import { CairnError } from '../../errors.js';
import { acquireLocalLock, localLockSite } from '../local-lock.js';

/** Suffix of the lock file beside a database file. */
export const LOCK_SUFFIX = '.cairn-lock';

export async function acquireSqliteLock(conn: Connection, name: RevisionTableName, timeoutMs: number): Promise<Lock> {
  const site = localLockSite(conn);
  if (!site) throw new CairnError('INTERNAL', `connection ${conn.redactedUrl} has no SQLite lock site`);
  return acquireLocalLock(site, conn, name.table, timeoutMs);
}
