/**
 * The PostgreSQL schema engine as one value: inspect, plan and DSL generation. The dialect
 * (dialect.ts) exposes it through `loadSchemaEngine`, so only `diff`/`inspect` load it.
 */
import type { SchemaEngine } from '../../schema/engine.js';
import { defaultSchema, inspectRealm } from './inspect.js';
import { planChanges } from './plan.js';
import { generateDsl } from './inspect-ts.js';

export const postgresSchemaEngine: SchemaEngine = Object.freeze({ inspect: inspectRealm, defaultSchema, plan: planChanges, generateDsl });
