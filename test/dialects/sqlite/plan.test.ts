/**
 * The SQLite planner's choices: ALTER TABLE where SQLite allows it and the result keeps the
 * column order both ways, one rebuild per table otherwise; the foreign-key frame only where a
 * rebuilt table is referenced; one statement per planned statement, each with its reverse;
 * a clear refusal for what SQLite lacks.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Change } from '../../../src/diff/changes.js';
import { reverseStatements, type Plan } from '../../../src/plan/types.js';
import { CairnError } from '../../../src/errors.js';
import { inspect, open, plan, engine } from './helpers.js';

async function planFor(from: string, to: string, renames?: string[]): Promise<Plan> {
  const [a, b] = [await open(from), await open(to)];
  try {
    return plan(await inspect(a), await inspect(b), { renames }).up;
  } finally {
    await a.close();
    await b.close();
  }
}

const sqlOf = (p: Plan) => p.statements.map((s) => s.sql);
const rebuilds = (p: Plan) => sqlOf(p).filter((s) => /^CREATE TABLE "_cairn_new_/.test(s)).length;

const T = 'CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b INT);';

const ALTERS: readonly (readonly [string, string, string, RegExp])[] = [
  ['a trailing nullable column is added', T, T.replace('b INT', 'b INT, c TEXT'), /^ALTER TABLE "t" ADD COLUMN "c" TEXT$/],
  ['a trailing NOT NULL column with a constant default is added', T, T.replace('b INT', "b INT, c TEXT NOT NULL DEFAULT 'x'"), /^ALTER TABLE "t" ADD COLUMN "c" TEXT NOT NULL DEFAULT 'x'$/],
  ['a trailing VIRTUAL generated column is added', T, T.replace('b INT', 'b INT, c INT AS (b + 1)'), /^ALTER TABLE "t" ADD COLUMN "c" INT GENERATED ALWAYS AS \(b \+ 1\) VIRTUAL$/],
  ['the last column is dropped', T, T.replace(', b INT', ''), /^ALTER TABLE "t" DROP COLUMN "b"$/],
  ['a column is renamed', T, T.replace('a TEXT', 'aa TEXT'), /^ALTER TABLE "t" RENAME COLUMN "a" TO "aa"$/],
  ['a table is renamed', T, T.replace('TABLE t', 'TABLE u'), /^ALTER TABLE "t" RENAME TO "u"$/],
];

for (const [what, from, to, sql] of ALTERS) {
  test(`ALTER TABLE where SQLite allows it: ${what}`, async () => {
    const renames = /RENAME COLUMN/.test(sql.source) ? ['t.a=aa'] : /RENAME TO/.test(sql.source) ? ['t=u'] : undefined;
    const p = await planFor(from, to, renames);
    assert.equal(rebuilds(p), 0);
    assert.deepEqual(p.statements.length, 1, sqlOf(p).join('\n'));
    assert.match(p.statements[0]!.sql, sql);
    assert.ok(p.statements[0]!.transactional);
  });
}

const REBUILDS: readonly (readonly [string, string, string])[] = [
  ['a column added before existing ones', T, T.replace('a TEXT', 'z INT, a TEXT')],
  ['a NOT NULL column without a default', T, T.replace('b INT', 'b INT, c TEXT NOT NULL')],
  ['a column with an expression default', T, T.replace('b INT', "b INT, c TEXT DEFAULT (datetime('now'))")],
  ['a column with CURRENT_TIMESTAMP', T, T.replace('b INT', 'b INT, c TEXT DEFAULT CURRENT_TIMESTAMP')],
  ['a STORED generated column', T, T.replace('b INT', 'b INT, c INT AS (b + 1) STORED')],
  ['a column dropped from the middle', T, T.replace('a TEXT, ', '')],
  ['a dropped column a check uses', 'CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b INT CHECK (b > 0));', 'CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT);'],
  ['a type change', T, T.replace('b INT', 'b BIGINT')],
  ['NOT NULL', T, T.replace('b INT', 'b INT NOT NULL')],
  ['a new default', T, T.replace('b INT', 'b INT DEFAULT 1')],
  ['a collation', T, T.replace('a TEXT', 'a TEXT COLLATE NOCASE')],
  ['a unique constraint', T, T.replace('b INT', 'b INT UNIQUE')],
  ['a check', T, T.replace('b INT', 'b INT CHECK (b > 0)')],
  ['a foreign key', `${T} CREATE TABLE p (id INTEGER PRIMARY KEY);`, `${T.replace('b INT', 'b INT REFERENCES p (id)')} CREATE TABLE p (id INTEGER PRIMARY KEY);`],
  ['a new primary key', 'CREATE TABLE t (a INT, b INT);', 'CREATE TABLE t (a INT PRIMARY KEY, b INT);'],
  ['STRICT', T, T.replace(');', ') STRICT;')],
  ['AUTOINCREMENT', T, T.replace('PRIMARY KEY', 'PRIMARY KEY AUTOINCREMENT')],
  ['columns reordered (no change in the differ)', T, 'CREATE TABLE t (id INTEGER PRIMARY KEY, b INT, a TEXT);'],
];

for (const [what, from, to] of REBUILDS) {
  test(`one rebuild for what ALTER TABLE cannot do: ${what}`, async () => {
    const p = await planFor(from, to);
    assert.equal(rebuilds(p), 1, sqlOf(p).join('\n'));
    const copy = p.statements.find((s) => s.sql.startsWith('INSERT INTO "_cairn_new_t"'));
    assert.ok(copy?.hazards.includes('table-rewrite'), 'the copy rewrites the table');
    // Nothing references t: the migration's own transaction is enough.
    assert.ok(p.statements.every((s) => s.transactional && !/^PRAGMA/.test(s.sql)), 'no foreign-key frame');
  });
}

test('several changes to one table make one rebuild', async () => {
  const p = await planFor(T, "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT NOT NULL DEFAULT '', b INTEGER CHECK (b > 0), c TEXT UNIQUE) STRICT;");
  assert.equal(rebuilds(p), 1);
});

test('a rebuilt table that a foreign key references runs framed, with foreign keys off and guards', async () => {
  const parent = 'CREATE TABLE p (id INTEGER PRIMARY KEY, n TEXT); CREATE TABLE c (id INTEGER PRIMARY KEY, pid INT REFERENCES p (id) ON DELETE CASCADE);';
  const p = await planFor(parent, parent.replace('n TEXT', 'n TEXT NOT NULL'));
  const sql = sqlOf(p);
  assert.deepEqual([sql[0], sql[1], sql.at(-2), sql.at(-1)], ['PRAGMA foreign_keys = OFF', 'BEGIN', 'COMMIT', 'PRAGMA foreign_keys = ON']);
  assert.ok(p.statements.filter((s) => !s.transactional).every((s) => /^(PRAGMA|BEGIN|COMMIT)/.test(s.sql)));
  assert.ok(sql.some((s) => s.includes("pragma_foreign_key_check('c')") && s.includes("pragma_foreign_key_check('p')")), 'checks the rebuilt table and its children');
  assert.ok(sql.some((s) => s.includes('FROM pragma_foreign_keys')), 'checks that foreign keys are off');
  // Self-references count.
  const self = 'CREATE TABLE n (id INTEGER PRIMARY KEY, up INT REFERENCES n (id), l TEXT);';
  assert.equal(sqlOf(await planFor(self, self.replace('l TEXT', 'l TEXT NOT NULL')))[0], 'PRAGMA foreign_keys = OFF');
});

test('the down part of a rebuild is the rebuild back', async () => {
  const p = await planFor('CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, a TEXT);', 'CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, a TEXT NOT NULL);');
  const up = sqlOf(p);
  const down = [...p.statements].reverse().flatMap((s) => reverseStatements(s.reverse));
  const shape = (xs: string[]) => xs.map((s) => s.replace(/\(\n[\s\S]*\n\)/, '(...)'));
  assert.deepEqual(shape(down), shape(up), 'the same steps, the other way');
  assert.ok(down[0]!.includes('"a" TEXT\n') && up[0]!.includes('"a" TEXT NOT NULL'));
  assert.ok(up.some((s) => s.startsWith('INSERT INTO sqlite_sequence')), 'the AUTOINCREMENT counter is carried over');
});

test('every statement is one statement with a reverse', async () => {
  const from = 'CREATE TABLE u (id INTEGER PRIMARY KEY, e TEXT); CREATE TABLE p (id INTEGER PRIMARY KEY, uid INT REFERENCES u (id)); CREATE VIEW v AS SELECT e FROM u; CREATE INDEX u_e ON u (e);';
  const to = 'CREATE TABLE u (id INTEGER PRIMARY KEY, e TEXT NOT NULL, f INT); CREATE TABLE p (id INTEGER PRIMARY KEY, uid INT REFERENCES u (id), t TEXT); CREATE VIEW v AS SELECT e, f FROM u; CREATE INDEX u_ef ON u (e, f);';
  const p = await planFor(from, to);
  for (const s of p.statements) {
    assert.ok(reverseStatements(s.reverse).length > 0 && reverseStatements(s.reverse).every((r) => r.trim().length > 0), `${s.sql} has a reverse`);
    // A semicolon only ever appears inside a trigger body or a string.
    assert.ok(!/;/.test(s.sql.replace(/'[^']*'/g, '')) || /^CREATE TRIGGER/.test(s.sql), s.sql);
  }
});

test('a rename of a table renames its unnamed constraints without a rebuild', async () => {
  const p = await planFor('CREATE TABLE t (id INTEGER PRIMARY KEY, a INT CHECK (a > 0) UNIQUE);', 'CREATE TABLE u (id INTEGER PRIMARY KEY, a INT CHECK (a > 0) UNIQUE);', ['t=u']);
  assert.deepEqual(sqlOf(p), ['ALTER TABLE "t" RENAME TO "u"']);
});

test('a foreign key that follows a renamed parent column is left to SQLite', async () => {
  const from = 'CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE c (id INTEGER PRIMARY KEY, pid INT REFERENCES p (id));';
  const p = await planFor(from, from.replace('p (id INTEGER', 'p (pk INTEGER').replace('REFERENCES p (id)', 'REFERENCES p (pk)'), ['p.id=pk']);
  assert.deepEqual(sqlOf(p), ['ALTER TABLE "p" RENAME COLUMN "id" TO "pk"']);
});

test('what SQLite lacks is refused by name', () => {
  const empty = engine.emptyRealm();
  const refuse = (c: Change, reason: RegExp) => assert.throws(() => engine.plan([c], empty, empty), (e: unknown) => e instanceof CairnError && e.code === 'SCHEMA' && reason.test(e.message));
  refuse({ kind: 'AddEnum', enum: { schema: 'main', name: 'mood', values: ['a'] } }, /SQLite cannot add enum \(mood\): SQLite has no user-defined types/);
  refuse({ kind: 'AddSequence', sequence: { schema: 'main', name: 'ids', type: 'bigint', start: '1', increment: '1', min: '1', max: '9', cache: '1', cycle: false } }, /no sequences/);
  refuse({ kind: 'SetComment', target: { on: 'table', ref: { schema: 'main', name: 't' } }, to: 'x' }, /no comments/);
});
