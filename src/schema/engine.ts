/**
 * SchemaEngine is what a dialect offers `diff` and `inspect`: read a database into the model,
 * plan changes as SQL with reverses, and write the model back as DSL source. A dialect carries
 * it as `Dialect.loadSchemaEngine` (loaded lazily: the runner never pays for it).
 */
import type { Connection } from '../dialects/types.js';
import type { Change } from '../diff/changes.js';
import type { Plan } from '../plan/types.js';
import type { Realm } from './model.js';

export interface InspectScope {
  /** Schemas to read; every user schema when undefined. */
  readonly schemas?: readonly string[];
}

export interface PlanSettings {
  /** Build indexes on existing tables CONCURRENTLY (outside a transaction). */
  readonly concurrentIndexes?: boolean;
}

export interface SchemaEngine {
  inspect(conn: Pick<Connection, 'query'>, opts?: InspectScope): Promise<Realm>;
  plan(changes: readonly Change[], from: Realm, to: Realm, opts?: PlanSettings): Plan;
  generateDsl(realm: Realm): string;
}
