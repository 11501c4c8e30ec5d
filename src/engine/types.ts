/**
 * SchemaEngine is what a dialect offers `diff` and `inspect`: read a database into the model,
 * plan changes as SQL with reverses, and write the model back as DSL source. A dialect carries
 * it as `Dialect.loadSchemaEngine` (loaded lazily: the runner never pays for it).
 *
 * The contract names the model, the changes and the plan, so it sits above all three (see the
 * layer order in test/architecture.test.ts); the dialects implement it, one layer up.
 */
import type { Change } from '../diff/changes.js';
import type { DiffHooks } from '../diff/hooks.js';
import type { Plan } from '../plan/types.js';
import type { Realm } from '../schema/model.js';

/**
 * What an inspector needs of a connection: catalog queries with positional parameters. Any
 * `Connection` is one; the contract asks for no more, so it does not depend on the database layer.
 */
export interface CatalogReader {
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
}

/**
 * What a command asks an inspection for. A dialect's inspector reads `schemas`; the rest is the
 * filter that `scopedEngine` (filter.ts) applies to what it read, the same for every dialect.
 */
export interface InspectScope {
  /** Schemas to read; every user schema when undefined. */
  readonly schemas?: readonly string[];
  /** Glob patterns of schemas (`audit`) and objects (`public.spatial_ref_sys`, `*.tmp_*`) to leave out. */
  readonly exclude?: readonly string[];
  /** The revision table's name, always left out (default `cairn_revisions`). */
  readonly revisionsTable?: string;
  /** The revision table's schema (default: the connection's, `defaultSchema`). */
  readonly revisionsSchema?: string;
  /**
   * Set by the filter for the dialect's inspector: whether it leaves out a schema-level object
   * (`name` undefined: the whole schema), so that the inspector never refuses an unsupported
   * object nobody asked for.
   */
  readonly excluded?: (schema: string, name?: string) => boolean;
}

export interface PlanSettings {
  /** Build indexes on existing tables CONCURRENTLY (outside a transaction). */
  readonly concurrentIndexes?: boolean;
}

/** A DSL module's definitions compiled for one dialect: DDL for an empty database, and rename hints. */
export interface CompiledDsl {
  /** DDL statements in dependency order, without terminators. */
  readonly statements: readonly string[];
  readonly renames: readonly { readonly schema: string; readonly table?: string; readonly from: string; readonly to: string }[];
}

export interface SchemaEngine {
  /** The dialect's answers to the generic differ's questions (identifier rules, renamed definitions). */
  readonly diffHooks: DiffHooks;
  /**
   * Set where a realm is one database without schemas of its own (MySQL: the connection's
   * database; SQLite: `main`): the inspector gives its only schema this name whatever the
   * database is called, so a scratch database and a target compare by content, and the planner
   * writes unqualified names. Rename hints may leave the schema out (`users.email=mail`).
   */
  readonly soleSchema?: string;
  /** The dev database `cairn diff` uses when none is given (`pglite:memory`, `sqlite::memory:`); undefined where a server is needed. */
  readonly defaultDevUrl?: string;
  /** What a freshly created database holds (PostgreSQL: an empty `public` schema, with `like`'s comment on it). */
  emptyRealm(like?: Realm): Realm;
  /** Compiles a DSL module's definitions (as `loadSchemaFile` returns them) into this dialect's DDL. */
  compileDsl(defs: readonly unknown[]): CompiledDsl;
  inspect(conn: CatalogReader, opts?: InspectScope): Promise<Realm>;
  /**
   * The schema unqualified names land in on this connection (PostgreSQL: `current_schema()`),
   * where the runner's revision table is when no schema is configured; undefined where the
   * database has no schemas.
   */
  defaultSchema?(conn: CatalogReader): Promise<string | undefined>;
  plan(changes: readonly Change[], from: Realm, to: Realm, opts?: PlanSettings): Plan;
  generateDsl(realm: Realm): string;
}
