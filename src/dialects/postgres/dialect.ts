/**
 * The PostgreSQL dialect, shared by the server driver (`pg`) and PGlite: both speak the same
 * SQL, catalogs and error codes, and differ only in how they connect and lock.
 */
import type { Connection, DbErrorInfo, Dialect, RevisionTableName } from '../types.js';
import { POSTGRES_LEXER } from '../../sql/presets.js';
import { acquirePostgresLock } from './lock.js';
import { revisionSchema, searchPathUrl, urlSchema } from './search-path.js';
import { postgresDevDatabase } from './dev-database.js';
import { extensionVersionEvents } from './extension-pins.js';
import { COLLATIONS_AND_TS_CONFIGS, CURRENT_SCHEMA, DATABASE_OBJECTS, EXTENSIONS, FREE_SEQUENCES, RELATIONS, REVISION_TABLE_EXISTS, ROUTINES, TYPES } from './catalog.js';

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

interface ObjectRow {
  name: string;
  kind: string;
  args?: string;
}

/** Every user object of the target schema, in drop order (dependents first, CASCADE does the rest). */
async function userObjects(conn: Connection, schema: string | undefined, except?: RevisionTableName): Promise<ObjectRow[]> {
  const params = [schema ?? null];
  // One after another: a pg Client runs one query at a time anyway, and warns if asked to queue.
  const rows: ObjectRow[] = [];
  for (const q of [RELATIONS, FREE_SEQUENCES, ROUTINES, TYPES, COLLATIONS_AND_TS_CONFIGS, EXTENSIONS]) rows.push(...(await conn.query<ObjectRow>(q, params)));
  const exceptInSchema = except !== undefined && (except.schema === undefined || except.schema === schema);
  return rows.filter((r) => !(exceptInSchema && r.kind === 'table' && r.name === except.table));
}

function describe(r: ObjectRow): string {
  return r.args !== undefined ? `${r.kind} ${r.name}(${r.args})` : `${r.kind} ${r.name}`;
}

function dropStatement(schema: string, r: ObjectRow): string {
  const q = `${quoteIdent(schema)}.${quoteIdent(r.name)}`;
  switch (r.kind) {
    case 'function':
    case 'procedure':
      return `DROP ROUTINE IF EXISTS ${q}(${r.args ?? ''}) CASCADE`;
    case 'aggregate':
      return `DROP AGGREGATE IF EXISTS ${q}(${r.args || '*'}) CASCADE`;
    case 'enum':
    case 'range':
    case 'multirange':
    case 'type':
      return `DROP TYPE IF EXISTS ${q} CASCADE`;
    case 'extension':
      return `DROP EXTENSION IF EXISTS ${quoteIdent(r.name)} CASCADE`;
    default:
      return `DROP ${r.kind.toUpperCase()} IF EXISTS ${q} CASCADE`;
  }
}

/**
 * `CREATE EXTENSION [IF NOT EXISTS] name`, the name bare or quoted. Only the word CREATE is
 * consumed and the rest is a lookahead, so a comment ending in "create extension" right before
 * the real statement cannot swallow it. A match inside a comment or string only makes an
 * embedded database load an extension it does not need, which is harmless.
 */
const CREATE_EXTENSION = /\bcreate(?=\s+extension\s+(?:if\s+not\s+exists\s+)?(?:"((?:[^"]|"")+)"|([a-z_][a-z0-9_$-]*)))/gi;

export function extensionsCreatedBy(sql: string): string[] {
  const names = new Set<string>();
  for (const m of sql.matchAll(CREATE_EXTENSION)) names.add(m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2].toLowerCase());
  return [...names];
}

/** Order of drops: views before tables before sequences, routines, types, extensions. */
const DROP_ORDER = ['view', 'materialized view', 'foreign table', 'table', 'sequence', 'aggregate', 'function', 'procedure', 'domain', 'enum', 'range', 'type',
  'collation', 'text search configuration', 'extension'];

