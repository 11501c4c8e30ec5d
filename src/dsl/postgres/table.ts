/**
 * PostgreSQL's table() and table-level builders (indexes, keys, checks, row-level security
 * policies), on the dialect-neutral core. Like columns, every builder is immutable.
 *
 * @example
 * export const users = table('users', {
 *   id: bigserial().primaryKey(),
 *   email: text().notNull().unique(),
 * }, (t) => [index('users_email_lower').on(sql`lower(email)`), check('email_has_at', sql`position('@' in email) > 0`)]);
 */
import type { ColumnBuilder, ColumnTarget } from './columns.js';
import { Builder } from '../core/builder.js';
import { ConstraintCore, constraintMaker, IndexCore, makeTable, newIndex, type BaseTableOptions, type ColumnTargets, type Deferrable } from '../core/table.js';
import { isSql, sql as rawSql, type SqlFragment } from '../sql.js';

export type { ColumnTargets, ConstraintState, Deferrable, IndexState } from '../core/table.js';

export interface TableOptions extends BaseTableOptions {
  readonly schema?: string;
  readonly unlogged?: boolean;
  /** ENABLE ROW LEVEL SECURITY: the table's policies apply (to all but its owner). */
  readonly rls?: boolean;
  /** FORCE ROW LEVEL SECURITY: the policies apply to the table's owner too. */
  readonly forceRls?: boolean;
  /**
   * PARTITION BY: makes the table partitioned, by this key (`'RANGE (created_at)'`,
   * `'LIST (region)'`, `'HASH (id)'`); its rows live in the partitions declared with `partition()`.
   */
  readonly partitionBy?: string;
  /**
   * INHERITS: the parent tables (`table()` values, or `'schema.table'` names), whose columns and
   * CHECK constraints the table has besides its own. Declare only the table's own columns; one
   * that a parent has too is merged with it (and stays when the parent drops it).
   *
   * @example
   * export const cities = table('cities', { name: text(), population: integer() });
   * export const capitals = table('capitals', { state: char(2) }, undefined, { inherits: [cities] });
   */
  readonly inherits?: readonly (TableDef | string)[];
}

export interface TableDef<C extends Record<string, ColumnBuilder> = Record<string, ColumnBuilder>> {
  readonly __cairn: 'table';
  readonly name: string;
  readonly schema: string;
  readonly columns: C;
  readonly extras: readonly TableExtra[];
  readonly options: TableOptions;
  /** References to the columns, for foreign keys and indexes: `users.c.id`. */
  readonly c: ColumnTargets<C>;
  /** Set by `partition()`: the table is a partition of `parent` (whose columns it has) for `bound`. */
  readonly partitionOf?: { readonly parent: TableDef; readonly bound: string };
}

/** table defines a table; `extras` receives the column references and returns indexes and constraints. */
export function table<C extends Record<string, ColumnBuilder>>(name: string, columns: C, extras?: (c: ColumnTargets<C>) => TableExtra[], options: TableOptions = {}): TableDef<C> {
  return makeTable(name, options.schema ?? 'public', columns, extras, options);
}

/**
 * partition defines a partition of a partitioned table: `CREATE TABLE name PARTITION OF parent
 * <bound>`. It has the parent's columns (and gets its keys, indexes, foreign keys and row
 * triggers from it); `extras` declares what is the partition's own, and `partitionBy` in the
 * options partitions it further. It lives in the parent's schema unless `schema` says otherwise.
 *
 * @example
 * export const events = table('events', {
 *   id: bigint().notNull(),
 *   at: date().notNull(),
 * }, (t) => [primaryKey('events_pkey').on(t.id, t.at)], { partitionBy: 'RANGE (at)' });
 * export const events2024 = partition('events_2024', events, "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')");
 * export const eventsOther = partition('events_other', events, 'DEFAULT');
 */
