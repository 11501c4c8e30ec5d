/**
 * expectSchema on PostgreSQL, MariaDB, SQLite and PGlite: the schema a directory builds equals
 * the one its DSL module (each database's own entry point; as a module object and as an array)
 * and SQL text declare; a difference throws listing the statements that would fix it, with
 * both schemas as actual/expected; a desired schema that holds nothing is a usage error.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as pg from '../../src/dsl/index.js';
import * as my from '../../src/dsl/mysql/index.js';
import * as lite from '../../src/dsl/sqlite/index.js';
import { expectSchema, migrateAll } from '../../src/testing/index.js';
import { CairnError } from '../../src/errors.js';
import { assertionFrom, codeMigration, tempDir, testDatabase, TARGETS, type TargetName } from './helpers.js';

const FILES = {
  '1_users.sql': 'CREATE TABLE users (id integer PRIMARY KEY, name varchar(50) NOT NULL);\n',
  '2_email.ts': codeMigration(`{
  async up(ctx) {
    await ctx.exec('ALTER TABLE users ADD COLUMN email varchar(100)');
    await ctx.exec('CREATE INDEX users_email ON users (email)');
  },
}`),
};

/** The schema FILES build, in each database's DSL, as a schema.ts module would export it. */
function dslModule(target: TargetName): Record<string, unknown> {
  if (target === 'mysql') {
    return { users: my.table('users', { id: my.int().primaryKey(), name: my.varchar(50).notNull(), email: my.varchar(100) }, (t) => [my.index('users_email').on(t.email)]) };
  }
  if (target === 'sqlite') {
    return { users: lite.table('users', { id: lite.integer().primaryKey(), name: lite.type('varchar(50)').notNull(), email: lite.type('varchar(100)') }, (t) => [lite.index('users_email').on(t.email)]) };
  }
  return { users: pg.table('users', { id: pg.integer().primaryKey(), name: pg.varchar(50).notNull(), email: pg.varchar(100) }, (t) => [pg.index('users_email').on(t.email)]) };
}

const SQL = 'CREATE TABLE users (id integer PRIMARY KEY, name varchar(50) NOT NULL, email varchar(100));\nCREATE INDEX users_email ON users (email);\n';

describe('expectSchema', () => {
  for (const target of TARGETS) {
    it(`${target}: equal to its DSL module and to SQL text; a difference lists the statements that fix it`, async () => {
      const db = await testDatabase(target);
      const dir = tempDir(FILES);
      try {
        await migrateAll({ url: db.url, dir: dir.path });
        const schema = dslModule(target);
        await expectSchema(db, schema);
        await expectSchema(db.url, Object.values(schema));
        await expectSchema(db, SQL);

        const e = await assertionFrom(expectSchema(db, `${SQL}CREATE TABLE extra (id integer);\n`.replace('email varchar(100)', 'email varchar(100), age integer')));
        assert.match(e.message, /does not have the expected schema; these statements would give it that schema:\n/);
        assert.match(e.message, /\n {2}ALTER TABLE \S*users\S* ADD COLUMN \S*age\S* (integer|int|INTEGER)/i);
        assert.match(e.message, /\n {2}CREATE TABLE \S*extra\S* \(/);
        assert.equal((e.details.statements as string[]).length, 2);
        assert.doesNotMatch(String(e.actual), /extra/);
        assert.match(String(e.expected), /extra/);

        // A table the database has and the schema lacks: the fix is to drop it.
        const less = await assertionFrom(expectSchema(db, 'CREATE TABLE users (id integer PRIMARY KEY, name varchar(50) NOT NULL, email varchar(100));\n'));
        assert.match(less.message, /\n {2}(ALTER TABLE \S+ )?DROP INDEX \S*users_email/);
      } finally {
        dir.dispose();
        await db.dispose();
      }
    });
  }

  it('a desired schema with no definitions, or of the wrong type, is a usage error', async () => {
    const db = await testDatabase('sqlite');
    try {
      await assert.rejects(expectSchema(db, { nothing: 1 }), (e: unknown) => e instanceof CairnError && e.code === 'USAGE' && /holds no table/.test(e.message));
      await assert.rejects(expectSchema(db, 42 as unknown as string), (e: unknown) => e instanceof CairnError && e.code === 'USAGE');
    } finally {
      await db.dispose();
    }
  });
});
