/** The convergence case table on the embedded PGlite (PostgreSQL in WASM, no server). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { open } from './helpers/conn.js';
import { CASES } from './helpers/cases.js';
import { runCases } from './helpers/cases-run.js';

test(`PGlite: ${CASES.length} schema changes converge up and down`, async () => {
  const sql = CASES.flatMap((k) => [k.from, k.to]);
  const [from, to] = [await open('pglite:memory', sql), await open('pglite:memory', sql)];
  try {
    const failures = await runCases(from, to, CASES);
    assert.deepEqual(failures.map((f) => `${f.name} [${f.step}]: ${f.error}`), []);
  } finally {
    await from.close();
    await to.close();
  }
});
