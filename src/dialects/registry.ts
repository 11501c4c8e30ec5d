/**
 * The one place dialects register. The core asks here for a connection or a dialect by URL and
 * never imports a dialect folder itself.
 *
 * Dialect objects are small and imported eagerly (so `dialectFor` is synchronous and needs no
 * driver); drivers are imported lazily with dynamic `import()`, so a SQLite run never loads
 * `pg`, `mysql2` or the PGlite WASM, which keeps a no-op `cairn apply` well under 150 ms.
 */
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
}

/** A driver as the registry holds it: the connect options are passed through. */
type RegisteredDriver = Driver & { connect(url: string, opts?: ConnectOptions): Promise<Connection> };

interface DriverEntry {
  readonly schemes: readonly string[];
  readonly dialect: Dialect;
  /** Imports the driver module on first use. */
  readonly load: () => Promise<RegisteredDriver>;
}

/** The driver table. Adding a database means adding a row here and a folder beside this file. */
const DRIVERS: readonly DriverEntry[] = [
  { schemes: ['postgres', 'postgresql'], dialect: postgresDialect, load: async () => (await import('./postgres/driver.js')).driver },
  { schemes: ['pglite'], dialect: postgresDialect, load: async () => (await import('./postgres/pglite.js')).driver },
  { schemes: ['mysql', 'mariadb'], dialect: mysqlDialect, load: async () => (await import('./mysql/driver.js')).driver },
  { schemes: ['sqlite'], dialect: sqliteDialect, load: async () => (await import('./sqlite/driver.js')).driver },
];

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

/** The dialect a URL targets, without connecting or loading a driver. */
export function dialectFor(url: string): Dialect {
  return entryFor(url).dialect;
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
    throw new CairnError('CONNECT', `could not load the driver for ${redactUrl(url)}: ${(e as Error).message}`, {
      cause: e,
      hint: 'reinstall dependencies (npm install)',
    });
  }
  return driver.connect(url, opts);
}
