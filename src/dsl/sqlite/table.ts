/**
 * SQLite's table(), its options (STRICT, WITHOUT ROWID) and table-level builders: indexes
 * (partial, expression, per-key collation and order), keys, checks and foreign keys; views.
 * SQLite has no comments, so none of these take one.
 *
 * @example
 * export const tags = table('tags', {
 *   post_id: integer().notNull().references(() => posts.c.id, { onDelete: 'CASCADE' }),
 *   name: text().notNull().collate('nocase'),
 * }, (t) => [primaryKey().on(t.post_id, t.name), index('tags_name').on(t.name).where(sql`name <> ''`)],
 *   { strict: true, withoutRowid: true });
 */
import type { ColumnTarget } from '../core/column.js';
import type { SqliteColumn } from './columns.js';
import { ConstraintCore, constraintMaker, IndexCore, makeTable, newIndex, type BaseTableOptions, type ColumnTargets, type DialectTableDef } from '../core/table.js';
import { sqlText, type ViewDef } from '../core/objects.js';
import { sql as rawSql, type SqlFragment } from '../sql.js';

/** The DSL entry point of this module, recorded on what it builds. */
export const SQLITE_ENTRY = 'cairn-migrate/dsl/sqlite';

/** SQLite has no comments: only the rename hint of the common options. */
export interface SqliteTableOptions extends Pick<BaseTableOptions, 'renamedFrom'> {
  /** STRICT: values must match the declared types (INT, INTEGER, REAL, TEXT, BLOB, ANY). SQLite 3.37+. */
  readonly strict?: boolean;
  /** WITHOUT ROWID: the table is stored by its PRIMARY KEY, which it must have. */
  readonly withoutRowid?: boolean;
}

export type SqliteTableExtra = SqliteIndexBuilder | SqliteConstraintBuilder;

export type SqliteTableDef<C extends Record<string, SqliteColumn> = Record<string, SqliteColumn>> = DialectTableDef<C, SqliteTableOptions, SqliteTableExtra>;

/** table defines a table of the `main` database; `extras` receives the column references. */
export function table<C extends Record<string, SqliteColumn>>(name: string, columns: C, extras?: (c: ColumnTargets<C>) => SqliteTableExtra[], options: SqliteTableOptions = {}): SqliteTableDef<C> {
  return makeTable(name, 'main', columns, extras, options, SQLITE_ENTRY);
}

/** One key of a SQLite index: a column or an expression, with a collation and an order. */
export type SqliteIndexKey = ColumnTarget | SqlFragment | { readonly key: ColumnTarget | SqlFragment; readonly desc?: boolean; readonly collate?: string };

export class SqliteIndexBuilder extends IndexCore {
  on(...keys: SqliteIndexKey[]) { return this.next({ keys }); }
  /** A partial index: only the rows the predicate holds for. */
  where(pred: SqlFragment | string) { return this.next({ where: typeof pred === 'string' ? rawSql(pred) : pred }); }
}

/** index defines an index; without a name it is named `<table>_<columns>_idx`. */
export const index = (name?: string) => new SqliteIndexBuilder(newIndex(name));

export class SqliteConstraintBuilder extends ConstraintCore {}

export const { primaryKey, unique, foreignKey, check } = constraintMaker(SqliteConstraintBuilder);

/** view defines `CREATE VIEW name AS <query>`. */
export function view(name: string, query: string | SqlFragment, opts: { readonly renamedFrom?: string } = {}): ViewDef {
  return Object.freeze({ __cairn: 'view' as const, name, schema: 'main', materialized: false, query: sqlText(query), renamedFrom: opts.renamedFrom, entry: SQLITE_ENTRY });
}
