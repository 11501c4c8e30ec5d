/**
 * A dbmate history that relies on the connection's search_path (`?search_path=app`): it creates
 * schema `app` first, then tables with unqualified names. `cairn apply` must put them in `app`,
 * its revision table too (in the first schema of the path, as dbmate does, created with the
 * table), and `cairn diff` must replay it the same way when told the path.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cairn } from '../helpers/cli.js';
import { freshPostgres, type TestDb } from '../helpers/db.js';
import { connect } from '../../src/dialects/registry.js';
import { sessionOptions } from '../../src/dialects/postgres/driver.js';
import { firstSchema, parseSearchPath } from '../../src/dialects/postgres/search-path.js';
import { writeTree } from '../dir/helpers.js';

const HISTORY = {
  'migrations/20240101000000_schema.sql': '-- migrate:up\nCREATE SCHEMA IF NOT EXISTS app;\n\n-- migrate:down\nDROP SCHEMA app;\n',
  'migrations/20240102000000_users.sql':
    '-- migrate:up\nCREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);\nCREATE INDEX users_email ON users (email);\n\n-- migrate:down\nDROP TABLE users;\n',
  'migrations/20240103000000_orders.sql':
    '-- migrate:up\nCREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint NOT NULL REFERENCES users (id));\n\n-- migrate:down\nDROP TABLE orders;\n',
};

/** The same schema, written qualified: what the history must replay to. */
const DESIRED = `CREATE SCHEMA app;
CREATE TABLE app.users (id bigint PRIMARY KEY, email text NOT NULL);
CREATE INDEX users_email ON app.users (email);
CREATE TABLE app.orders (id bigint PRIMARY KEY, user_id bigint NOT NULL REFERENCES app.users (id));
`;

async function rows<T>(url: string, sql: string): Promise<T[]> {
  const c = await connect(url);
  try {
    return await c.query<T>(sql);
  } finally {
    await c.close();
  }
}

/** Where tables named cairn_revisions are, as schema names. */
async function revisionTables(url: string): Promise<string[]> {
  const got = await rows<{ schema: string }>(url, `SELECT table_schema AS schema FROM information_schema.tables WHERE table_name = 'cairn_revisions' ORDER BY 1`);
  return got.map((r) => r.schema);
}

async function schemaExists(url: string, name: string): Promise<boolean> {
  return (await rows<{ n: number }>(url, `SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = '${name}'`))[0]!.n === 1;
}

describe('search_path parsing', () => {
  it('reads a search_path as PostgreSQL does: quotes, case folding, $user, empty names', () => {
    assert.deepEqual(parseSearchPath('"$user", public'), ['$user', 'public']);
    assert.deepEqual(parseSearchPath('$user,public'), ['$user', 'public']);
    assert.deepEqual(parseSearchPath('App, "My ""X""" ,public'), ['app', 'My "X"', 'public']);
    assert.deepEqual(parseSearchPath('"a,b",c'), ['a,b', 'c']);
    assert.deepEqual(parseSearchPath('""'), []);
    assert.deepEqual(parseSearchPath(''), []);
    assert.deepEqual(parseSearchPath('  '), []);
    assert.equal(parseSearchPath('"open'), undefined);
    assert.equal(parseSearchPath('a,,b'), undefined);
    assert.equal(parseSearchPath('a b'), undefined);
  });

  it('the first schema skips an absent $user schema and temporary schemas', () => {
    assert.equal(firstSchema(['$user', 'public'], 'alice', false), 'public');
    assert.equal(firstSchema(['$user', 'public'], 'alice', true), 'alice');
    assert.equal(firstSchema(['pg_temp', 'app', 'public'], 'alice', false), 'app');
    assert.equal(firstSchema(['$user'], 'alice', false), null);
    assert.equal(firstSchema([], 'alice', false), null);
  });
});

