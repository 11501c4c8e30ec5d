/**
 * The README's example (section "Testing your migrations"), run as written there, except for
 * the imports: the README imports 'cairn-migrate/testing' and the directory is the project's
 * `migrations/`, here the repository's source and test/testing/fixtures/readme/. Keep the two
 * texts the same when either changes.
 */
import { fileURLToPath } from 'node:url';
// README: import … from 'cairn-migrate/testing';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, expectReversible, expectSchema, testMigration } from '../../src/testing/index.js';

// README: const dir = 'migrations';
const dir = fileURLToPath(new URL('./fixtures/readme/migrations', import.meta.url));

// ---- from here on, as in the README ----

// An embedded PostgreSQL (PGlite) unless TEST_DATABASE_URL names a server to create databases on.
const database = () => createTestDatabase({ dialect: 'postgres', url: process.env.TEST_DATABASE_URL });

test('every migration rolls back, and the directory builds schema.ts', async () => {
  const db = await database();
  try {
    await expectReversible({ url: db.url, dir });
    await expectSchema(db, await import('./fixtures/readme/schema.ts')); // README: '../schema.ts'
  } finally {
    await db.dispose();
  }
});

test('backfill_totals turns cents into totals', async () => {
  const db = await database();
  try {
    const m = await testMigration({
      url: db.url,
      dir,
      version: '20260102120000',
      seed: async (ctx) => {
        await ctx.sql`INSERT INTO orders (id, cents) VALUES (${1}, ${1250}), (${2}, ${99})`;
      },
    });
    assert.deepEqual(await m.sql`SELECT id, total FROM orders ORDER BY id`, [
      { id: 1, total: '12.50' },
      { id: 2, total: '0.99' },
    ]);
    await m.rollback(); // its down runs: the column goes, the rows stay
    assert.deepEqual(await m.sql`SELECT id, cents FROM orders ORDER BY id`, [
      { id: 1, cents: 1250 },
      { id: 2, cents: 99 },
    ]);
  } finally {
    await db.dispose(); // closes m's connection too
  }
});
