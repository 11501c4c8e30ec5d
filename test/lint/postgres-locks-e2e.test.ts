/**
 * The PostgreSQL lock rules end to end through `lint()`: a migration directory, the history
 * replayed on the dev database (PGlite by default, the PostgreSQL server with a dev URL), the
 * rules loaded through `Dialect.loadLintRules` beside the generic ones, nolint directives and
 * severities from the configuration applied.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { lint } from '../../src/commands/lint.js';
import { CairnError } from '../../src/errors.js';
import type { LintResult } from '../../src/lint/result.js';
import { freshDatabases } from '../helpers/db.js';
import { writeTree } from '../cli/helpers.js';

const INIT = [
  'CREATE TABLE orgs (id bigint PRIMARY KEY);',
  'CREATE TABLE users (id bigint PRIMARY KEY, email varchar(100), name text, age int, org_id bigint);',
  'CREATE INDEX users_name_idx ON users (name);',
  "CREATE TYPE mood AS ENUM ('happy', 'sad');",
  'CREATE TABLE people (id int PRIMARY KEY, mood mood);',
  '',
].join('\n');

/** One file with a finding of every PostgreSQL rule but PG108 (which needs its own file). */
const UNSAFE = [
  'CREATE INDEX users_email_idx ON users (email);', // 1 PG101
  'DROP INDEX users_name_idx;', // 2 PG102 PG110
  'ALTER TABLE users ADD CONSTRAINT users_org_fk FOREIGN KEY (org_id) REFERENCES orgs (id);', // 3 PG103
  'ALTER TABLE users ADD CONSTRAINT users_age_check CHECK (age >= 0);', // 4 PG104 PG110
  'ALTER TABLE users ALTER COLUMN age TYPE bigint;', // 5 PG105 PG110
  'ALTER TABLE users ALTER COLUMN email SET NOT NULL;', // 6 PG106 PG110
  'ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();', // 7 PG107 PG110
  "ALTER TYPE mood ADD VALUE 'meh';", // 8
  "UPDATE people SET mood = 'meh' WHERE id = 1;", // 9 PG109
  'CREATE TABLE posts (id int, title text);', // 10: new, so nothing below fires
  'CREATE INDEX posts_title_idx ON posts (title);',
  'ALTER TABLE posts ADD COLUMN at timestamptz DEFAULT clock_timestamp();',
  '',
].join('\n');

const EXPECTED = ['1:PG101', '2:PG102', '2:PG110', '3:PG103', '4:PG104', '4:PG110', '5:PG105', '5:PG110', '6:PG106', '6:PG110', '7:PG107', '7:PG110', '9:PG109'];

function project(files: Record<string, string>): string {
  return writeTree(Object.fromEntries(Object.entries(files).map(([n, t]) => [`migrations/${n}`, t])));
}

const pgCodes = (r: LintResult) => r.diagnostics.filter((d) => d.code.startsWith('PG')).map((d) => `${d.line}:${d.code}`);

const fresh = freshDatabases(after);

test('lint on the embedded dev database reports every PostgreSQL lock rule at its line, not on the new table', async () => {
  const cwd = project({ '1_init.sql': INIT, '2_unsafe.sql': UNSAFE });
  const r = await lint({ dir: `${cwd}/migrations`, cwd });
  assert.deepEqual(pgCodes(r), EXPECTED);
  const byCode = new Map(r.diagnostics.map((d) => [d.code, d]));
  assert.equal(byCode.get('PG110')?.severity, 'info');
  assert.equal(byCode.get('PG109')?.severity, 'error');
  assert.equal(byCode.get('PG101')?.family, 'locking');
  assert.match(byCode.get('PG101')?.fix ?? '', /CONCURRENTLY .*atlas:txmode none/);
  assert.ok(r.rules.some((x) => x.code === 'PG110' && x.severity === 'info'), 'the PostgreSQL rules are listed with the generic ones');
});

test('lint with a PostgreSQL server as the dev database gives the same findings', async () => {
  const db = await fresh('postgres');
  const cwd = project({ '1_init.sql': INIT, '2_unsafe.sql': UNSAFE });
  const r = await lint({ dir: `${cwd}/migrations`, cwd, devUrl: db.url });
  assert.match(r.server ?? '', /^PostgreSQL 15/);
  assert.deepEqual(pgCodes(r), EXPECTED);
});

