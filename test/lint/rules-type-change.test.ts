/**
 * The readers the generic rules share, on their own: how a column type change treats stored
 * values (type-change.ts, behind MF105, BC103 and MF108) across the three databases' spellings,
 * and what the rules read from a statement's text (sql-text.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyTypeChange, type TypeChange } from '../../src/lint/rules/type-change.js';
import { cannotRunInTransaction, copyOf, createAsSelectOf, dmlOf, truncatedTables, updatesColumn } from '../../src/lint/rules/sql-text.js';

const cases: readonly [string, string, TypeChange][] = [
  // PostgreSQL spellings
  ['integer', 'bigint', 'widening'],
  ['bigint', 'integer', 'narrowing'],
  ['character varying(10)', 'character varying(5)', 'narrowing'],
  ['character varying(10)', 'text', 'widening'],
  ['text', 'integer', 'lossy'],
  ['integer', 'text', 'reinterpreted'],
  ['numeric(10,2)', 'numeric(12,2)', 'widening'],
  ['numeric(10,2)', 'numeric(10,1)', 'narrowing'],
  ['timestamp without time zone', 'timestamp with time zone', 'reinterpreted'],
  ['timestamp(3) without time zone', 'timestamp without time zone', 'widening'],
  ['timestamp with time zone', 'date', 'narrowing'],
  ['integer[]', 'bigint[]', 'widening'],
  ['double precision', 'real', 'narrowing'],
  ['text', 'jsonb', 'lossy'],
  ['uuid', 'text', 'reinterpreted'],
  ['public.money_amount', 'numeric', 'reinterpreted'],
  // MySQL/MariaDB spellings
  ['int(11)', 'int', 'same'],
  ['int', 'int unsigned', 'narrowing'],
  ['int unsigned', 'bigint', 'widening'],
  ['tinyint(1)', 'int', 'reinterpreted'],
  ["enum('a','b')", "enum('a','b','c')", 'widening'],
  ["enum('a','b')", "enum('a')", 'enum-shrunk'],
  ["enum('a','bb')", 'varchar(1)', 'lossy'],
  ['datetime', 'timestamp', 'narrowing'],
  ['varchar(100)', 'char(100)', 'widening'],
  ['decimal(5,0)', 'int', 'lossy'],
  ['int', 'decimal(5,0)', 'lossy'],
  ['int', 'decimal(12,0)', 'reinterpreted'],
  // SQLite declared types
  ['INT', 'TEXT', 'reinterpreted'],
  ['VARCHAR(20)', 'VARCHAR(10)', 'narrowing'],
];

test(`classifyTypeChange: ${cases.length} type changes`, () => {
  const wrong = cases.filter(([a, b, want]) => classifyTypeChange({ sql: a }, { sql: b }) !== want).map(([a, b, want]) => `${a} → ${b}: ${classifyTypeChange({ sql: a }, { sql: b })}, want ${want}`);
  assert.deepEqual(wrong, []);
});

test('classifyTypeChange: an enum type of its own is judged by its values', () => {
  assert.equal(classifyTypeChange({ sql: 'public.status', enumValues: ['a', 'b', 'c'] }, { sql: 'public.status', enumValues: ['a', 'b'] }), 'enum-shrunk');
  assert.equal(classifyTypeChange({ sql: 'public.status', enumValues: ['a', 'b'] }, { sql: 'public.status_v2', enumValues: ['a', 'b', 'c'] }), 'widening');
});

test('sql-text: the statements the rules read by their text', () => {
  assert.deepEqual(dmlOf('-- backfill\nUPDATE "public"."users" SET a = 1'), { verb: 'UPDATE', table: 'users' });
  assert.deepEqual(dmlOf('INSERT OR REPLACE INTO `t` (a) VALUES (1)'), { verb: 'INSERT', table: 't' });
  assert.deepEqual(dmlOf('DELETE FROM ONLY orders WHERE id = 1'), { verb: 'DELETE', table: 'orders' });
  assert.equal(dmlOf('ALTER TABLE users ADD COLUMN a int'), undefined);
  assert.equal(updatesColumn("UPDATE users SET name = '' WHERE name IS NULL", { schema: 'public', name: 'users' }, 'name'), true);
  assert.equal(updatesColumn('UPDATE users SET email = lower(email) WHERE name IS NULL', { schema: 'public', name: 'users' }, 'name'), false);
  assert.deepEqual(copyOf('INSERT INTO `__new_users`("id", "name") SELECT "id", "name" FROM `users`'), { into: '__new_users', from: 'users' });
  assert.equal(copyOf("INSERT INTO users VALUES (1, 'a')"), undefined);
  assert.deepEqual(createAsSelectOf('CREATE TABLE users_archive AS SELECT * FROM users'), { into: 'users_archive', from: 'users' });
  assert.deepEqual(truncatedTables('TRUNCATE TABLE ONLY a, "b" RESTART IDENTITY CASCADE'), ['a', 'b']);
  assert.equal(cannotRunInTransaction('CREATE UNIQUE INDEX CONCURRENTLY i ON t (a)'), true);
  assert.equal(cannotRunInTransaction('CREATE INDEX i ON t (a)'), false);
});
