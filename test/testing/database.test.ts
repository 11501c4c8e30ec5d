/**
 * createTestDatabase and dispose(): a fresh, uniquely named database on the PostgreSQL and
 * MariaDB servers (checked in the server's catalog before and after), PGlite and SQLite in a
 * temporary directory, nothing left behind, dispose idempotent and quiet about a database that
 * is already gone, and bad options refused without a password in any message.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { connect } from '../../src/dialects/registry.js';
import { CairnError } from '../../src/errors.js';
import { createTestDatabase, type TestDatabase } from '../../src/testing/index.js';
import { MYSQL_ADMIN_URL, PG_ADMIN_URL } from '../helpers/db.js';
import { query, userObjects } from './helpers.js';

/** Whether the server lists a database of that name. */
const SERVERS = {
  postgres: { admin: PG_ADMIN_URL, catalog: 'SELECT datname AS name FROM pg_database WHERE datname LIKE $1' },
  mysql: { admin: MYSQL_ADMIN_URL, catalog: 'SELECT schema_name AS name FROM information_schema.schemata WHERE schema_name LIKE ?' },
} as const;

async function listed(server: keyof typeof SERVERS, pattern: string): Promise<string[]> {
  const c = await connect(SERVERS[server].admin);
  try {
    return (await c.query<{ name: string }>(SERVERS[server].catalog, [pattern])).map((r) => r.name).sort();
  } finally {
    await c.close();
  }
}

async function rejectsWith(p: Promise<unknown>, code: string, re: RegExp): Promise<CairnError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof CairnError, String(e));
    assert.equal(e.code, code, e.message);
    assert.match(e.message, re);
    return e;
  }
  assert.fail(`expected ${code}`);
}

describe('createTestDatabase on a server', () => {
  for (const server of ['postgres', 'mysql'] as const) {
    it(`${server}: a fresh database on the server, usable, dropped by dispose (idempotent)`, async () => {
      const db = await createTestDatabase({ dialect: server, url: SERVERS[server].admin });
      assert.equal(db.dialect, server);
      assert.match(db.name, new RegExp(`^cairn_test_${process.pid}_`));
      assert.ok(db.url.endsWith(`/${db.name}`), db.url);
      assert.deepEqual(await listed(server, db.name), [db.name], 'the server lists it');
      assert.deepEqual(await userObjects(db.url), [], 'it is empty');
      await query(db.url, 'CREATE TABLE t (id integer)');
      await db.dispose();
      assert.deepEqual(await listed(server, db.name), [], 'dispose dropped it');
      await db.dispose();
      await db[Symbol.asyncDispose]();
    });

    it(`${server}: parallel creations get distinct names; dispose of a database someone already dropped is quiet`, async () => {
      const dbs = await Promise.all(Array.from({ length: 4 }, () => createTestDatabase({ dialect: server, url: SERVERS[server].admin })));
      try {
        assert.equal(new Set(dbs.map((d) => d.name)).size, 4);
        assert.deepEqual(await listed(server, `cairn_test_${process.pid}_%`), dbs.map((d) => d.name).sort());
        const c = await connect(SERVERS[server].admin);
        await c.exec(`DROP DATABASE ${c.dialect.quoteIdent(dbs[0]!.name)}`);
        await c.close();
        await dbs[0]!.dispose();
      } finally {
        await Promise.all(dbs.map((d) => d.dispose()));
      }
      assert.deepEqual(await listed(server, `cairn_test_${process.pid}_%`), [], 'nothing left behind');
    });
  }

  it('postgres: a connection the test left open does not stop dispose (PostgreSQL 13+ ends it), and the database is gone', async () => {
    const db = await createTestDatabase({ dialect: 'postgres', url: PG_ADMIN_URL });
    const open = await connect(db.url);
    try {
      await db.dispose();
      assert.deepEqual(await listed('postgres', db.name), []);
      await assert.rejects(open.query('SELECT 1'), 'the session was ended');
    } finally {
      await open.close();
    }
  });
});