export function partition<C extends Record<string, ColumnBuilder>>(name: string, parent: TableDef<C>, bound: string | SqlFragment, extras?: (c: ColumnTargets<C>) => TableExtra[], options: TableOptions = {}): TableDef<C> {
  if (!parent || parent.__cairn !== 'table') throw new TypeError(`partition ${name}: the parent must be a table() or partition() value`);
  const def = table(name, parent.columns, extras, { schema: parent.schema, ...options });
  return Object.freeze({ ...def, partitionOf: Object.freeze({ parent, bound: isSql(bound) ? bound.text : bound }) });
}

/** One key of an index: a column, an expression, or either with ordering and operator class. */
export type IndexKey = ColumnTarget | SqlFragment | { readonly key: ColumnTarget | SqlFragment; readonly desc?: boolean; readonly nulls?: 'first' | 'last'; readonly opclass?: string; readonly collate?: string };

export class IndexBuilder extends IndexCore {
  on(...keys: IndexKey[]) { return this.next({ keys }); }
  using(method: string) { return this.next({ method }); }
  where(pred: SqlFragment | string) { return this.next({ where: typeof pred === 'string' ? rawSql(pred) : pred }); }
  include(...cols: ColumnTarget[]) { return this.next({ include: cols }); }
  nullsNotDistinct() { return this.next({ nullsNotDistinct: true }); }
  with(...options: string[]) { return this.next({ with: options }); }
  comment(text: string) { return this.next({ comment: text }); }
}

/** index defines an index; without a name PostgreSQL picks one (`users_email_idx`). */
export const index = (name?: string) => new IndexBuilder(newIndex(name));

export class ConstraintBuilder extends ConstraintCore {
  include(...include: ColumnTarget[]) { return this.next({ include }); }
  deferrable(mode: Deferrable = 'immediate') { return this.next({ deferrable: mode }); }
  nullsNotDistinct() { return this.next({ nullsNotDistinct: true }); }
  matchFull() { return this.next({ matchFull: true }); }
  notValid() { return this.next({ notValid: true }); }
  comment(text: string) { return this.next({ comment: text }); }
}

export const { primaryKey, unique, foreignKey, check } = constraintMaker(ConstraintBuilder);

export type PolicyCommand = 'ALL' | 'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE';

export interface PolicyState {
  readonly kind: 'policy';
  readonly name: string;
  readonly command: PolicyCommand;
  readonly permissive: boolean;
  /** Role names; none means PUBLIC. */
  readonly roles: readonly string[];
  readonly using?: SqlFragment;
  readonly withCheck?: SqlFragment;
  readonly comment?: string;
  readonly renamedFrom?: string;
}

const fragment = (e: SqlFragment | string) => (typeof e === 'string' ? rawSql(e) : e);

/** PolicyBuilder: a row-level security policy; takes effect once the table has `rls: true`. */
export class PolicyBuilder extends Builder<PolicyState> {
  /** The command the policy applies to (default ALL). */
  for(command: PolicyCommand) { return this.next({ command }); }
  /** The roles it applies to (default PUBLIC). */
  to(...roles: string[]) { return this.next({ roles }); }
  permissive() { return this.next({ permissive: true }); }
  /** RESTRICTIVE: must pass as well as some permissive policy. */
  restrictive() { return this.next({ permissive: false }); }
  /** Which existing rows are visible (or may be updated or deleted). */
  using(expr: SqlFragment | string) { return this.next({ using: fragment(expr) }); }
  /** Which new rows may be written. */
  withCheck(expr: SqlFragment | string) { return this.next({ withCheck: fragment(expr) }); }
  comment(text: string) { return this.next({ comment: text }); }
  renamedFrom(name: string) { return this.next({ renamedFrom: name }); }
}

/**
 * policy defines `CREATE POLICY name ON <table>`.
 *
 * @example
 * table('notes', { owner: text().notNull() }, () => [
 *   policy('own_notes').to('app_user').using(sql`owner = current_user`),
 * ], { rls: true });
 */
export const policy = (name: string) => new PolicyBuilder(Object.freeze({ kind: 'policy', name, command: 'ALL', permissive: true, roles: [] }));

export type TableExtra = IndexBuilder | ConstraintBuilder | PolicyBuilder;
