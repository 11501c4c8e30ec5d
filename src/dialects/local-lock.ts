/**
 * Locks for databases that live in a file or in this process (SQLite, PGlite), which have no
 * server to hold a session lock for us.
 *
 * - A file target gets a lock file created with O_EXCL holding `{pid, hostname, since}`.
 *   A lock file whose pid is dead on this host is stolen, so a crash never leaves it stuck;
 *   a normal exit removes it even without `release()` (an 'exit' hook).
 * - An in-memory target (`sqlite::memory:`, `pglite:memory`) is private to one connection, so an
 *   in-process lock keyed by that connection is all the exclusion there is to have.
 *
 * Dialects find the lock site through the `LOCAL_LOCK` symbol on the connection, which keeps
 * the `Connection` contract free of file-system details.
 */
import { hostname } from 'node:os';
import { CairnError } from '../errors.js';
import type { Connection, Lock } from './types.js';
import { pollUntil } from './poll.js';
import { describeHolder, releaseLockFile, tryCreateLockFile, type LockHolder } from './lock-file.js';

export const LOCAL_LOCK: unique symbol = Symbol.for('cairn.localLock');

/** Where a file/in-process database keeps its migration lock. */
export interface LocalLockSite {
  /** The lock file, or undefined for an in-memory database. */
  readonly file?: string;
  /** Registers a cleanup for `conn.close()` so a closed connection never keeps a lock. */
  onClose(fn: () => Promise<void> | void): void;
}

/** The lock site of a connection, when its driver declared one. */
export function localLockSite(conn: Connection): LocalLockSite | undefined {
  return (conn as unknown as { [LOCAL_LOCK]?: LocalLockSite })[LOCAL_LOCK];
}

const inProcess = new WeakMap<object, Set<string>>();

/** Takes the lock of `site` for `table`, polling until `timeoutMs`; throws LOCK_TIMEOUT. */
export async function acquireLocalLock(
  site: LocalLockSite,
  owner: object,
  table: string,
  timeoutMs: number,
): Promise<Lock> {
  if (site.file === undefined) return acquireInProcess(site, owner, table, timeoutMs);
  const file = site.file;
  let holder: LockHolder | undefined;
  const ok = await pollUntil(async () => {
    const r = tryCreateLockFile(file);
    holder = r.holder;
    return r.ok;
  }, timeoutMs);
  if (!ok) {
    throw new CairnError('LOCK_TIMEOUT', `could not take the migration lock ${file} within ${timeoutMs} ms: held by ${describeHolder(holder)}`, {
      details: { lockFile: file, holder },
      hint: `wait for the other run to finish; if no cairn process is running${holder && holder.hostname !== hostname() ? ` on ${holder.hostname}` : ''}, delete ${file}`,
    });
  }
  let released = false;
  const release = async () => {
    if (released) return;
    released = true;
    releaseLockFile(file);
  };
  site.onClose(release);
  return { release };
}

function acquireInProcess(site: LocalLockSite, owner: object, table: string, timeoutMs: number): Promise<Lock> {
  return (async () => {
    const tables = inProcess.get(owner) ?? new Set<string>();
    inProcess.set(owner, tables);
    const ok = await pollUntil(async () => {
      if (tables.has(table)) return false;
      tables.add(table);
      return true;
    }, timeoutMs);
    if (!ok) {
      throw new CairnError('LOCK_TIMEOUT', `could not take the in-process migration lock for ${table} within ${timeoutMs} ms: held by this process (pid ${process.pid})`, {
        details: { holder: { pid: process.pid, hostname: hostname() } },
        hint: 'another migration is running on the same in-memory database in this process',
      });
    }
    let released = false;
    const release = async () => {
      if (released) return;
      released = true;
      tables.delete(table);
    };
    site.onClose(release);
    return { release };
  })();
}

