/**
 * The SQLite inspector: what the pragmas and the stored CREATE statements give, in one spelling,
 * so that the same schema written differently reads as the same model.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Realm, Table } from '../../../src/schema/model.js';
import { scopedEngine } from '../../../src/engine/scoped.js';
import { inspect, json, open } from './helpers.js';
import { engine } from './helpers.js';

async function realmOf(sql: string): Promise<Realm> {
  const conn = await open(sql);
  try {
    return await inspect(conn);
  } finally {
    await conn.close();
  }
}

const table = (r: Realm, name: string): Table => {
  const t = r.schemas[0]!.tables.find((x) => x.name === name);
  assert.ok(t, `table ${name} is inspected`);
  return t;
};

/** Pairs of schemas that differ only in how they are written. */
const SAME: readonly (readonly [string, string, string])[] = [
  ['spacing, case and quoting of types, names and defaults',
    "CREATE TABLE t (id integer primary key, n varchar ( 10 ) not null default 'x', c text collate nocase, d int default null, e text collate binary)",
    'CREATE TABLE "t"("id" INTEGER PRIMARY KEY NOT NULL, [n] VARCHAR(10) NOT NULL DEFAULT (\'x\'), `c` TEXT COLLATE NOCASE, d INT, e TEXT)'],
  ['column constraints and table constraints',
    'CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE t (a INT UNIQUE CHECK (a > 0) REFERENCES p ON DELETE CASCADE, b TEXT)',
    'CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE t (a INT, b TEXT, CHECK ((a > 0)), UNIQUE (a), FOREIGN KEY (a) REFERENCES "p" ("id") ON DELETE CASCADE)'],
  ['checks in another order',
    'CREATE TABLE t (a INT, b INT, CHECK (a > 0), CHECK (b < a))',
    'CREATE TABLE t (a INT, b INT, CHECK (b<a), CHECK (a>0))'],
  ['expressions of indexes, generated columns and partial predicates',
    'CREATE TABLE t (a TEXT, g INT AS (length(a)) STORED); CREATE INDEX t_a ON t (lower(a) DESC) WHERE a IS NOT NULL',
    'CREATE TABLE t (a TEXT, g INT GENERATED ALWAYS AS ((length( a ))) STORED); CREATE INDEX t_a ON t ((lower( "a" )) DESC) WHERE (a IS NOT NULL)'],
  ['views and triggers with other spacing and comments',
    'CREATE TABLE t (a INT); CREATE VIEW v AS SELECT a FROM t WHERE a > 1; CREATE TRIGGER tr AFTER INSERT ON t BEGIN DELETE FROM t WHERE a < 0; END',
    'CREATE TABLE t (a INT); CREATE VIEW v AS\n  SELECT "a" -- the value\n  FROM t WHERE a>1; CREATE TRIGGER tr AFTER INSERT ON t BEGIN\n  DELETE FROM t WHERE a < 0;\nEND'],
];

for (const [what, a, b] of SAME) {
  test(`the same schema reads the same model: ${what}`, async () => {
    assert.equal(json(await realmOf(a)), json(await realmOf(b)));
  });
}

test('unnamed constraints get names that depend on the table and the constraint only', async () => {
  const r = await realmOf(`CREATE TABLE p (id INTEGER PRIMARY KEY, code TEXT UNIQUE);
    CREATE TABLE c (id INT, pid INT REFERENCES p (id), k INT CHECK (k > 0), CONSTRAINT named_check CHECK (k < 9), PRIMARY KEY (id));`);
  const c = table(r, 'c');
  assert.equal(c.primaryKey?.name, 'c_pkey');
  assert.deepEqual(c.foreignKeys.map((f) => f.name), ['c_pid_fkey']);
  assert.deepEqual(c.checks.map((k) => k.name).sort(), ['c_check_' + c.checks.find((k) => k.expr === 'k > 0')!.name.slice(-8), 'named_check'].sort());
  assert.match(c.checks.find((k) => k.expr === 'k > 0')!.name, /^c_check_[0-9a-f]{8}$/);
  assert.deepEqual(table(r, 'p').uniques.map((u) => [u.name, u.columns]), [['p_code_key', ['code']]]);
  // Renaming the table renames them all the same way.
  const renamed = await realmOf(`CREATE TABLE p (id INTEGER PRIMARY KEY, code TEXT UNIQUE);
    CREATE TABLE d (id INT, pid INT REFERENCES p (id), k INT CHECK (k > 0), CONSTRAINT named_check CHECK (k < 9), PRIMARY KEY (id));`);
  assert.deepEqual(table(renamed, 'd').checks.map((k) => k.name.replace(/^d_/, 'c_')).sort(), c.checks.map((k) => k.name).sort());
});

