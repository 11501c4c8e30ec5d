/**
 * MySQL/MariaDB facts the dialect-neutral model has no field for, as tagged attributes
 * (`Attr`). The differ compares them as data; the planner and DSL writer read them back with
 * `attrOf`. Each attribute is present only when it says something (an engine other than the
 * server's default, a STORED generation...), so a table declared without options has none.
 */
import type { Attr, Schema } from '../../schema/model.js';
import type { ServerInfo } from './capabilities.js';
import { attrAccess } from '../../schema/attrs.js';

/** The server that read the realm (on its one schema): the planner's capabilities come from it. */
export interface ServerAttr extends Attr { readonly kind: 'mysql.server'; readonly flavor: ServerInfo['flavor']; readonly version: string }
/**
 * The database's defaults (on its one schema): what a table without its own ENGINE or DEFAULT
 * CHARSET gets, so the planner can spell "back to the default" when a table stops naming one.
 */
export interface DatabaseAttr extends Attr { readonly kind: 'mysql.database'; readonly collation: string; readonly engine: string }
/** A column filled from the table's counter. */
export interface AutoIncrementAttr extends Attr { readonly kind: 'mysql.autoIncrement' }
/** `ON UPDATE current_timestamp()`: the expression, in the inspector's spelling. */
export interface OnUpdateAttr extends Attr { readonly kind: 'mysql.onUpdate'; readonly expr: string }
/** How a generated column is kept: computed on read (VIRTUAL) or on write (STORED). */
export interface GeneratedAttr extends Attr { readonly kind: 'mysql.generated'; readonly storage: 'VIRTUAL' | 'STORED' }
/** Left out of `SELECT *`. */
export interface InvisibleAttr extends Attr { readonly kind: 'mysql.invisible' }
/**
 * MariaDB's column-level CHECK (`a int CHECK (a > 0)`): part of the column's definition, changed
 * with MODIFY COLUMN; it cannot be dropped by name, and its catalog name goes stale on a rename.
 */
export interface ColumnCheckAttr extends Attr { readonly kind: 'mysql.columnCheck'; readonly expr: string }
/** A table's storage engine, when it is not the server's default. */
export interface EngineAttr extends Attr { readonly kind: 'mysql.engine'; readonly engine: string }
/** A table's default character set and collation, when they are not the database's. */
export interface CharsetAttr extends Attr { readonly kind: 'mysql.charset'; readonly charset: string; readonly collation: string }
/** ROW_FORMAT given explicitly (`COMPRESSED`, `DYNAMIC`...). */
export interface RowFormatAttr extends Attr { readonly kind: 'mysql.rowFormat'; readonly format: string }
/** An index key part that indexes only the first `length` characters (bytes for binary types). */
export interface PrefixAttr extends Attr { readonly kind: 'mysql.prefix'; readonly length: number }
/** A primary key's prefix lengths, one per column (null: the whole column), when any part has one. */
export interface KeyPrefixesAttr extends Attr { readonly kind: 'mysql.keyPrefixes'; readonly lengths: readonly (number | null)[] }
/** An index the optimizer ignores (MySQL INVISIBLE, MariaDB IGNORED). */
export interface IgnoredIndexAttr extends Attr { readonly kind: 'mysql.ignored' }
/** A CHECK constraint declared NOT ENFORCED (MySQL). */
export interface NotEnforcedAttr extends Attr { readonly kind: 'mysql.notEnforced' }
/** A view's ALGORITHM when not UNDEFINED. */
export interface ViewAlgorithmAttr extends Attr { readonly kind: 'mysql.algorithm'; readonly algorithm: 'MERGE' | 'TEMPTABLE' }
/** SQL SECURITY INVOKER (DEFINER is the default). */
export interface ViewSecurityAttr extends Attr { readonly kind: 'mysql.security'; readonly security: 'INVOKER' }
/** WITH CASCADED / LOCAL CHECK OPTION. */
export interface ViewCheckOptionAttr extends Attr { readonly kind: 'mysql.checkOption'; readonly option: 'CASCADED' | 'LOCAL' }

export type MysqlAttr =
  | ServerAttr | DatabaseAttr | AutoIncrementAttr | OnUpdateAttr | GeneratedAttr | InvisibleAttr | ColumnCheckAttr | EngineAttr | CharsetAttr
  | RowFormatAttr | PrefixAttr | KeyPrefixesAttr | IgnoredIndexAttr | NotEnforcedAttr | ViewAlgorithmAttr | ViewSecurityAttr | ViewCheckOptionAttr;

/** attrOf, hasAttr and attrList typed for MySQL's attributes (src/schema/attrs.ts). */
export const { attrOf, hasAttr, attrList } = attrAccess<MysqlAttr>();

/**
 * A schema with attributes. The model's Schema has none yet; the MySQL realm carries the server
 * that read it on its one schema (see ServerAttr), which the differ never compares.
 */
export type SchemaWithAttrs = Schema & { readonly attrs?: readonly Attr[] };

/** schemaAttrs reads a schema's attributes (none on a schema built elsewhere). */
export const schemaAttrs = (s: Schema | undefined): readonly Attr[] => (s as SchemaWithAttrs | undefined)?.attrs ?? [];
