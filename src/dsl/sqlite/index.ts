/**
 * The schema DSL for SQLite (`cairn-migrate/dsl/sqlite`): SQLite's column types and table
 * options, on the same immutable core as `cairn-migrate/dsl`.
 *
 * @example
 * import { table, integer, text, index, sql } from 'cairn-migrate/dsl/sqlite';
 * export const users = table('users', {
 *   id: integer().primaryKey().autoIncrement(),
 *   email: text().notNull().collate('nocase').unique(),
 *   created_at: text().notNull().default(sql`CURRENT_TIMESTAMP`),
 * }, (t) => [index('users_created').on(t.created_at)], { strict: true });
 */
export * from './columns.js';
export * from './table.js';
export { trigger, statement, type SqlDef, type ViewDef } from '../core/objects.js';
export type { ColumnTarget, ColumnState, RefAction } from '../core/column.js';
export type { ColumnTargets } from '../core/table.js';
export { sql, type SqlFragment, type DefaultValue } from '../sql.js';
