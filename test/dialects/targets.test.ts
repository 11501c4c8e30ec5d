/**
 * One case table run against all four targets (PostgreSQL server, PGlite, MariaDB, SQLite) on
 * real databases from test/helpers/db.ts. An unreachable server fails the run; nothing skips.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TARGETS, type TargetName, type TestDb } from '../helpers/db.js';
import { connect } from '../../src/dialects/registry.js';
import type { Connection } from '../../src/dialects/types.js';
import { CairnError } from '../../src/errors.js';

const REV = { table: 'cairn_revisions' } as const;

interface Case {
  /** Statements creating one object of each kind the dialect lists, plus the revision table. */
  objects: string[];
  /** What listUserObjects must report for them (the revision table excluded). */
  listed: string[];
  missingTable: { code: string; errno?: number };
  /** Who a LOCK_TIMEOUT message says holds the lock. */
  holder: RegExp;
  textType: string;
}

const PG_CASE: Case = {
  objects: [
    `CREATE TYPE mood AS ENUM ('ok', 'sad')`,
    `CREATE TABLE parent (id serial PRIMARY KEY, m mood)`,
    `CREATE TABLE child (id int PRIMARY KEY, parent_id int REFERENCES parent (id))`,
    `CREATE VIEW v AS SELECT * FROM parent`,
    `CREATE SEQUENCE free_seq`,
    `CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql AS $$ SELECT x $$`,
    `CREATE COLLATION ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false)`,
    `CREATE TEXT SEARCH CONFIGURATION simple2 (COPY = simple)`,
    `CREATE TABLE tagged (t text COLLATE ci, ts tsvector GENERATED ALWAYS AS (to_tsvector('simple2', t)) STORED)`,
    `INSERT INTO parent (m) VALUES ('ok')`,
    `INSERT INTO child VALUES (1, 1)`,
    `CREATE TABLE cairn_revisions (version text PRIMARY KEY)`,
  ],
  listed: ['collation ci', 'enum mood', 'function f(x integer)', 'sequence free_seq', 'table child', 'table parent', 'table tagged', 'text search configuration simple2', 'view v'],
  missingTable: { code: '42P01' },
  holder: /backend pid \d+/,
  textType: 'text',
};

const CASES: Record<TargetName, Case> = {
  postgres: PG_CASE,
  pglite: { ...PG_CASE, holder: new RegExp(`pid ${process.pid} on `) },
  mysql: {
    objects: [
      `CREATE TABLE parent (id int AUTO_INCREMENT PRIMARY KEY)`,
      `CREATE TABLE child (id int PRIMARY KEY, parent_id int, FOREIGN KEY (parent_id) REFERENCES parent (id))`,
      `CREATE VIEW v AS SELECT * FROM parent`,
      `CREATE PROCEDURE p() BEGIN SELECT 1; END`,
      `INSERT INTO parent VALUES (1)`,
      `INSERT INTO child VALUES (1, 1)`,
      `CREATE TABLE cairn_revisions (version varchar(255) PRIMARY KEY)`,
    ],
    listed: ['procedure p', 'table child', 'table parent', 'view v'],
    missingTable: { code: 'ER_NO_SUCH_TABLE', errno: 1146 },
    holder: /connection \d+/,
    textType: 'varchar(50)',
  },
  sqlite: {
    objects: [
      `PRAGMA foreign_keys = ON`,
      `CREATE TABLE parent (id integer PRIMARY KEY)`,
      `CREATE TABLE child (id integer PRIMARY KEY, parent_id integer REFERENCES parent (id))`,
      `CREATE VIEW v AS SELECT * FROM parent`,
      `CREATE TRIGGER trg AFTER INSERT ON parent BEGIN SELECT 1; END`,
      `INSERT INTO parent VALUES (1)`,
      `INSERT INTO child VALUES (1, 1)`,
      `CREATE TABLE cairn_revisions (version text PRIMARY KEY)`,
    ],
    listed: ['table child', 'table parent', 'trigger trg', 'view v'],
    missingTable: { code: 'SQLITE_ERROR' },
    holder: new RegExp(`pid ${process.pid} on `),
    textType: 'text',
  },
};

function isLockTimeout(holder: RegExp) {
  return (e: unknown) => {
    assert.ok(e instanceof CairnError, String(e));
    assert.equal(e.code, 'LOCK_TIMEOUT');
    assert.match(e.message, /held by/);
    assert.match(e.message, holder);
    return true;
  };
}

