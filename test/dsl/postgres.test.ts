/**
 * `cairn-migrate/dsl` (PostgreSQL) beside the dialect DSLs: its compiler, bound by the
 * PostgreSQL engine, refuses by name what only MySQL or SQLite has, and a table built with
 * another dialect's entry point (a project whose diff picked the wrong database).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as pg from '../../src/dsl/index.js';
import * as mysql from '../../src/dsl/mysql/index.js';
import * as sqlite from '../../src/dsl/sqlite/index.js';
import { compilePostgresDsl, compileSchema } from '../../src/dialects/postgres/dsl-compile.js';
import { quoteIdent } from '../../src/dialects/postgres/dialect.js';

const refuses = (defs: unknown[], message: RegExp) => assert.throws(() => compilePostgresDsl(defs), (e: Error & { code?: string }) => {
  assert.equal(e.code, 'SCHEMA');
  assert.match(e.message, message);
  return true;
});

test('the engine binds compileSchema to PostgreSQL quoting: the same DDL as cairn-migrate/dsl has always given', () => {
  const t = pg.table('t', { id: pg.bigserial().primaryKey(), n: pg.text().renamedFrom('name') }, (c) => [pg.index('t_n').on(c.n)]);
  assert.deepEqual(compilePostgresDsl([t]), compileSchema([t], quoteIdent));
  assert.deepEqual(compilePostgresDsl([t]).statements, ['CREATE TABLE "public"."t" (\n  "id" bigserial PRIMARY KEY,\n  "n" text\n)', 'CREATE INDEX "t_n" ON "public"."t" ("n")']);
  assert.equal(pg.compileSchema, compileSchema, 'cairn-migrate/dsl still exports it');
});

test('tables and views of the MySQL and SQLite DSLs are refused, naming the entry point to use', () => {
  refuses([mysql.table('m', { id: mysql.int() })], /^table m was built with cairn-migrate\/dsl\/mysql, but this schema is for PostgreSQL$/);
  refuses([sqlite.table('s', { id: sqlite.integer() })], /^table s was built with cairn-migrate\/dsl\/sqlite, but this schema is for PostgreSQL$/);
  refuses([sqlite.view('v', 'SELECT 1')], /^view v was built with cairn-migrate\/dsl\/sqlite/);
});

test('MySQL-only facts on a PostgreSQL table', () => {
  refuses([pg.table('t', { id: mysql.int().autoIncrement() })], /^column t\.id: autoIncrement\(\) is not available on PostgreSQL$/);
  refuses([pg.table('t', { s: mysql.varchar(9).charset('utf8mb4') })], /^column t\.s: charset\(\)/);
  refuses([pg.table('t', { at: mysql.timestamp().onUpdateNow() })], /^column t\.at: onUpdateNow\(\)/);
  refuses([pg.table('t', { s: pg.text() }, (c) => [mysql.index('t_s').on(mysql.prefix(c.s, 4))])], /^index t_s: a key prefix length is not available on PostgreSQL/);
  refuses([pg.table('t', { s: pg.text() }, (c) => [mysql.index('t_s').fulltext().on(c.s)])], /^index t_s: a FULLTEXT index is not available on PostgreSQL/);
});
