/**
 * PGlite driver: embedded PostgreSQL in WASM, for `pglite:memory` and `pglite:<dir>`.
 * Same dialect as the server (SQL, catalogs, SQLSTATEs); different start-up and locking:
 * a PGlite database has one session, so the migration lock is a lock file in the data
 * directory (or, in memory, an in-process lock) instead of an advisory lock.
 * Start-up goes through a cached PGDATA snapshot; see pglite-snapshot.ts for the numbers.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { PGlite as PGliteType } from '@electric-sql/pglite';
import type { Connection, Driver } from '../types.js';
import { connectError } from '../connect-error.js';
import { LOCAL_LOCK, type LocalLockSite } from '../local-lock.js';
import { parseUrl, redactUrl } from '../url.js';
import type { ConnectOptions } from '../registry.js';
import { INT8_OID, parseInt8, postgresDialect } from './dialect.js';
import { discardSnapshot, readSnapshot, snapshotPath, writeSnapshot } from './pglite-snapshot.js';

/** How a PGlite connection got its database, for diagnostics and the start-up benchmark. */
export type PgliteStart = 'existing' | 'snapshot' | 'cold';

export interface PgliteConnection extends Connection {
  readonly startedFrom: PgliteStart;
  /** Milliseconds from connect() until the database answered, excluding the snapshot write. */
  readonly startMs: number;
  /** Milliseconds spent dumping and writing the snapshot after a cold start (0 otherwise). */
  readonly snapshotWriteMs: number;
}

/** Name of the lock file inside a PGlite data directory (PostgreSQL ignores unknown files). */
export const PGLITE_LOCK_FILE = '.cairn-lock';

export const driver: Driver = {
  schemes: ['pglite'],
  dialect: postgresDialect,
  connect: (url: string, opts?: ConnectOptions) => connectPglite(url, opts),
};

export async function connectPglite(url: string, opts: ConnectOptions = {}): Promise<PgliteConnection> {
  const parsed = parseUrl(url);
  const dataDir = parsed.path === undefined ? undefined : resolve(parsed.path);
  const t0 = performance.now();
  let db: PGliteType;
  let startedFrom: PgliteStart;
  let startMs: number;
  let snapshotWriteMs = 0;
  try {
    const { PGlite } = await import('@electric-sql/pglite');
    if (dataDir) mkdirSync(dataDir, { recursive: true });
    ({ db, startedFrom } = await open(PGlite, dataDir, opts.pgliteSnapshot !== false));
    startMs = performance.now() - t0;
    if (startedFrom === 'cold' && opts.pgliteSnapshot !== false) {
      await cacheSnapshot(db);
      snapshotWriteMs = performance.now() - t0 - startMs;
    }
  } catch (e) {
    throw connectError(e, url, dataDir ? `check that ${dataDir} is a PGlite data directory (or empty) and writable` : undefined);
  }

  const closers: Array<() => Promise<void> | void> = [];
  const site: LocalLockSite = {
    file: dataDir ? join(dataDir, PGLITE_LOCK_FILE) : undefined,
    onClose: (fn) => void closers.push(fn),
  };
  let closed = false;
  return {
    dialect: postgresDialect,
    redactedUrl: redactUrl(url),
    startedFrom,
    startMs,
    snapshotWriteMs,
    [LOCAL_LOCK]: site,
    async exec(sql: string) {
      await db.exec(sql);
    },
    async query<T>(sql: string, params?: readonly unknown[]) {
      const res = await db.query<T>(sql, params ? [...params] : undefined);
      return res.rows;
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const fn of closers.splice(0)) await fn();
      await db.close();
    },
  } as PgliteConnection;
}

type PGliteCtor = typeof import('@electric-sql/pglite').PGlite;

/** Opens an existing data dir, else starts from the cached snapshot, else runs initdb. */
async function open(PGlite: PGliteCtor, dataDir: string | undefined, useSnapshot: boolean): Promise<{ db: PGliteType; startedFrom: PgliteStart }> {
  const parsers = { [INT8_OID]: parseInt8 };
  if (dataDir && existsSync(join(dataDir, 'PG_VERSION'))) {
    return { db: await PGlite.create({ dataDir, parsers }), startedFrom: 'existing' };
  }
  const path = snapshotPath();
  const snapshot = useSnapshot ? readSnapshot(path) : undefined;
  if (snapshot) {
    try {
      return { db: await PGlite.create({ dataDir, loadDataDir: snapshot, parsers }), startedFrom: 'snapshot' };
    } catch {
      discardSnapshot(path); // corrupt or from another build: rebuild it below
    }
  }
  return { db: await PGlite.create({ dataDir, parsers }), startedFrom: 'cold' };
}

/** Dumps a freshly initialised database into the cache, before anything else touches it. */
async function cacheSnapshot(db: PGliteType): Promise<void> {
  try {
    const blob = await db.dumpDataDir('none');
    writeSnapshot(new Uint8Array(await blob.arrayBuffer()), snapshotPath());
  } catch {
    /* no cache this time; the database itself is fine */
  }
}
