/**
 * SQLite facts the dialect-neutral model has no field for, as tagged attributes (`Attr`). The
 * differ compares them as data; the planner and the DSL writer read them back with `attrOf`.
 * Each is present only when it says something, so a plain table or column has none.
 */
import type { Attr } from '../../schema/model.js';

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

type Kind = SqliteAttr['kind'];

/** attrOf finds an attribute by kind, typed. */
export function attrOf<K extends Kind>(attrs: readonly Attr[], kind: K): Extract<SqliteAttr, { kind: K }> | undefined {
  return attrs.find((a) => a.kind === kind) as Extract<SqliteAttr, { kind: K }> | undefined;
}

/** hasAttr says whether an attribute of a kind is present. */
export const hasAttr = (attrs: readonly Attr[], kind: Kind): boolean => attrs.some((a) => a.kind === kind);

/** attrList drops the absent ones and sorts by kind, so two inspections give the same list. */
export function attrList(...attrs: (SqliteAttr | undefined | false)[]): SqliteAttr[] {
  return attrs.filter((a): a is SqliteAttr => Boolean(a)).sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
}
