import type { LexerOptions } from '../sql/types.js';
import type { LintRule } from '../lint/types.js';
import type { SchemaEngine } from '../engine/types.js';

/** Names of the dialect families. Used as registry keys and in messages, never branched on in the core. */
export type DialectName = 'postgres' | 'mysql' | 'sqlite';

/**
 * Capabilities as data: the runner picks its strategy from these, never from the dialect name.
 */
export interface Capabilities {
  /** DDL statements can be rolled back (PostgreSQL, SQLite), so a file + its revision row commit together. */
  readonly transactionalDdl: boolean;
  /** Schemas (namespaces) inside one database. */
  readonly schemas: boolean;
  /** Session-level advisory locks (pg_advisory_lock, GET_LOCK). */
  readonly advisoryLocks: boolean;
}

/** A server error, normalised for messages: SQLSTATE or errno and the server's text. */
export interface DbErrorInfo {
  readonly code?: string;       // SQLSTATE (PostgreSQL), errno/code (MySQL), SQLITE_* (SQLite)
  readonly message: string;     // the server's message, password-free
  readonly position?: number;   // 1-based character position inside the statement, when the server says
  /** MySQL/MariaDB numeric error number (1064); `code` then holds the symbolic name (ER_PARSE_ERROR). */
  readonly errno?: number;
  /** The SQLSTATE when the driver reports one besides `code` (MySQL: '42000'). */
  readonly sqlState?: string;
  /** What to do about it, when the dialect knows better than the server's message. */
  readonly hint?: string;
}

/**
 * ColumnTypes: the column type spellings the runner needs to build its revision table, so the
 * column set lives in one dialect-neutral place (the runner) and only the spellings vary.
 */
export interface ColumnTypes {
  /** Unbounded text (statements, errors): text / longtext. */
  readonly text: string;
  /** A short string usable in a primary key or index (versions): text / varchar(255). */
  readonly key: string;
  readonly bigint: string;
  readonly int: string;
  /** A point in time. Pass JS `Date` parameters; read back Date (pg, mysql) or ISO text (SQLite). */
  readonly timestamp: string;
  /** Booleans read back as true/false (pg) or 1/0 (mysql, SQLite). */
  readonly bool: string;
}

/** One open connection to a target database. Statements run one at a time, in order. */
export interface Connection {
  readonly dialect: Dialect;
  /** The URL with any password masked, for messages. */
  readonly redactedUrl: string;
  /** Runs one statement (or a script the driver accepts as a whole) and ignores its result. */
  exec(sql: string): Promise<void>;
  /** Runs a query with positional parameters (written with `dialect.placeholder(i)`). */
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  close(): Promise<void>;
  /**
   * The driver's own connection object (a `pg` Client, a `mysql2/promise` Connection, a
   * `better-sqlite3` Database, a PGlite instance), for code migrations that hand it to a query
   * builder (`ctx.client`). Statements sent through it run in this session, so in its transaction.
   */
  readonly client: unknown;
  /**
   * For a server connection: whether a statement is in flight on it (also one sent through
   * `client` directly). A code migration that awaits something while its connection is idle and
   * nothing else is pending in the process is one that never settles (see migrate/code/invoke.ts).
   * Undefined for embedded databases, where the process itself runs dry instead.
   */
  readonly idleWatch?: IdleWatch;
  /**
   * Embedded scratch databases only: drops everything created since the database started and
   * resolves true when it is provably as empty as it began, so a second scratch job can reuse
   * it; false means start a fresh one.
   */
  resetToEmpty?(): Promise<boolean>;
}

/** See Connection.idleWatch. */
export interface IdleWatch {
  busy(): boolean;
}

/** The identity of the revision table: schema may be undefined (SQLite, or the connection's current schema). */
export interface RevisionTableName {
  readonly schema?: string;
  readonly table: string;
}

/** A held lock; release is idempotent. */
export interface Lock {
  release(): Promise<void>;
}

/**
 * Dialect: everything the runner and the CLI need that differs per database. One implementation
 * per folder in `src/dialects/<name>/`, registered in `src/dialects/registry.ts`.
 */
