/**
 * The SQLite DSL (`cairn-migrate/dsl/sqlite`): a schema compiled by the SQLite engine's
 * compiler and applied to a real in-memory SQLite database gives the tables, columns, keys,
 * indexes, views and triggers it declares, as sqlite_schema and the pragmas report them.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { any, blob, check, foreignKey, index, integer, numeric, primaryKey, real, sql, table, text, trigger, type, unique, view } from '../../src/dsl/sqlite/index.js';
import * as pgDsl from '../../src/dsl/index.js';
import * as mysqlDsl from '../../src/dsl/mysql/index.js';
import { compileSqliteDsl } from '../../src/dialects/sqlite/dsl-compile.js';
import { loadSchemaFile } from '../../src/dsl/load.js';
import { connect } from '../../src/dialects/registry.js';
import type { Connection } from '../../src/dialects/types.js';
import { cairn } from '../helpers/cli.js';

const users = table('users', {
  id: integer().primaryKey().autoIncrement(),
  email: text().notNull().collate('nocase').unique(),
  name: text().renamedFrom('full_name'),
  score: real().notNull().default(0),
  amount: numeric().default(sql`1.5`),
  avatar: blob(),
  created_at: text().notNull().default(sql`CURRENT_TIMESTAMP`),
  day: text().default(sql`date('now')`),
  kind: type('VARCHAR(20)').default("it's").check(sql`kind IN ('a', 'it''s')`),
  domain: text().generatedAs(sql`substr(email, instr(email, '@') + 1)`),
  email_len: integer().generatedAs('length(email)', 'stored'),
}, (t) => [
  index('users_name').on({ key: t.name, collate: 'nocase', desc: true }).renamedFrom('users_full_name'),
  index('users_lower_email').on(sql`lower(email)`).unique(),
  index().on(t.score).where(sql`score > 0`),
  check('users_score', sql`score >= 0`),
], { renamedFrom: 'people' });

const tags = table('tags', {
  post_id: integer().notNull().references(() => posts.c.id, { onDelete: 'CASCADE' }),
  name: text().notNull(),
  note: any(),
}, (t) => [primaryKey('tags_pk').on(t.post_id, t.name)], { strict: true, withoutRowid: true });
const posts = table('posts', {
  id: integer().primaryKey(),
  user_id: integer().notNull(),
  slug: text().renamedFrom('key'),
  title: text().notNull(),
}, (t) => [foreignKey('posts_user').columns(t.user_id).references(() => [users.c.id]).onDelete('SET NULL').onUpdate('CASCADE'), unique('posts_title').on(t.user_id, t.title)]);
/** A key SQLite lets be NULL (only the rowid cannot): `.nullable()` after `.primaryKey()` says so. */
const codes = table('codes', { code: text().primaryKey().nullable(), label: text() });
const recent = view('recent_posts', 'SELECT id, title FROM posts ORDER BY id DESC', { renamedFrom: 'latest' });
const touch = trigger('CREATE TRIGGER posts_title_trim AFTER INSERT ON posts BEGIN UPDATE posts SET title = trim(title) WHERE id = NEW.id; END');

let conn: Connection;
before(async () => {
  conn = await connect('sqlite::memory:');
});
after(async () => conn?.close());

type Row = Record<string, unknown>;
const columns = async (t: string) => conn.query<Row>(`SELECT name, type, "notnull" AS nn, dflt_value AS def, pk, hidden FROM pragma_table_xinfo(?) ORDER BY cid`, [t]);
const tableSql = async (t: string) => ((await conn.query<Row>(`SELECT sql FROM sqlite_schema WHERE name = ?`, [t]))[0]?.sql as string) ?? '';

