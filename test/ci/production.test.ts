/**
 * `ci --url`: the upgrade run on a copy of production's schema (PostgreSQL server as production,
 * the embedded dev database for the copy). Production's revision table says what is pending;
 * production itself is only read.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { apply } from '../../src/commands/apply.js';
import { ci } from '../../src/commands/ci.js';
import { checkUpgrade } from '../../src/ci/upgrade-check.js';
import { freshDatabases } from '../helpers/db.js';
import { Repo } from './git-repo.js';

const fresh = freshDatabases(after);

async function sql(url: string, text: string): Promise<unknown[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text)).rows;
  } finally {
    await c.end();
  }
}

/** What a read-only check must leave as it was: every column of every table, and the revision rows. */
async function fingerprint(url: string): Promise<string> {
  const cols = await sql(url, "SELECT table_name || '.' || column_name AS c FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1");
  const revs = await sql(url, 'SELECT version FROM cairn_revisions ORDER BY 1').catch(() => 'none');
  return JSON.stringify({ cols, revs });
}

/** main has accounts and tags; `feature` adds an email column (sorting after main's newest). */
function project(): Repo {
  const r = new Repo();
  r.commit({ '20240101000000_init.sql': 'CREATE TABLE accounts (id integer PRIMARY KEY);\n' }, 'init');
  r.commit({ '20240102000000_tags.sql': 'CREATE TABLE tags (id integer PRIMARY KEY, name text NOT NULL);\n' }, 'tags');
  return r;
}

const EMAIL = { '20240104000000_email.sql': 'ALTER TABLE accounts ADD COLUMN email text;\nCREATE UNIQUE INDEX accounts_email ON accounts (email);\n' };

test('the upgrade runs on a copy of production: pending migrations from its revision table, production left as it was', async () => {
  const prod = await fresh('postgres');
  const r = project();
  await apply({ url: prod.url, dir: r.dir });
  r.git('checkout', '-q', '-b', 'feature');
  r.commit(EMAIL, 'email');

  const before = await fingerprint(prod.url);
  const res = await ci({ dir: r.dir, gitBase: 'main', url: prod.url, lint: false });
  assert.equal(res.production.status, 'passed', res.production.message);
  assert.equal(res.production.result?.applied, 2);
  assert.deepEqual(res.production.result?.pending.map((m) => m.file), ['20240104000000_email.sql']);
  assert.equal(res.ok, true);

  // Someone added the column by hand in production: the history alone cannot see it, the copy does.
  await sql(prod.url, 'ALTER TABLE accounts ADD COLUMN email text');
  const drifted = await ci({ dir: r.dir, gitBase: 'main', url: prod.url, lint: false });
  assert.equal(drifted.upgrade.status, 'passed', 'the history replays');
  assert.equal(drifted.production.status, 'failed');
  assert.equal(drifted.production.result?.failure?.file, '20240104000000_email.sql');
  assert.equal(drifted.production.result?.failure?.line, 1);
  assert.match(drifted.production.message, /on a copy of .*'s schema, 20240104000000_email\.sql:1 fails: column "email" of relation "accounts" already exists/);
  assert.equal(drifted.exitCode, 1);

  // Production was only read.
  await sql(prod.url, 'ALTER TABLE accounts DROP COLUMN email');
  assert.equal(await fingerprint(prod.url), before);
});

test('a production behind the base gets the base\'s pending migrations too; one without revisions is taken to be at the base', async () => {
  const behind = await fresh('postgres');
  const r = project();
  await apply({ url: behind.url, dir: r.dir, count: 1 });
  r.git('checkout', '-q', '-b', 'feature');
  r.commit(EMAIL, 'email');
  const up = await checkUpgrade({ dir: r.dir, gitBase: 'main', url: behind.url });
  assert.equal(up.ok, true, up.message);
  assert.equal(up.production?.ok, true, up.production?.message);
  assert.deepEqual(up.production?.pending.map((m) => m.file), ['20240102000000_tags.sql', '20240104000000_email.sql']);

  // A database made by hand (no revision table): the branch's new files are applied to its schema.
  const bare = await fresh('postgres');
  await sql(bare.url, 'CREATE TABLE accounts (id integer PRIMARY KEY); CREATE TABLE tags (id integer PRIMARY KEY, name text NOT NULL)');
  const res = await checkUpgrade({ dir: r.dir, gitBase: 'main', url: bare.url });
  assert.equal(res.production?.ok, true, res.production?.message);
  assert.deepEqual(res.production?.pending.map((m) => m.file), ['20240104000000_email.sql']);
  assert.match(res.production!.notes.join('\n'), /no applied revisions/);
  assert.deepEqual(await sql(bare.url, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1"), [{ table_name: 'accounts' }, { table_name: 'tags' }], 'no revision table was created');
});
