/**
 * The MySQL schema engine's DSL compiler: `cairn-migrate/dsl/mysql` definitions (and plain
 * tables of `cairn-migrate/dsl`, minus what MySQL lacks) to DDL for an empty database, with
 * MySQL's identifier quoting. The DDL is written by src/dsl/mysql/compile.ts.
 */
import type { CompiledDsl } from '../../engine/types.js';
import { compileMysql } from '../../dsl/mysql/compile.js';
import { quoteIdent } from './dialect.js';

/** compileMysqlDsl compiles a schema module's definitions (as `loadSchemaFile` returns them). */
export function compileMysqlDsl(defs: readonly unknown[]): CompiledDsl {
  return compileMysql(defs, quoteIdent);
}
