/**
 * Table rebuilds through the real commands, as a user runs them: `cairn diff` writes the
 * migration, `cairn apply` runs it on a SQLite file with rows in the rebuilt table and in the
 * tables that reference it, `cairn down` takes it back. Every row, index, trigger, view and
 * AUTOINCREMENT counter must survive both ways; a rebuild that fails midway must leave the
 * table and every row as they were; the foreign-key guards must stop what would lose rows.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diff } from '../../../src/commands/diff.js';
import { apply } from '../../../src/commands/apply.js';
import { down } from '../../../src/commands/down.js';
import { CairnError } from '../../../src/errors.js';
import type { Connection } from '../../../src/dialects/types.js';
import { inspect, json, open, plan } from './helpers.js';

interface Project {
  readonly dir: string;
  readonly url: string;
  /** Writes the desired schema and runs `cairn diff` (drops allowed). */
  migrate(schema: string, name: string): Promise<void>;
  db(): Promise<Connection>;
  remove(): void;
}

function project(): Project {
  const root = mkdtempSync(join(tmpdir(), 'cairn-sqlite-rebuild-'));
  const dir = join(root, 'migrations');
  return {
    dir,
    url: `sqlite:${join(root, 'app.db')}`,
    async migrate(schema, name) {
      const file = join(root, `${name}.sql`);
      writeFileSync(file, schema);
      await diff({ dir, name, to: file, devUrl: 'sqlite::memory:', allowDrop: true });
    },
    db: () => open('', `sqlite:${join(root, 'app.db')}`),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** Everything a user would miss: rows of every table, the schema objects, the counter. */
async function snapshot(conn: Connection): Promise<Record<string, unknown>> {
  const q = (sql: string) => conn.query(sql);
  return {
    users: await q('SELECT id, email, name, age FROM users ORDER BY id'),
    posts: await q('SELECT id, user_id, title FROM posts ORDER BY id'),
    comments: await q('SELECT id, post_id, body FROM comments ORDER BY id'),
    counter: await q("SELECT seq FROM sqlite_sequence WHERE name = 'users'"),
    // Triggers must not fire while rows are copied: the audit trail stays as it was.
    audit: await q('SELECT what FROM audit ORDER BY rowid'),
    objects: await q("SELECT type, name, tbl_name FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' AND name <> 'cairn_revisions' ORDER BY type, name"),
    view: await q('SELECT * FROM post_authors ORDER BY id'),
    viewOnView: await q('SELECT * FROM busy_authors ORDER BY email'),
  };
}

const V1 = `
CREATE TABLE users (id INTEGER PRIMARY KEY AUTOINCREMENT, email TEXT NOT NULL, name TEXT, age INT);
CREATE UNIQUE INDEX users_email ON users (email);
CREATE INDEX users_lower_name ON users (lower(name)) WHERE name IS NOT NULL;
CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INT REFERENCES users (id) ON DELETE CASCADE, title TEXT NOT NULL);
CREATE TABLE comments (id INTEGER PRIMARY KEY, post_id INT NOT NULL REFERENCES posts (id) ON DELETE CASCADE, body TEXT);
CREATE TABLE audit (what TEXT);
CREATE TRIGGER users_audit AFTER UPDATE ON users BEGIN INSERT INTO audit VALUES ('user ' || NEW.id); END;
CREATE TRIGGER posts_touch AFTER INSERT ON posts BEGIN UPDATE users SET age = coalesce(age, 0) WHERE id = NEW.user_id; END;
CREATE VIEW post_authors AS SELECT p.id, p.title, u.email FROM posts p JOIN users u ON u.id = p.user_id;
CREATE VIEW busy_authors AS SELECT email, count(*) AS n FROM post_authors GROUP BY email;
`;
// users: a new column in the middle, NOT NULL with a default, a check; posts gain a column: both rebuilt.
const V2 = V1
  .replace('email TEXT NOT NULL, name TEXT, age INT', "email TEXT NOT NULL, nick TEXT NOT NULL DEFAULT '', name TEXT, age INT CHECK (age >= 0)")
  .replace('title TEXT NOT NULL)', "title TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'draft')");

const ROWS = `
INSERT INTO users (email, name, age) VALUES ('a@x', 'Ann', 30), ('b@x', 'Bob', NULL), ('c@x', NULL, 7), ('d@x', 'Dee', 1);
DELETE FROM users WHERE email = 'd@x';
INSERT INTO posts VALUES (10, 1, 'hello'), (11, 2, 'again'), (12, 1, 'third'), (13, NULL, 'orphan');
INSERT INTO comments VALUES (100, 10, 'nice'), (101, 11, 'meh'), (102, 12, NULL);
`;

test('a rebuild keeps every row, index, trigger, view and AUTOINCREMENT counter, in the table and in its children, up and down', async () => {
  const p = project();
  try {
    await p.migrate(V1, 'init');
    await apply({ url: p.url, dir: p.dir });
    const db = await p.db();
    try {
      await db.exec(ROWS);
      const before = await snapshot(db);
      assert.deepEqual(before.counter, [{ seq: 4 }], 'the counter is ahead of the largest id');

      await p.migrate(V2, 'rebuild');
      await apply({ url: p.url, dir: p.dir });
      const after = await snapshot(db);
      assert.deepEqual(after.users, before.users);
      assert.deepEqual(after.posts, before.posts);
      assert.deepEqual(after.comments, before.comments, 'ON DELETE CASCADE children keep their rows');
      assert.deepEqual(after.counter, before.counter);
      assert.deepEqual(after.objects, before.objects, 'indexes, triggers and views are all back');
      assert.deepEqual(after.view, before.view);
      assert.deepEqual(after.viewOnView, before.viewOnView);
      assert.deepEqual(await db.query("SELECT nick, status FROM users JOIN posts ON posts.user_id = users.id WHERE posts.id = 10"), [{ nick: '', status: 'draft' }]);
      // The re-created triggers and indexes work, and the counter goes on.
      await db.exec("DELETE FROM audit; UPDATE users SET name = 'Anne' WHERE id = 1; INSERT INTO users (email) VALUES ('e@x');");
      assert.deepEqual(await db.query("SELECT id FROM users WHERE email = 'e@x'"), [{ id: 5 }]);
      assert.deepEqual(await db.query('SELECT what FROM audit'), [{ what: 'user 1' }]);
      await assert.rejects(db.exec("INSERT INTO users (email) VALUES ('a@x')"), /UNIQUE constraint failed/);
      await assert.rejects(db.exec("UPDATE users SET age = -1 WHERE id = 1"), /CHECK constraint failed/);
      await db.exec("DELETE FROM users WHERE email = 'e@x'; UPDATE users SET name = 'Ann' WHERE id = 1; DELETE FROM audit;");
      const beforeDown = await snapshot(db);

      await down({ url: p.url, dir: p.dir });
      const back = await snapshot(db);
      assert.deepEqual({ ...back, counter: undefined }, { ...before, audit: beforeDown.audit, counter: undefined });
      assert.deepEqual(back.counter, [{ seq: 5 }], 'the counter keeps the id given meanwhile');
      assert.equal(json(await inspect(db)), json(await inspectOf(V1)), 'down takes the schema back');
    } finally {
      await db.close();
    }
  } finally {
    p.remove();
  }
});

async function inspectOf(sql: string) {
  const c = await open(sql);
  try {
    return await inspect(c);
  } finally {
    await c.close();
  }
}

/** A rebuild whose copy fails on the last table: NOT NULL on a column where one row has NULL. */
for (const [what, schema] of [
  ['a table nothing references (the migration\'s transaction)', 'CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL, name TEXT, age INT); CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INT, title TEXT NOT NULL); CREATE TABLE comments (id INTEGER PRIMARY KEY, post_id INT, body TEXT);'],
  ['a table others reference (the foreign-key frame)', 'CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL, name TEXT, age INT); CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INT REFERENCES users (id) ON DELETE CASCADE, title TEXT NOT NULL); CREATE TABLE comments (id INTEGER PRIMARY KEY, post_id INT REFERENCES posts (id) ON DELETE CASCADE, body TEXT);'],
] as const) {
  test(`a rebuild that fails midway leaves the tables and their rows as they were: ${what}`, async () => {
    const p = project();
    try {
      await p.migrate(schema, 'init');
      await apply({ url: p.url, dir: p.dir });
      const db = await p.db();
      try {
        await db.exec(`INSERT INTO users VALUES (1, 'a@x', 'Ann', 1), (2, 'b@x', NULL, 2); INSERT INTO posts VALUES (10, 1, 't'), (11, 2, 'u'); INSERT INTO comments VALUES (100, 10, 'c');`);
        const rows = async () => [await db.query('SELECT * FROM users ORDER BY id'), await db.query('SELECT * FROM posts ORDER BY id'), await db.query('SELECT * FROM comments ORDER BY id')];
        const before = { rows: await rows(), schema: json(await inspect(db)) };
        // posts and comments are rebuilt first (their rebuilds succeed), users last: its copy fails.
        await p.migrate(schema.replace('title TEXT NOT NULL', "title TEXT NOT NULL DEFAULT ''").replace('body TEXT', 'body TEXT NOT NULL DEFAULT \'\'').replace('name TEXT', 'name TEXT NOT NULL'), 'fails');
        await assert.rejects(apply({ url: p.url, dir: p.dir }), (e: unknown) => e instanceof CairnError && e.code === 'MIGRATION_FAILED' && /NOT NULL constraint failed/.test(e.message));
        assert.deepEqual(await rows(), before.rows);
        assert.equal(json(await inspect(db)), before.schema, 'no table was left rebuilt, renamed or missing');
        assert.deepEqual(await db.query("SELECT name FROM sqlite_schema WHERE name LIKE '_cairn%'"), []);
      } finally {
        await db.close();
      }
    } finally {
      p.remove();
    }
  });
}

const PARENT = 'CREATE TABLE p (id INTEGER PRIMARY KEY, n TEXT); CREATE TABLE c (id INTEGER PRIMARY KEY, pid INT REFERENCES p (id) ON DELETE CASCADE);';

test('with foreign keys still on (a run resumed after the PRAGMA), the framed rebuild refuses before it touches a row', async () => {
  const [db, want] = [await open(PARENT), await open(PARENT.replace('n TEXT', "n TEXT NOT NULL DEFAULT ''"))];
  try {
    await db.exec("INSERT INTO p VALUES (1, 'a'), (2, 'b'); INSERT INTO c VALUES (10, 1), (11, 2);");
    const up = plan(await inspect(db), await inspect(want)).up;
    assert.equal(up.statements[0]!.sql, 'PRAGMA foreign_keys = OFF');
    await db.exec('PRAGMA foreign_keys = ON');
    let failed: Error | undefined;
    for (const s of up.statements.slice(1)) {
      try {
        await db.exec(s.sql);
      } catch (e) {
        failed = e as Error;
        await db.exec('ROLLBACK');
        break;
      }
    }
    assert.match(failed?.message ?? '', /CHECK constraint failed: rebuilding a table that foreign keys reference needs PRAGMA foreign_keys = OFF/);
    assert.deepEqual(await db.query('SELECT id, pid FROM c ORDER BY id'), [{ id: 10, pid: 1 }, { id: 11, pid: 2 }], 'no child row was deleted');
  } finally {
    await db.close();
    await want.close();
  }
});

test('a rebuild that leaves a foreign key broken fails the migration and changes nothing; fixed, apply resumes it', async () => {
  // t is referenced by c (so it is rebuilt with foreign keys off) and gains a key to p that a row breaks.
  const from = 'CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE t (id INTEGER PRIMARY KEY, pid INT); CREATE TABLE c (id INTEGER PRIMARY KEY, tid INT REFERENCES t (id));';
  const p = project();
  try {
    await p.migrate(from, 'init');
    await apply({ url: p.url, dir: p.dir });
    const db = await p.db();
    try {
      await db.exec('INSERT INTO p VALUES (1); INSERT INTO t VALUES (1, 1), (2, 99); INSERT INTO c VALUES (10, 1);');
      const before = json(await inspect(db));
      await p.migrate(from.replace('pid INT)', 'pid INT REFERENCES p (id))'), 'breaks');
      await assert.rejects(apply({ url: p.url, dir: p.dir }), (e: unknown) => e instanceof CairnError && /foreign keys violated after the table rebuild/.test(e.message));
      assert.equal(json(await inspect(db)), before);
      assert.deepEqual(await db.query('SELECT id, pid FROM t ORDER BY id'), [{ id: 1, pid: 1 }, { id: 2, pid: 99 }]);
      // Once the row is fixed, apply resumes the file on a new connection: its PRAGMA runs again.
      await db.exec('UPDATE t SET pid = 1 WHERE id = 2');
      await apply({ url: p.url, dir: p.dir });
      assert.deepEqual(await db.query('SELECT id, pid FROM t ORDER BY id'), [{ id: 1, pid: 1 }, { id: 2, pid: 1 }]);
      assert.deepEqual(await db.query('SELECT id, tid FROM c'), [{ id: 10, tid: 1 }]);
      assert.deepEqual(await db.query("SELECT \"from\" AS col FROM pragma_foreign_key_list('t')"), [{ col: 'pid' }]);
    } finally {
      await db.close();
    }
  } finally {
    p.remove();
  }
});
