/**
 * The PostgreSQL schema engine as one value: inspect, plan and DSL generation. Commands reach
 * it through `schemaEngineFor` (commands/inspect.ts) so that adding the engine to the
 * dialect registry later is a one-line change.
 */
import type { Connection } from '../types.js';
import type { Change } from '../../diff/changes.js';
import type { Realm } from '../../schema/model.js';
import type { Plan } from '../../plan/types.js';
import { inspectRealm, type InspectOptions } from './inspect.js';
import { planChanges, type PlanOptions } from './plan.js';
import { generateDsl } from './inspect-ts.js';

export interface SchemaEngine {
  inspect(conn: Pick<Connection, 'query'>, opts?: InspectOptions): Promise<Realm>;
  plan(changes: readonly Change[], from: Realm, to: Realm, opts?: PlanOptions): Plan;
  generateDsl(realm: Realm): string;
}

export const postgresSchemaEngine: SchemaEngine = Object.freeze({ inspect: inspectRealm, plan: planChanges, generateDsl });