for (const target of Object.keys(TARGETS) as TargetName[]) {
  const c = CASES[target];
  describe(target, () => {
    let db: TestDb;
    let a: Connection;
    /** PGlite has one session per data dir, so "another connection" is the same one there. */
    const single = target === 'pglite';
    const other = async () => (single ? a : connect(db.url));
    const done = async (conn: Connection) => {
      if (conn !== a) await conn.close();
    };

    before(async () => {
      db = await TARGETS[target]();
      a = await connect(db.url);
    });
    after(async () => {
      await a?.close();
      await db?.drop();
    });

    test('exec, query with placeholders, plain row objects', async () => {
      const d = a.dialect;
      await a.exec(`CREATE TABLE items (id int PRIMARY KEY, name ${c.textType})`);
      await a.query(`INSERT INTO items (id, name) VALUES (${d.placeholder(1)}, ${d.placeholder(2)})`, [1, 'one']);
      await a.query(`INSERT INTO items (id, name) VALUES (${d.placeholder(1)}, ${d.placeholder(2)})`, [2, "it's"]);
      const rows = await a.query<{ id: number; name: string }>(`SELECT id, name FROM items WHERE id >= ${d.placeholder(1)} ORDER BY id`, [1]);
      assert.deepEqual(rows, [{ id: 1, name: 'one' }, { id: 2, name: "it's" }]);
      assert.equal(Object.getPrototypeOf(rows[0]), Object.prototype);
      const [count] = await a.query<{ n: unknown }>(`SELECT COUNT(*) AS n FROM items`);
      assert.equal(count.n, 2, 'COUNT(*) is a number on every driver');
      await a.exec(`DROP TABLE items`);
    });

    test('a failing statement yields errorInfo with the right code', async () => {
      const err = await a.exec('SELECT * FROM no_such_table').then(() => undefined, (e: unknown) => e);
      assert.ok(err, 'statement must fail');
      const info = a.dialect.errorInfo(err);
      assert.equal(info.code, c.missingTable.code);
      if (c.missingTable.errno) assert.equal(info.errno, c.missingTable.errno);
      assert.match(info.message, /no_such_table/);
      if (a.dialect.name === 'postgres') {
        const syntax = await a.exec('SELECT 1 FROM WHERE').then(() => undefined, (e: unknown) => e);
        assert.deepEqual(a.dialect.errorInfo(syntax), { code: '42601', message: 'syntax error at or near "WHERE"', position: 15 });
      }
    });

    test('listUserObjects, revisionTableExists and clean', async () => {
      const d = a.dialect;
      assert.equal(await d.revisionTableExists(a, REV), false);
      for (const sql of c.objects) await a.exec(sql);
      assert.equal(await d.revisionTableExists(a, REV), true);
      assert.deepEqual(await d.listUserObjects(a, REV), c.listed);
      await d.clean(a, REV);
      assert.deepEqual(await d.listUserObjects(a, REV), []);
      assert.equal(await d.revisionTableExists(a, REV), true, 'clean keeps the excepted revision table');
      await d.clean(a);
      assert.equal(await d.revisionTableExists(a, REV), false, 'clean without except drops everything');
    });

    test('lock is exclusive; timeout names the holder; release is idempotent', async () => {
      const d = a.dialect;
      const lock = await d.acquireLock(a, REV, 2000);
      const b = await other();
      try {
        await assert.rejects(d.acquireLock(b, REV, 250), isLockTimeout(c.holder));
        await lock.release();
        await lock.release();
        const again = await d.acquireLock(b, REV, 2000);
        await again.release();
      } finally {
        await done(b);
      }
    });

    test('lock is released when its connection closes', async () => {
      const d = a.dialect;
      if (single) {
        await d.acquireLock(a, REV, 2000);
        await a.close();
        a = await connect(db.url);
      } else {
        const holder = await connect(db.url);
        await d.acquireLock(holder, REV, 2000);
        await holder.close();
      }
      const lock = await d.acquireLock(a, REV, 2000);
      await lock.release();
    });

    test('revision tables of two apps do not block each other (advisory locks)', async () => {
      const d = a.dialect;
      if (!d.capabilities.advisoryLocks || single) {
        // File and in-process locks cover the whole database: a second table waits, by design.
        const lock = await d.acquireLock(a, { table: 'app1_revisions' }, 2000);
        const b = await other();
        await assert.rejects(d.acquireLock(b, { table: 'app2_revisions' }, 100), { code: 'LOCK_TIMEOUT' });
        await lock.release();
        await done(b);
        return;
      }
      const b = await connect(db.url);
      try {
        const l1 = await d.acquireLock(a, { table: 'app1_revisions' }, 2000);
        const l2 = await d.acquireLock(b, { table: 'app2_revisions' }, 250);
        await l1.release();
        await l2.release();
      } finally {
        await b.close();
      }
    });
  });
}
