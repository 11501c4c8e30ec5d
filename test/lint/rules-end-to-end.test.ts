/**
 * The generic, MySQL and SQLite rules end to end through `lint()`: a migration directory, the
 * history replayed on the dev database (PGlite and in-memory SQLite, the embedded defaults; a
 * scratch database on the MariaDB server), the rules' diagnostics with their file, line and
 * severity, `nolint` comments and the configuration's severities and naming patterns.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint } from '../../src/commands/lint.js';
import type { LintResult } from '../../src/lint/result.js';
import { MYSQL_ADMIN_URL } from '../helpers/db.js';
import { writeTree } from '../cli/helpers.js';

const at = (r: LintResult) => r.diagnostics.map((d) => `${d.code}@${d.file}:${d.line}:${d.severity}`);

const INIT = 'CREATE TABLE users (id int PRIMARY KEY, name varchar(50), email varchar(100));\nCREATE TABLE orders (id int PRIMARY KEY, user_id int, total int);\n';

test('PostgreSQL (PGlite): drops, data-dependent and incompatible changes, with nolint and configured severities', async () => {
  const cwd = writeTree({
    'migrations/1_init.sql': INIT,
    'migrations/2_change.sql': [
      "SET lock_timeout = '2s';",
      'ALTER TABLE users DROP COLUMN email;',
      'ALTER TABLE users RENAME COLUMN name TO full_name;',
      '-- cairn:nolint MF103',
      'ALTER TABLE orders ADD COLUMN status int NOT NULL;',
      'ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;',
      'CREATE TABLE audit (id int);',
      'DROP TABLE audit;',
      '',
    ].join('\n'),
  });
  const r = await lint({ dir: `${cwd}/migrations`, cwd, devUrl: 'pglite:memory', config: { rules: { DS103: 'warning', BC102: 'error' } } });
  assert.deepEqual(at(r), ['DS103@2_change.sql:2:warning', 'BC102@2_change.sql:3:error']);
  assert.equal(r.silenced, 1, 'the MF103 on line 5 is silenced by its nolint comment');
  assert.match(r.diagnostics[0]!.message, /drops column email of users/);
  assert.match(r.diagnostics[1]!.fix, /ADD COLUMN full_name/);
});

test('MariaDB (a scratch database on the server): table copies, implicit commits and data-dependent changes', async () => {
  const cwd = writeTree({
    'migrations/1_init.sql': INIT,
    'migrations/2_change.sql': [
      "INSERT INTO users (id, name) VALUES (1, 'a');",
      'ALTER TABLE orders MODIFY total bigint;',
      'ALTER TABLE users MODIFY name varchar(20);',
      'ALTER TABLE users ADD UNIQUE KEY users_email (email);',
      '',
    ].join('\n'),
  });
  const r = await lint({ dir: `${cwd}/migrations`, cwd, devUrl: MYSQL_ADMIN_URL });
  assert.deepEqual(at(r), [
    'MY101@2_change.sql:2:warning', 'MY102@2_change.sql:2:warning',
    'MF105@2_change.sql:3:warning', 'MY101@2_change.sql:3:warning',
    'MF101@2_change.sql:4:warning',
  ]);
  assert.match(r.diagnostics[0]!.message, /MariaDB 10\.\d+\.\d+ copy table orders/);
});

test('SQLite (in memory): a Drizzle rebuild, a file-level nolint, and NM101 turned on by lint.naming', async () => {
  const cwd = writeTree({
    'migrations/1_init.sql': 'CREATE TABLE users (id integer PRIMARY KEY, name text, age int);\n',
    'migrations/2_rebuild.sql': [
      'PRAGMA foreign_keys=OFF;--> statement-breakpoint',
      'CREATE TABLE `__new_users` (`id` integer PRIMARY KEY, `name` text NOT NULL, `age` int);--> statement-breakpoint',
      'INSERT INTO `__new_users`("id", "name", "age") SELECT "id", "name", "age" FROM `users`;--> statement-breakpoint',
      'DROP TABLE `users`;--> statement-breakpoint',
      'ALTER TABLE `__new_users` RENAME TO `users`;--> statement-breakpoint',
      'PRAGMA foreign_keys=ON;--> statement-breakpoint',
      'CREATE TABLE `AuditLog` (`id` integer);',
      '',
    ].join('\n'),
  });
  const r = await lint({ dir: `${cwd}/migrations`, cwd, devUrl: 'sqlite::memory:', config: { naming: { table: '[a-z_]+' } } });
  assert.deepEqual(at(r), ['LT101@2_rebuild.sql:3:warning', 'MF104@2_rebuild.sql:3:warning', 'NM101@2_rebuild.sql:7:warning']);

  const quiet = writeTree({
    'migrations/1_init.sql': 'CREATE TABLE users (id integer PRIMARY KEY, name text, age int);\n',
    'migrations/2_drop.sql': '-- atlas:nolint DS103 destructive\n\nALTER TABLE users DROP COLUMN age;\nDROP TABLE users;\n',
  });
  const q = await lint({ dir: `${quiet}/migrations`, cwd: quiet, devUrl: 'sqlite::memory:' });
  assert.deepEqual(at(q), []);
  assert.equal(q.silenced, 2);
});
