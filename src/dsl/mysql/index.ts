/**
 * The schema DSL for MySQL and MariaDB (`cairn-migrate/dsl/mysql`): typed column builders and
 * table options for those databases, on the same immutable core as `cairn-migrate/dsl`.
 *
 * @example
 * import { table, bigint, varchar, timestamp, mysqlEnum, index, sql } from 'cairn-migrate/dsl/mysql';
 * export const users = table('users', {
 *   id: bigint().unsigned().autoIncrement().primaryKey(),
 *   email: varchar(255).notNull().unique(),
 *   status: mysqlEnum(['active', 'banned']).notNull().default('active'),
 *   updated_at: timestamp().notNull().defaultNow().onUpdateNow(),
 * }, (t) => [index('users_status').on(t.status)], { engine: 'InnoDB', charset: 'utf8mb4' });
 */
export * from './columns.js';
export * from './table.js';
export { trigger, statement, type SqlDef, type ViewDef } from '../core/objects.js';
export type { ColumnTarget, ColumnState, RefAction } from '../core/column.js';
export type { ColumnTargets } from '../core/table.js';
export { sql, type SqlFragment, type DefaultValue } from '../sql.js';
