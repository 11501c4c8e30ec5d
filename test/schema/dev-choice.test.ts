/**
 * Which dialect and dev database a diff uses: from the dev URL, the live sides or the project's
 * target, never PostgreSQL by default for a MySQL or SQLite project; MySQL, which has no
 * embedded database, gets a scratch database on the target's server.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseDevDatabase } from '../../src/commands/dev-url.js';
import { CairnError } from '../../src/errors.js';

test('a SQLite project diffs on an in-memory SQLite dev database', async () => {
  const c = await chooseDevDatabase({ target: 'sqlite:./app.db' });
  assert.equal(c.dialect.name, 'sqlite');
  assert.equal(c.devUrl, 'sqlite::memory:');
  assert.equal(c.engine.soleSchema, 'main');
});

test('a MySQL project without a dev URL uses the target server for its scratch database', async () => {
  const c = await chooseDevDatabase({ target: 'mysql://root:secret@db.internal:3306/app' });
  assert.equal(c.dialect.name, 'mysql');
  assert.equal(c.devUrl, 'mysql://root:secret@db.internal:3306/app');
});

test('the dev URL decides over the target, and a PostgreSQL project keeps PGlite', async () => {
  assert.equal((await chooseDevDatabase({ devUrl: 'mysql://root@127.0.0.1:3306/', target: 'mysql://x@y/app' })).devUrl, 'mysql://root@127.0.0.1:3306/');
  assert.equal((await chooseDevDatabase({ target: 'postgres://u@h/app' })).devUrl, 'pglite:memory');
  assert.equal((await chooseDevDatabase({})).dialect.name, 'postgres');
});

test('a live side of another kind of database than the dev database is refused, password masked', async () => {
  await assert.rejects(chooseDevDatabase({ devUrl: 'sqlite::memory:', from: 'postgres://u:pw@h/app' }), (e: unknown) => e instanceof CairnError && /PostgreSQL/.test(e.message) && /SQLite/.test(e.message) && !e.message.includes('pw'));
});
