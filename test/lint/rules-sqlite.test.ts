/**
 * SQLite's LT101 (a table rebuilt by copying its rows) and how the generic rules read a rebuild:
 * by its net effect (a NOT NULL it adds is MF104, a column it leaves out DS103), reported at the
 * statement that copies the rows, and never as the drop of a table full of rows (DS102) or a
 * rename (BC101) it is made of. Rebuilds as Drizzle writes them, as the SQLite manual's older
 * recipe writes them, and as Cairn's own planner writes them.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { planGated } from '../../src/diff/gated-plan.js';
import { sqliteSchemaEngine } from '../../src/dialects/sqlite/schema-engine.js';
import { connect } from '../../src/dialects/registry.js';
import { scopedEngine } from '../../src/engine/scoped.js';
import { codesAt, openLintDb, runRules, type LintDb } from './helpers/pass.js';
import { lintCase, rulesOf, ruleSuite } from './helpers/rule-cases.js';
import type { LintRule } from '../../src/lint/types.js';

const USERS = 'CREATE TABLE users (id integer PRIMARY KEY, name text, email text, age int); CREATE INDEX users_name ON users (name); CREATE TABLE posts (id integer PRIMARY KEY, user_id integer REFERENCES users (id));';

/** Drizzle's rebuild: new table, copy, drop, rename, then the indexes again. */
const drizzle = (create: string, columns: string) => [
  'PRAGMA foreign_keys=OFF;--> statement-breakpoint',
  `${create};--> statement-breakpoint`,
  `INSERT INTO \`__new_users\`(${columns}) SELECT ${columns} FROM \`users\`;--> statement-breakpoint`,
  'DROP TABLE `users`;--> statement-breakpoint',
  'ALTER TABLE `__new_users` RENAME TO `users`;--> statement-breakpoint',
  'CREATE INDEX `users_name` ON `users` (`name`);--> statement-breakpoint',
  'PRAGMA foreign_keys=ON;',
].join('\n');

ruleSuite('LT101 table rebuild', ['LT101', 'DS102', 'DS103', 'BC101', 'BC102', 'MF101', 'MF103', 'MF104', 'MF105'], [
  {
    name: 'Drizzle\'s rebuild: LT101 and the NOT NULL it adds, at the copy',
    sqlite: { history: USERS, file: drizzle('CREATE TABLE `__new_users` (`id` integer PRIMARY KEY, `name` text NOT NULL, `email` text, `age` int)', '"id", "name", "email", "age"') },
    expect: ['LT101@3', 'MF104@3'],
  },
  {
    name: 'a rebuild that leaves a column out drops its data: DS103 at the copy',
    sqlite: { history: USERS, file: drizzle('CREATE TABLE `__new_users` (`id` integer PRIMARY KEY, `name` text, `email` text)', '"id", "name", "email"') },
    expect: ['DS103@3', 'LT101@3'],
  },
  {
    name: 'the older recipe (rename away, create, copy, drop): no BC101, no DS102',
    sqlite: {
      history: USERS,
      file: 'ALTER TABLE users RENAME TO users_old;\nCREATE TABLE users (id integer PRIMARY KEY, name text, email text UNIQUE, age int);\nINSERT INTO users (id, name, email, age) SELECT id, name, email, age FROM users_old;\nDROP TABLE users_old;\nCREATE INDEX users_name ON users (name);',
    },
    expect: ['LT101@3', 'MF101@3'],
  },
  {
    name: 'not on a table created in the same change, and a drop without a copy is DS102',
    sqlite: { history: USERS, file: 'CREATE TABLE t (a int);\nCREATE TABLE t_new (a int NOT NULL);\nINSERT INTO t_new SELECT a FROM t;\nDROP TABLE t;\nALTER TABLE t_new RENAME TO t;\nDROP TABLE posts;\nCREATE TABLE posts (id integer PRIMARY KEY);' },
    expect: ['DS102@6'],
  },
  {
    name: 'a declared type narrowed by a rebuild is not MF105: SQLite stores any value in any column (type affinity)',
    sqlite: { history: 'CREATE TABLE users (id integer PRIMARY KEY, n BIGINT, code VARCHAR(20));', file: 'CREATE TABLE users_new (id integer PRIMARY KEY, n INTEGER, code VARCHAR(5));\nINSERT INTO users_new SELECT id, n, code FROM users;\nDROP TABLE users;\nALTER TABLE users_new RENAME TO users;' },
    expect: ['LT101@2'],
  },
  {
    name: 'a rebuild that copies a column under a new name renames it: BC102, not DS103 and MF103',
    sqlite: { history: USERS, file: drizzle('CREATE TABLE `__new_users` (`id` integer PRIMARY KEY, `name` text, `email_address` text NOT NULL, `age` int)', '"id", "name", "email", "age"').replace('INSERT INTO `__new_users`("id", "name", "email", "age")', 'INSERT INTO `__new_users`("id", "name", "email_address", "age")') },
    expect: ['BC102@3', 'LT101@3', 'MF104@3'],
  },
  {
    name: 'safe path: ALTER TABLE … ADD COLUMN lints clean',
    sqlite: { history: USERS, file: "ALTER TABLE users ADD COLUMN nickname text NOT NULL DEFAULT '';\nALTER TABLE users RENAME COLUMN age TO years;\nALTER TABLE users ADD COLUMN age int;" },
    expect: [],
    clean: true,
  },
], ['sqlite']);

