/**
 * The PostgreSQL lock rules (PG101–PG110) on a PostgreSQL 15 server: each case of
 * postgres-locks-cases.ts runs its history and its file on a real database, statement by
 * statement, and the rules must report exactly the expected `CODE@line`s.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { freshDatabases } from '../helpers/db.js';
import { postgresLintRules } from '../../src/dialects/postgres/lint-rules.js';
import { buildPasses, openLintDb, runRules, type LintDb } from './postgres-locks-pass.js';
import { BASE, CASES } from './postgres-locks-cases.js';

describe('PostgreSQL lock rules on the PostgreSQL server', () => {
  let db: LintDb;
  after(async () => db?.close());
  const fresh = freshDatabases(after);
  before(async () => {
    db = await openLintDb((await fresh('postgres')).url);
  });

  for (const c of CASES) {
    test(c.name, async () => {
      const pass = await buildPasses(db, { history: BASE + (c.history ?? ''), file: c.file });
      assert.deepEqual(runRules(postgresLintRules, pass), [...c.expect].sort());
    });
  }
});
