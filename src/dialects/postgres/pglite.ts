/**
 * PGlite driver: embedded PostgreSQL in WASM, for `pglite:memory` and `pglite:<dir>`.
 * Same dialect as the server (SQL, catalogs, SQLSTATEs); different start-up and locking:
 * a PGlite database has one session, so the migration lock is a lock file in the data
 * directory (or, in memory, an in-process lock) instead of an advisory lock.
 * Start-up goes through a cached PGDATA snapshot; see pglite-snapshot.ts for the numbers.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { PGlite as PGliteType } from '@electric-sql/pglite';
import type { Connection, Driver } from '../types.js';
import { connectError } from '../connect-error.js';
import { LOCAL_LOCK, type LocalLockSite } from '../local-lock.js';
import { parseUrl, redactUrl } from '../url.js';
import type { ConnectOptions } from '../registry.js';
import { INT8_OID, parseInt8, postgresDialect } from './dialect.js';
import { resetToEmpty } from './dev-reset.js';
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
    const extensions = bundledExtensions(dataDir, opts.extensions ?? []);
    ({ db, startedFrom } = await open(PGlite, dataDir, opts.pgliteSnapshot !== false, extensions));
    rememberExtensions(dataDir, extensions);
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
  const conn = {
    dialect: postgresDialect,
    redactedUrl: redactUrl(url),
    startedFrom,
    startMs,
    snapshotWriteMs,
    [LOCAL_LOCK]: site,
    client: db,
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
    resetToEmpty: () => resetToEmpty(conn),
  } as PgliteConnection;
  return conn;
}

type PGliteCtor = typeof import('@electric-sql/pglite').PGlite;

/** Opens an existing data dir, else starts from the cached snapshot, else runs initdb. */
async function open(PGlite: PGliteCtor, dataDir: string | undefined, useSnapshot: boolean, extensions: PgliteExtensions): Promise<{ db: PGliteType; startedFrom: PgliteStart }> {
  const base = { dataDir, parsers: { [INT8_OID]: parseInt8 }, extensions };
  if (dataDir && existsSync(join(dataDir, 'PG_VERSION'))) {
    return { db: await PGlite.create(base), startedFrom: 'existing' };
  }
  const path = snapshotPath();
  const snapshot = useSnapshot ? readSnapshot(path) : undefined;
  if (snapshot) {
    try {
      return { db: await PGlite.create({ ...base, loadDataDir: snapshot }), startedFrom: 'snapshot' };
    } catch {
      discardSnapshot(path); // corrupt or from another build: rebuild it below
    }
  }
  return { db: await PGlite.create(base), startedFrom: 'cold' };
}

/**
 * Extensions. PGlite ships each contrib extension as a bundle beside its WASM
 * (`dist/<name>.tar.gz`) that must be handed to `PGlite.create`: `CREATE EXTENSION` on a
 * running instance can only use bundles loaded at start. So the caller names the extensions
 * its SQL will create, and a data directory remembers the ones it was opened with
 * (EXTENSIONS_FILE), because reopening it needs them again for the objects that use them.
 * Names PGlite does not bundle are left out, and CREATE EXTENSION then fails naming them.
 */
type PgliteExtensions = Record<string, { name: string; setup: () => Promise<{ bundlePath: URL }> }>;

/**
 * What bundled extensions require (their control files' `requires`), so that
 * `CREATE EXTENSION earthdistance CASCADE` finds cube. Read off PGlite 0.5's bundles: only
 * earthdistance requires another.
 */
const REQUIRES: Readonly<Record<string, readonly string[]>> = { earthdistance: ['cube'] };

/** Beside the lock file: the extensions a PGlite data directory has been opened with. */
export const EXTENSIONS_FILE = '.cairn-extensions';

function bundledExtensions(dataDir: string | undefined, requested: readonly string[]): PgliteExtensions {
  const file = dataDir ? join(dataDir, EXTENSIONS_FILE) : undefined;
  const names = new Set(requested);
  if (file) for (const n of readRemembered(file)) names.add(n);
  for (const n of [...names]) for (const dep of REQUIRES[n] ?? []) names.add(dep);
  if (names.size === 0) return {};
  const dist = dirname(fileURLToPath(import.meta.resolve('@electric-sql/pglite')));
  const out: PgliteExtensions = {};
  for (const name of names) {
    const bundle = join(dist, `${name}.tar.gz`);
    if (!/^[a-z0-9_-]+$/i.test(name) || !existsSync(bundle)) continue;
    const bundlePath = pathToFileURL(bundle);
    out[name.replace(/\W/g, '_')] = { name, setup: async () => ({ bundlePath }) };
  }
  return out;
}

/** Records a data directory's extensions once it has opened (so initdb never sees the file). */
function rememberExtensions(dataDir: string | undefined, extensions: PgliteExtensions): void {
  const names = Object.values(extensions).map((e) => e.name).sort();
  if (!dataDir || names.length === 0) return;
  try {
    writeFileSync(join(dataDir, EXTENSIONS_FILE), JSON.stringify(names) + '\n');
  } catch {
    /* a read-only directory: the next open asks for them again */
  }
}

function readRemembered(file: string): string[] {
  try {
    const names: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return Array.isArray(names) ? names.filter((n): n is string => typeof n === 'string') : [];
  } catch {
    return [];
  }
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
