/**
 * `cairn-migrate/testing`: helpers for testing migrations in your own test suite (node:test,
 * Vitest, Jest: plain async functions). Assertions throw a SchemaAssertionError (node:assert's
 * AssertionError, whose `actual`/`expected` runners show as a diff); misuse and database
 * failures throw CairnError.
 *
 * @example
 * import { createTestDatabase, expectReversible, expectSchema } from 'cairn-migrate/testing';
 * const db = await createTestDatabase({ dialect: 'sqlite' });
 * await expectReversible({ url: db.url, dir: 'migrations' });   // every up, down, up again
 * await expectSchema(db, await import('./schema.ts'));           // what the directory builds
 * await db.dispose();
 */
export { createTestDatabase, uniqueDatabaseName } from './database.js';
export type { TestDatabase, TestDatabaseOptions, TestDialect } from './database.js';
export { cleanDatabase, migrateAll, migrateTo } from './migrate.js';
export type { CleanDatabaseOptions, MigrateAllOptions, MigrateToOptions, MigrateToResult } from './migrate.js';
export { expectReversible } from './reversible.js';
export type { ExpectReversibleOptions, ReversibleResult } from './reversible.js';
export { expectSchema } from './expect-schema.js';
export type { DesiredSchema, ExpectSchemaOptions } from './expect-schema.js';
export { testMigration } from './data-migration.js';
export type { MigratedDatabase, TestMigrationOptions } from './data-migration.js';
export { SchemaAssertionError } from './schema-compare.js';
export type { SchemaScopeOptions } from './schema-compare.js';
export type { MigrationContext } from '../migrate/code/define.js';
