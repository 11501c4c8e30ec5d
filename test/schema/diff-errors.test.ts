/**
 * `diff` failures name the file and line at fault, and leave the directory as it was.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diff } from '../../src/commands/diff.js';
import { CairnError } from '../../src/errors.js';

function project(): { root: string; dir: string } {
  const root = mkdtempSync(join(tmpdir(), 'cairn-diff-err-'));
  const dir = join(root, 'migrations');
  mkdirSync(dir);
  writeFileSync(join(dir, '20260101000000_a.sql'), 'CREATE TABLE a (id int);\n');
  return { root, dir };
}

test('a migration that fails to replay is named with its version, file:line and SQLSTATE; nothing is written', async () => {
  const { root, dir } = project();
  try {
    writeFileSync(join(dir, '20260102000000_b.sql'), '-- comment\nCREATE TABLE b (id int);\n\nALTER TABLE nope ADD COLUMN x int;\n');
    writeFileSync(join(root, 'schema.sql'), 'CREATE TABLE a (id int);\n');
    const before = readdirSync(dir);
    await assert.rejects(diff({ dir, name: 'x', to: join(root, 'schema.sql') }), (e: unknown) => {
      assert.ok(e instanceof CairnError);
      assert.equal(e.code, 'MIGRATION_FAILED');
      assert.match(e.message, /migration 20260102000000 failed at 20260102000000_b\.sql:4 \[42P01\]: relation "nope" does not exist/);
      assert.equal(e.details?.statement, 'ALTER TABLE nope ADD COLUMN x int');
      return true;
    });
    assert.deepEqual(readdirSync(dir), before);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a desired schema that does not apply is named with its file:line', async () => {
  const { root, dir } = project();
  try {
    writeFileSync(join(root, 'schema.sql'), 'CREATE TABLE a (id int);\n\nCREATE TABLE b (id int;\n');
    await assert.rejects(diff({ dir, name: 'x', to: join(root, 'schema.sql') }), (e: unknown) => {
      assert.ok(e instanceof CairnError);
      assert.equal(e.code, 'SCHEMA');
      assert.match(e.message, /schema\.sql:3: syntax error at or near ";"/);
      return true;
    });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('removing an enum value is refused, naming them, when objects that cairn does not re-build depend on it or on a routine using it', async () => {
  const { root, dir } = project();
  try {
    writeFileSync(join(dir, '20260102000000_b.sql'), `CREATE TYPE e AS ENUM ('x', 'y', 'z'); CREATE FUNCTION f(p e) RETURNS int LANGUAGE sql AS 'select 1';
CREATE TABLE t (m e CONSTRAINT t_f CHECK (f(m) = 1)); CREATE DOMAIN de AS e;\n`);
    writeFileSync(join(root, 'schema.sql'), `CREATE TABLE a (id int); CREATE TYPE e AS ENUM ('x', 'y'); CREATE FUNCTION f(p e) RETURNS int LANGUAGE sql AS 'select 1';
CREATE TABLE t (m e CONSTRAINT t_f CHECK (f(m) = 1)); CREATE DOMAIN de AS e;\n`);
    const before = readdirSync(dir);
    await assert.rejects(diff({ dir, name: 'x', to: join(root, 'schema.sql'), allowDrop: true }), (e: unknown) => {
      assert.ok(e instanceof CairnError);
      assert.equal(e.code, 'SCHEMA');
      assert.match(e.message, /cannot re-create enum public\.e .*routines using the enum: public\.f\(p public\.e\)\).*check t_f on public\.t, domain public\.de \(over the enum\)/);
      return true;
    });
    assert.deepEqual(readdirSync(dir), before);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
