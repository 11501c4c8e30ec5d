/**
 * Golden planner output: the same two schemas always give byte-identical up and down text.
 * Regenerate with CAIRN_UPDATE_GOLDEN=1 after an intended change, and review the diff.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { open } from './helpers/conn.js';
import { inspectRealm } from '../../src/dialects/postgres/inspect.js';
import { parseRename } from '../../src/diff/renames.js';
import { needsNoTransaction, planHazards, renderStatements } from '../../src/plan/render.js';
import { diffRealms } from './helpers/pg-diff.js';
import { planChanges } from '../../src/dialects/postgres/plan.js';
import { plan } from './helpers/engine.js';

const FROM = `
CREATE TYPE status AS ENUM ('new', 'done');
CREATE TABLE users (id bigserial PRIMARY KEY, name text, email text NOT NULL);
CREATE INDEX users_email_idx ON users (email);
CREATE VIEW names AS SELECT id, name FROM users;`;

const TO = `
CREATE TYPE status AS ENUM ('new', 'doing', 'done');
CREATE TABLE users (id bigserial PRIMARY KEY, full_name text, email text NOT NULL UNIQUE, status status NOT NULL DEFAULT 'new');
CREATE VIEW names AS SELECT id, full_name, status FROM users;
CREATE TABLE posts (id bigserial PRIMARY KEY, user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE, title text);
CREATE INDEX posts_user_id_idx ON posts (user_id);
COMMENT ON TABLE posts IS 'what users write';`;

test('planner output matches the golden file', async () => {
  const [a, b] = [await open('pglite:memory'), await open('pglite:memory')];
  try {
    await a.exec(FROM);
    await b.exec(TO);
    const p = plan(await inspectRealm(a), await inspectRealm(b), { renames: [parseRename('public.users.name=full_name')] });
    const text = `-- up\n${renderStatements(p.up.statements)}\n-- down\n${renderStatements(p.down.statements)}`;
    const file = join(import.meta.dirname, 'golden', 'plan.sql');
    if (process.env.CAIRN_UPDATE_GOLDEN || !existsSync(file)) writeFileSync(file, text);
    assert.equal(text, readFileSync(file, 'utf8'));
    assert.ok(p.up.statements.every((s) => s.reverse.length > 0), 'every statement has a reverse');
  } finally {
    await a.close();
    await b.close();
  }
});

test('CREATE INDEX CONCURRENTLY on an existing table is planned outside a transaction', async () => {
  const [a, b] = [await open('pglite:memory'), await open('pglite:memory')];
  try {
    await a.exec('CREATE TABLE t (a int)');
    await b.exec('CREATE TABLE t (a int); CREATE INDEX t_a ON t (a); CREATE TABLE n (x int); CREATE INDEX n_x ON n (x)');
    const [from, to] = [await inspectRealm(a), await inspectRealm(b)];
    const up = planChanges(diffRealms(from, to), from, to, { concurrentIndexes: true });
    const ix = up.statements.filter((s) => s.sql.startsWith('CREATE INDEX'));
    assert.deepEqual(ix.map((s) => [s.sql, s.transactional]), [
      ['CREATE INDEX "n_x" ON "public"."n" USING btree ("x")', true],
      ['CREATE INDEX CONCURRENTLY "t_a" ON "public"."t" USING btree ("a")', false],
    ]);
    assert.equal(ix[1].reverse, 'DROP INDEX CONCURRENTLY "public"."t_a"');
    assert.ok(needsNoTransaction(up));
    assert.deepEqual(planHazards(up), []);
  } finally {
    await a.close();
    await b.close();
  }
});
