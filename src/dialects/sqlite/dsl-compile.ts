/**
 * The SQLite schema engine's DSL compiler: `cairn-migrate/dsl/sqlite` definitions (and plain
 * tables of `cairn-migrate/dsl`, minus what SQLite lacks) to DDL for an empty database, with
 * SQLite's identifier quoting. The DDL is written by src/dsl/sqlite/compile.ts.
 */
import type { CompiledDsl } from '../../engine/types.js';
import { compileSqlite } from '../../dsl/sqlite/compile.js';
import { quoteIdent } from './dialect.js';

/** compileSqliteDsl compiles a schema module's definitions (as `loadSchemaFile` returns them). */
export function compileSqliteDsl(defs: readonly unknown[]): CompiledDsl {
  return compileSqlite(defs, quoteIdent);
}
