/** The convergence case table on the local PostgreSQL server (fails, never skips, without one). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freshPostgres } from '../helpers/db.js';
import { open } from './helpers/conn.js';
import { CASES } from './helpers/cases.js';
import { runCases } from './helpers/cases-run.js';

test(`PostgreSQL: ${CASES.length} schema changes converge up and down`, async () => {
  assert.ok(CASES.length >= 80);
  const [a, b] = [await freshPostgres(), await freshPostgres()];
  const [from, to] = [await open(a.url), await open(b.url)];
  try {
    const failures = await runCases(from, to, CASES);
    assert.deepEqual(failures.map((f) => `${f.name} [${f.step}]: ${f.error}`), []);
  } finally {
    await from.close();
    await to.close();
    await a.drop();
    await b.drop();
  }
});
