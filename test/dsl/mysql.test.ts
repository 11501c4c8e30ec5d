/**
 * The MySQL DSL (`cairn-migrate/dsl/mysql`): a schema compiled by the MySQL engine's compiler
 * and applied to a real MariaDB database gives the tables, columns, keys, indexes, views and
 * triggers it declares, as information_schema reports them. Needs the MariaDB test server.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  bigint, binary, bit, blob, boolean, char, check, datetime, date, decimal, double, float, foreignKey, index, int, json, longtext, mediumint, mediumtext,
  mysqlEnum, mysqlSet, prefix, primaryKey, smallint, sql, table, text, time, timestamp, tinyint, trigger, type, unique, varbinary, varchar, view, year,
} from '../../src/dsl/mysql/index.js';
import * as pgDsl from '../../src/dsl/index.js';
import * as sqliteDsl from '../../src/dsl/sqlite/index.js';
import { compileMysqlDsl } from '../../src/dialects/mysql/dsl-compile.js';
import { loadSchemaFile } from '../../src/dsl/load.js';
import { connect } from '../../src/dialects/registry.js';
import type { Connection } from '../../src/dialects/types.js';
import { freshDatabases } from '../helpers/db.js';
import { cairn } from '../helpers/cli.js';

const users = table('users', {
  id: bigint().unsigned().autoIncrement().primaryKey(),
  email: varchar(255).charset('utf8mb4').collate('utf8mb4_bin').notNull().unique().comment("the user's login"),
  name: varchar(100).renamedFrom('full_name'),
  status: mysqlEnum(['active', "it's"]).notNull().default('active'),
  perms: mysqlSet(['read', 'write']).default('read'),
  score: int().zerofill(),
  level: tinyint().unsigned().notNull().default(1),
  small: smallint(),
  medium: mediumint().unsigned(),
  balance: decimal(10, 2).notNull().default(0),
  ratio: double(),
  weight: float().unsigned(),
  flags: bit(8),
  active: boolean().notNull().default(true),
  code: char(3).default('a\\b'),
  bio: text(),
  notes: mediumtext().charset('latin1'),
  raw: blob(),
  hash: binary(16),
  token: varbinary(64),
  born: date(),
  wake: time(2),
  since: year(),
  meta: json(),
  created_at: datetime(3).notNull().defaultNow(),
  updated_at: timestamp().notNull().defaultNow().onUpdateNow(),
  seen_at: timestamp(),
  domain: varchar(255).generatedAs(sql`substring_index(email, '@', -1)`, 'stored'),
  name_len: int().generatedAs('char_length(name)'),
  geo: type('point'),
}, (t) => [
  index('users_name_prefix').on(prefix(t.name, 10)),
  index('users_bio_ft').fulltext().on(t.bio),
  index('users_status_created').using('btree').on(t.status, { key: t.created_at, desc: true }).comment('by status').renamedFrom('users_status'),
  check('users_balance_positive', sql`balance >= 0`),
], { engine: 'InnoDB', charset: 'utf8mb4', collate: 'utf8mb4_unicode_ci', comment: 'people', renamedFrom: 'people' });

// Declared before `users` is used in them, and `posts` before `post_tags`: the foreign keys come after every table.
const postTags = table('post_tags', {
  post_id: bigint().unsigned().notNull(),
  tag: varchar(40).notNull(),
}, (t) => [primaryKey().on(t.post_id, t.tag), foreignKey('post_tags_post').columns(t.post_id).references(() => [posts.c.id]).onDelete('CASCADE').onUpdate('RESTRICT')]);
const posts = table('posts', {
  id: bigint().unsigned().autoIncrement().primaryKey(),
  user_id: bigint().unsigned().notNull().references(() => users.c.id, { onDelete: 'CASCADE' }),
  editor_id: bigint().unsigned().references(() => 'users.id', { onDelete: 'SET NULL', onUpdate: 'CASCADE' }),
  title: varchar(200).notNull(),
  body: longtext(),
}, (t) => [unique('posts_user_title').on(t.user_id, t.title), index().on(t.title)], { engine: 'InnoDB' });
const activeUsers = view('active_users', "SELECT id, email FROM users WHERE status = 'active'", { algorithm: 'MERGE', security: 'INVOKER', checkOption: 'CASCADED', renamedFrom: 'live_users' });
const trim = trigger('CREATE TRIGGER posts_trim BEFORE INSERT ON posts FOR EACH ROW SET NEW.title = TRIM(NEW.title)');

const fresh = freshDatabases(after);
let conn: Connection;
let dbName: string;

before(async () => {
  const db = await fresh('mysql');
  dbName = db.name;
  conn = await connect(db.url);
});
after(async () => conn?.close());

type Row = Record<string, unknown>;
const columns = async (t: string) =>
  Object.fromEntries((await conn.query<Row>(
    `SELECT COLUMN_NAME AS name, COLUMN_TYPE AS type, IS_NULLABLE AS nullable, COLUMN_DEFAULT AS def, EXTRA AS extra,
            CHARACTER_SET_NAME AS charset, COLLATION_NAME AS collation, COLUMN_COMMENT AS comment, GENERATION_EXPRESSION AS gen
       FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION`, [t])).map((r) => [r.name as string, r]));
const indexParts = async (t: string) =>
  (await conn.query<Row>(
    `SELECT INDEX_NAME AS name, NON_UNIQUE AS nonUnique, SEQ_IN_INDEX AS seq, COLUMN_NAME AS col, SUB_PART AS sub, INDEX_TYPE AS type, COLLATION AS ord, INDEX_COMMENT AS comment
       FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY INDEX_NAME, SEQ_IN_INDEX`, [t]))
    .map((r) => `${r.name}${Number(r.nonUnique) ? '' : ' unique'} ${r.type} ${r.seq}:${r.col}${r.sub ? `(${r.sub})` : ''}${r.ord === 'D' ? ' desc' : ''}${r.comment ? ` '${r.comment}'` : ''}`)
    .sort();

describe('the MySQL DSL on MariaDB', () => {
  it('compiles to DDL that MariaDB accepts, tables before foreign keys, views and triggers last', async () => {
    const c = compileMysqlDsl([postTags, activeUsers, trim, posts, users]);
    const s = c.statements;
    const at = (re: RegExp) => s.findIndex((x) => re.test(x));
    assert.ok(at(/^CREATE TABLE `users`/) >= 0 && at(/^ALTER TABLE `post_tags` ADD CONSTRAINT `post_tags_post` FOREIGN KEY/) > at(/^CREATE TABLE `users`/));
    assert.ok(at(/^CREATE ALGORITHM=MERGE SQL SECURITY INVOKER VIEW `active_users`/) > at(/FOREIGN KEY/) && at(/^CREATE TRIGGER/) > at(/VIEW/));
    assert.match(s[at(/^CREATE TABLE `users`/)]!, /\) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT='people'$/);
    assert.match(s[at(/^CREATE TABLE `users`/)]!, /`code` char\(3\) DEFAULT 'a\\\\b'/);
    for (const statement of s) await conn.exec(statement);
    assert.deepEqual(c.renames, [
      { schema: 'main', table: 'users', from: 'full_name', to: 'name' },
      { schema: 'main', from: 'users_status', to: 'users_status_created' },
      { schema: 'main', from: 'people', to: 'users' },
      { schema: 'main', from: 'live_users', to: 'active_users' },
    ]);
  });

  it('columns: types with unsigned/zerofill, charsets, defaults, AUTO_INCREMENT, ON UPDATE, generated, comments, in declaration order', async () => {
    const cols = await columns('users');
    assert.deepEqual(Object.keys(cols), Object.keys(users.columns));
    const pick = (n: string, ...keys: string[]) => Object.fromEntries(keys.map((k) => [k, cols[n]![k]]));
    assert.deepEqual(pick('id', 'type', 'nullable', 'extra'), { type: 'bigint(20) unsigned', nullable: 'NO', extra: 'auto_increment' });
    assert.deepEqual(pick('email', 'type', 'nullable', 'charset', 'collation', 'comment'), { type: 'varchar(255)', nullable: 'NO', charset: 'utf8mb4', collation: 'utf8mb4_bin', comment: "the user's login" });
    assert.equal(cols.name!.collation, 'utf8mb4_unicode_ci', 'a string column takes the table collation');
    assert.deepEqual(pick('status', 'type', 'def'), { type: "enum('active','it''s')", def: "'active'" });
    assert.deepEqual(pick('perms', 'type', 'def'), { type: "set('read','write')", def: "'read'" });
    assert.equal(cols.score!.type, 'int(10) unsigned zerofill');
    assert.deepEqual(pick('level', 'type', 'def', 'nullable'), { type: 'tinyint(3) unsigned', def: '1', nullable: 'NO' });
    assert.equal(cols.small!.type, 'smallint(6)');
    assert.equal(cols.medium!.type, 'mediumint(8) unsigned');
    assert.deepEqual(pick('balance', 'type', 'def'), { type: 'decimal(10,2)', def: '0.00' });
    assert.equal(cols.ratio!.type, 'double');
    assert.equal(cols.weight!.type, 'float unsigned');
    assert.equal(cols.flags!.type, 'bit(8)');
    assert.deepEqual(pick('active', 'type', 'def'), { type: 'tinyint(1)', def: '1' });
    assert.deepEqual(pick('code', 'type', 'def'), { type: 'char(3)', def: "'a\\\\b'" });
    assert.deepEqual(pick('notes', 'type', 'charset'), { type: 'mediumtext', charset: 'latin1' });
    for (const [n, t] of [['bio', 'text'], ['raw', 'blob'], ['hash', 'binary(16)'], ['token', 'varbinary(64)'], ['born', 'date'], ['wake', 'time(2)'], ['since', 'year(4)'], ['geo', 'point']]) {
      assert.equal(cols[n!]!.type, t, n);
    }
    assert.equal(cols.meta!.type, 'longtext', 'MariaDB keeps JSON as longtext (with a json_valid check)');
    assert.deepEqual(pick('created_at', 'type', 'def', 'extra'), { type: 'datetime(3)', def: 'current_timestamp(3)', extra: '' });
    assert.deepEqual(pick('updated_at', 'type', 'nullable', 'def', 'extra'), { type: 'timestamp', nullable: 'NO', def: 'current_timestamp()', extra: 'on update current_timestamp()' });
    assert.deepEqual(pick('seen_at', 'nullable', 'def'), { nullable: 'YES', def: 'NULL' }, 'a nullable TIMESTAMP stays nullable, without an automatic default');
    assert.deepEqual(pick('domain', 'extra', 'gen'), { extra: 'STORED GENERATED', gen: "substring_index(`email`,'@',-1)" });
    assert.deepEqual(pick('name_len', 'extra', 'gen'), { extra: 'VIRTUAL GENERATED', gen: 'char_length(`name`)' });
  });

  it('table options: engine, charset and collation, comment', async () => {
    const [t] = await conn.query<Row>(`SELECT ENGINE AS engine, TABLE_COLLATION AS collation, TABLE_COMMENT AS comment FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'users'`);
    assert.deepEqual({ ...t }, { engine: 'InnoDB', collation: 'utf8mb4_unicode_ci', comment: 'people' });
  });

  it('indexes: prefix lengths, FULLTEXT, descending keys, USING, comments; keys and composite primary keys', async () => {
    assert.deepEqual(await indexParts('users'), [
      'PRIMARY unique BTREE 1:id',
      'email unique BTREE 1:email',
      'users_bio_ft FULLTEXT 1:bio',
      'users_name_prefix BTREE 1:name(10)',
      "users_status_created BTREE 1:status 'by status'",
      "users_status_created BTREE 2:created_at desc 'by status'",
    ]);
    assert.deepEqual(await indexParts('post_tags'), ['PRIMARY unique BTREE 1:post_id', 'PRIMARY unique BTREE 2:tag']);
    assert.deepEqual(await indexParts('posts'), [
      'PRIMARY unique BTREE 1:id',
      'editor_id BTREE 1:editor_id',
      'posts_user_title unique BTREE 1:user_id',
      'posts_user_title unique BTREE 2:title',
      'title BTREE 1:title',
    ]);
  });

  it('foreign keys with their actions, and checks', async () => {
    const fks = await conn.query<Row>(
      `SELECT r.TABLE_NAME AS t, k.COLUMN_NAME AS col, r.REFERENCED_TABLE_NAME AS ref, k.REFERENCED_COLUMN_NAME AS refCol, r.DELETE_RULE AS del, r.UPDATE_RULE AS upd
         FROM information_schema.REFERENTIAL_CONSTRAINTS r JOIN information_schema.KEY_COLUMN_USAGE k
           ON k.CONSTRAINT_SCHEMA = r.CONSTRAINT_SCHEMA AND k.CONSTRAINT_NAME = r.CONSTRAINT_NAME AND k.TABLE_NAME = r.TABLE_NAME
        WHERE r.CONSTRAINT_SCHEMA = DATABASE() ORDER BY r.TABLE_NAME, k.COLUMN_NAME`);
    assert.deepEqual(fks.map((r) => `${r.t}.${r.col} -> ${r.ref}.${r.refCol} ON DELETE ${r.del} ON UPDATE ${r.upd}`).sort(), [
      'post_tags.post_id -> posts.id ON DELETE CASCADE ON UPDATE RESTRICT',
      'posts.editor_id -> users.id ON DELETE SET NULL ON UPDATE CASCADE',
      'posts.user_id -> users.id ON DELETE CASCADE ON UPDATE RESTRICT',
    ]);
    const checks = await conn.query<Row>(`SELECT CONSTRAINT_NAME AS name, CHECK_CLAUSE AS clause FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME = 'users' ORDER BY 1`);
    assert.ok(checks.some((c) => c.name === 'users_balance_positive' && c.clause === '`balance` >= 0'), JSON.stringify(checks));
  });

  it('views with their options, and triggers', async () => {
    const [v] = await conn.query<Row>(`SELECT SECURITY_TYPE AS security, CHECK_OPTION AS checkOption, ALGORITHM AS algorithm FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'active_users'`);
    assert.deepEqual({ ...v }, { security: 'INVOKER', checkOption: 'CASCADED', algorithm: 'MERGE' });
    await conn.exec(`INSERT INTO users (email) VALUES ('a@example.com')`);
    await conn.exec(`INSERT INTO posts (user_id, title) VALUES (1, '  hello  ')`);
    assert.deepEqual(await conn.query(`SELECT title FROM posts`), [{ title: 'hello' }], 'the trigger runs');
    assert.deepEqual(await conn.query(`SELECT id, email FROM active_users`), [{ id: 1, email: 'a@example.com' }]);
    const [u] = await conn.query<Row>(`SELECT domain, name_len, status, active FROM users`);
    assert.deepEqual({ ...u }, { domain: 'example.com', name_len: null, status: 'active', active: 1 });
  });

  it('a schema file importing cairn-migrate/dsl/mysql loads and compiles', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cairn-dsl-mysql-'));
    const file = join(dir, 'schema.ts');
    writeFileSync(file, `import { table, int, varchar, index } from 'cairn-migrate/dsl/mysql';
export const items = table('items', { id: int().unsigned().autoIncrement().primaryKey(), sku: varchar(32).notNull() }, (t) => [index('items_sku').on(t.sku)], { engine: 'InnoDB' });
`);
    const c = compileMysqlDsl(await loadSchemaFile(file));
    assert.deepEqual(c.statements, ['CREATE TABLE `items` (\n  `id` int unsigned AUTO_INCREMENT PRIMARY KEY,\n  `sku` varchar(32) NOT NULL,\n  KEY `items_sku` (`sku`)\n) ENGINE=InnoDB']);
    for (const s of c.statements) await conn.exec(s);
    assert.deepEqual(await indexParts('items'), ['PRIMARY unique BTREE 1:id', 'items_sku BTREE 1:sku']);
  });

  it('a table of the original DSL compiles for MySQL: plain tables carry over', async () => {
    const legacy = pgDsl.table('legacy', { id: pgDsl.type('int').primaryKey(), label: pgDsl.text().notNull().default('x') });
    const c = compileMysqlDsl([legacy]);
    for (const s of c.statements) await conn.exec(s);
    // A literal default on a TEXT column is an expression default, as MySQL 8 requires; MariaDB reads it as the literal.
    assert.match(c.statements[0]!, /`label` text NOT NULL DEFAULT \('x'\)/);
    const cols = await columns('legacy');
    assert.deepEqual(Object.values(cols).map((r) => `${r.name} ${r.type} ${r.nullable} ${r.def}`), ["id int(11) NO null", "label text NO 'x'"]);
  });
});

describe('the MySQL compiler refuses what MySQL lacks, naming the object', () => {
  const refuses = (defs: unknown[], message: RegExp) => assert.throws(() => compileMysqlDsl(defs), (e: Error & { code?: string }) => {
    assert.equal(e.code, 'SCHEMA');
    assert.match(e.message, message);
    return true;
  });
  const t = table('t', { id: int().primaryKey() });
  it('PostgreSQL-only objects', () => {
    refuses([pgDsl.enumType('mood', ['a'])], /^enum type mood: enumType\(\) \(a PostgreSQL enum type\) is not available on MySQL\/MariaDB$/);
    refuses([pgDsl.sequence('s')], /^sequence s: sequence\(\)/);
    refuses([pgDsl.schema('audit')], /^schema audit: schema\(\)/);
    refuses([pgDsl.extension('citext')], /^extension citext:/);
    refuses([pgDsl.fn('CREATE FUNCTION f() RETURNS int RETURN 1')], /^function CREATE FUNCTION f\(\)/);
    refuses([pgDsl.materializedView('m', 'SELECT 1')], /^view m: a materialized view is not available on MySQL\/MariaDB$/);
    refuses([pgDsl.table('n', { a: pgDsl.text() }, () => [pgDsl.policy('own').using('true')], { rls: true })], /^policy own on n: a row-level security policy is not available on MySQL\/MariaDB$/);
    refuses([pgDsl.table('n', { a: pgDsl.text() }, undefined, { rls: true })], /^table n: row-level security is not available/);
    refuses([pgDsl.partition('n_2024', pgDsl.table('n', { a: pgDsl.date() }, undefined, { partitionBy: 'RANGE (a)' }), 'DEFAULT')], /^table n_2024: PARTITION OF/);
    refuses([pgDsl.table('n', { a: pgDsl.text() }, undefined, { schema: 'audit' })], /^table n: schema 'audit' is not available/);
    refuses([pgDsl.table('n', { a: pgDsl.integer().identity() })], /^column n\.a: an identity column/);
    refuses([pgDsl.table('n', { a: pgDsl.text() }, (c) => [pgDsl.index('n_a').on(c.a).where('a <> \'\'')])], /^index n_a: a partial index \(WHERE\)/);
    refuses([pgDsl.table('n', { a: pgDsl.text() }, (c) => [pgDsl.index('n_a').on(c.a).using('gin')])], /^index n_a: USING gin/);
    refuses([pgDsl.table('n', { a: pgDsl.text() }, (c) => [pgDsl.unique('n_a').on(c.a).nullsNotDistinct()])], /^unique n_a: NULLS NOT DISTINCT/);
  });
  it('definitions of the SQLite DSL', () => {
    refuses([sqliteDsl.table('s', { id: sqliteDsl.integer() })], /^table s was built with cairn-migrate\/dsl\/sqlite, but this schema is for MySQL\/MariaDB$/);
    refuses([t, sqliteDsl.view('v', 'SELECT 1')], /^view v was built with cairn-migrate\/dsl\/sqlite/);
  });
  it('a foreign key to another database, a bad reference, an index without keys', () => {
    refuses([table('c', { p: int().references(() => 'other.t.id') })], /^column c\.p \(references t\.id\): schema 'other'/);
    refuses([table('c', { p: int().references(() => (t as unknown as { id: never }).id) })], /c\.p: references\(\) must return a column such as `\(\) => users\.c\.id`/);
    refuses([table('c', { p: int() }, () => [index('c_none')])], /^index c_none: an index without keys/);
  });
});

/** A schema using most of the MySQL DSL, as a user's schema.ts. */
const SCHEMA_FILE = `import { bigint, binary, bit, blob, boolean, char, check, datetime, date, decimal, double, float, foreignKey, index, int, json, longtext, mediumint, mediumtext,
  mysqlEnum, mysqlSet, prefix, primaryKey, smallint, sql, table, text, time, timestamp, tinyint, trigger, type, unique, varbinary, varchar, view, year } from 'cairn-migrate/dsl/mysql';
export const users = table('users', {
  id: bigint().unsigned().autoIncrement().primaryKey(),
  email: varchar(255).charset('utf8mb4').collate('utf8mb4_bin').notNull().unique().comment("the user's login"),
  name: varchar(100),
  status: mysqlEnum(['active', "it's"]).notNull().default('active'),
  perms: mysqlSet(['read', 'write']).default('read'),
  score: int().zerofill(),
  level: tinyint().unsigned().notNull().default(1),
  balance: decimal(10, 2).notNull().default(0),
  ratio: double(), weight: float().unsigned(), flags: bit(8),
  active: boolean().notNull().default(true),
  code: char(3).default('a\\\\b'),
  bio: text().default('hello'),
  notes: mediumtext().charset('latin1'),
  raw: blob(), hash: binary(16), token: varbinary(64), born: date(), wake: time(2), since: year(), meta: json(),
  created_at: datetime(3).notNull().defaultNow(),
  updated_at: timestamp().notNull().defaultNow().onUpdateNow(),
  seen_at: timestamp(),
  domain: varchar(255).generatedAs(sql\`substring_index(email, '@', -1)\`, 'stored'),
  name_len: int().generatedAs('char_length(name)'),
}, (t) => [
  index('users_name_prefix').on(prefix(t.name, 10)),
  index('users_bio_ft').fulltext().on(t.bio),
  index('users_status_created').on(t.status, { key: t.created_at, desc: true }).comment('by status'),
  check('users_balance_positive', sql\`balance >= 0\`),
], { engine: 'InnoDB', charset: 'utf8mb4', collate: 'utf8mb4_unicode_ci', comment: 'people' });
export const posts = table('posts', {
  id: bigint().unsigned().autoIncrement().primaryKey(),
  user_id: bigint().unsigned().notNull().references(() => users.c.id, { onDelete: 'CASCADE' }),
  title: varchar(200).notNull(),
}, (t) => [unique('posts_user_title').on(t.user_id, t.title), index().on(t.title)]);
export const postTags = table('post_tags', { post_id: bigint().unsigned().notNull(), tag: varchar(40).notNull() },
  (t) => [primaryKey().on(t.post_id, t.tag), foreignKey('post_tags_post').columns(t.post_id).references(() => [posts.c.id]).onDelete('CASCADE')]);
export const activeUsers = view('active_users', "SELECT id, email FROM users WHERE status = 'active'", { security: 'INVOKER' });
export const trim = trigger('CREATE TRIGGER posts_trim BEFORE INSERT ON posts FOR EACH ROW SET NEW.title = TRIM(NEW.title)');
export default [users, posts, postTags, activeUsers, trim];
`;

describe('the MySQL DSL through the MySQL schema engine', () => {
  it('diff writes the first migration, apply runs it, and a second diff is in sync', async () => {
    const db = await fresh('mysql');
    const dir = mkdtempSync(join(tmpdir(), 'cairn-dsl-mysql-diff-'));
    writeFileSync(join(dir, 'schema.ts'), SCHEMA_FILE);
    writeFileSync(join(dir, 'cairn.config.ts'), `import { defineConfig } from 'cairn-migrate';\nexport default defineConfig({ dir: './migrations', schema: './schema.ts', url: '${db.url}' });\n`);
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