describe('createTestDatabase embedded', () => {
  const cases: { dialect: 'sqlite' | 'pglite' | 'postgres'; scheme: string }[] = [
    { dialect: 'sqlite', scheme: 'sqlite:' },
    { dialect: 'pglite', scheme: 'pglite:' },
    { dialect: 'postgres', scheme: 'pglite:' }, // postgres without a url: PGlite
  ];
  for (const c of cases) {
    it(`${c.dialect}${c.dialect === 'postgres' ? ' without a url' : ''}: a temporary ${c.scheme} database shared by connections, removed by dispose`, async () => {
      const db: TestDatabase = await createTestDatabase({ dialect: c.dialect });
      assert.ok(db.url.startsWith(c.scheme), db.url);
      assert.equal(db.url, `${c.scheme}${db.name}`);
      await query(db.url, 'CREATE TABLE t (id integer)');
      assert.deepEqual((await userObjects(db.url)).map((o) => o.replace(/^\w+ /, '')).map((n) => n.replace(/^public\./, '')), ['t'], 'a second connection sees it');
      assert.ok(existsSync(db.name));
      await db.dispose();
      assert.equal(existsSync(db.name), false, `${db.name} removed`);
      await db.dispose();
    });
  }
});

describe('createTestDatabase refuses bad options', () => {
  it('mysql without a url, a url for sqlite or pglite, an unknown dialect, a url of another database', async () => {
    await rejectsWith(createTestDatabase({ dialect: 'mysql' }), 'USAGE', /mysql needs the url of a server \(there is no embedded MySQL\/MariaDB\)/);
    await rejectsWith(createTestDatabase({ dialect: 'sqlite', url: 'sqlite::memory:' }), 'USAGE', /sqlite takes no url/);
    await rejectsWith(createTestDatabase({ dialect: 'pglite', url: 'pglite:memory' }), 'USAGE', /pglite takes no url/);
    await rejectsWith(createTestDatabase({ dialect: 'oracle' as 'mysql' }), 'USAGE', /unknown dialect "oracle"/);
    const e = await rejectsWith(createTestDatabase({ dialect: 'postgres', url: 'mysql://root:Sup3rSecret@127.0.0.1:3306/test' }), 'USAGE', /is not a PostgreSQL server URL/);
    assert.ok(!JSON.stringify({ m: e.message, h: e.hint }).includes('Sup3rSecret'));
  });

  it('an unreachable server: CONNECT, and the password is in no message, hint or stack', async () => {
    const e = await rejectsWith(createTestDatabase({ dialect: 'postgres', url: 'postgres://app:Sup3rSecret@127.0.0.1:1/test' }), 'CONNECT', /127\.0\.0\.1/);
    assert.ok(!`${e.message}\n${e.hint}\n${e.stack}`.includes('Sup3rSecret'), e.message);
  });

  it('a user who may not create databases: CONNECT naming the server (password masked) and why', async () => {
    const admin = await connect(PG_ADMIN_URL);
    const role = `cairn_nocreate_${process.pid}`;
    await admin.exec(`DROP ROLE IF EXISTS ${role}`);
    await admin.exec(`CREATE ROLE ${role} LOGIN PASSWORD 'Sup3rSecret' NOCREATEDB`);
    try {
      const url = `postgres://${role}:Sup3rSecret@127.0.0.1:5432/test`;
      const e = await rejectsWith(createTestDatabase({ dialect: 'postgres', url }), 'CONNECT', new RegExp(`cannot create a test database on postgres://${role}:\\*\\*\\*\\*@127\\.0\\.0\\.1:5432/test: permission denied`));
      assert.match(e.hint ?? '', /right to create and drop databases/);
      assert.ok(!`${e.message}\n${e.hint}\n${e.stack}`.includes('Sup3rSecret'));
    } finally {
      await admin.exec(`DROP ROLE IF EXISTS ${role}`);
      await admin.close();
    }
  });
});
