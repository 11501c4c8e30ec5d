/** The convergence case table on the local PostgreSQL server (fails, never skips, without one). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freshPostgres } from '../helpers/db.js';
import { open } from './helpers/conn.js';
import { CASES } from './helpers/cases.js';
import { firstDifference, runCases } from './helpers/cases-run.js';
import { dslRoundTrip } from './helpers/dsl.js';
import { inspectRealm } from '../../src/dialects/postgres/inspect.js';
import { canonicalJson } from '../../src/schema/build.js';

test(`PostgreSQL: ${CASES.length} schema changes converge up and down; inspect --format ts round-trips every desired state`, async () => {
  assert.ok(CASES.length >= 80);
  const [a, b] = [await freshPostgres(), await freshPostgres()];
  const [from, to] = [await open(a.url), await open(b.url)];
  try {
    const failures = await runCases(from, to, CASES);
    assert.deepEqual(failures.map((f) => `${f.name} [${f.step}]: ${f.error}`), []);
    // Every case's desired state, written as DSL, compiled and applied to an empty database.
    const c = await freshPostgres();
    const dsl = await open(c.url);
    try {
      const want = await inspectRealm(to);
      const got = await dslRoundTrip(want, dsl);
      const [g, w] = [canonicalJson(got), canonicalJson(want)];
      assert.ok(g === w, firstDifference(g, w));
    } finally {
      await dsl.close();
      await c.drop();
    }
  } finally {
    await from.close();
    await to.close();
    await a.drop();
    await b.drop();
  }
});