test('nolint directives and the configuration silence or re-grade PostgreSQL rules', async () => {
  const cwd = project({
    '1_init.sql': INIT,
    '2_change.sql': [
      '-- cairn:nolint PG110',
      '',
      '-- atlas:nolint PG101',
      'CREATE INDEX users_email_idx ON users (email);',
      'ALTER TABLE users ALTER COLUMN email SET NOT NULL;',
      '',
    ].join('\n'),
  });
  const r = await lint({ dir: `${cwd}/migrations`, cwd, config: { rules: { PG106: 'error' } } });
  assert.deepEqual(r.diagnostics.filter((d) => d.code.startsWith('PG')).map((d) => `${d.line}:${d.code}:${d.severity}`), ['5:PG106:error']);
});

test('CONCURRENTLY mixed into a file not marked txmode none is PG108; alone, or in a txmode none file, it lints clean', async () => {
  const cwd = project({
    '1_init.sql': INIT,
    '2_mixed.sql': "SET lock_timeout = '5s';\nALTER TABLE users ADD COLUMN bio text;\nCREATE INDEX CONCURRENTLY users_email_idx ON users (email);\n",
    '3_alone.sql': 'CREATE INDEX CONCURRENTLY users_name2_idx ON users (name);\n',
    '4_none.sql': '-- atlas:txmode none\n\nCREATE INDEX CONCURRENTLY users_age_idx ON users (age);\n',
  });
  const r = await lint({ dir: `${cwd}/migrations`, cwd, latest: 3 });
  const pg = r.diagnostics.filter((d) => d.code.startsWith('PG'));
  assert.deepEqual(pg.map((d) => `${d.file}:${d.line}:${d.code}`), ['2_mixed.sql:3:PG108']);
  assert.match(pg[0].message, /1 other statement\(s\) lose their transaction/);
});

/**
 * The safe alternatives the fixes describe, as a team would write them: one migration per
 * step. No diagnostic of any rule may fire on them.
 */
test('the safe alternatives of PG101–PG110 lint clean, step by step', async () => {
  const cwd = project({
    '1_init.sql': INIT,
    '2_index.sql': '-- atlas:txmode none\n\nCREATE INDEX CONCURRENTLY users_email_idx ON users (email);\n',
    '3_drop_index.sql': '-- atlas:txmode none\n\nDROP INDEX CONCURRENTLY users_name_idx;\n',
    '4_constraints.sql': [
      "SET lock_timeout = '5s';",
      'ALTER TABLE users ADD CONSTRAINT users_org_fk FOREIGN KEY (org_id) REFERENCES orgs (id) NOT VALID;',
      'ALTER TABLE users ADD CONSTRAINT users_age_check CHECK (age >= 0) NOT VALID;',
      'ALTER TABLE users ADD CONSTRAINT users_email_nn CHECK (email IS NOT NULL) NOT VALID;',
      '',
    ].join('\n'),
    '5_validate.sql': [
      'ALTER TABLE users VALIDATE CONSTRAINT users_org_fk;',
      'ALTER TABLE users VALIDATE CONSTRAINT users_age_check;',
      'ALTER TABLE users VALIDATE CONSTRAINT users_email_nn;',
      '',
    ].join('\n'),
    '6_not_null.sql': "SET lock_timeout = '5s';\nALTER TABLE users ALTER COLUMN email SET NOT NULL;\n",
    '7_columns.sql': [
      "SET lock_timeout = '5s';",
      'ALTER TABLE users ADD COLUMN age_big bigint;',
      'ALTER TABLE users ADD COLUMN token uuid;',
      'ALTER TABLE users ALTER COLUMN token SET DEFAULT gen_random_uuid();',
      '',
    ].join('\n'),
    '8_enum.sql': "ALTER TYPE mood ADD VALUE 'meh';\n",
    '9_use_enum.sql': "UPDATE people SET mood = 'meh' WHERE id = 1;\n",
  });
  const r = await lint({ dir: `${cwd}/migrations`, cwd, latest: 8 });
  assert.equal(r.files.length, 8);
  assert.deepEqual(r.diagnostics.map((d) => `${d.file}:${d.line}:${d.code} ${d.message}`), []);
});

test('a statement the dev database rejects stops the walk; what came before it is still reported', async () => {
  const cwd = project({
    '1_init.sql': INIT,
    '2_bad.sql': 'CREATE INDEX users_email_idx ON users (email);\nALTER TABLE users ADD COLUMN x nosuchtype;\n',
  });
  await assert.rejects(lint({ dir: `${cwd}/migrations`, cwd }), (e: unknown) => {
    assert.ok(e instanceof CairnError);
    const partial = (e.details as { lint?: LintResult }).lint;
    assert.deepEqual(partial && pgCodes(partial), ['1:PG101']);
    return true;
  });
});
