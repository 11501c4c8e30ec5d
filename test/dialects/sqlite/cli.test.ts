/**
 * `cairn inspect` and `cairn diff` on SQLite, through the CLI as a user runs them: each inspect
 * format reads back as the database (the SQL and the TypeScript re-create it on an empty one),
 * and a diff writes a migration that the runner applies.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cairn } from '../../helpers/cli.js';
import { canonicalJson } from '../../../src/schema/build.js';
import { inspect, json, open } from './helpers.js';
import { dslRoundTrip } from './dsl-round-trip.js';

const SCHEMA = `
CREATE TABLE users (id INTEGER PRIMARY KEY AUTOINCREMENT, email TEXT NOT NULL COLLATE NOCASE UNIQUE, name VARCHAR(100), age INT CHECK (age >= 0),
  created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP);
CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE, title TEXT NOT NULL DEFAULT 'x',
  score REAL GENERATED ALWAYS AS (length(title) * 1.5) STORED) STRICT;
CREATE INDEX posts_user ON posts (user_id, title DESC) WHERE title <> '';
CREATE INDEX users_lower ON users (lower(name));
CREATE VIEW adults AS SELECT id, email FROM users WHERE age >= 18;
CREATE TRIGGER users_touch AFTER UPDATE OF name ON users BEGIN UPDATE users SET name = lower(NEW.name) WHERE id = NEW.id; END;
CREATE TABLE kv (k TEXT PRIMARY KEY, v BLOB) WITHOUT ROWID;
CREATE VIRTUAL TABLE notes USING fts5(title, body);
`;

function withFile<T>(fn: (root: string, url: string) => Promise<T>): Promise<T> {
  const root = mkdtempSync(join(tmpdir(), 'cairn-sqlite-cli-'));
  return fn(root, `sqlite:${join(root, 'app.db')}`).finally(() => rmSync(root, { recursive: true, force: true }));
}

test('cairn inspect --format sql|json|ts reads a SQLite file, and the SQL and the TypeScript re-create it', async () => {
  await withFile(async (root, url) => {
    const db = await open(SCHEMA, url);
    const want = await inspect(db);
    await db.close();

    const sql = await cairn(['inspect', '--url', url, '--format', 'sql']);
    assert.equal(sql.code, 0, sql.stderr);
    assert.match(sql.stdout, /CREATE TABLE "users" \(/);
    const fromSql = await open(sql.stdout);
    assert.equal(json(await inspect(fromSql)), json(want), 'the SQL re-creates the schema');
    await fromSql.close();

    const js = await cairn(['inspect', '--url', url, '--format', 'json']);
    assert.equal(js.code, 0, js.stderr);
    assert.equal(canonicalJson(JSON.parse(js.stdout)), json(want));

    const ts = await cairn(['inspect', '--url', url, '--format', 'ts']);
    assert.equal(ts.code, 0, ts.stderr);
    assert.match(ts.stdout, /from 'cairn-migrate\/dsl\/sqlite'/);
    assert.match(ts.stdout, /id: integer\(\)\.primaryKey\(\)\.autoIncrement\(\)/);
    assert.match(ts.stdout, /\{ strict: true \}/);
    writeFileSync(join(root, 'schema.ts'), ts.stdout);
    const fromTs = await open();
    assert.equal(json(await dslRoundTrip(want, fromTs)), json(want), 'the TypeScript re-creates the schema');
    await fromTs.close();
  });
});

test('cairn diff on SQLite writes a rebuild with its down part, and cairn apply runs it', async () => {
  await withFile(async (root, url) => {
    const dir = join(root, 'migrations');
    writeFileSync(join(root, 'v1.sql'), 'CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL, name TEXT);');
    writeFileSync(join(root, 'v2.sql'), "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, name TEXT NOT NULL DEFAULT '');");
    const first = await cairn(['diff', '--dir', dir, '--to', join(root, 'v1.sql'), '--dev-url', 'sqlite::memory:', 'init'], { cwd: root });
    assert.equal(first.code, 0, first.stderr);
    const applied = await cairn(['apply', '--url', url, '--dir', dir], { cwd: root });
    assert.equal(applied.code, 0, applied.stderr);
    const db = await open('', url);
    await db.exec("INSERT INTO users VALUES (1, 'a@x', 'Ann'), (2, 'b@x', 'Bob')");
    await db.close();

    const second = await cairn(['diff', '--dir', dir, '--to', join(root, 'v2.sql'), '--dev-url', 'sqlite::memory:', 'rebuild'], { cwd: root });
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stderr + second.stdout, /table-rewrite/);
    const file = readdirSync(dir).find((f) => f.endsWith('_rebuild.sql'))!;
    const text = readFileSync(join(dir, file), 'utf8');
    assert.match(text, /CREATE TABLE "_cairn_new_users"/);
    assert.match(text, /-- cairn:down/);
    const again = await cairn(['apply', '--url', url, '--dir', dir], { cwd: root });
    assert.equal(again.code, 0, again.stderr);
    const after = await open('', url);
    assert.deepEqual(await after.query('SELECT id, email, name FROM users ORDER BY id'), [{ id: 1, email: 'a@x', name: 'Ann' }, { id: 2, email: 'b@x', name: 'Bob' }]);
    await after.close();
    const check = await cairn(['diff', '--dir', dir, '--to', join(root, 'v2.sql'), '--dev-url', 'sqlite::memory:', '--check'], { cwd: root });
    assert.equal(check.code, 0, `in sync: ${check.stderr}`);
  });
});