export interface Dialect {
  readonly name: DialectName;
  /** The database family as people name it in messages: `PostgreSQL`, `MySQL/MariaDB`, `SQLite`. */
  readonly displayName: string;
  readonly capabilities: Capabilities;
  readonly lexer: LexerOptions;
  quoteIdent(name: string): string;
  /** Parameter placeholder for the i-th (1-based) parameter: `$1` or `?`. */
  placeholder(i: number): string;
  /** Fully-qualified, quoted revision table name. */
  qualify(name: RevisionTableName): string;
  /** Whether the revision table exists. */
  revisionTableExists(conn: Connection, name: RevisionTableName): Promise<boolean>;
  /**
   * Takes the migration lock for this revision table, polling until `timeoutMs`; throws
   * CairnError LOCK_TIMEOUT. The lock dies with the session, so a crash never leaves it stuck.
   */
  acquireLock(conn: Connection, name: RevisionTableName, timeoutMs: number): Promise<Lock>;
  /** User objects (tables, views, types...) in the target schema other than the revision table. */
  listUserObjects(conn: Connection, except: RevisionTableName): Promise<string[]>;
  /**
   * What makes the database non-empty for `apply`'s fresh-database check, the revision table
   * excepted, as `kind name` lines: PostgreSQL, objects in every user schema and any user schema
   * but `public` and the revision table's; MySQL, the connection's database and the revision
   * table's (when another); SQLite, the main database and the revision table's attached one.
   */
  listDatabaseObjects(conn: Connection, except: RevisionTableName): Promise<string[]>;
  /** Drops every user object (testing helper `clean`, and `--dev-url` scratch databases). */
  clean(conn: Connection, except?: RevisionTableName): Promise<void>;
  /**
   * Drops every user object of the connection's database in all of its schemas, the revision
   * table included, leaving it as it was created (`cairn reset`). Roles and other server-wide
   * objects stay.
   */
  resetDatabase(conn: Connection): Promise<void>;
  /** Extracts SQLSTATE/errno and message from a driver error. */
  errorInfo(err: unknown): DbErrorInfo;
  /** Column type spellings for the revision table (see ColumnTypes). */
  readonly types: ColumnTypes;
  /**
   * SQL run right after BEGIN of every file but a run's last, to defer that commit's flush
   * (PostgreSQL: `SET LOCAL synchronous_commit TO OFF`); the final synchronous commit makes all
   * of them durable. Undefined where the database has no such setting.
   */
  readonly deferFlushSql?: string;
  /** What `cairn diff` needs to know about this database's dev (scratch) databases; undefined where there is no schema engine. */
  readonly devDatabase?: DevDatabaseSupport;
  /** The schema engine behind `diff` and `inspect`, loaded on demand; undefined where there is none yet. */
  readonly loadSchemaEngine?: () => Promise<SchemaEngine>;
  /** This database's own lint rules (PostgreSQL locks, MySQL table copies, SQLite rebuilds), loaded on demand. */
  readonly loadLintRules?: () => Promise<readonly LintRule[]>;
  /**
   * The extensions a SQL text creates (PostgreSQL: `CREATE EXTENSION`), so that a connection
   * to an embedded build that must load them at start (PGlite) can ask for them up front.
   * Undefined where the database has no extensions.
   */
  extensionsCreatedBy?(sql: string): readonly string[];
  /**
   * What a SQL text does, explicitly, to extension versions, in order (see ExtensionVersionEvent):
   * a built state keeps the versions its SQL pinned and no others. Undefined where the database
   * has no extensions.
   */
  extensionVersionEvents?(sql: string): readonly ExtensionVersionEvent[];
  /** Idempotent DDL creating a schema (MySQL: database); empty where there are none (SQLite). */
  createSchemaIfMissing(schema: string): readonly string[];
  /**
   * Where the revision table goes when no schema is configured, for a database whose default
   * schema depends on what exists (PostgreSQL: the first schema of the session's search_path,
   * which may not exist yet). Undefined where the connection's current schema is always right.
   */
  revisionSchema?(conn: Connection, table: string): Promise<RevisionSchemaChoice>;
  /**
   * The URL of a session on `url`'s server whose unqualified names (and revision table) live in
   * `schema`: one target per tenant schema (`cairn apply --schema-template`). PostgreSQL sets
   * the search_path; MySQL, where a schema is a database, names that database. Undefined where
   * a database has no schemas (SQLite).
   */
  schemaScopedUrl?(url: string, schema: string): string;
  /**
   * The schema a URL confines its session to, if it names one (PostgreSQL: the first schema of
   * a `search_path` parameter, as schemaScopedUrl writes it); undefined otherwise. A first apply
   * checks only that schema for objects it did not create: the other tenants of a
   * schema-per-tenant database are not this target's.
   */
  urlSchema?(url: string): string | undefined;
}

