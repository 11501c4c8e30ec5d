/**
 * SQLite driver over `better-sqlite3`, loaded lazily by the registry. The driver is
 * synchronous; each call is wrapped in a Promise to fit the Connection contract.
 * Parameters are normalised to what SQLite can bind: booleans → 0/1, Dates → ISO-8601 text,
 * undefined → NULL.
 */
import Database from 'better-sqlite3';
import { resolve } from 'node:path';
import type { Connection, Driver } from '../types.js';
import { connectError } from '../connect-error.js';
import { LOCAL_LOCK, type LocalLockSite } from '../local-lock.js';
import { parseUrl, redactUrl } from '../url.js';
import type { ConnectOptions } from '../registry.js';
import { sqliteDialect } from './dialect.js';
import { LOCK_SUFFIX } from './lock.js';

export const driver: Driver = {
  schemes: ['sqlite'],
  dialect: sqliteDialect,
  connect: (url: string, opts?: ConnectOptions) => connectSqlite(url, opts),
};

function bindable(v: unknown): unknown {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof Date) return v.toISOString();
  if (v === undefined) return null;
  return v;
}

async function connectSqlite(url: string, _opts: ConnectOptions = {}): Promise<Connection> {
  const p = parseUrl(url);
  const file = p.path === undefined ? undefined : resolve(p.path);
  let db: Database.Database;
  try {
    db = new Database(file ?? ':memory:', { timeout: 5_000 });
  } catch (e) {
    throw connectError(e, url, 'check that the directory of the database file exists and is writable');
  }
  const closers: Array<() => Promise<void> | void> = [];
  const site: LocalLockSite = { file: file && file + LOCK_SUFFIX, onClose: (fn) => void closers.push(fn) };
  let closed = false;
  const conn = {
    dialect: sqliteDialect,
    redactedUrl: redactUrl(url),
    [LOCAL_LOCK]: site,
    client: db,
    async exec(sql: string) {
      db.exec(sql);
    },
    async query<T>(sql: string, params?: readonly unknown[]) {
      const stmt = db.prepare(sql);
      const args = (params ?? []).map(bindable);
      if (stmt.reader) return stmt.all(...args) as T[];
      stmt.run(...args);
      return [];
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const fn of closers.splice(0)) await fn();
      db.close();
    },
  };
  return conn as Connection;
}
