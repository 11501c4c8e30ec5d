/**
 * Opening what every runner command needs: the directory (sum-checked), the connection, the
 * revision table name and store, and the lock. Errors leaving here never carry the password.
 */
import { connect, localTargetExists, preloadDriver, extensionsIn } from '../../dialects/registry.js';
import type { Connection, Lock, RevisionTableName } from '../../dialects/types.js';
import { CairnError } from '../../errors.js';
import { resolve } from 'node:path';
import type { DirListing, Migration, MigrationDir } from '../dir/types.js';
import { readListing } from '../dir/listing.js';
import { assertValidDir } from '../sum/dir-gate.js';
import { migrationHash } from './hash.js';
import type { LoadedCode } from '../code/code-migration.js';
import { emptyListing, withInline } from './inline.js';
import type { PlanMigration } from './plan.js';
import { scrubError } from './redact.js';
import { DEFAULT_REVISIONS_TABLE } from './revision-table.js';
import { placeRevisionTable } from './revision-place.js';
import { SqlRevisionStore, type RevisionState } from './store.js';
import type { TargetOptions } from './types.js';

export const DEFAULT_LOCK_TIMEOUT_MS = 10_000;

/** A directory migration with the hash the runner compares against stored rows. */
export interface DirMigration extends PlanMigration {
  readonly source: Migration;
  /** A migration declared in application code (createMigrator's `migrations`), not a file. */
  readonly inline?: LoadedCode;
}

export interface LoadedDir {
  readonly dir: MigrationDir;
  readonly migrations: readonly DirMigration[];
  readonly compare: (a: string, b: string) => number;
}

/** loadDir reads the directory through the sum gate (assertValidDir) and hashes each migration. */
export function loadDir(opts: Pick<TargetOptions, 'dir' | 'format' | 'onWarning' | 'inline'>, listing?: DirListing): LoadedDir {
  if (opts.inline?.alone) return withInline(fromDir(opts, emptyListing()), opts.inline);
  const loaded = fromDir(opts, listing);
  return opts.inline ? withInline(loaded, opts.inline) : loaded;
}

function fromDir(opts: Pick<TargetOptions, 'dir' | 'format' | 'onWarning'>, listing?: DirListing): LoadedDir {
  // A directory without atlas.sum runs (other tools' directories rarely have one); the stored
  // per-migration hashes still refuse edited applied files. A sum that exists must match.
  const dir = assertValidDir(listing ?? opts.dir, { ...(opts.format ? { format: opts.format } : {}), sumRequired: false });
  for (const w of dir.warnings ?? []) opts.onWarning?.(w);
  const migrations = dir.migrations.map((m): DirMigration => {
    const source = m.kind === 'ts' ? dir.listing.readFile(m.up.file).bytes : m.up.text;
    return { version: m.version, description: m.description, hash: migrationHash(m.kind, source), repeatable: m.repeatable, source: m };
  });
  return { dir, migrations, compare: directoryOrder(dir) };
}

/**
 * directoryOrder compares versions by their place in the directory, which is the apply order by
 * each format's own rule (a Liquibase file's changesets, a Drizzle journal, a Prisma folder
 * list); a version the directory does not hold (a revision applied from another copy) is
 * compared by the format's version rule instead.
 */
function directoryOrder(dir: MigrationDir): (a: string, b: string) => number {
  const at = new Map<string, number>();
  dir.migrations.forEach((m, i) => at.set(m.version, i));
  return (a, b) => {
    const x = at.get(a);
    const y = at.get(b);
    return x !== undefined && y !== undefined ? x - y : dir.format.compareVersions(a, b);
  };
}

export interface Session {
  readonly conn: Connection;
  readonly table: RevisionTableName;
  readonly store: SqlRevisionStore;
  /** The target URL, password masked. */
  readonly target: string;
  /**
   * The light read of the revision table (store.read({ light: true })). With the
   * `prefetch` hook it was sent as soon as the connection was up, while the directory was
   * still being checked; the first call returns that read, later calls read again.
   */
  readonly firstRead: () => Promise<RevisionState>;
}

/** What a command may ask of withSession. */
export interface SessionHooks {
  /**
   * Runs before connecting to a local target (SQLite file, PGlite directory) that does not exist
   * yet: connecting would create it, and with no database there is no history, so a command can
   * already refuse what it would refuse later (apply lexes every file it would run).
   */
  readonly beforeCreating?: (loaded: LoadedDir) => Promise<void> | void;
  /** Send the light read of the revision table as soon as the connection is up (see firstRead). */
  readonly prefetch?: boolean;
}

