/**
 * The public shape of a code migration: what `defineMigration` accepts and what `up`/`down`
 * receive. A code migration is a module in the migration directory
 * (`20261201120000_backfill_totals.ts`, `.js` or `.mjs`) whose default export is
 * `defineMigration({...})`, or an entry of `createMigrator({ migrations: [...] })`.
 */
import type { DialectName } from '../../dialects/types.js';

/** A row as the driver returns it. */
export type Row = Record<string, unknown>;

/**
 * A piece of SQL text that `ctx.sql` inserts as written instead of binding it as a parameter:
 * an identifier from `ctx.sql.id`, trusted text from `ctx.sql.raw`, a list from `ctx.sql.list`.
 */
export interface SqlFragment {
  readonly sqlFragment: true;
  /** Text inserted as written, and `{ value }` entries bound as parameters (see sql-tag.ts). */
  readonly parts: readonly (string | { readonly value: unknown })[];
}

/**
 * The `ctx.sql` tagged template: every `${value}` becomes a bound parameter (`$1` or `?` by
 * dialect), never text, so values cannot inject SQL. Identifiers cannot be parameters: write
 * them with `ctx.sql.id(name)`; a value where the SQL needs a name is refused before it runs.
 */
export interface SqlTag {
  <T = Row>(strings: TemplateStringsArray, ...values: readonly unknown[]): Promise<T[]>;
  /** A quoted identifier, optionally qualified: `ctx.sql.id('app', 'users')` → `"app"."users"`. */
  id(...names: readonly string[]): SqlFragment;
  /** Trusted SQL text inserted as written (never pass user input here). */
  raw(text: string): SqlFragment;
  /** A comma-separated list of bound values, for `IN (${ctx.sql.list(ids)})`. */
  list(values: readonly unknown[]): SqlFragment;
}

export interface MigrationLogger {
  info(message: string): void;
  warn(message: string): void;
}

/**
 * What `up` and `down` receive. Everything runs on the migration's own connection, inside its
 * transaction unless the migration says `transaction: false`, and under Cairn's lock.
 */
export interface MigrationContext<Client = unknown> {
  /** Tagged template with bound parameters; resolves to the rows (none for DDL/DML). */
  readonly sql: SqlTag;
  /** A statement with positional parameters written as the dialect spells them (`$1` / `?`). */
  query<T = Row>(text: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs SQL text as written, without parameters. */
  exec(text: string): Promise<void>;
  /** `postgres` (also PGlite), `mysql` (also MariaDB) or `sqlite`. */
  readonly dialect: DialectName;
  /**
   * The driver's own connection, bound to this migration's transaction: a `pg` Client, a
   * `mysql2/promise` Connection, a `better-sqlite3` Database or a PGlite instance. Hand it to
   * Kysely, Drizzle or Knex to write the migration with your query builder (README, "Code
   * migrations"). Do not close it, nor begin or commit transactions on it.
   */
  readonly client: Client;
  /** Messages shown with the migration's progress (the CLI prints them; the library emits `log` events). */
  readonly log: MigrationLogger;
  /** Which migration is running. */
  readonly migration: { readonly version: string; readonly file: string; readonly transaction: boolean };
}

export type MigrationFunction<Client = unknown> = (ctx: MigrationContext<Client>) => unknown;

/** What `defineMigration` accepts. */
export interface CodeMigrationDefinition<Client = unknown> {
  up: MigrationFunction<Client>;
  /**
   * The reverse: a function, or SQL text. SQL text is also stored in the revision table (as
   * `downSql` is), so that a binary whose directory lacks this migration can roll it back.
   */
  down?: MigrationFunction<Client> | string;
  /**
   * SQL that reverses `up`, stored in the revision table when the migration is applied, so that
   * an older application binary, which does not have this module, can still roll it back with
   * `cairn down`. When `down` is a function too, a binary that has the module runs the function.
   */
  downSql?: string;
  /**
   * `false` runs `up` outside a transaction, for long backfills that commit in batches. Cairn
   * records such a migration as partial until `up` returns, and a later apply runs `up` again
   * from the start: it must be idempotent (re-runnable after a failure or a crash at any point).
   * Default `true`: `up` and its revision row commit together, and a throw rolls both back.
   */
  transaction?: boolean;
}

/** A migration declared in application code (`createMigrator({ migrations: [...] })`). */
export interface InlineMigration<Client = unknown> extends CodeMigrationDefinition<Client> {
  /** A stable identity, stored in the revision table; never change it once applied. */
  id: string;
}

/**
 * defineMigration types a code migration's default export: it returns the definition as given
 * (the loader checks its shape, so a plain object export works too).
 */
export function defineMigration<Client = unknown>(definition: CodeMigrationDefinition<Client>): CodeMigrationDefinition<Client> {
  return definition;
}

/** The SQL a code migration stores for older binaries: `downSql`, else a SQL-text `down`. */
export function storedDownSql(def: CodeMigrationDefinition): string | null {
  if (typeof def.downSql === 'string') return def.downSql;
  return typeof def.down === 'string' ? def.down : null;
}

/** Whether the migration runs in a transaction (its own choice; the default is yes). */
export function wantsTransaction(def: CodeMigrationDefinition): boolean {
  return def.transaction !== false;
}
