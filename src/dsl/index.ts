/**
 * The schema DSL: declarative, type-safe, immutable builders for the desired state.
 *
 * @example
 * import { table, bigserial, text, index, sql } from 'cairn-migrate/dsl';
 * export const users = table('users', {
 *   id: bigserial().primaryKey(),
 *   email: text().notNull().unique(),
 *   name: text().renamedFrom('full_name'),
 * }, (t) => [index('users_lower_email').on(sql`lower(email)`)]);
 */
export * from './columns.js';
export * from './table.js';
export * from './objects.js';
export { sql, type SqlFragment, type DefaultValue } from './sql.js';
export { compileSchema, isDef, type AnyDef, type CompiledSchema } from './compile.js';
