/**
 * The PostgreSQL schema engine's DSL compiler: `cairn-migrate/dsl` definitions to DDL for an
 * empty database, quoted PostgreSQL's way. The DDL itself is written by the PostgreSQL DSL's
 * `compileSchema` (src/dsl/postgres/compile.ts), which `cairn-migrate/dsl` has always exported
 * with the quoting as an argument.
 */
import type { CompiledDsl } from '../../engine/types.js';
import { compileSchema } from '../../dsl/postgres/compile.js';
import type { AnyDef } from '../../dsl/defs.js';
import { quoteIdent } from './dialect.js';

export { compileSchema };

/** compilePostgresDsl compiles a schema module's definitions (as `loadSchemaFile` returns them). */
export function compilePostgresDsl(defs: readonly unknown[]): CompiledDsl {
  return compileSchema(defs as readonly AnyDef[], quoteIdent);
}
