/**
 * MySQL/MariaDB's table(), its options (engine, charset, collation, comment) and table-level
 * builders: indexes (BTREE/HASH, FULLTEXT, SPATIAL, prefix lengths, descending and functional
 * keys), keys, checks, foreign keys; and views with MySQL's options.
 *
 * @example
 * export const posts = table('posts', {
 *   id: bigint().unsigned().autoIncrement().primaryKey(),
 *   title: varchar(200).notNull(),
 *   body: text(),
 * }, (t) => [index('posts_title').on(prefix(t.title, 20)), index('posts_body_ft').fulltext().on(t.body)],
 *   { engine: 'InnoDB', charset: 'utf8mb4', collate: 'utf8mb4_unicode_ci' });
 */
import type { ColumnTarget } from '../core/column.js';
import type { MysqlColumn } from './columns.js';
import { ConstraintCore, constraintMaker, IndexCore, makeTable, newIndex, type BaseTableOptions, type ColumnTargets, type DialectTableDef } from '../core/table.js';
import { sqlText, type ViewDef } from '../core/objects.js';
import type { SqlFragment } from '../sql.js';

/** The DSL entry point of this module, recorded on what it builds. */
export const MYSQL_ENTRY = 'cairn-migrate/dsl/mysql';

export interface MysqlTableOptions extends BaseTableOptions {
  /** The storage engine (`InnoDB`); the server's default when left out. */
  readonly engine?: string;
  /** The table's default character set (`utf8mb4`), which its string columns take. */
  readonly charset?: string;
  /** The table's default collation (`utf8mb4_unicode_ci`). */
  readonly collate?: string;
}

export type MysqlTableExtra = MysqlIndexBuilder | MysqlConstraintBuilder;

export type MysqlTableDef<C extends Record<string, MysqlColumn> = Record<string, MysqlColumn>> = DialectTableDef<C, MysqlTableOptions, MysqlTableExtra>;

/** table defines a table of the connection's database; `extras` receives the column references. */
export function table<C extends Record<string, MysqlColumn>>(name: string, columns: C, extras?: (c: ColumnTargets<C>) => MysqlTableExtra[], options: MysqlTableOptions = {}): MysqlTableDef<C> {
  return makeTable(name, 'main', columns, extras, options, MYSQL_ENTRY);
}

/** One key part of a MySQL index: a column, an expression (MySQL 8.0.13+), a prefix length, DESC. */
export type MysqlIndexKey = ColumnTarget | SqlFragment | { readonly key: ColumnTarget | SqlFragment; readonly desc?: boolean; readonly length?: number };

/** prefix indexes the first `length` characters (bytes, for binary types) of a column: `prefix(t.title, 20)`. */
export const prefix = (column: ColumnTarget, length: number): MysqlIndexKey => Object.freeze({ key: column, length });

export class MysqlIndexBuilder extends IndexCore {
  on(...keys: MysqlIndexKey[]) { return this.next({ keys }); }
  /** The index structure: BTREE (InnoDB's) or HASH (MEMORY tables). */
  using(method: 'btree' | 'hash') { return this.next({ method }); }
  /** A FULLTEXT index, for MATCH ... AGAINST. */
  fulltext() { return this.next({ type: 'fulltext' }); }
  /** A SPATIAL index, on a NOT NULL geometry column. */
  spatial() { return this.next({ type: 'spatial' }); }
  comment(text: string) { return this.next({ comment: text }); }
}

/** index defines an index; without a name MySQL names it after its first column. */
export const index = (name?: string) => new MysqlIndexBuilder(newIndex(name));

export class MysqlConstraintBuilder extends ConstraintCore {}

/** primaryKey (MySQL names it PRIMARY whatever it is given), unique, foreignKey and check constraints. */
export const { primaryKey, unique, foreignKey, check } = constraintMaker(MysqlConstraintBuilder);

export interface MysqlViewOptions {
  readonly renamedFrom?: string;
  readonly algorithm?: 'UNDEFINED' | 'MERGE' | 'TEMPTABLE';
  readonly security?: 'DEFINER' | 'INVOKER';
  /** WITH CASCADED | LOCAL CHECK OPTION: writes through the view must satisfy its WHERE. */
  readonly checkOption?: 'CASCADED' | 'LOCAL';
}

/** view defines `CREATE VIEW name AS <query>`. */
export function view(name: string, query: string | SqlFragment, opts: MysqlViewOptions = {}): ViewDef {
  return Object.freeze({ __cairn: 'view' as const, name, schema: 'main', materialized: false, query: sqlText(query), ...opts, entry: MYSQL_ENTRY });
}
