/**
 * Lock files: created with O_EXCL, holding `{pid, hostname, since, nonce}` as JSON. A file
 * whose pid is dead on this host is stale and stolen; one from another host is never stolen
 * (we cannot see its processes), so the error tells the user which file to delete.
 * Known limit: a dead holder's pid reused by an unrelated process looks alive until it exits.
 */
import { closeSync, linkSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { CairnError } from '../errors.js';

/** What a lock file says about its holder. */
export interface LockHolder {
  readonly pid: number;
  readonly hostname: string;
  readonly since: string;
  readonly nonce?: string;
}

/** A lock file with no parseable content older than this is a crash between create and write. */
const EMPTY_FILE_GRACE_MS = 5_000;

const held = new Map<string, string>(); // lock file → the content we wrote
let exitHookInstalled = false;

/** One attempt to create `file`; on failure, who holds it (stale holders are stolen first). */
export function tryCreateLockFile(file: string): { ok: boolean; holder?: LockHolder } {
  // Two passes: the second runs right after stealing a stale file.
  for (let pass = 0; pass < 2; pass++) {
    const content = JSON.stringify({ pid: process.pid, hostname: hostname(), since: new Date().toISOString(), nonce: randomBytes(8).toString('hex') });
    try {
      const fd = openSync(file, 'wx', 0o644);
      try {
        writeSync(fd, content);
      } finally {
        closeSync(fd);
      }
      held.set(file, content);
      installExitHook();
      return { ok: true };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw lockIoError(file, e);
    }
    const raw = readOrUndefined(file);
    if (raw === undefined) continue; // vanished between open and read: try again
    const holder = parseHolder(raw);
    if (!isStale(file, holder)) return { ok: false, holder };
    steal(file, raw);
  }
  return { ok: false, holder: parseHolder(readOrUndefined(file) ?? '') };
}

/** A holder is stale when its pid is dead on this host, or its file stayed empty too long. */
function isStale(file: string, holder: LockHolder | undefined): boolean {
  if (holder === undefined) {
    try {
      return Date.now() - statSync(file).mtimeMs > EMPTY_FILE_GRACE_MS;
    } catch {
      return false;
    }
  }
  return holder.hostname === hostname() && !pidAlive(holder.pid);
}

/**
 * Steals a stale lock file without racing another thief: rename is atomic, and if what we
 * renamed turns out not to be the stale content we saw (someone re-created the lock in
 * between), we put it back with link(), which fails rather than overwrite.
 */
function steal(file: string, staleContent: string): void {
  const aside = `${file}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    renameSync(file, aside);
  } catch {
    return;
  }
  const got = readOrUndefined(aside);
  if (got !== staleContent) {
    try {
      linkSync(aside, file);
    } catch {
      /* a newer lock exists already; the one we moved loses, as if it had timed out */
    }
  }
  try {
    unlinkSync(aside);
  } catch {
    /* already gone */
  }
}

/** Removes `file` if this process created it and it still holds our content; idempotent. */
export function releaseLockFile(file: string): void {
  const mine = held.get(file);
  held.delete(file);
  if (mine === undefined) return;
  // Only remove the file if it is still ours: a stolen-then-retaken lock belongs to someone else.
  if (readOrUndefined(file) === mine) {
    try {
      unlinkSync(file);
    } catch {
      /* already gone */
    }
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const file of [...held.keys()]) releaseLockFile(file);
  });
}

export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function parseHolder(raw: string): LockHolder | undefined {
  try {
    const v = JSON.parse(raw) as Partial<LockHolder>;
    if (typeof v.pid === 'number' && typeof v.hostname === 'string') {
      return { pid: v.pid, hostname: v.hostname, since: String(v.since ?? '?'), nonce: v.nonce };
    }
  } catch {
    /* empty or partial file */
  }
  return undefined;
}

function readOrUndefined(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

export function describeHolder(h: LockHolder | undefined): string {
  return h ? `pid ${h.pid} on ${h.hostname} since ${h.since}` : 'an unknown process (the lock file is empty or unreadable)';
}

function lockIoError(file: string, e: unknown): CairnError {
  return new CairnError('CONNECT', `could not create the lock file ${file}: ${(e as Error).message}`, {
    cause: e,
    details: { lockFile: file },
    hint: 'check that the directory exists and is writable',
  });
}