describe('the SQLite DSL on SQLite', () => {
  it('compiles to DDL that SQLite accepts: tables with every key inline, then indexes, views, triggers', async () => {
    const c = compileSqliteDsl([tags, users, posts, codes, recent, touch]);
    const s = c.statements;
    const at = (re: RegExp) => s.findIndex((x) => re.test(x));
    assert.ok(at(/^CREATE TABLE "tags"/) < at(/^CREATE TABLE "users"/), 'tables in declaration order: SQLite resolves references later');
    assert.ok(at(/^CREATE INDEX "users_name"/) > at(/^CREATE TABLE "posts"/) && at(/^CREATE VIEW/) > at(/^CREATE INDEX/) && at(/^CREATE TRIGGER/) > at(/^CREATE VIEW/));
    assert.match(s[at(/^CREATE TABLE "tags"/)]!, /\n\) STRICT, WITHOUT ROWID$/);
    for (const statement of s) await conn.exec(statement);
    assert.deepEqual(c.renames, [
      { schema: 'main', table: 'users', from: 'full_name', to: 'name' },
      { schema: 'main', from: 'users_full_name', to: 'users_name' },
      { schema: 'main', from: 'people', to: 'users' },
      { schema: 'main', table: 'posts', from: 'key', to: 'slug' },
      { schema: 'main', from: 'latest', to: 'recent_posts' },
    ]);
  });

  it('columns: declared types, NOT NULL, defaults (expressions parenthesised), generated columns, in declaration order', async () => {
    const cols = await columns('users');
    assert.deepEqual(cols.map((c) => `${c.name} ${c.type}${c.nn ? ' NOT NULL' : ''}${c.def !== null ? ` DEFAULT ${c.def}` : ''}${c.pk ? ' PK' : ''}${c.hidden ? ` hidden=${c.hidden}` : ''}`), [
      'id INTEGER NOT NULL PK',
      'email TEXT NOT NULL',
      'name TEXT',
      'score REAL NOT NULL DEFAULT 0',
      'amount NUMERIC DEFAULT 1.5',
      'avatar BLOB',
      'created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP',
      "day TEXT DEFAULT date('now')",
      "kind VARCHAR(20) DEFAULT 'it''s'",
      'domain TEXT hidden=2',
      'email_len INTEGER hidden=3',
    ]);
    const ddl = await tableSql('users');
    assert.match(ddl, /"id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL/);
    assert.match(ddl, /"email" TEXT NOT NULL UNIQUE COLLATE nocase/);
    assert.match(ddl, /"domain" TEXT GENERATED ALWAYS AS \(substr\(email, instr\(email, '@'\) \+ 1\)\) VIRTUAL/);
    assert.match(ddl, /"email_len" INTEGER GENERATED ALWAYS AS \(length\(email\)\) STORED/);
    assert.match(ddl, /CONSTRAINT "users_score" CHECK \(score >= 0\)/);
  });

  it('keys: AUTOINCREMENT, a nullable non-integer key, composite and named keys, STRICT and WITHOUT ROWID', async () => {
    assert.deepEqual((await columns('posts')).map((c) => `${c.name}:${c.nn}:${c.pk}`), ['id:1:1', 'user_id:1:0', 'slug:0:0', 'title:1:0']);
    assert.deepEqual((await columns('codes')).map((c) => `${c.name}:${c.nn}:${c.pk}`), ['code:0:1', 'label:0:0']);
    await conn.exec(`INSERT INTO codes (code, label) VALUES (NULL, 'no code')`);
    const tagsCols = await columns('tags');
    assert.deepEqual(tagsCols.map((c) => `${c.name}:${c.type}:${c.pk}`), ['post_id:INTEGER:1', 'name:TEXT:2', 'note:ANY:0']);
    const list = await conn.query<Row>(`SELECT name, strict, wr FROM pragma_table_list WHERE schema = 'main' AND name IN ('tags', 'users') ORDER BY name`);
    assert.deepEqual(list.map((r) => ({ ...r })), [{ name: 'tags', strict: 1, wr: 1 }, { name: 'users', strict: 0, wr: 0 }]);
    await conn.exec(`INSERT INTO users (email) VALUES ('a@x.org')`);
    await conn.exec(`DELETE FROM users`);
    await conn.exec(`INSERT INTO users (email) VALUES ('b@x.org')`);
    assert.deepEqual(await conn.query(`SELECT id FROM users`), [{ id: 2 }], 'AUTOINCREMENT never reuses an id');
    assert.deepEqual(await conn.query(`SELECT name, seq FROM sqlite_sequence`), [{ name: 'users', seq: 2 }]);
    await assert.rejects(conn.exec(`INSERT INTO tags (post_id, name, note) VALUES ('x', 'n', 1)`), /cannot store TEXT value in INTEGER column/, 'STRICT is enforced');
  });

  it('indexes: named and generated names, unique expression, partial, per-key collation and order', async () => {
    const idx = await conn.query<Row>(`SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'users' AND sql IS NOT NULL ORDER BY name`);
    assert.deepEqual(idx.map((r) => r.sql), [
      'CREATE UNIQUE INDEX "users_lower_email" ON "users" ((lower(email)))',
      'CREATE INDEX "users_name" ON "users" ("name" COLLATE nocase DESC)',
      'CREATE INDEX "users_score_idx" ON "users" ("score") WHERE score > 0',
    ]);
    const origins = async (t: string) => (await conn.query<Row>(`SELECT "unique" AS u, origin FROM pragma_index_list(?)`, [t])).map((r) => `${r.origin}:${r.u}`).sort();
    assert.deepEqual(await origins('posts'), ['u:1'], 'a unique constraint; the INTEGER PRIMARY KEY is the rowid, without an index');
    assert.deepEqual(await origins('tags'), ['pk:1'], 'a composite primary key');
    assert.deepEqual(await origins('codes'), ['pk:1']);
  });

  it('foreign keys with their actions, inline and table-level', async () => {
    const fk = async (t: string) => (await conn.query<Row>(`SELECT "from", "table", "to", on_update AS upd, on_delete AS del FROM pragma_foreign_key_list(?)`, [t]))
      .map((r) => `${t}.${r.from} -> ${r.table}.${r.to} ON DELETE ${r.del} ON UPDATE ${r.upd}`);
    assert.deepEqual([...await fk('tags'), ...await fk('posts')], [
      'tags.post_id -> posts.id ON DELETE CASCADE ON UPDATE NO ACTION',
      'posts.user_id -> users.id ON DELETE SET NULL ON UPDATE CASCADE',
    ]);
    assert.match(await tableSql('posts'), /CONSTRAINT "posts_user" FOREIGN KEY \("user_id"\) REFERENCES "users" \("id"\) ON DELETE SET NULL ON UPDATE CASCADE/);
  });

  it('views and triggers run', async () => {
    await conn.exec(`INSERT INTO posts (id, user_id, slug, title) VALUES (1, 2, NULL, '  hi  ')`);
    assert.deepEqual(await conn.query(`SELECT id, title FROM recent_posts`), [{ id: 1, title: 'hi' }]);
  });

  it('a schema file importing cairn-migrate/dsl/sqlite loads and compiles', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cairn-dsl-sqlite-'));
    const file = join(dir, 'schema.ts');
    writeFileSync(file, `import { table, integer, text, index } from 'cairn-migrate/dsl/sqlite';
export const items = table('items', { id: integer().primaryKey(), sku: text().notNull() }, (t) => [index('items_sku').on(t.sku)], { strict: true });
`);
    const c = compileSqliteDsl(await loadSchemaFile(file));
    assert.deepEqual(c.statements, ['CREATE TABLE "items" (\n  "id" INTEGER PRIMARY KEY NOT NULL,\n  "sku" TEXT NOT NULL\n) STRICT', 'CREATE INDEX "items_sku" ON "items" ("sku")']);
    for (const s of c.statements) await conn.exec(s);
    assert.deepEqual((await columns('items')).map((r) => r.name), ['id', 'sku']);
  });

  it('a table of the original DSL compiles for SQLite: plain tables carry over', async () => {
    const legacy = pgDsl.table('legacy', { id: pgDsl.integer().primaryKey(), label: pgDsl.text().notNull().default('x') }, (t) => [pgDsl.index('legacy_label').on(t.label)]);
    for (const s of compileSqliteDsl([legacy]).statements) await conn.exec(s);
    assert.deepEqual((await columns('legacy')).map((r) => `${r.name} ${r.type} ${r.nn} ${r.def}`), ['id INTEGER 1 null', "label TEXT 1 'x'"], 'SQLite reports the affinity names in capitals');
    assert.match(await tableSql('legacy'), /"id" integer PRIMARY KEY NOT NULL,\n {2}"label" text NOT NULL DEFAULT 'x'/);
  });
});

