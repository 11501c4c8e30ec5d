/**
 * TX101 (transactional and non-transactional statements mixed in one file) on PostgreSQL,
 * MariaDB and SQLite, and NM101 (naming patterns, opt-in) with its defaults and as the
 * configuration sets it up.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { namingRule, SNAKE_CASE } from '../../src/lint/rules/index.js';
import type { ConfigurableRule } from '../../src/lint/settings.js';
import { codesAt, openLintDb, runRules, type LintDb } from './helpers/pass.js';
import { ruleSuite } from './helpers/rule-cases.js';

const USERS = 'CREATE TABLE users (id int PRIMARY KEY, email varchar(100));';

ruleSuite('TX101 mixed transaction modes', ['TX101'], [
  {
    name: 'fires where a CONCURRENTLY statement shares an unwrapped file with other work',
    postgres: { history: USERS, file: "-- atlas:txmode none\n\nSET lock_timeout = '2s';\nCREATE INDEX CONCURRENTLY users_email ON users (email);\nALTER TABLE users ADD COLUMN name text;" },
    expect: ['TX101@4'],
  },
  {
    name: 'fires where a statement runs outside the BEGIN … COMMIT the file opens',
    postgres: { history: USERS, file: 'BEGIN;\nALTER TABLE users ADD COLUMN a int;\nCOMMIT;\nALTER TABLE users ADD COLUMN b int;' },
    mysql: { history: USERS, file: "START TRANSACTION;\nINSERT INTO users VALUES (1, 'a@example.com');\nCOMMIT;\nALTER TABLE users ADD COLUMN b int;" },
    sqlite: { history: USERS, file: 'BEGIN;\nALTER TABLE users ADD COLUMN a int;\nCOMMIT;\nALTER TABLE users ADD COLUMN b int;' },
    expect: ['TX101@4'],
  },
  {
    name: 'not on a file whose every statement shares one transaction (or none)',
    postgres: { history: USERS, file: 'BEGIN;\nALTER TABLE users ADD COLUMN a int;\nALTER TABLE users ADD COLUMN b int;\nCOMMIT;' },
    mysql: { history: USERS, file: 'ALTER TABLE users ADD COLUMN a int;\nALTER TABLE users ADD COLUMN b int;' },
    sqlite: { history: USERS, file: 'ALTER TABLE users ADD COLUMN a int;\nALTER TABLE users ADD COLUMN b int;' },
    expect: [],
  },
  {
    name: 'safe path: the CONCURRENTLY statement in a file of its own lints clean',
    postgres: { history: USERS, file: "-- atlas:txmode none\n\nSET lock_timeout = '2s';\nCREATE INDEX CONCURRENTLY users_email ON users (email);" },
    expect: [],
    clean: true,
  },
]);

describe('NM101 naming patterns', () => {
  const targets = ['postgres', 'mysql', 'sqlite'] as const;
  const dbs = new Map<string, LintDb>();
  before(async () => {
    for (const t of targets) dbs.set(t, await openLintDb(t));
  });
  after(async () => {
    for (const db of dbs.values()) await db.close();
  });

  for (const target of targets) {
    test(`snake_case by default: new tables, columns, indexes and renames (${target})`, async () => {
      const db = dbs.get(target)!;
      // PostgreSQL folds bare names to lower case: mixed case must be quoted there.
      const q = (n: string) => (target === 'postgres' ? `"${n}"` : n);
      const file = [
        `CREATE TABLE ${q('UserAccounts')} (${q('Id')} int PRIMARY KEY, display_name varchar(50));`,
        'CREATE TABLE good_table (id int);',
        `CREATE INDEX ${q('IxName')} ON good_table (id);`,
        `ALTER TABLE good_table ADD COLUMN ${q('createdAt')} int;`,
        `ALTER TABLE good_table RENAME COLUMN id TO ${q('ID2')};`,
      ].join('\n');
      const found = runRules([namingRule()], await db.passes({ history: USERS, file }), { optIn: true });
      assert.deepEqual(codesAt(found), ['NM101@1', 'NM101@1', 'NM101@3', 'NM101@4', 'NM101@5'], found.map((f) => f.message).join('\n'));
      assert.match(found[0]!.message + found[1]!.message, /UserAccounts/);
      assert.ok(found.some((f) => /user_accounts/.test(f.fix)), 'the fix suggests the snake_case name');
    });

    test(`conforming names lint clean, existing names are not judged (${target})`, async () => {
      const db = dbs.get(target)!;
      const found = runRules([namingRule()], await db.passes({ history: 'CREATE TABLE LegacyTable (Id int);', file: 'CREATE TABLE new_table (id int, created_at int);\nALTER TABLE LegacyTable ADD COLUMN note text;' }), { optIn: true });
      assert.deepEqual(codesAt(found), []);
    });
  }

  test('off unless configured: the default list holds it opt-in, and the engine leaves it out', async () => {
    const rule = namingRule();
    assert.equal(rule.optIn, true);
    const db = dbs.get('sqlite')!;
    assert.deepEqual(codesAt(runRules([rule], await db.passes({ file: 'CREATE TABLE BadName (X int);' }))), []);
  });

  test('configure takes the patterns of lint.naming, matched against the whole name', async () => {
    const rule = (namingRule() as ConfigurableRule).configure({ naming: { table: '[a-z_]+s' } });
    const db = dbs.get('sqlite')!;
    const found = runRules([rule], await db.passes({ file: 'CREATE TABLE users (id int);\nCREATE TABLE person (id int);\nCREATE TABLE usersx (id int);' }), { optIn: true });
    assert.deepEqual(codesAt(found), ['NM101@2', 'NM101@3']);
    assert.match(found[0]!.message, /\^\(\?:\[a-z_\]\+s\)\$/);
    assert.equal(SNAKE_CASE, '^[a-z][a-z0-9_]*$');
  });
});