describe('LT101 on a rebuild Cairn\'s planner wrote', () => {
  let db: LintDb;
  let rules: LintRule[];
  before(async () => {
    db = await openLintDb('sqlite');
    rules = await rulesOf(db);
  });
  after(async () => {
    await db?.close();
  });

  test('a type change planned as a rebuild (_cairn_new_…): LT101 at the copy, the narrowing judged there too', async () => {
    const engine = scopedEngine(sqliteSchemaEngine);
    const realmOf = async (sql: string) => {
      const c = await connect('sqlite::memory:');
      try {
        await c.exec(sql);
        return await engine.inspect(c);
      } finally {
        await c.close();
      }
    };
    const from = await realmOf('CREATE TABLE users (id integer PRIMARY KEY, name text, age int);');
    const to = await realmOf('CREATE TABLE users (id integer PRIMARY KEY, name text NOT NULL, age int);');
    const plan = planGated(engine, from, to, { renames: [], allowDrop: false }).plan;
    const file = plan.statements.map((s) => `${s.sql};`).join('\n');
    assert.match(file, /_cairn_new_users/);
    const found = await lintCase(db, rules, { history: 'CREATE TABLE users (id integer PRIMARY KEY, name text, age int);', file });
    const copyLine = file.split('\n').findIndex((l) => /^INSERT INTO "_cairn_new_users"/.test(l)) + 1;
    assert.ok(copyLine > 0, file);
    assert.deepEqual(codesAt(found.filter((f) => ['LT101', 'MF104', 'DS102', 'BC101'].includes(f.code))), [`LT101@${copyLine}`, `MF104@${copyLine}`], found.map((f) => `${f.code}@${f.line} ${f.message}`).join('\n'));
    assert.match(found.find((f) => f.code === 'LT101')!.message, /rebuilds table users \(name becomes NOT NULL\)/);
  });

  test('the rebuild\'s fix names ALTER TABLE … ADD COLUMN, which lints clean', async () => {
    const found = runRules(rules, await db.passes({ history: USERS, file: drizzle('CREATE TABLE `__new_users` (`id` integer PRIMARY KEY, `name` text, `email` text, `age` int, `score` int)', '"id", "name", "email", "age"') }));
    const lt = found.find((f) => f.code === 'LT101');
    assert.ok(lt);
    assert.match(lt.fix, /ALTER TABLE users ADD COLUMN/);
    assert.deepEqual(codesAt(runRules(rules, await db.passes({ history: USERS, file: 'ALTER TABLE users ADD COLUMN score int;' }))), []);
  });
});
