/**
 * The lint engine on MariaDB (a scratch database on the test server as the dev database) and
 * SQLite (in memory, the embedded default of a SQLite project): renames as MySQL's CHANGE and
 * RENAME TABLE make them, transactions as each database runs files, a SQLite table rebuild,
 * and the server the rules are told about.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import mysql from 'mysql2/promise';
import { lint } from '../../src/commands/lint.js';
import { CairnError } from '../../src/errors.js';
import type { LintResult } from '../../src/lint/result.js';
import { MYSQL_ADMIN_URL } from '../helpers/db.js';
import { writeTree } from '../cli/helpers.js';
import { changeRule } from './engine-helpers.js';

const messages = (r: LintResult) => r.diagnostics.map((d) => `${d.line}:${d.message}`);

async function scratchDatabases(): Promise<string[]> {
  const c = await mysql.createConnection(MYSQL_ADMIN_URL);
  try {
    const [rows] = await c.query("SHOW DATABASES LIKE 'cairn\\_dev\\_%'");
    return (rows as Record<string, string>[]).map((r) => Object.values(r)[0]!).sort();
  } finally {
    await c.end();
  }
}

test('MariaDB: CHANGE and RENAME TABLE are renames, DDL is never in a transaction, and the scratch database is dropped', async () => {
  const cwd = writeTree({
    'migrations/1_init.sql': 'CREATE TABLE users (id int PRIMARY KEY, name varchar(50), email varchar(100));\nCREATE TABLE orders (id int PRIMARY KEY);\nCREATE TABLE a (id int);\n',
    'migrations/2_change.sql': [
      'ALTER TABLE users CHANGE name full_name varchar(200);',
      'RENAME TABLE orders TO purchases, a TO b;',
      "INSERT INTO users (id, full_name) VALUES (1, 'x');",
      'BEGIN;',
      "UPDATE users SET email = 'e';",
      'COMMIT;',
      'ALTER TABLE users DROP COLUMN email;',
      '',
    ].join('\n'),
  });
  const scratchBefore = await scratchDatabases();
  const rule = changeRule();
  const r = await lint({ dir: `${cwd}/migrations`, cwd, devUrl: MYSQL_ADMIN_URL, rules: [rule] });
  assert.deepEqual(messages(r), [
    '1:RenameColumn users.name->full_name',
    '1:ModifyColumn users.full_name type',
    '2:RenameTable a->b',
    '2:RenameTable orders->purchases',
    '7:DropColumn users.email',
  ]);
  assert.deepEqual(rule.passes.map((p) => p.inTransaction), [false, false, false, false, true, true, false]);
  const server = rule.passes[0]!.file.server;
  assert.equal(server?.flavor, 'mariadb');
  assert.equal(server?.major, 10);
  assert.equal(typeof server?.minor, 'number');
  assert.match(r.server ?? '', /^MariaDB 10\.\d+/);
  assert.deepEqual(rule.passes[0]!.deployed.schemas.map((s) => s.name), ['main']);
  assert.deepEqual(await scratchDatabases(), scratchBefore, 'the scratch database is gone');
});

test('MariaDB: a rejected statement names its file and line, and the error number', async () => {
  const cwd = writeTree({
    'migrations/1_init.sql': 'CREATE TABLE users (id int PRIMARY KEY);\n',
    'migrations/2_bad.sql': 'ALTER TABLE users ADD COLUMN a int;\nALTER TABLE users ADD COLUMN a int;\n',
  });
  await assert.rejects(lint({ dir: `${cwd}/migrations`, cwd, devUrl: MYSQL_ADMIN_URL, rules: [changeRule()] }), (e: unknown) => {
    assert.ok(e instanceof CairnError);
    assert.equal(e.code, 'MIGRATION_FAILED');
    assert.match(e.message, /^2_bad\.sql:2:1: the dev database rejected this statement \[\w+\]: Duplicate column name 'a'/);
    assert.deepEqual(messages(e.details.lint as LintResult), ['1:AddColumn users.a']);
    return true;
  });
});

test('SQLite: the embedded dev database of a SQLite project; a Drizzle-style file and a table rebuild', async () => {
  const cwd = writeTree({
    'migrations/1_init.sql': 'CREATE TABLE users (id integer PRIMARY KEY, name text, email text);\n',
    'migrations/2_rebuild.sql': [
      'ALTER TABLE users RENAME COLUMN name TO full_name;',
      'COMMIT;',
      'PRAGMA foreign_keys=OFF;',
      'BEGIN;',
      'CREATE TABLE __new_users (id integer PRIMARY KEY, full_name text NOT NULL, email text);',
      'INSERT INTO __new_users SELECT id, full_name, email FROM users;',
      'DROP TABLE users;',
      'ALTER TABLE __new_users RENAME TO users;',
      'COMMIT;',
      'PRAGMA foreign_keys=ON;',
      'BEGIN;',
      'CREATE UNIQUE INDEX users_email ON users (email);',
      '',
    ].join('\n'),
  });
  const rule = changeRule();
  const r = await lint({ dir: `${cwd}/migrations`, cwd, targetUrl: 'sqlite:./app.db', rules: [rule] });
  assert.equal(r.devUrl, 'sqlite::memory:');
  assert.match(r.server ?? '', /^SQLite 3\./);
  assert.deepEqual(messages(r), [
    '1:RenameColumn users.name->full_name',
    '5:AddTable __new_users',
    '7:DropTable users',
    '8:RenameTable __new_users->users',
    '8:RenameConstraint', // the primary key's name follows the table's
    '12:AddIndex users_email',
  ]);
  // The file starts by committing: it was written for a runner that opened a transaction.
  assert.deepEqual(rule.passes.map((p) => p.inTransaction), [true, true, false, false, true, true, true, true, true, false, false, true]);
  // The rebuilt table replaces a deployed one: it is not new, so rules judge the index on it as on existing rows.
  assert.deepEqual(rule.passes.map((p) => [...p.newTables].join(',')), ['', '', '', '', 'main.__new_users', 'main.__new_users', 'main.__new_users', '', '', '', '', '']);
  assert.equal(rule.passes[0]!.file.server?.flavor, 'sqlite');
});