describe('dbmate search_path', () => {
  let db: TestDb;
  before(async () => {
    db = await freshPostgres();
  });
  after(async () => {
    await db?.drop();
  });

  it('the PostgreSQL driver sets a URL search_path for the session, keeping an options parameter', async () => {
    assert.equal(sessionOptions('postgres://u@h/db'), undefined);
    assert.deepEqual(sessionOptions('postgres://u@h/db?search_path=app'), { connectionString: 'postgres://u@h/db?search_path=app', options: '-c search_path=app' });
    const both = sessionOptions('postgres://u@h/db?options=-c%20lock_timeout%3D1s&search_path=%22my%20app%22,public');
    assert.equal(both?.options, '-c lock_timeout=1s -c search_path="my\\ app",public');
    assert.doesNotMatch(both!.connectionString, /options=/, 'the URL options would override the merged ones');
    const got = await rows<{ path: string; timeout: string }>(
      `${db.url}?search_path=app,public&options=-c%20statement_timeout%3D4321`,
      `SELECT current_setting('search_path') AS path, current_setting('statement_timeout') AS timeout`,
    );
    assert.deepEqual(got, [{ path: 'app,public', timeout: '4321ms' }]);
  });

  it('apply with ?search_path=app puts the unqualified tables in app; diff replays it with --dev-search-path or devSearchPath', async () => {
    const root = writeTree({ ...HISTORY, 'desired.sql': DESIRED });
    // Schema app does not exist before the first migration: the revision table goes there
    // anyway (as dbmate puts its own), created with it.
    const url = `${db.url}?search_path=app`;
    const a = await cairn(['apply', '--url', url], { cwd: root });
    assert.equal(a.code, 0, a.stderr);
    const tables = await rows<{ schema: string; name: string }>(
      db.url,
      `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables WHERE table_name IN ('users', 'orders', 'cairn_revisions') ORDER BY 2`,
    );
    assert.deepEqual(tables, [{ schema: 'app', name: 'cairn_revisions' }, { schema: 'app', name: 'orders' }, { schema: 'app', name: 'users' }]);
    const st = await cairn(['status', '--url', url, '--json'], { cwd: root });
    assert.equal(st.code, 0, st.stderr);
    assert.equal((JSON.parse(st.stdout) as { current: string }).current, '20240103000000');

    // Replayed without the path, the tables would land in public and differ from desired.sql.
    const flag = await cairn(['diff', '--to', 'desired.sql', '--check', '--dev-search-path', 'app'], { cwd: root });
    assert.equal(flag.code, 0, `${flag.stdout}\n${flag.stderr}`);
    assert.match(flag.stdout, /in sync/);
    writeFileSync(join(root, 'cairn.config.json'), JSON.stringify({ devSearchPath: 'app', schema: 'desired.sql' }));
    const cfg = await cairn(['diff', '--check'], { cwd: root });
    assert.equal(cfg.code, 0, `${cfg.stdout}\n${cfg.stderr}`);
  });
  it('with search_path app,public the revision table is in app from the first run on, app created with it', async () => {
    const fresh = await freshPostgres();
    try {
      const root = writeTree(HISTORY);
      const url = `${fresh.url}?search_path=app,public`;
      // Before any migration app does not exist, so unqualified names resolve to public.
      const one = await cairn(['apply', '1', '--url', url], { cwd: root });
      assert.equal(one.code, 0, one.stderr);
      assert.deepEqual(await revisionTables(fresh.url), ['app']);
      const rest = await cairn(['apply', '--url', url, '--json'], { cwd: root });
      assert.equal(rest.code, 0, rest.stderr);
      assert.deepEqual((JSON.parse(rest.stdout) as { applied: { version: string }[] }).applied.map((a) => a.version), ['20240102000000', '20240103000000']);
      assert.deepEqual(await revisionTables(fresh.url), ['app']);
      const st = await cairn(['status', '--url', url, '--json'], { cwd: root });
      assert.equal(st.code, 0, st.stderr);
      assert.equal((JSON.parse(st.stdout) as { current: string }).current, '20240103000000');
    } finally {
      await fresh.drop();
    }
  });

  it('a search_path naming no schema is refused when the revision table would be created, before any write', async () => {
    const fresh = await freshPostgres();
    try {
      const root = writeTree(HISTORY);
      const url = `${fresh.url}?options=-c%20search_path%3D%22%22`;
      const st = await cairn(['status', '--url', url], { cwd: root });
      assert.equal(st.code, 2, st.stderr);
      const a = await cairn(['apply', '--url', url], { cwd: root });
      assert.equal(a.code, 4, a.stderr);
      assert.match(a.stderr, /cannot create the revision table "cairn_revisions": the session's search_path \(empty\) names no schema to create it in/);
      assert.match(a.stderr, /--revisions-schema/);
      assert.deepEqual(await revisionTables(fresh.url), []);
      assert.equal(await schemaExists(fresh.url, 'app'), false, 'nothing was applied');
      const ok = await cairn(['apply', '1', '--url', url, '--revisions-schema', 'public'], { cwd: root });
      assert.equal(ok.code, 0, ok.stderr);
      assert.deepEqual(await revisionTables(fresh.url), ['public']);
    } finally {
      await fresh.drop();
    }
  });

  it('a revision table in another schema of the path is not taken for no history: the error names it', async () => {
    const fresh = await freshPostgres();
    try {
      const root = writeTree(HISTORY);
      // Made without the path, as an older Cairn did with app,public before app existed.
      const a = await cairn(['apply', '1', '--url', fresh.url], { cwd: root });
      assert.equal(a.code, 0, a.stderr);
      assert.deepEqual(await revisionTables(fresh.url), ['public']);
      const url = `${fresh.url}?search_path=app,public`;
      const st = await cairn(['status', '--url', url], { cwd: root });
      assert.equal(st.code, 4, st.stderr);
      assert.match(st.stderr, /the revision table is "public"\."cairn_revisions", but the session's search_path \(app, ?public\) puts it in "app"\."cairn_revisions"/);
      assert.match(st.stderr, /--revisions-schema public/);
      const pinned = await cairn(['apply', '--url', url, '--revisions-schema', 'public'], { cwd: root });
      assert.equal(pinned.code, 0, pinned.stderr);
      assert.deepEqual(await revisionTables(fresh.url), ['public']);
    } finally {
      await fresh.drop();
    }
  });
});
