/**
 * The DSL's compile entry points as they have always been imported from here: `isDef`/`AnyDef`
 * (what a schema module exports, any dialect) and `compileSchema`, PostgreSQL's compiler
 * (src/dsl/postgres/compile.ts). MySQL's and SQLite's compilers are in src/dsl/mysql and
 * src/dsl/sqlite; each schema engine binds its own (`SchemaEngine.compileDsl`).
 */
export { isDef, type AnyDef, type CompiledSchema, type DslRename } from './defs.js';
export { compileSchema } from './postgres/compile.js';
