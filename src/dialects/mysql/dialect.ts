/**
 * The MySQL/MariaDB dialect. A schema is a database here (`capabilities.schemas` true with
 * that meaning); the revision table defaults to the URL's database. DDL is not transactional,
 * which the runner reads from `capabilities.transactionalDdl`.
 */
import type { Connection, DbErrorInfo, Dialect, RevisionTableName } from '../types.js';
import { MYSQL_LEXER } from '../../sql/presets.js';
import { acquireMysqlLock } from './lock.js';
import { quoteIdent } from './sql-text.js';
import { mysqlDevDatabase } from './dev-database.js';
import { CURRENT_DATABASE, EVENTS, FOREIGN_KEY_CHECKS, RELATIONS, REVISION_TABLE_EXISTS, ROUTINES, TRIGGERS } from './catalog.js';

export { quoteIdent };

interface ObjectRow {
  name: string;
  kind: string;
}

async function userObjects(conn: Connection, database: string | undefined, except?: RevisionTableName): Promise<ObjectRow[]> {
  const params = [database ?? null];
  const rows: ObjectRow[] = [];
  for (const q of [RELATIONS, ROUTINES, EVENTS, TRIGGERS]) rows.push(...(await conn.query<ObjectRow>(q, params)));
  const exceptHere = except !== undefined && (except.schema === undefined || except.schema === database);
  return rows.filter((r) => !(exceptHere && r.kind === 'table' && r.name === except.table));
}

/** Drop order: views and triggers before tables; FOREIGN_KEY_CHECKS=0 makes table order free. */
const DROP_ORDER = ['trigger', 'view', 'table', 'sequence', 'event', 'procedure', 'function', 'package'];

export const mysqlDialect: Dialect = Object.freeze({
  name: 'mysql' as const,
  displayName: 'MySQL/MariaDB',
  capabilities: Object.freeze({ transactionalDdl: false, schemas: true, advisoryLocks: true }),
  lexer: MYSQL_LEXER,
  /** LONGTEXT because TEXT stops at 64 KiB; VARCHAR(255) fits InnoDB's index limit in utf8mb4. */
  types: Object.freeze({ text: 'longtext', key: 'varchar(255)', bigint: 'bigint', int: 'int', timestamp: 'datetime(6)', bool: 'tinyint(1)' }),
  quoteIdent,
  placeholder: () => '?',
  qualify: (n: RevisionTableName) => (n.schema ? `${quoteIdent(n.schema)}.${quoteIdent(n.table)}` : quoteIdent(n.table)),
  createSchemaIfMissing: (schema: string) => [`CREATE DATABASE IF NOT EXISTS ${quoteIdent(schema)}`],
  /** A schema is a database: the URL names it (it must exist, as for any MySQL URL). */
  schemaScopedUrl: (url: string, schema: string) => {
    const u = new URL(url);
    u.pathname = '/' + encodeURIComponent(schema);
    return u.toString();
  },

  /** Only the database part; the runner appends its CREATE TABLE IF NOT EXISTS built from `types`. */

  async revisionTableExists(conn: Connection, n: RevisionTableName): Promise<boolean> {
    const rows = await conn.query<{ n: number }>(REVISION_TABLE_EXISTS, [n.schema ?? null, n.table]);
    return Number(rows[0]?.n) > 0;
  },

  acquireLock: acquireMysqlLock,

  async listUserObjects(conn: Connection, except: RevisionTableName): Promise<string[]> {
    return (await userObjects(conn, except.schema, except)).map((r) => `${r.kind} ${r.name}`).sort();
  },

  /** The connection's database (none when the URL names none) and the revision table's, each qualified. */
  async listDatabaseObjects(conn: Connection, except: RevisionTableName): Promise<string[]> {
    const current = (await conn.query<{ db: string | null }>(CURRENT_DATABASE))[0]?.db ?? undefined;
    const databases = [...new Set([current, except.schema ?? current].filter((d): d is string => d !== undefined && d !== null))];
    const out: string[] = [];
    for (const db of databases) out.push(...(await userObjects(conn, db, { schema: except.schema ?? current, table: except.table })).map((r) => `${r.kind} ${db}.${r.name}`));
    return out.sort();
  },

  async clean(conn: Connection, except?: RevisionTableName): Promise<void> {
    const database = except?.schema ?? (await conn.query<{ db: string | null }>(CURRENT_DATABASE))[0]?.db ?? undefined;
    if (!database) return;
    const rows = await userObjects(conn, database, except);
    rows.sort((a, b) => DROP_ORDER.indexOf(a.kind) - DROP_ORDER.indexOf(b.kind));
    const fkc = (await conn.query<{ fkc: number }>(FOREIGN_KEY_CHECKS))[0]?.fkc ?? 1;
    await conn.exec('SET FOREIGN_KEY_CHECKS = 0');
    try {
      for (const r of rows) await conn.exec(`DROP ${r.kind.toUpperCase()} IF EXISTS ${quoteIdent(database)}.${quoteIdent(r.name)}`);
    } finally {
      await conn.exec(`SET FOREIGN_KEY_CHECKS = ${Number(fkc) ? 1 : 0}`);
    }
  },

  /**
   * The URL's database is the unit of reset (a MySQL schema is a database, and others on the
   * server are not this target's): every object in it goes, the revision table too.
   */
  async resetDatabase(conn: Connection): Promise<void> {
    await mysqlDialect.clean(conn);
  },

  errorInfo: mysqlErrorInfo,
  devDatabase: mysqlDevDatabase,
  loadSchemaEngine: async () => (await import('./schema-engine.js')).mysqlSchemaEngine,
  loadLintRules: async () => (await import('./lint-rules.js')).mysqlLintRules,
});

/** mysql2 errors: `code` is the symbolic name (ER_PARSE_ERROR), `errno` the number, `sqlMessage` the text. */
export function mysqlErrorInfo(err: unknown): DbErrorInfo {
  const e = (typeof err === 'object' && err !== null ? err : {}) as { code?: unknown; errno?: unknown; sqlState?: unknown; sqlMessage?: unknown; message?: unknown; sql?: unknown };
  const message = typeof e.sqlMessage === 'string' ? e.sqlMessage : typeof e.message === 'string' ? e.message : String(err);
  const hint = hintFor(typeof e.errno === 'number' ? e.errno : undefined, message, typeof e.sql === 'string' ? e.sql : undefined);
  return {
    code: typeof e.code === 'string' ? e.code : undefined,
    message,
    ...(typeof e.errno === 'number' ? { errno: e.errno } : {}),
    ...(typeof e.sqlState === 'string' ? { sqlState: e.sqlState } : {}),
    ...(hint ? { hint } : {}),
  };
}

/** ER_PARSE_ERROR. */
const PARSE_ERROR = 1064;
/** An index key part that is an expression: `INDEX i ((lower(email)))`, `KEY k ((a + b))`. */
const EXPRESSION_KEY_PART = /\b(?:INDEX|KEY)\s+(?:`(?:[^`]|``)*`|\w+)?\s*(?:ON\s+(?:`(?:[^`]|``)*`|[\w.]+)\s*)?\(\s*\(/i;

/** hintFor explains a server error whose text hides the cause: a syntax error that is a missing feature. */
function hintFor(errno: number | undefined, message: string, sql: string | undefined): string | undefined {
  if (errno === PARSE_ERROR && sql && /MariaDB/.test(message) && EXPRESSION_KEY_PART.test(sql)) {
    return 'MariaDB has no expression (functional) index key parts (MySQL 8.0.13+ has them): index a generated column that holds the expression instead';
  }
  return undefined;
}