describe('the SQLite compiler refuses what SQLite lacks, naming the object', () => {
  const refuses = (defs: unknown[], message: RegExp) => assert.throws(() => compileSqliteDsl(defs), (e: Error & { code?: string }) => {
    assert.equal(e.code, 'SCHEMA');
    assert.match(e.message, message);
    return true;
  });
  it('PostgreSQL-only objects and options', () => {
    refuses([pgDsl.enumType('mood', ['sad', 'ok'])], /^enum type mood: enumType\(\) \(a PostgreSQL enum type\) is not available on SQLite$/);
    refuses([pgDsl.sequence('ids')], /^sequence ids: sequence\(\) \(a PostgreSQL sequence\) is not available on SQLite$/);
    refuses([pgDsl.schema('audit')], /^schema audit: schema\(\)/);
    refuses([pgDsl.extension('citext')], /^extension citext: extension\(\)/);
    refuses([pgDsl.fn('CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$')], /^function CREATE FUNCTION f\(\)/);
    refuses([pgDsl.table('notes', { owner: pgDsl.text() }, () => [pgDsl.policy('own').using('true')])], /^policy own on notes: a row-level security policy is not available on SQLite$/);
    refuses([pgDsl.table('n', { a: pgDsl.text() }, undefined, { comment: 'x' })], /^table n: a table comment is not available on SQLite$/);
    refuses([pgDsl.table('n', { a: pgDsl.text().comment('x') })], /^column n\.a: a column comment/);
    refuses([pgDsl.table('n', { a: pgDsl.text() }, undefined, { unlogged: true })], /^table n: UNLOGGED/);
    refuses([pgDsl.table('n', { a: pgDsl.text() }, undefined, { schema: 'app' })], /^table n: schema 'app' is not available on SQLite$/);
    refuses([pgDsl.table('n', { a: pgDsl.text() }, (c) => [pgDsl.index('n_a').on(c.a).using('gin')])], /^index n_a: USING/);
    refuses([pgDsl.table('n', { a: pgDsl.text() }, (c) => [pgDsl.foreignKey('n_fk').columns(c.a).references(() => [c.a]).deferrable()])], /^foreign key n_fk: DEFERRABLE/);
  });
  it('MySQL-only facts and definitions of the MySQL DSL', () => {
    refuses([mysqlDsl.table('m', { id: mysqlDsl.int() })], /^table m was built with cairn-migrate\/dsl\/mysql, but this schema is for SQLite$/);
    refuses([table('t', { at: mysqlDsl.timestamp().onUpdateNow() })], /^column t\.at: ON UPDATE CURRENT_TIMESTAMP/);
    refuses([table('t', { s: mysqlDsl.varchar(9).charset('utf8mb4') })], /^column t\.s: a character set/);
    refuses([table('t', { s: text() }, (c) => [mysqlDsl.index('t_s').fulltext().on(c.s)])], /^index t_s: a FULLTEXT or SPATIAL index/);
    refuses([table('t', { s: text() }, (c) => [mysqlDsl.index('t_s').on(mysqlDsl.prefix(c.s, 4))])], /^index t_s: a key prefix length/);
  });
  it('AUTOINCREMENT only on an INTEGER PRIMARY KEY; WITHOUT ROWID needs a key', () => {
    refuses([table('t', { id: integer().autoIncrement() })], /^column t\.id: AUTOINCREMENT on a column that is not an INTEGER PRIMARY KEY/);
    refuses([table('t', { id: integer().primaryKey().autoIncrement() }, undefined, { withoutRowid: true })], /^column t\.id: AUTOINCREMENT in a WITHOUT ROWID table/);
    refuses([table('t', { a: text() }, undefined, { withoutRowid: true })], /^table t: a WITHOUT ROWID table without a PRIMARY KEY/);
  });
});

