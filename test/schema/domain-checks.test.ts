/**
 * Domain checks added NOT VALID survive `inspect --format ts` (their convergence up and down is
 * in the case table).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { open } from './helpers/conn.js';
import { inspectRealm } from '../../src/dialects/postgres/inspect.js';
import { canonicalJson } from '../../src/schema/build.js';
import { dslRoundTrip } from './helpers/dsl.js';

test('inspect --format ts keeps a NOT VALID domain check', async () => {
  const [src, dst] = [await open('pglite:memory'), await open('pglite:memory')];
  try {
    await src.exec("CREATE DOMAIN email AS text; ALTER DOMAIN email ADD CONSTRAINT email_at CHECK (VALUE LIKE '%@%') NOT VALID; CREATE TABLE u (e email);");
    const realm = await inspectRealm(src);
    assert.equal(realm.schemas.find((s) => s.name === 'public')?.domains[0]?.checks[0]?.notValid, true);
    assert.equal(canonicalJson(await dslRoundTrip(realm, dst)), canonicalJson(realm));
  } finally {
    await src.close();
    await dst.close();
  }
});
