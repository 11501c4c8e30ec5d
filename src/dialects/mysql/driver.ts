/**
 * MySQL/MariaDB driver over `mysql2`, loaded lazily by the registry. `multipleStatements` stays
 * off: the runner sends one statement at a time, and a multi-statement packet would hide which
 * statement failed. Dates are sent and read as UTC (`timezone: 'Z'`), so a revision timestamp
 * means the same thing whatever the client's TZ.
 */
import type { EventEmitter } from 'node:events';
import mysql from 'mysql2/promise';
import type { Connection, Driver, IdleWatch } from '../types.js';
import { connectError, scrubInPlace } from '../connect-error.js';
import { parseUrl, redactUrl } from '../url.js';
import type { ConnectOptions } from '../registry.js';
import { mysqlDialect } from './dialect.js';

export const driver: Driver = {
  schemes: ['mysql', 'mariadb'],
  dialect: mysqlDialect,
  connect: (url: string, opts?: ConnectOptions) => connectMysql(url, opts),
};

async function connectMysql(url: string, opts: ConnectOptions = {}): Promise<Connection> {
  const p = parseUrl(url);
  let conn: mysql.Connection;
  try {
    conn = await mysql.createConnection({
      host: p.host ?? '127.0.0.1',
      port: p.port ?? 3306,
      user: p.user,
      password: p.password,
      database: p.database,
      connectTimeout: opts.connectTimeoutMs ?? 10_000,
      multipleStatements: false,
      // BIGINT as number when exact, string otherwise: the same rule as the pg drivers here.
      supportBigNumbers: true,
      timezone: 'Z',
      charset: 'utf8mb4',
      ...(p.params.ssl === 'true' || p.params.ssl === '1' ? { ssl: {} } : {}),
    });
  } catch (e) {
    throw connectError(e, url);
  }
  // A dropped connection emits 'error'; without a listener Node would crash the process.
  (conn as unknown as EventEmitter).on('error', () => {});
  let closed = false;
  return {
    dialect: mysqlDialect,
    redactedUrl: redactUrl(url),
    client: conn,
    idleWatch: idleWatch(conn),
    async exec(sql: string) {
      try {
        await conn.query(sql);
      } catch (e) {
        throw scrubInPlace(e, url, p.password);
      }
    },
    async query<T>(sql: string, params?: readonly unknown[]) {
      try {
        const [rows] = await conn.query(sql, params ? [...params] : undefined);
        // RowDataPacket instances → plain objects; OK packets (DDL/DML) → no rows.
        return Array.isArray(rows) ? (rows as object[]).map((r) => ({ ...r }) as T) : [];
      } catch (e) {
        throw scrubInPlace(e, url, p.password);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await conn.end().catch(() => conn.destroy());
    },
  };
}

/** Connection.idleWatch over mysql2's core connection: its command queue. */
function idleWatch(conn: mysql.Connection): IdleWatch | undefined {
  const core = (conn as unknown as { connection?: { _command: unknown; _commands?: { length: number } } }).connection;
  if (!core || core._commands === undefined) return undefined;
  return { busy: () => core._command != null || core._commands!.length > 0 };
}
