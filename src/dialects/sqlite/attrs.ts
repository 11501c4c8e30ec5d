/**
 * SQLite facts the dialect-neutral model has no field for, as tagged attributes (`Attr`). The
 * differ compares them as data; the planner and the DSL writer read them back with `attrOf`.
 * Each is present only when it says something, so a plain table or column has none.
 */
import type { Attr } from '../../schema/model.js';
import { attrAccess } from '../../schema/attrs.js';

/** AUTOINCREMENT on the INTEGER PRIMARY KEY column: ids are never reused (the counter is in sqlite_sequence). */
export interface AutoincrementAttr extends Attr { readonly kind: 'sqlite.autoincrement' }
/** How a generated column is kept: computed on read (VIRTUAL, SQLite's default) or on write (STORED). */
export interface GeneratedAttr extends Attr { readonly kind: 'sqlite.generated'; readonly storage: 'VIRTUAL' | 'STORED' }
/** A STRICT table: values must match the declared types. */
export interface StrictAttr extends Attr { readonly kind: 'sqlite.strict' }
/** A WITHOUT ROWID table: stored by its primary key. */
export interface WithoutRowidAttr extends Attr { readonly kind: 'sqlite.withoutRowid' }
/** An ON CONFLICT resolution on a primary key or unique constraint (`REPLACE`, `IGNORE`...). */
export interface OnConflictAttr extends Attr { readonly kind: 'sqlite.onConflict'; readonly action: string }
/**
 * A virtual table (`CREATE VIRTUAL TABLE t USING fts5(a, b)`): the module and its arguments, as
 * written after USING. Its columns and shadow tables belong to the module; the model keeps none.
 */
export interface VirtualAttr extends Attr { readonly kind: 'sqlite.virtual'; readonly using: string }
/** A view's explicit column names (`CREATE VIEW v (a, b) AS ...`). */
export interface ViewColumnsAttr extends Attr { readonly kind: 'sqlite.viewColumns'; readonly columns: readonly string[] }

export type SqliteAttr = AutoincrementAttr | GeneratedAttr | StrictAttr | WithoutRowidAttr | OnConflictAttr | VirtualAttr | ViewColumnsAttr;

/** attrOf, hasAttr and attrList typed for SQLite's attributes (src/schema/attrs.ts). */
export const { attrOf, hasAttr, attrList } = attrAccess<SqliteAttr>();