/**
 * withSession reads the directory, connects, runs `fn` and always closes; any error is
 * scrubbed of the URL's password (drivers echo DSNs).
 *
 * For a server, the connection is started first and the directory is read while it comes up:
 * importing the driver is CPU work that overlaps nothing, but the TCP handshake, the server
 * starting a backend, authentication and (with `prefetch`) the first query are waits, so the
 * synchronous reading, parsing and sum check of the directory run in their shadow, with a turn
 * of the event loop between the steps so the driver can answer the server. A directory error
 * still wins over a connection error, as if the directory had been read first. A local target
 * has no handshake to hide and connecting may create it, so there the directory comes first and
 * nothing is created for a directory that fails its checks.
 */
export async function withSession<T>(opts: TargetOptions, fn: (s: Session, loaded: LoadedDir) => Promise<T>, hooks: SessionHooks = {}): Promise<T> {
  let conn: Connection | undefined;
  const table: RevisionTableName = { table: opts.revisionsTable ?? DEFAULT_REVISIONS_TABLE, ...(opts.revisionsSchema ? { schema: opts.revisionsSchema } : {}) };
  try {
    const exists = localTargetExists(opts.url);
    let loaded: LoadedDir;
    let session: Session;
    if (exists === undefined) {
      const { pending } = await startConnect(opts.url, opts.connectTimeoutMs);
      const ready = pending.then((c) => {
        conn = c;
        return openSession(c, table, hooks.prefetch === true);
      });
      ready.catch(() => undefined);
      try {
        const listing = opts.inline?.alone ? emptyListing() : readListing(resolve(opts.dir));
        await turn();
        loaded = loadDir(opts, listing);
        await turn();
      } catch (e) {
        void ready.then(async () => conn?.close(), () => undefined);
        throw e;
      }
      session = await ready;
    } else {
      loaded = loadDir(opts);
      if (!exists) await hooks.beforeCreating?.(loaded);
      // An embedded database loads the extensions the directory creates at start (PGlite).
      const texts = loaded.migrations.flatMap((m) => [m.source.up.text, m.source.down?.text ?? '']);
      conn = await connect(opts.url, { extensions: extensionsIn(opts.url, texts), connectTimeoutMs: opts.connectTimeoutMs });
      session = await openSession(conn, table, false);
    }
    if (table.schema !== undefined && !session.conn.dialect.capabilities.schemas) {
      throw new CairnError('USAGE', `${session.conn.dialect.name} has no schemas; drop revisionsSchema (${table.schema})`);
    }
    return await fn(session, loaded);
  } catch (e) {
    throw scrubError(conn ? asDatabaseError(e, conn) : e, opts.url);
  } finally {
    await conn?.close();
  }
}

/**
 * asDatabaseError names the target of a database error that escaped the runner's own handling
 * (reading the revision table of a SQLite file another process holds locked, say), with the
 * dialect's reading of it and its hint, instead of the driver's bare message.
 */
function asDatabaseError(e: unknown, conn: Connection): unknown {
  if (e instanceof CairnError) return e;
  const info = conn.dialect.errorInfo(e);
  if (info.code === undefined) return e;
  return new CairnError('CONNECT', `${conn.redactedUrl}: ${info.message}`, { cause: e, hint: info.hint, details: { sqlState: info.code } });
}

/** openSession places the revision table (revision-place.ts: one query on PostgreSQL) and opens its store. */
async function openSession(conn: Connection, configured: RevisionTableName, prefetch: boolean): Promise<Session> {
  const { name: table, unplaced } = await placeRevisionTable(conn, configured);
  const store = new SqlRevisionStore(conn, table, unplaced);
  let early: Promise<RevisionState> | undefined;
  if (prefetch && (table.schema === undefined || conn.dialect.capabilities.schemas)) {
    early = store.read({ light: true });
    early.catch(() => undefined);
  }
  return {
    conn, table, store, target: conn.redactedUrl,
    firstRead: () => {
      const r = early ?? store.read({ light: true });
      early = undefined;
      return r;
    },
  };
}

/** One turn of the event loop: lets a connection in progress handle what the server sent. */
function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * startConnect begins connecting and returns once the attempt is waiting on the network (or
 * done): the driver module is imported first, then a turn of the event loop lets `connect` run
 * up to its first real I/O. The returned promise never rejects unhandled.
 */
async function startConnect(url: string, connectTimeoutMs?: number): Promise<{ pending: Promise<Connection> }> {
  await preloadDriver(url);
  const pending = connect(url, { connectTimeoutMs });
  pending.catch(() => undefined);
  await turn();
  return { pending };
}

/** withLock holds the migration lock around `fn`; the lock is released even when `fn` throws. */
export async function withLock<T>(s: Session, opts: TargetOptions, fn: () => Promise<T>): Promise<T> {
  const lock: Lock = await s.conn.dialect.acquireLock(s.conn, s.table, opts.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS);
  try {
    return await fn();
  } finally {
    await lock.release();
  }
}
