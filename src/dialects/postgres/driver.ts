/**
 * PostgreSQL server driver over `pg`. Loaded lazily by the registry, so SQLite users never pay
 * for importing `pg`. One `pg.Client` per connection: the migration lock is a session lock,
 * so a pool (which may hand out another session) would be wrong here.
 */
import pg from 'pg';
import type { Connection, Driver } from '../types.js';
import { connectError, scrubInPlace } from '../connect-error.js';
import { parseUrl, redactUrl } from '../url.js';
import type { ConnectOptions } from '../registry.js';
import { INT8_OID, parseInt8, postgresDialect } from './dialect.js';

const types = {
  getTypeParser(oid: number, format?: string) {
    if (oid === INT8_OID && format !== 'binary') return parseInt8;
    return (pg.types.getTypeParser as (oid: number, format?: string) => unknown)(oid, format);
  },
};

export const driver: Driver = {
  schemes: ['postgres', 'postgresql'],
  dialect: postgresDialect,
  connect: (url: string, opts?: ConnectOptions) => connectPostgres(url, opts),
};

async function connectPostgres(url: string, opts: ConnectOptions = {}): Promise<Connection> {
  const parsed = parseUrl(url);
  const session = sessionOptions(url);
  const client = new pg.Client({
    connectionString: session?.connectionString ?? url,
    ...(session ? { options: session.options } : {}),
    application_name: opts.applicationName ?? 'cairn',
    connectionTimeoutMillis: opts.connectTimeoutMs ?? 10_000,
    types: types as unknown as pg.CustomTypesConfig,
  });
  // A server-side disconnect emits 'error' on an idle client; without a listener Node would
  // crash the process. The next query fails with the driver's own error instead.
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (e) {
    await client.end().catch(() => {});
    throw connectError(e, url);
  }
  let closed = false;
  return {
    dialect: postgresDialect,
    redactedUrl: redactUrl(url),
    client,
    idleWatch: {
      // pg's own queue (its public getters are deprecated): a statement running or waiting.
      busy: () => {
        const c = client as unknown as { _activeQuery: unknown; _queryQueue: unknown[] };
        return c._activeQuery != null || c._queryQueue.length > 0;
      },
    },
    async exec(sql: string) {
      try {
        await client.query(sql);
      } catch (e) {
        throw scrubInPlace(e, url, parsed.password);
      }
    },
    async query<T>(sql: string, params?: readonly unknown[]) {
      try {
        const res = await client.query(sql, params ? [...params] : undefined);
        return res.rows as T[];
      } catch (e) {
        throw scrubInPlace(e, url, parsed.password);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await client.end().catch(() => {});
    },
  };
}

/**
 * sessionOptions carries a URL's `search_path` query parameter (`postgres://…/db?search_path=app`,
 * dbmate's convention, which dbmate histories rely on for unqualified names) to the server as the
 * session's default, through the startup `options` (`-c search_path=app`): pg sends only the
 * parameters it knows, so without this the schema would be silently ignored. An `options`
 * parameter in the URL is kept, with search_path appended; pg would let the URL's `options`
 * override the one given here, so it is taken out of the connection string. Undefined when the
 * URL has no search_path (or does not parse, in which case pg reports the URL itself).
 */
export function sessionOptions(url: string): { connectionString: string; options: string } | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  const searchPath = u.searchParams.get('search_path');
  if (searchPath === null || searchPath.trim() === '') return undefined;
  // libpq's options syntax: a backslash escapes the next character, spaces separate arguments.
  const escaped = searchPath.replace(/\\/g, '\\\\').replace(/ /g, '\\ ');
  const options = [u.searchParams.get('options'), `-c search_path=${escaped}`].filter((o) => o).join(' ');
  if (!u.searchParams.has('options')) return { connectionString: url, options };
  u.searchParams.delete('options');
  return { connectionString: u.toString(), options };
}
