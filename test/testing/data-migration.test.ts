/**
 * testMigration on PostgreSQL, MariaDB, SQLite and PGlite: the database is brought to the
 * version before a data migration (a code migration), seeded through a code migration's ctx,
 * the one migration runs (not the ones after it), the rows are asserted through the returned
 * helpers, rollback runs its down, and disposing of the test database closes the helpers'
 * connection. Mistakes in a test are named: a seed that does not await or fails, a migration
 * already applied, an unknown version.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { migrateTo, testMigration } from '../../src/testing/index.js';
import { status } from '../../src/commands/status.js';
import { CairnError } from '../../src/errors.js';
import { codeMigration, tempDir, testDatabase, TARGETS } from './helpers.js';

const FILES = {
  '1_orders.sql': 'CREATE TABLE orders (id integer PRIMARY KEY, cents integer NOT NULL);\n-- cairn:down\n-- DROP TABLE orders;\n',
  '2_totals.ts': codeMigration(`{
  async up(ctx) {
    await ctx.exec('ALTER TABLE orders ADD COLUMN total varchar(20)');
    const rows = await ctx.sql\`SELECT id, cents FROM orders\`;
    for (const r of rows) await ctx.sql\`UPDATE orders SET total = \${(Number(r.cents) / 100).toFixed(2)} WHERE id = \${r.id}\`;
  },
  async down(ctx) { await ctx.exec('ALTER TABLE orders DROP COLUMN total'); },
}`),
  '3_later.sql': 'CREATE TABLE later (id integer);\n',
};

async function usage(p: Promise<unknown>, re: RegExp): Promise<CairnError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof CairnError, String(e));
    assert.equal(e.code, 'USAGE', e.message);
    assert.match(e.message, re);
    return e;
  }
  assert.fail('expected a USAGE error');
}

describe('testMigration', () => {
  for (const target of TARGETS) {
    it(`${target}: seed, run one data migration, assert, roll back; mistakes named`, async () => {
      const db = await testDatabase(target);
      const dir = tempDir(FILES);
      try {
        const m = await testMigration({
          url: db.url, dir: dir.path, version: '2',
          seed: async (ctx) => {
            await ctx.sql`INSERT INTO orders (id, cents) VALUES (${1}, ${1250}), (${2}, ${99})`;
          },
        });
        assert.deepEqual(m.result.applied.map((a) => a.version), ['2']);
        assert.equal(m.dialect, db.dialect);
        assert.deepEqual(await m.sql`SELECT id, total FROM orders ORDER BY id`, [{ id: 1, total: '12.50' }, { id: 2, total: '0.99' }]);
        assert.deepEqual(await m.sql`SELECT id FROM ${m.sql.id('orders')} WHERE total = ${'0.99'}`, [{ id: 2 }]);
        assert.deepEqual(await m.query(`SELECT count(*) AS n FROM orders WHERE cents > ${db.dialect === 'postgres' ? '$1' : '?'}`, [100]).then((r) => r.map((x) => Number(x.n))), [1]);
        const s = await status({ url: db.url, dir: dir.path });
        assert.deepEqual([s.current, s.pending.map((p) => p.version)], ['2', ['3']], 'the migrations after it did not run');

        const back = await m.rollback();
        assert.deepEqual(back.reverted.map((r) => r.version), ['2']);
        await assert.rejects(m.sql`SELECT total FROM orders`, 'the column is gone');
        assert.deepEqual(await m.sql`SELECT id, cents FROM orders ORDER BY id`, [{ id: 1, cents: 1250 }, { id: 2, cents: 99 }], 'the rows stay');

        // Mistakes, each before the migration runs.
        const forgot = await usage(testMigration({ url: db.url, dir: dir.path, version: '2', seed: (ctx) => { void ctx.sql`DELETE FROM orders`; } }), /the seed before 2 did not await a ctx call it made at line \d+ \(a missing `await`\)/);
        assert.equal(typeof forgot.details.line, 'number');
        const failed = await usage(testMigration({ url: db.url, dir: dir.path, version: '2', seed: async (ctx) => { await ctx.sql`INSERT INTO nowhere VALUES (${1})`; } }), /the seed before 2 failed at line \d+ running INSERT INTO nowhere/);
        assert.match(String(failed.details.statement), /INSERT INTO nowhere/);
        assert.equal((await status({ url: db.url, dir: dir.path })).current, '1', 'nothing ran');
        await usage(testMigration({ url: db.url, dir: dir.path, version: '1' }), /migration 1 is already applied on .*: ?/);
        await usage(testMigration({ url: db.url, dir: dir.path, version: '7' }), /version 7 is not a pending migration/);
        // m is still open: disposing of the database closes it first.
      } finally {
        dir.dispose();
        await db.dispose();
      }
    });
  }

  it('sqlite: the first migration (nothing before it); close() ends the helpers; a rollback stops at what was applied before', async () => {
    const db = await testDatabase('sqlite');
    const dir = tempDir(FILES);
    try {
      const m = await testMigration({ url: db.url, dir: dir.path, version: '1' });
      assert.deepEqual(await m.sql`SELECT count(*) AS n FROM orders`, [{ n: 0 }]);
      assert.deepEqual((await m.rollback()).reverted.map((r) => r.version), ['1']);
      assert.equal((await status({ url: db.url, dir: dir.path })).current, null);
      await m.close();
      await m.close();
      assert.throws(() => m.sql`SELECT 1`, /was closed/);

      // Applied by the test itself before: a rollback stops there.
      await migrateTo({ url: db.url, dir: dir.path, version: '1' });
      const m2 = await testMigration({ url: db.url, dir: dir.path, version: '2' });
      assert.deepEqual((await m2.rollback()).reverted.map((r) => r.version), ['2']);
      assert.equal((await status({ url: db.url, dir: dir.path })).current, '1');
    } finally {
      dir.dispose();
      await db.dispose();
    }
  });
});
