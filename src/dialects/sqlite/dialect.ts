/**
 * The SQLite dialect. DDL is transactional; there are no schemas (attached databases aside)
 * and no advisory locks, so the lock is a file (see lock.ts).
 */
import type { Connection, DbErrorInfo, Dialect, RevisionTableName } from '../types.js';
import { SQLITE_LEXER } from '../../sql/presets.js';
import { acquireSqliteLock } from './lock.js';
import { FOREIGN_KEYS, inSchema, REVISION_TABLE_EXISTS, USER_OBJECTS } from './catalog.js';
import { sqliteDevDatabase } from './dev-database.js';

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

interface ObjectRow {
  name: string;
  kind: string;
}

async function userObjects(conn: Connection, schema: string | undefined, except?: RevisionTableName): Promise<ObjectRow[]> {
  const rows = await conn.query<ObjectRow>(inSchema(USER_OBJECTS, schema && quoteIdent(schema)));
  return rows.filter((r) => !(except && r.kind === 'table' && r.name === except.table));
}

/** Drop order: triggers and views first, then tables. */
const DROP_ORDER = ['trigger', 'view', 'table'];

export const sqliteDialect: Dialect = Object.freeze({
  name: 'sqlite' as const,
  displayName: 'SQLite',
  capabilities: Object.freeze({ transactionalDdl: true, schemas: false, advisoryLocks: false }),
  lexer: SQLITE_LEXER,
  /** SQLite stores by affinity: timestamps as ISO-8601 text, booleans as 0/1. */
  types: Object.freeze({ text: 'text', key: 'text', bigint: 'integer', int: 'integer', timestamp: 'text', bool: 'integer' }),
  quoteIdent,
  placeholder: () => '?',
  /** A schema names an attached database; usually absent. */
  qualify: (n: RevisionTableName) => (n.schema ? `${quoteIdent(n.schema)}.${quoteIdent(n.table)}` : quoteIdent(n.table)),
  createSchemaIfMissing: () => [],

  async revisionTableExists(conn: Connection, n: RevisionTableName): Promise<boolean> {
    const rows = await conn.query<{ n: number }>(inSchema(REVISION_TABLE_EXISTS, n.schema && quoteIdent(n.schema)), [n.table]);
    return Number(rows[0]?.n) > 0;
  },

  acquireLock: acquireSqliteLock,

  async listUserObjects(conn: Connection, except: RevisionTableName): Promise<string[]> {
    return (await userObjects(conn, except.schema, except)).map((r) => `${r.kind} ${r.name}`).sort();
  },

  /** The main database, and the revision table's attached one when named (qualified then). */
  async listDatabaseObjects(conn: Connection, except: RevisionTableName): Promise<string[]> {
    const main = (await userObjects(conn, undefined, except.schema === undefined || except.schema === 'main' ? except : undefined)).map((r) => `${r.kind} ${r.name}`);
    if (except.schema === undefined || except.schema === 'main') return main.sort();
    const attached = (await userObjects(conn, except.schema, except)).map((r) => `${r.kind} ${except.schema}.${r.name}`);
    return [...main, ...attached].sort();
  },

  /** Foreign keys are switched off while dropping (DROP TABLE would otherwise delete rows and check them). */
  async clean(conn: Connection, except?: RevisionTableName): Promise<void> {
    const rows = await userObjects(conn, except?.schema, except);
    rows.sort((a, b) => DROP_ORDER.indexOf(a.kind) - DROP_ORDER.indexOf(b.kind));
    const fk = Number((await conn.query<{ foreign_keys: number }>(FOREIGN_KEYS))[0]?.foreign_keys ?? 0);
    if (fk) await conn.exec('PRAGMA foreign_keys = OFF');
    const prefix = except?.schema ? `${quoteIdent(except.schema)}.` : '';
    try {
      for (const r of rows) await conn.exec(`DROP ${r.kind.toUpperCase()} IF EXISTS ${prefix}${quoteIdent(r.name)}`);
    } finally {
      if (fk) await conn.exec('PRAGMA foreign_keys = ON');
    }
  },

  /** One database per file (attached ones aside): cleaning the main database without exceptions is the reset. */
  async resetDatabase(conn: Connection): Promise<void> {
    await sqliteDialect.clean(conn);
  },

  errorInfo: sqliteErrorInfo,
  devDatabase: sqliteDevDatabase,
  loadSchemaEngine: async () => (await import('./schema-engine.js')).sqliteSchemaEngine,
  loadLintRules: async () => (await import('./lint-rules.js')).sqliteLintRules,
});

/** better-sqlite3's SqliteError carries `code` (SQLITE_ERROR, SQLITE_CONSTRAINT_UNIQUE...). */
export function sqliteErrorInfo(err: unknown): DbErrorInfo {
  const e = (typeof err === 'object' && err !== null ? err : {}) as { code?: unknown; message?: unknown };
  const code = typeof e.code === 'string' ? e.code : undefined;
  return {
    code,
    message: typeof e.message === 'string' ? e.message : String(err),
    ...(code !== undefined && LOCKED.test(code) ? { hint: LOCKED_HINT } : {}),
  };
}

/** SQLITE_BUSY and SQLITE_LOCKED, with their extended codes: another connection holds the file. */
const LOCKED = /^SQLITE_(BUSY|LOCKED)/;
const LOCKED_HINT = 'another process holds a lock on the database file (an open transaction in an application, a DB browser, a second cairn run): Cairn waited 5 s for it; close it or let it finish, then run the command again';
