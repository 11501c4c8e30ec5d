/**
 * The CLI on MySQL/MariaDB, run as a user runs it: `cairn inspect --format sql|json|ts`, and
 * `cairn diff` against a server dev URL, including a dev user that may not create databases.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { cairn } from '../../helpers/cli.js';
import { MYSQL_ADMIN_URL } from '../../helpers/db.js';
import { built } from './helpers.js';

const serverUrl = (() => {
  const u = new URL(MYSQL_ADMIN_URL);
  u.pathname = '/';
  return u.toString();
})();

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'cairn-mysql-cli-'));
  dirs.push(d);
  return d;
};

test('cairn inspect --format sql|json|ts on a MariaDB database', async () => {
  const b = await built("CREATE TABLE users (id int NOT NULL AUTO_INCREMENT PRIMARY KEY, email varchar(200) NOT NULL, status enum('a','b') DEFAULT 'a'); CREATE VIEW emails AS SELECT email FROM users;");
  try {
    const sql = await cairn(['inspect', '--url', b.db.url, '--format', 'sql']);
    assert.equal(sql.code, 0, sql.stderr);
    assert.match(sql.stdout, /CREATE TABLE `users` \(\n {2}`id` int NOT NULL AUTO_INCREMENT,/);
    assert.match(sql.stdout, /CREATE VIEW `emails` AS select `users`.`email` AS `email` from `users`;/);
    assert.ok(!sql.stdout.includes(b.db.name), 'no database name in the DDL');

    const json = await cairn(['inspect', '--url', b.db.url, '--format', 'json']);
    assert.equal(json.code, 0, json.stderr);
    const realm = JSON.parse(json.stdout);
    assert.deepEqual(realm.schemas.map((s: { name: string }) => s.name), ['main']);
    assert.deepEqual(realm.schemas[0].tables[0].columns.map((c: { type: { sql: string } }) => c.type.sql), ['int', 'varchar(200)', "enum('a','b')"]);

    const ts = await cairn(['inspect', '--url', b.db.url, '--format', 'ts']);
    assert.equal(ts.code, 0, ts.stderr);
    assert.match(ts.stdout, /import \{[^}]*\} from 'cairn-migrate\/dsl\/mysql';/);
    assert.match(ts.stdout, /"id": int\(\)\.autoIncrement\(\)\.primaryKey\(\)/);
    assert.match(ts.stdout, /export const emails = view\("emails"/);
  } finally {
    await b.close();
  }
});

test('cairn diff on MySQL: a migration up and down, columns placed, a rename by hint, then in sync', async () => {
  const dir = tempDir();
  const schema = join(dir, 'schema.sql');
  writeFileSync(schema, 'CREATE TABLE users (id int PRIMARY KEY, name varchar(100), age int);\n');
  const diff = (name: string, ...extra: string[]) => cairn(['diff', name, '--dir', 'migrations', '--to', 'schema.sql', '--dev-url', serverUrl, ...extra], { cwd: dir });
  const first = await diff('init');
  assert.equal(first.code, 0, first.stderr);
  writeFileSync(schema, 'CREATE TABLE users (id int PRIMARY KEY, email varchar(200) NOT NULL, full_name varchar(100), age int);\n');
  const second = await diff('rename', '--rename', 'users.name=full_name');
  assert.equal(second.code, 0, second.stderr);
  const file = readdirSync(join(dir, 'migrations')).find((f) => f.endsWith('_rename.sql'))!;
  const text = readFileSync(join(dir, 'migrations', file), 'utf8');
  assert.match(text, /ALTER TABLE `users` RENAME COLUMN `name` TO `full_name`;/);
  assert.match(text, /ALTER TABLE `users` ADD COLUMN `email` varchar\(200\) NOT NULL AFTER `id`;/);
  assert.match(text, /-- ALTER TABLE `users` DROP COLUMN `email`;/);
  const check = await diff('again', '--check');
  assert.equal(check.code, 0, check.stderr + check.stdout);
  writeFileSync(schema, 'CREATE TABLE users (id int PRIMARY KEY, email varchar(200) NOT NULL, full_name varchar(100));\n');
  const drift = await diff('drift', '--check');
  assert.equal(drift.code, 2, drift.stderr + drift.stdout);
});

test('a dev URL whose user may not create databases: the error says so and what grant is needed', async () => {
  const user = `cairn_nocreate_${process.pid}`;
  const admin = await mysql.createConnection(MYSQL_ADMIN_URL);
  await admin.query(`CREATE USER IF NOT EXISTS '${user}'@'%'`);
  await admin.query(`CREATE USER IF NOT EXISTS '${user}'@'localhost'`);
  try {
    const dir = tempDir();
    writeFileSync(join(dir, 'schema.sql'), 'CREATE TABLE t (id int PRIMARY KEY);\n');
    const u = new URL(serverUrl);
    u.username = user;
    const r = await cairn(['diff', 'init', '--dir', 'migrations', '--to', 'schema.sql', '--dev-url', u.toString()], { cwd: dir });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /cannot create a scratch database/);
    assert.match(r.stderr, /CREATE and DROP on \*\.\*/);
  } finally {
    await admin.query(`DROP USER IF EXISTS '${user}'@'%'`);
    await admin.query(`DROP USER IF EXISTS '${user}'@'localhost'`);
    await admin.end();
  }
});

test('a desired schema the server refuses is named by file and line', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'schema.sql'), 'CREATE TABLE users (id int PRIMARY KEY, email varchar(200));\n\nCREATE INDEX users_lower_email ON users ((lower(email)));\n');
  const r = await cairn(['diff', 'init', '--dir', 'migrations', '--to', 'schema.sql', '--dev-url', serverUrl], { cwd: dir });
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /schema\.sql:3/);
});
