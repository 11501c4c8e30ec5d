/**
 * The merge and upgrade checks on MariaDB (a server dev database: Cairn's own scratch databases)
 * and SQLite (in memory): the same two-branches scenario as on PostgreSQL, in each dialect's SQL.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import mysql from 'mysql2/promise';
import { ci } from '../../src/commands/ci.js';
import { apply } from '../../src/commands/apply.js';
import { freshDatabases, MYSQL_ADMIN_URL } from '../helpers/db.js';
import { Repo } from './git-repo.js';

/** Scratch databases Cairn made on the MariaDB server (it must drop every one). */
async function scratchDatabases(): Promise<string[]> {
  const c = await mysql.createConnection(MYSQL_ADMIN_URL);
  try {
    const [rows] = await c.query("SELECT schema_name AS name FROM information_schema.schemata WHERE schema_name LIKE 'cairn\\_dev\\_%'");
    return (rows as { name: string }[]).map((r) => r.name);
  } finally {
    await c.end();
  }
}

/** The scenario: main and `feature` fork after `init`; feature adds `ours` (older version), main `theirs`; feature then merges main and re-hashes. */
function merged(init: string, ours: string, theirs: string): Repo {
  const r = new Repo();
  r.commit({ '20240101000000_init.sql': init }, 'init');
  r.git('checkout', '-q', '-b', 'feature');
  r.commit({ '20240102000000_ours.sql': ours }, 'feature');
  r.git('checkout', '-q', 'main');
  r.commit({ '20240103000000_theirs.sql': theirs }, 'main');
  r.git('checkout', '-q', 'feature');
  if (r.gitStatus('merge', '-q', '--no-edit', 'main') !== 0) {
    r.git('checkout', '--ours', '--', 'migrations/atlas.sum');
    r.git('add', '-A');
    r.git('commit', '-q', '--no-edit');
  }
  r.commit({}, 'rehash');
  return r;
}

const DIALECTS = [
  {
    name: 'MariaDB',
    devUrl: MYSQL_ADMIN_URL,
    init: 'CREATE TABLE accounts (id int PRIMARY KEY) ENGINE=InnoDB;\n',
    users: (col: string) => `CREATE TABLE users (id int PRIMARY KEY, ${col} varchar(100));\n`,
    exists: /Table 'users' already exists/,
    products: 'CREATE TABLE products (id int PRIMARY KEY, title varchar(200) NOT NULL);\nCREATE INDEX products_title ON products (title);\n',
    orders: 'CREATE TABLE orders (id int PRIMARY KEY, account_id int, FOREIGN KEY (account_id) REFERENCES accounts (id));\n',
    view: 'CREATE VIEW account_list AS SELECT * FROM accounts;\n',
    column: 'ALTER TABLE accounts ADD COLUMN note varchar(50);\n',
  },
  {
    name: 'SQLite',
    devUrl: 'sqlite::memory:',
    init: 'CREATE TABLE accounts (id integer PRIMARY KEY);\n',
    users: (col: string) => `CREATE TABLE users (id integer PRIMARY KEY, ${col} text);\n`,
    exists: /table users already exists/,
    products: 'CREATE TABLE products (id integer PRIMARY KEY, title text NOT NULL);\nCREATE INDEX products_title ON products (title);\n',
    orders: 'CREATE TABLE orders (id integer PRIMARY KEY, account_id integer REFERENCES accounts (id));\n',
    // SQLite keeps a view's text as written and expands `*` when it is queried, so a view
    // commutes with the column there; a table copied with CREATE TABLE AS fixes its columns.
    view: 'CREATE TABLE account_list AS SELECT * FROM accounts;\n',
    column: 'ALTER TABLE accounts ADD COLUMN note text;\n',
  },
] as const;

for (const d of DIALECTS) {
  test(`${d.name}: both branches create users: non-linear, non-commuting, and the upgrade fails on the branch's file`, async () => {
    const r = merged(d.init, d.users('name'), d.users('email'));
    const res = await ci({ dir: r.dir, gitBase: 'main', devUrl: d.devUrl, lint: false });
    assert.equal(res.validate.status, 'passed');
    assert.equal(res.merge.result.linear, false);
    assert.equal(res.merge.result.commutes, false);
    assert.equal(res.merge.result.baseFirst?.failure?.file, '20240102000000_ours.sql');
    assert.equal(res.merge.result.versionOrder?.failure?.file, '20240103000000_theirs.sql');
    assert.match(res.merge.result.baseFirst!.failure!.reason, d.exists);
    assert.equal(res.upgrade.result.failure?.file, '20240102000000_ours.sql');
    assert.equal(res.exitCode, 1);
    if (d.name === 'MariaDB') assert.deepEqual(await scratchDatabases(), [], 'every scratch database is dropped');
  });

  test(`${d.name}: branches that touch different tables pass the merge check; an object that would miss a column does not`, async () => {
    const ok = await ci({ dir: merged(d.init, d.products, d.orders).dir, gitBase: 'main', devUrl: d.devUrl, lint: false });
    assert.equal(ok.merge.status, 'passed', ok.merge.message);
    assert.equal(ok.merge.result.commutes, true);
    assert.equal(ok.upgrade.status, 'passed', ok.upgrade.message);
    assert.equal(ok.ok, true);

    const view = await ci({ dir: merged(d.init, d.view, d.column).dir, gitBase: 'main', devUrl: d.devUrl, lint: false });
    assert.equal(view.merge.status, 'failed');
    assert.ok(view.merge.result.difference.some((s) => /account_list/.test(s)), view.merge.result.difference.join('\n'));
  });
}

test('MariaDB: with --url and no dev database, ci refuses to make scratch databases on production\'s server', async () => {
  const r = merged(DIALECTS[0].init, DIALECTS[0].products, DIALECTS[0].orders);
  await assert.rejects(ci({ dir: r.dir, gitBase: 'main', url: MYSQL_ADMIN_URL, lint: false }), (e: Error & { code?: string }) => {
    assert.equal(e.code, 'USAGE');
    assert.match(e.message, /never creates one on the server of --url: pass --dev-url/);
    return true;
  });
});

const fresh = freshDatabases(after);

test('MariaDB: the upgrade on a copy of production catches a column added there by hand', async () => {
  const prod = await fresh('mysql');
  const r = new Repo();
  r.commit({ '20240101000000_init.sql': DIALECTS[0].init }, 'init');
  await apply({ url: prod.url, dir: r.dir });
  r.git('checkout', '-q', '-b', 'feature');
  r.commit({ '20240102000000_note.sql': DIALECTS[0].column }, 'note');
  const clean = await ci({ dir: r.dir, gitBase: 'main', url: prod.url, devUrl: MYSQL_ADMIN_URL, lint: false });
  assert.equal(clean.production.status, 'passed', clean.production.message);
  assert.deepEqual(clean.production.result?.pending.map((m) => m.file), ['20240102000000_note.sql']);

  const c = await mysql.createConnection(prod.url);
  await c.query('ALTER TABLE accounts ADD COLUMN note varchar(50)');
  await c.end();
  const drifted = await ci({ dir: r.dir, gitBase: 'main', url: prod.url, devUrl: MYSQL_ADMIN_URL, lint: false });
  assert.equal(drifted.upgrade.status, 'passed');
  assert.equal(drifted.production.status, 'failed');
  assert.match(drifted.production.message, /20240102000000_note\.sql:1 fails: Duplicate column name 'note'/);
  assert.deepEqual(await scratchDatabases(), []);
});
