/**
 * The PostgreSQL lock rules on the embedded PGlite, the dev database `cairn lint` uses by
 * default: the same cases as on the server (postgres-locks-cases.ts), on a newer PostgreSQL
 * built to WASM, must give the same findings.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { postgresLintRules } from '../../src/dialects/postgres/lint-rules.js';
import { buildPasses, openLintDb, runRules, type LintDb } from './postgres-locks-pass.js';
import { BASE, CASES } from './postgres-locks-cases.js';

describe('PostgreSQL lock rules on PGlite', () => {
  let db: LintDb;
  before(async () => {
    db = await openLintDb('pglite:memory');
  });
  after(async () => db?.close());

  test('PGlite runs a PostgreSQL that uses validated checks for SET NOT NULL (12+)', () => {
    assert.ok(db.major >= 12, db.label);
  });

  for (const c of CASES.filter((k) => !k.serverOnly)) {
    test(c.name, async () => {
      const pass = await buildPasses(db, { history: BASE + (c.history ?? ''), file: c.file });
      assert.deepEqual(runRules(postgresLintRules, pass), [...c.expect].sort());
    });
  }
});
