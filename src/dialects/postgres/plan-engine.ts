/**
 * The PostgreSQL schema engine as one value: inspect, plan and DSL generation. The dialect
 * (dialect.ts) exposes it through `loadSchemaEngine`, so only `diff`/`inspect` load it.
 */
import type { SchemaEngine } from '../../engine/types.js';
import { defaultSchema, inspectRealm } from './inspect.js';
import { planChanges } from './plan.js';
import { generateDsl } from './inspect-ts.js';
import { postgresDiffHooks } from './diff-hooks.js';
import { emptySchema, realm } from '../../schema/build.js';
import type { Realm } from '../../schema/model.js';
import { compilePostgresDsl } from './dsl-compile.js';

/** A fresh database as it starts: an empty `public` schema (with `like`'s comment on it, PostgreSQL's stock one). */
function emptyRealm(like?: Realm): Realm {
  const pub = like?.schemas.find((s) => s.name === 'public');
  return realm([{ ...emptySchema('public'), comment: pub?.comment }]);
}

export const postgresSchemaEngine: SchemaEngine = Object.freeze({
  inspect: inspectRealm,
  defaultSchema,
  plan: planChanges,
  generateDsl,
  diffHooks: postgresDiffHooks,
  defaultDevUrl: 'pglite:memory',
  emptyRealm,
  compileDsl: compilePostgresDsl,
});
