/**
 * The schema DSL for PostgreSQL (`cairn-migrate/dsl`): declarative, type-safe, immutable
 * builders for the desired state. MySQL/MariaDB and SQLite have their own entry points with
 * their own column builders and options: `cairn-migrate/dsl/mysql`, `cairn-migrate/dsl/sqlite`.
 *
 * @example
 * import { table, bigserial, text, index, sql } from 'cairn-migrate/dsl';
 * export const users = table('users', {
 *   id: bigserial().primaryKey(),
 *   email: text().notNull().unique(),
 *   name: text().renamedFrom('full_name'),
 * }, (t) => [index('users_lower_email').on(sql`lower(email)`)]);
 */
export * from './postgres/columns.js';
export * from './postgres/table.js';
export * from './postgres/objects.js';
export { sql, type SqlFragment, type DefaultValue } from './sql.js';
export { compileSchema } from './postgres/compile.js';
export { isDef, type AnyDef, type CompiledSchema } from './defs.js';