test('what SQLite resolves: the rowid is NOT NULL, a key without columns is the parent key, names are spelled as declared', async () => {
  const r = await realmOf(`CREATE TABLE Users (Id INTEGER PRIMARY KEY AUTOINCREMENT, email TEXT);
    CREATE TABLE posts (id INTEGER PRIMARY KEY, uid INT REFERENCES users, vid INT REFERENCES USERS (ID) DEFERRABLE INITIALLY DEFERRED);
    CREATE TABLE kv (k TEXT PRIMARY KEY, v ANY) STRICT, WITHOUT ROWID;
    CREATE TABLE loose (k TEXT PRIMARY KEY);`);
  const users = table(r, 'Users');
  assert.equal(users.columns[0]!.nullable, false);
  assert.deepEqual(users.columns[0]!.attrs, [{ kind: 'sqlite.autoincrement' }]);
  const fks = table(r, 'posts').foreignKeys;
  assert.deepEqual(fks.map((f) => [f.name, f.refTable.name, f.refColumns, f.deferrable ?? null]), [
    ['posts_uid_fkey', 'Users', ['Id'], null],
    ['posts_vid_fkey', 'Users', ['Id'], 'deferred'],
  ]);
  const kv = table(r, 'kv');
  assert.deepEqual(kv.attrs.map((a) => a.kind), ['sqlite.strict', 'sqlite.withoutRowid']);
  assert.equal(kv.columns[0]!.nullable, false, 'a WITHOUT ROWID key is NOT NULL');
  // A TEXT key of a rowid table may hold NULL (SQLite's long-standing quirk): the model says so.
  assert.equal(table(r, 'loose').columns[0]!.nullable, true);
});

test('generated columns, partial and expression indexes, unique constraints versus unique indexes', async () => {
  const r = await realmOf(`CREATE TABLE t (a INT, b TEXT UNIQUE, v INT AS (a * 2), s INT GENERATED ALWAYS AS (a + 1) STORED);
    CREATE UNIQUE INDEX t_lower ON t (lower(b) COLLATE NOCASE, a DESC) WHERE a > 0;`);
  const t = table(r, 't');
  assert.deepEqual(t.columns.map((c) => [c.name, c.generated ?? null, c.attrs]), [
    ['a', null, []], ['b', null, []],
    ['v', 'a * 2', [{ kind: 'sqlite.generated', storage: 'VIRTUAL' }]],
    ['s', 'a + 1', [{ kind: 'sqlite.generated', storage: 'STORED' }]],
  ]);
  assert.deepEqual(t.uniques.map((u) => u.columns), [['b']]);
  assert.equal(t.indexes.length, 1, 'the unique constraint is not an index of the model');
  const i = t.indexes[0]!;
  assert.equal(i.unique, true);
  assert.equal(i.where, 'a > 0');
  assert.deepEqual(i.parts.map((p) => [p.column ?? p.expr, p.desc, p.collation ?? null]), [['lower(b)', false, 'NOCASE'], ['a', true, null]]);
});

test('views know what they read; INSTEAD OF triggers go with their view; virtual tables hide their shadow tables', async () => {
  const r = await realmOf(`CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT);
    CREATE VIEW emails AS SELECT email FROM users; CREATE VIEW e2 (address) AS SELECT email FROM emails;
    CREATE TRIGGER emails_ins INSTEAD OF INSERT ON emails BEGIN INSERT INTO users (email) VALUES (NEW.email); END;
    CREATE VIRTUAL TABLE notes USING fts5(title, body);`);
  const s = r.schemas[0]!;
  assert.deepEqual(s.tables.map((t) => t.name), ['notes', 'users']);
  assert.deepEqual(table(r, 'notes').attrs, [{ kind: 'sqlite.virtual', using: 'fts5(title, body)' }]);
  assert.deepEqual(s.views.map((v) => [v.name, v.deps.map((d) => d.name), v.triggers.map((t) => t.name)]), [['e2', ['emails'], []], ['emails', ['users'], ['emails_ins']]]);
  assert.deepEqual(s.views.find((v) => v.name === 'e2')!.attrs, [{ kind: 'sqlite.viewColumns', columns: ['address'] }]);
  assert.equal(s.views.find((v) => v.name === 'emails')!.def, 'SELECT email FROM users');
});

test('the revision table and excluded objects are left out; SQLite\'s own tables never show', async () => {
  const conn = await open(`CREATE TABLE keep (id INTEGER PRIMARY KEY AUTOINCREMENT); CREATE TABLE tmp_x (a INT); CREATE VIEW tmp_v AS SELECT 1;
    CREATE TABLE cairn_revisions (version TEXT); ANALYZE;`);
  try {
    const r = await scopedEngine(engine).inspect(conn, { exclude: ['main.tmp_*'] });
    assert.deepEqual(r.schemas.map((s) => [s.name, s.tables.map((t) => t.name), s.views.map((v) => v.name)]), [['main', ['keep'], []]]);
  } finally {
    await conn.close();
  }
});