/** What Dialect.revisionSchema found on a connection. */
export interface RevisionSchemaChoice {
  /** The schema the session's search_path names first, existing or not (else the current one); null when there is none. */
  readonly first: string | null;
  /** Where unqualified names resolve now (`current_schema()`), null when no schema of the path exists. */
  readonly current: string | null;
  /** The search_path as the server reports it, for messages. */
  readonly searchPath: string;
  /** Whether `first` holds a table of that name. */
  readonly inFirst: boolean;
  /** The other schemas of the search_path that hold a table of that name, in path order. */
  readonly elsewhere: readonly string[];
}

/** A server's version as `cairn diff` compares it: definitions are spelled per major version. */
export interface ServerVersion {
  readonly major: number;
  /** How to name it in messages: `PostgreSQL 15`. */
  readonly label: string;
}

/**
 * DevDatabaseSupport: the questions `cairn diff` asks about a dev database, answered by the
 * dialect, so the core never reads SQLSTATEs or catalogs itself.
 */
export interface DevDatabaseSupport {
  /** The version of the server behind `conn`. */
  serverVersion(conn: Pick<Connection, 'query'>): Promise<ServerVersion>;
  /** Whether the connection's user may create a database (for a scratch database on that server). */
  canCreateDatabase(conn: Pick<Connection, 'query'>): Promise<boolean>;
  /** Whether an error is a refused privilege (CREATE DATABASE without the right to). */
  isPrivilegeError(err: unknown): boolean;
  /** The role an error says does not exist (`role "app" does not exist`), else undefined. */
  missingRole(err: unknown): string | undefined;
  /** A statement creating `name` as a placeholder role: no login, no privileges. */
  createRolePlaceholder(name: string): string;
  /**
   * The statements that drop a scratch or test database, best first: the first that the server
   * accepts is used (PostgreSQL 13+ ends sessions still connected to it with `WITH (FORCE)`,
   * which an older server rejects as a syntax error, so the plain form follows).
   */
  dropDatabase(quotedName: string): readonly string[];
  /**
   * Statements that relax the checks a definition gets when it is created, while a desired
   * schema loads in any order, and restore them (PostgreSQL: `check_function_bodies`).
   */
  readonly relaxedChecks?: { readonly on: string; readonly off: string };
  /** What to tell a user whose dev URL may not create databases. */
  readonly privilegeHint?: string;
  /**
   * Whether a statement of a desired schema re-creates one of the database's own objects, which
   * a dump carries but no schema may create (SQLite's `.schema` lists `CREATE TABLE
   * sqlite_sequence(name,seq)`): such statements are skipped when the desired schema loads.
   */
  isInternalObjectDdl?(statement: string): boolean;
}

/**
 * One statement's effect on an extension's explicit version: with `version`, the statement pins
 * it (PostgreSQL: `CREATE EXTENSION … VERSION '1.6'`, `ALTER EXTENSION … UPDATE TO '1.6'`);
 * without, it leaves the version to the server (`DROP EXTENSION`, `ALTER EXTENSION … UPDATE`).
 */
export interface ExtensionVersionEvent {
  readonly name: string;
  readonly version?: string;
}

/** A driver opens connections for URL schemes; several drivers may share a dialect (pg and PGlite). */
export interface Driver {
  /** URL schemes this driver serves, without ':' ('postgres', 'postgresql', 'pglite'). */
  readonly schemes: readonly string[];
  readonly dialect: Dialect;
  connect(url: string): Promise<Connection>;
}