export const postgresDialect: Dialect = Object.freeze({
  name: 'postgres' as const,
  displayName: 'PostgreSQL',
  capabilities: Object.freeze({ transactionalDdl: true, schemas: true, advisoryLocks: true }),
  lexer: POSTGRES_LEXER,
  types: Object.freeze({ text: 'text', key: 'varchar(255)', bigint: 'bigint', int: 'integer', timestamp: 'timestamptz', bool: 'boolean' }),
  quoteIdent,
  placeholder: (i: number) => `$${i}`,
  qualify: (n: RevisionTableName) => (n.schema ? `${quoteIdent(n.schema)}.${quoteIdent(n.table)}` : quoteIdent(n.table)),
  createSchemaIfMissing: (schema: string) => [`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`],
  revisionSchema,
  schemaScopedUrl: searchPathUrl,
  urlSchema,

  /**
   * Each file commits on its own, and every PostgreSQL commit waits for a WAL flush: 500 files
   * cost 500 fsyncs where `psql -1` pays one. Deferring the flush keeps atomicity (a crash loses
   * whole transactions, file and revision row together, never half of one), and the run's final
   * synchronous commit flushes every earlier one with it (WAL is sequential).
   */
  deferFlushSql: 'SET LOCAL synchronous_commit TO OFF',
  extensionsCreatedBy,
  extensionVersionEvents,
  loadSchemaEngine: async () => (await import('./plan-engine.js')).postgresSchemaEngine,
  loadLintRules: async () => (await import('./lint-rules.js')).postgresLintRules,
  devDatabase: postgresDevDatabase,

  async revisionTableExists(conn: Connection, n: RevisionTableName): Promise<boolean> {
    const rows = await conn.query<{ exists: boolean }>(REVISION_TABLE_EXISTS, [n.schema ?? null, n.table]);
    return rows[0]?.exists === true;
  },

  acquireLock: acquirePostgresLock,

  async listUserObjects(conn: Connection, except: RevisionTableName): Promise<string[]> {
    return (await userObjects(conn, except.schema, except)).map(describe).sort();
  },

  async listDatabaseObjects(conn: Connection, except: RevisionTableName): Promise<string[]> {
    return (await conn.query<ObjectRow>(DATABASE_OBJECTS, [except.schema ?? null, except.table])).map((r) => `${r.kind} ${r.name}`);
  },

  async clean(conn: Connection, except?: RevisionTableName): Promise<void> {
    const schema = except?.schema ?? (await conn.query<{ schema: string }>(CURRENT_SCHEMA))[0]?.schema;
    if (!schema) return;
    const rows = await userObjects(conn, schema, except);
    rows.sort((a, b) => DROP_ORDER.indexOf(a.kind) - DROP_ORDER.indexOf(b.kind));
    for (const r of rows) await conn.exec(dropStatement(schema, r));
  },

  /**
   * Every user schema but `public` is dropped with what it holds (extensions installed in it
   * too); `public` is emptied object by object, so it keeps its owner, grants and comment as
   * the database was created with them. Roles are cluster-wide and stay.
   */
  async resetDatabase(conn: Connection): Promise<void> {
    await conn.exec(DROP_USER_SCHEMAS);
    await conn.exec('CREATE SCHEMA IF NOT EXISTS public');
    await postgresDialect.clean(conn, { schema: 'public', table: '' });
  },

  errorInfo: postgresErrorInfo,
});

/** Drops every schema that is neither PostgreSQL's own nor `public`, with everything in it. */
const DROP_USER_SCHEMAS = `DO $cairn_reset$
DECLARE r record;
BEGIN
  FOR r IN SELECT nspname FROM pg_catalog.pg_namespace
           WHERE nspname NOT LIKE 'pg\\_%' AND nspname NOT IN ('information_schema', 'public') LOOP
    EXECUTE format('DROP SCHEMA %I CASCADE', r.nspname);
  END LOOP;
END
$cairn_reset$`;

/** pg and PGlite errors carry `code` (SQLSTATE) and `position` (1-based, as a string). */
export function postgresErrorInfo(err: unknown): DbErrorInfo {
  const e = (typeof err === 'object' && err !== null ? err : {}) as { code?: unknown; message?: unknown; position?: unknown };
  const position = e.position === undefined || e.position === null ? NaN : Number(e.position);
  const code = typeof e.code === 'string' ? e.code : undefined;
  const message = typeof e.message === 'string' ? e.message : String(err);
  const hint = code === '0A000' && /^extension ".*" is not available/.test(message)
    ? 'the extension is not installed on the database this ran on. The embedded dev database (PGlite) has only its bundled contrib extensions; for others pass --dev-url with a PostgreSQL server that has it installed'
    : undefined;
  return {
    code,
    message,
    ...(Number.isFinite(position) && position > 0 ? { position } : {}),
    ...(hint ? { hint } : {}),
  };
}

export const INT8_OID = 20;

/**
 * int8 comes back as a number when it fits in a double and as a string otherwise, the same rule
 * mysql2's `supportBigNumbers` applies, so `count(*)` is a number on every dialect and driver.
 */
export function parseInt8(value: string): number | string {
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : value;
}
