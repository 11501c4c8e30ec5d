/**
 * migrateTo, migrateAll and cleanDatabase on PostgreSQL, MariaDB, SQLite and PGlite, through a
 * history of SQL and code migrations: forward to a version, back to an earlier one (the downs
 * run), everything, and a clean database (the revision table gone too) that migrates again.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cleanDatabase, migrateAll, migrateTo } from '../../src/testing/index.js';
import { CairnError } from '../../src/errors.js';
import { codeMigration, query, tempDir, testDatabase, TARGETS, userObjects } from './helpers.js';

const FILES = {
  '1_users.sql': 'CREATE TABLE users (id integer PRIMARY KEY, name varchar(50) NOT NULL);\n-- cairn:down\n-- DROP TABLE users;\n',
  '2_seed.ts': codeMigration(`{
  async up(ctx) { await ctx.sql\`INSERT INTO users (id, name) VALUES (\${1}, \${'ada'})\`; },
  down: 'DELETE FROM users',
}`),
  '3_posts.sql': 'CREATE TABLE posts (id integer PRIMARY KEY, user_id integer NOT NULL);\n-- cairn:down\n-- DROP TABLE posts;\n',
};

const names = async (url: string) => (await userObjects(url)).map((o) => o.split(' ')[1]!.replace(/^public\./, ''));

describe('migrateTo, migrateAll, cleanDatabase', () => {
  for (const target of TARGETS) {
    it(`${target}: up to a version, back down to an earlier one, all, clean, all again`, async () => {
      const db = await testDatabase(target);
      const dir = tempDir(FILES);
      try {
        assert.deepEqual(await migrateTo({ url: db.url, dir: dir.path, version: '2' }), { current: '2', applied: ['1', '2'], reverted: [] });
        assert.deepEqual(await query(db.url, 'SELECT name FROM users'), [{ name: 'ada' }], 'the code migration ran');
        assert.deepEqual(await names(db.url), ['users']);
        assert.deepEqual((await migrateAll({ url: db.url, dir: dir.path })).applied.map((a) => a.version), ['3']);
        assert.deepEqual(await migrateTo({ url: db.url, dir: dir.path, version: '1' }), { current: '1', applied: [], reverted: ['3', '2'] });
        assert.deepEqual(await query(db.url, 'SELECT name FROM users'), [], 'the code migration\'s down ran');
        assert.deepEqual(await names(db.url), ['users']);
        await assert.rejects(migrateTo({ url: db.url, dir: dir.path, version: '9' }), (e: unknown) => e instanceof CairnError && e.code === 'USAGE' && /9/.test(e.message));

        await cleanDatabase({ url: db.url });
        assert.deepEqual(await userObjects(db.url), []);
        await assert.rejects(query(db.url, 'SELECT * FROM cairn_revisions'), 'the revision table is gone');
        assert.equal((await migrateAll({ url: db.url, dir: dir.path })).current, '3', 'a clean database migrates from the start');
        assert.deepEqual(await names(db.url), ['posts', 'users']);
      } finally {
        dir.dispose();
        await db.dispose();
      }
    });
  }
});