/** A schema using most of the SQLite DSL, as a user's schema.ts. */
const SCHEMA_FILE = `import { any, blob, check, foreignKey, index, integer, numeric, primaryKey, real, sql, table, text, trigger, type, unique, view } from 'cairn-migrate/dsl/sqlite';
export const users = table('users', {
  id: integer().primaryKey().autoIncrement(),
  email: text().notNull().collate('nocase').unique(),
  name: text(),
  score: real().notNull().default(0),
  amount: numeric().default(sql\`1.5\`),
  avatar: blob(),
  created_at: text().notNull().default(sql\`CURRENT_TIMESTAMP\`),
  day: text().default(sql\`date('now')\`),
  kind: type('VARCHAR(20)').default("it's").check(sql\`kind IN ('a', 'it''s')\`),
  domain: text().generatedAs(sql\`substr(email, instr(email, '@') + 1)\`),
  email_len: integer().generatedAs('length(email)', 'stored'),
}, (t) => [
  index('users_name').on({ key: t.name, collate: 'nocase', desc: true }),
  index('users_lower_email').on(sql\`lower(email)\`).unique(),
  index().on(t.score).where(sql\`score > 0\`),
  check('users_score', sql\`score >= 0\`),
]);
export const posts = table('posts', {
  id: integer().primaryKey(),
  user_id: integer().notNull(),
  slug: text(),
  title: text().notNull(),
}, (t) => [foreignKey('posts_user').columns(t.user_id).references(() => [users.c.id]).onDelete('SET NULL').onUpdate('CASCADE'), unique('posts_title').on(t.user_id, t.title)]);
export const tags = table('tags', {
  post_id: integer().notNull().references(() => posts.c.id, { onDelete: 'CASCADE' }),
  name: text().notNull(),
  note: any(),
}, (t) => [primaryKey('tags_pk').on(t.post_id, t.name)], { strict: true, withoutRowid: true });
export const codes = table('codes', { code: text().primaryKey().nullable(), label: text() });
export const recent = view('recent_posts', 'SELECT id, title FROM posts ORDER BY id DESC');
export const touch = trigger('CREATE TRIGGER posts_title_trim AFTER INSERT ON posts BEGIN UPDATE posts SET title = trim(title) WHERE id = NEW.id; END');
export default [users, posts, tags, codes, recent, touch];
`;

describe('the SQLite DSL through the SQLite schema engine', () => {
  it('diff writes the first migration, apply runs it, and a second diff is in sync', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cairn-dsl-sqlite-diff-'));
    writeFileSync(join(dir, 'schema.ts'), SCHEMA_FILE);
    writeFileSync(join(dir, 'cairn.config.ts'), `import { defineConfig } from 'cairn-migrate';\nexport default defineConfig({ dir: './migrations', schema: './schema.ts', url: 'sqlite:./app.db', devUrl: 'sqlite::memory:' });\n`);
    const run = async (args: string[]) => {
      const r = await cairn(args, { cwd: dir });
      assert.equal(r.code, 0, `cairn ${args.join(' ')}: exit ${r.code}\n${r.stdout}\n${r.stderr}`);
      return r.stdout;
    };
    await run(['init']); // migrations/ and atlas.sum; the config and schema.ts are kept
    assert.match(await run(['diff', 'init']), /created migrations\/\d{14}_init\.sql/);
    await run(['apply']);
    assert.match(await run(['diff', '--check', 'again']), /in sync/);
  });
});
