/**
 * SchemaEngine is what a dialect offers `diff` and `inspect`: read a database into the model,
 * plan changes as SQL with reverses, and write the model back as DSL source. A dialect carries
 * it as `Dialect.loadSchemaEngine` (loaded lazily: the runner never pays for it).
 */
import type { Connection } from '../dialects/types.js';
import type { Change } from '../diff/changes.js';
import type { Plan } from '../plan/types.js';
import type { Realm } from './model.js';

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

export interface SchemaEngine {
  inspect(conn: Pick<Connection, 'query'>, opts?: InspectScope): Promise<Realm>;
  /**
   * The schema unqualified names land in on this connection (PostgreSQL: `current_schema()`),
   * where the runner's revision table is when no schema is configured; undefined where the
   * database has no schemas.
   */
  defaultSchema?(conn: Pick<Connection, 'query'>): Promise<string | undefined>;
  plan(changes: readonly Change[], from: Realm, to: Realm, opts?: PlanSettings): Plan;
  generateDsl(realm: Realm): string;
}
