/**
 * The SQLite schema engine as one value: inspect, plan, DSL generation and compilation. The
 * dialect (dialect.ts) exposes it through `loadSchemaEngine`, so only `diff`/`inspect` load it.
 * A realm is the `main` database, as one schema named `main`; a fresh database holds nothing.
 */
import type { SchemaEngine } from '../../engine/types.js';
import { emptySchema, realm } from '../../schema/build.js';
import type { Realm } from '../../schema/model.js';
import { inspectRealm, SOLE_SCHEMA } from './inspect.js';
import { planChanges } from './plan.js';
import { generateDsl } from './generate-dsl.js';
import { sqliteDiffHooks } from './diff-hooks.js';
import { compileSqliteDsl } from './dsl-compile.js';

const EMPTY: Realm = realm([emptySchema(SOLE_SCHEMA)]);

export const sqliteSchemaEngine: SchemaEngine = Object.freeze({
  inspect: inspectRealm,
  /** Unqualified names (and the revision table) live in `main`. */
  defaultSchema: async () => SOLE_SCHEMA,
  plan: planChanges,
  generateDsl,
  diffHooks: sqliteDiffHooks,
  soleSchema: SOLE_SCHEMA,
  defaultDevUrl: 'sqlite::memory:',
  emptyRealm: () => EMPTY,
  compileDsl: compileSqliteDsl,
});
