/**
 * PostgreSQL's schema-level DSL objects other than tables: enums, sequences, views, functions,
 * extensions, schemas; triggers and raw DDL come from the core. Functions and triggers are
 * written as SQL bodies.
 */
import type { SqlFragment } from '../sql.js';
import { type as columnType, type ColumnBuilder } from './columns.js';
import { sqlText as text, type SqlDef, type ViewDef } from '../core/objects.js';

export { trigger, statement, type SqlDef, type ViewDef } from '../core/objects.js';

interface Named { readonly name: string; readonly schema: string }

export interface EnumDef extends Named { readonly __cairn: 'enum'; readonly values: readonly string[]; readonly comment?: string; readonly renamedFrom?: string }
export interface SequenceDef extends Named { readonly __cairn: 'sequence'; readonly options: string; readonly comment?: string; readonly renamedFrom?: string }
export interface ExtensionDef { readonly __cairn: 'extension'; readonly name: string; readonly schema?: string; readonly version?: string }

/** A schema (namespace); schemas that tables or types name are created even without one. */
export interface NamespaceDef { readonly __cairn: 'schema'; readonly name: string; readonly comment?: string }

export type SchemaDef = NamespaceDef | EnumDef | SequenceDef | ViewDef | SqlDef | ExtensionDef;

export interface ObjectOptions { readonly schema?: string; readonly comment?: string; readonly renamedFrom?: string }

/** enumType defines `CREATE TYPE name AS ENUM (...)`; use it in columns with `type('"mood"')` or `enumType(...).column()`. */
export function enumType(name: string, values: readonly string[], opts: ObjectOptions = {}): EnumDef & { column(): ColumnBuilder } {
  const schema = opts.schema ?? 'public';
  const def = { __cairn: 'enum' as const, name, schema, values: Object.freeze([...values]), comment: opts.comment, renamedFrom: opts.renamedFrom };
  return Object.freeze({ ...def, column: () => typeFor(schema, name) });
}

const typeFor = (schema: string, name: string) => columnType(`"${schema.replace(/"/g, '""')}"."${name.replace(/"/g, '""')}"`);

/** sequence defines `CREATE SEQUENCE name <options>` (options verbatim: 'START 100 INCREMENT 5'). */
export function sequence(name: string, options = '', opts: ObjectOptions = {}): SequenceDef {
  return Object.freeze({ __cairn: 'sequence' as const, name, schema: opts.schema ?? 'public', options, comment: opts.comment, renamedFrom: opts.renamedFrom });
}

/** view defines `CREATE VIEW name AS <query>`. */
export function view(name: string, query: string | SqlFragment, opts: ObjectOptions & { with?: readonly string[] } = {}): ViewDef {
  return Object.freeze({ __cairn: 'view' as const, name, schema: opts.schema ?? 'public', materialized: false, query: text(query), with: opts.with, comment: opts.comment, renamedFrom: opts.renamedFrom });
}

/** materializedView defines `CREATE MATERIALIZED VIEW name AS <query>`. */
export function materializedView(name: string, query: string | SqlFragment, opts: ObjectOptions = {}): ViewDef {
  return Object.freeze({ ...view(name, query, opts), materialized: true });
}

/**
 * fn is a function or procedure written as its full CREATE statement. Functions are created
 * before tables (defaults may call them); pass `afterTables` for one whose signature uses a
 * table's row type.
 */
export const fn = (createSql: string | SqlFragment, opts: { afterTables?: boolean } = {}): SqlDef =>
  Object.freeze({ __cairn: 'function' as const, sql: text(createSql), afterTables: opts.afterTables });
/** schema defines `CREATE SCHEMA name`, for a schema of only functions, or one with a comment. */
export const schema = (name: string, opts: { comment?: string } = {}): NamespaceDef => Object.freeze({ __cairn: 'schema' as const, name, comment: opts.comment });

/**
 * extension defines `CREATE EXTENSION IF NOT EXISTS name`; `version` pins the version
 * (`extension('citext', { version: '1.6' })`). Without it the version is not compared, and the
 * migration creates the extension without VERSION: each server installs its own default.
 */
export const extension = (name: string, opts: { schema?: string; version?: string } = {}): ExtensionDef =>
  Object.freeze({ __cairn: 'extension' as const, name, schema: opts.schema, version: opts.version });
