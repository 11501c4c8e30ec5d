/**
 * expectReversible on PostgreSQL, MariaDB, SQLite and PGlite: a history of SQL and code
 * migrations whose downs undo their ups passes (and ends fully applied); a code migration whose
 * down forgets part of its up, and a SQL file whose down does, fail naming that migration and
 * listing what down would also need; a migration without a down fails naming it.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cleanDatabase, expectReversible } from '../../src/testing/index.js';
import { status } from '../../src/commands/status.js';
import { assertionFrom, codeMigration, tempDir, testDatabase, TARGETS } from './helpers.js';

const USERS = 'CREATE TABLE users (id integer PRIMARY KEY, name varchar(50) NOT NULL);\n-- cairn:down\n-- DROP TABLE users;\n';

const GOOD = {
  '1_users.sql': USERS,
  // A code migration with a down function (the index dropped the way each database spells it).
  '2_email.ts': codeMigration(`{
  async up(ctx) {
    await ctx.exec('ALTER TABLE users ADD COLUMN email varchar(100)');
    await ctx.exec('CREATE INDEX users_email ON users (email)');
    await ctx.sql\`UPDATE users SET email = \${'x@example.com'}\`;
  },
  async down(ctx) {
    await ctx.exec(ctx.dialect === 'mysql' ? 'DROP INDEX users_email ON users' : 'DROP INDEX users_email');
    await ctx.exec('ALTER TABLE users DROP COLUMN email');
  },
}`),
  // A code migration whose down is SQL text.
  '3_tags.ts': codeMigration(`{
  async up(ctx) { await ctx.exec('CREATE TABLE tags (id integer PRIMARY KEY, label varchar(20))'); },
  down: 'DROP TABLE tags',
}`),
};

// Its down drops the table but forgets the column.
const BAD_CODE = codeMigration(`{
  async up(ctx) {
    await ctx.exec('ALTER TABLE users ADD COLUMN age integer');
    await ctx.exec('CREATE TABLE audit (id integer)');
  },
  async down(ctx) { await ctx.exec('DROP TABLE audit'); },
}`);

describe('expectReversible', () => {
  for (const target of TARGETS) {
    it(`${target}: passes SQL and code migrations that reverse; names a code migration and a SQL file whose down does not, and one without a down`, async () => {
      const db = await testDatabase(target);
      const dir = tempDir(GOOD);
      try {
        const r = await expectReversible({ url: db.url, dir: dir.path });
        assert.deepEqual(r.checked, [{ version: '1', file: '1_users.sql' }, { version: '2', file: '2_email.ts' }, { version: '3', file: '3_tags.ts' }]);
        assert.equal((await status({ url: db.url, dir: dir.path })).current, '3', 'it ends with everything applied');

        // Only what is pending is checked: the new, wrong one.
        dir.write({ '4_age.ts': BAD_CODE });
        const bad = await assertionFrom(expectReversible({ url: db.url, dir: dir.path }));
        assert.match(bad.message, /^the down of migration 4_age\.ts \(4\) does not reverse its up: the schema differs from before the up; down would also need:\n {2}ALTER TABLE \S*users\S* DROP COLUMN \S*age\S*;$/);
        assert.deepEqual([bad.details.version, bad.details.file], ['4', '4_age.ts']);
        assert.match(String(bad.actual), /age/, 'actual: the schema after the down');
        assert.doesNotMatch(String(bad.expected), /age/, 'expected: the schema before the up');

        // A SQL file whose down part misses a table.
        await cleanDatabase({ url: db.url });
        const sqlDir = tempDir({ '1_users.sql': USERS, '2_two.sql': 'CREATE TABLE t2 (id integer);\nCREATE TABLE t3 (id integer);\n-- cairn:down\n-- DROP TABLE t2;\n' });
        try {
          const e = await assertionFrom(expectReversible({ url: db.url, dir: sqlDir.path }));
          assert.match(e.message, /^the down of migration 2_two\.sql \(2\) does not reverse its up: .*\n {2}DROP TABLE \S*t3\S*;$/);
        } finally {
          sqlDir.dispose();
        }

        // No down at all.
        await cleanDatabase({ url: db.url });
        const noDown = tempDir({ '1_users.sql': USERS, '2_forever.sql': 'CREATE TABLE forever (id integer);\n' });
        try {
          const e = await assertionFrom(expectReversible({ url: db.url, dir: noDown.path }));
          assert.equal(e.message, 'migration 2_forever.sql (2) has no down: it cannot be rolled back');
          assert.equal((e.cause as { code?: string }).code, 'NO_DOWN');
        } finally {
          noDown.dispose();
        }
      } finally {
        dir.dispose();
        await db.dispose();
      }
    });
  }
});
