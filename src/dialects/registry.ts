/**
 * The one place dialects register. The core asks here for a connection or a dialect by URL and
 * never imports a dialect folder itself.
 *
 * Dialect objects are small and imported eagerly (so `dialectFor` is synchronous and needs no
 * driver); drivers are imported lazily with dynamic `import()`, so a SQLite run never loads
 * `pg`, `mysql2` or the PGlite WASM, which keeps a no-op `cairn apply` well under 150 ms.
 */
import { readdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { CairnError } from '../errors.js';
import type { Connection, Dialect, Driver } from './types.js';
import { parseUrl, redactUrl, schemeOf } from './url.js';
import { postgresDialect } from './postgres/dialect.js';
import { mysqlDialect } from './mysql/dialect.js';
import { sqliteDialect } from './sqlite/dialect.js';

/** Options every driver understands; unknown to a driver means "use the default". */
export interface ConnectOptions {
  /** Give up connecting after this long (server drivers). Default 10 s. */
  readonly connectTimeoutMs?: number;
  /** Shown in pg_stat_activity, so a lock timeout can name who holds the lock. Default 'cairn'. */
  readonly applicationName?: string;
  /** PGlite: start from the cached PGDATA snapshot (default true); false forces initdb. */
  readonly pgliteSnapshot?: boolean;
  /**
   * Extensions the work on this connection will create (see `extensionsIn`). PGlite loads the
   * ones it bundles at start, since it cannot load them later; servers ignore this.
   */
  readonly extensions?: readonly string[];
}

/** A driver as the registry holds it: the connect options are passed through. */
type RegisteredDriver = Driver & { connect(url: string, opts?: ConnectOptions): Promise<Connection> };

interface DriverEntry {
  readonly schemes: readonly string[];
  readonly dialect: Dialect;
  /** In-process and single-session (PGlite, SQLite): nothing runs beside it, and a second database costs a second start. */
  readonly embedded: boolean;
  /** Imports the driver module on first use. */
  readonly load: () => Promise<RegisteredDriver>;
  /**
   * The npm package the driver module imports. Server and SQLite drivers are optional peer
   * dependencies (a user installs only the one they use, and nobody compiles better-sqlite3
   * for nothing), so a missing one is an ordinary situation with a one-line fix.
   */
  readonly package: string;
}

/** The driver table. Adding a database means adding a row here and a folder beside this file. */
const DRIVERS: readonly DriverEntry[] = [
  { schemes: ['postgres', 'postgresql'], dialect: postgresDialect, embedded: false, package: 'pg', load: () => withNodeNavigator(async () => (await import('./postgres/driver.js')).driver) },
  { schemes: ['pglite'], dialect: postgresDialect, embedded: true, package: '@electric-sql/pglite', load: async () => (await import('./postgres/pglite.js')).driver },
  { schemes: ['mysql', 'mariadb'], dialect: mysqlDialect, embedded: false, package: 'mysql2', load: async () => (await import('./mysql/driver.js')).driver },
  { schemes: ['sqlite'], dialect: sqliteDialect, embedded: true, package: 'better-sqlite3', load: async () => (await import('./sqlite/driver.js')).driver },
];

/**
 * withNodeNavigator runs `load` with a `navigator` global naming Node when there is none (Node
 * 20; Node 21+ has one). `pg` asks at import time whether it runs in a Cloudflare Worker, and
 * without `navigator` it finds out by constructing a fetch `Response`, which makes Node load
 * its whole bundled undici (about 50 ms on a loaded machine, as long as the rest of the pg
 * import). The stand-in exists only while the driver module evaluates and is removed afterwards.
 */
async function withNodeNavigator<T>(load: () => Promise<T>): Promise<T> {
  const g = globalThis as { navigator?: unknown };
  if (g.navigator !== undefined) return load();
  Object.defineProperty(g, 'navigator', { value: { userAgent: `Node.js/${process.versions.node}` }, configurable: true, writable: true });
  try {
    return await load();
  } finally {
    delete g.navigator;
  }
}

function entryFor(url: string): DriverEntry {
  const scheme = schemeOf(url);
  const entry = DRIVERS.find((d) => scheme !== undefined && d.schemes.includes(scheme));
  if (!entry) {
    throw new CairnError('CONNECT', `no driver for database URL ${redactUrl(url)}`, {
      hint: `supported schemes: ${listSchemes().join(', ')}`,
    });
  }
  return entry;
}

/** The dialect of a project that names no database yet (`cairn init`'s default, a diff with no URL at all). */
export const defaultDialect: Dialect = postgresDialect;

/** The dialect a URL targets, without connecting or loading a driver. */
export function dialectFor(url: string): Dialect {
  return entryFor(url).dialect;
}

/** Whether `url` names an embedded (in-process, single-session) database, without connecting. */
export function isEmbedded(url: string): boolean {
  return entryFor(url).embedded;
}

/** Whether `text` is a database URL some driver serves (`postgres://…`, `pglite:memory`, `sqlite:app.db`). */
export function isDatabaseUrl(text: string): boolean {
  const scheme = schemeOf(text);
  return scheme !== undefined && listSchemes().includes(scheme);
}

/** The extensions that SQL texts for `url`'s dialect create, for `ConnectOptions.extensions`. */
export function extensionsIn(url: string, texts: Iterable<string>): string[] {
  const dialect = dialectFor(url);
  if (!dialect.extensionsCreatedBy) return [];
  const names = new Set<string>();
  for (const t of texts) for (const n of dialect.extensionsCreatedBy(t)) names.add(n);
  return [...names];
}

/** Every registered dialect once, in registration order. */
export function listDialects(): readonly Dialect[] {
  return [...new Set(DRIVERS.map((d) => d.dialect))];
}

/** Every URL scheme a driver serves. */
export function listSchemes(): readonly string[] {
  return DRIVERS.flatMap((d) => d.schemes);
}

/**
 * localTargetExists: for a database kept in a local file or directory (SQLite, PGlite), whether
 * it holds anything yet — connecting would create it, so a caller can decide what to check
 * first. Undefined for a server (or a URL connect will refuse), which only a connection can tell.
 */
export function localTargetExists(url: string): boolean | undefined {
  let parsed: ReturnType<typeof parseUrl>;
  try {
    parsed = parseUrl(url);
  } catch {
    return undefined;
  }
  if (parsed.kind !== 'sqlite' && parsed.kind !== 'pglite') return undefined;
  if (parsed.memory || parsed.path === undefined) return false;
  const path = resolve(parsed.path);
  try {
    const st = statSync(path);
    return st.isDirectory() ? readdirSync(path).length > 0 : st.size > 0;
  } catch {
    return false;
  }
}

/**
 * preloadDriver imports the driver for `url` without connecting, so a caller can start the
 * (CPU-bound) import, then the connection, and do its own work while the handshake is on the
 * wire. Errors are left for `connect` to report.
 */
export async function preloadDriver(url: string): Promise<void> {
  try {
    await entryFor(url).load();
  } catch {
    /* connect() reports it */
  }
}

/**
 * Opens a connection for `url`. Failures are CairnError CONNECT whose message, stack and cause
 * never contain the password.
 */
export async function connect(url: string, opts: ConnectOptions = {}): Promise<Connection> {
  const entry = entryFor(url);
  parseUrl(url); // validate early: a malformed URL is a CONNECT error, not a driver crash
  let driver: RegisteredDriver;
  try {
    driver = await entry.load();
  } catch (e) {
    throw driverLoadError(entry, url, e);
  }
  return driver.connect(url, opts);
}

/**
 * driverLoadError explains a driver that failed to load. A driver package that is not installed
 * gets the install command; anything else (a native module built for another Node, a broken
 * install) keeps the loader's message, which names no URL and so holds no password.
 */
function driverLoadError(entry: DriverEntry, url: string, e: unknown): CairnError {
  const scheme = `${schemeOf(url) ?? entry.schemes[0]}${entry.embedded ? ':' : '://'}`; // sqlite:app.db, mysql://host
  if (isMissingPackage(e, entry.package)) {
    return new CairnError('CONNECT', `install \`${entry.package}\` to use ${scheme} URLs (npm i ${entry.package})`, {
      cause: e,
      details: { driver: entry.package },
      hint: `Cairn's database drivers are optional peer dependencies: add the one for your database to your project (npm i ${entry.package})`,
    });
  }
  return new CairnError('CONNECT', `could not load the driver \`${entry.package}\` for ${redactUrl(url)}: ${(e as Error).message}`, {
    cause: e,
    details: { driver: entry.package },
    hint: `reinstall it (npm i ${entry.package}, or npm rebuild ${entry.package} for a native module)`,
  });
}

/** Whether `e` is the module loader saying that package `name` (or a subpath of it) is not installed. */
function isMissingPackage(e: unknown, name: string): boolean {
  const err = e as { code?: unknown; message?: unknown } | undefined;
  if (err?.code !== 'ERR_MODULE_NOT_FOUND' && err?.code !== 'MODULE_NOT_FOUND') return false;
  const message = String(err.message);
  return message.includes(`'${name}'`) || message.includes(`'${name}/`) || message.includes(`"${name}"`) || message.includes(`"${name}/`);
}
