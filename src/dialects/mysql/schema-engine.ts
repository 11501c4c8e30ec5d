/**
 * The MySQL/MariaDB schema engine as one value: inspect, plan and DSL generation. The dialect
 * (dialect.ts) exposes it through `loadSchemaEngine`, so only `diff`/`inspect` load it. A
 * realm is the connection's database, as one schema named `main`; there is no embedded MySQL,
 * so `cairn diff` needs a server dev URL (or uses a scratch database on the target's server).
 */
import type { SchemaEngine } from '../../engine/types.js';
import type { Realm } from '../../schema/model.js';
import { emptySchema, realm } from '../../schema/build.js';
import { inspectRealm, SOLE_SCHEMA } from './inspect.js';
import { planChanges } from './plan.js';
import { generateDsl } from './generate-dsl.js';
import { mysqlDiffHooks } from './diff-hooks.js';
import { schemaAttrs, type SchemaWithAttrs } from './attrs.js';
import { compileMysqlDsl } from './dsl-compile.js';

/** A fresh database: no objects, on the server (and with the defaults) `like` was read from. */
function emptyRealm(like?: Realm): Realm {
  const schema: SchemaWithAttrs = { ...emptySchema(SOLE_SCHEMA), attrs: schemaAttrs(like?.schemas.find((s) => s.name === SOLE_SCHEMA)) };
  return realm([schema]);
}

export const mysqlSchemaEngine: SchemaEngine = Object.freeze({
  inspect: inspectRealm,
  defaultSchema: async () => SOLE_SCHEMA,
  plan: planChanges,
  generateDsl,
  diffHooks: mysqlDiffHooks,
  soleSchema: SOLE_SCHEMA,
  emptyRealm,
  compileDsl: compileMysqlDsl,
});
