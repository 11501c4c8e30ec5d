/**
 * The lint engine on the embedded PostgreSQL (PGlite, the default dev database): the history
 * replayed, each statement under review walked with the schema before and after it, renames as
 * the statement made them, new tables, transactions, nolint directives and the configuration.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint } from '../../src/commands/lint.js';
import { CairnError } from '../../src/errors.js';
import type { LintResult } from '../../src/lint/result.js';
import { snapshot, writeTree } from '../cli/helpers.js';
import { changeRule, fileRule, textRule } from './engine-helpers.js';

const INIT = 'CREATE TABLE users (id int PRIMARY KEY, email text, name text);\nCREATE TABLE orders (id int PRIMARY KEY, user_id int REFERENCES users (id));\n';

function project(files: Record<string, string>): string {
  return writeTree(Object.fromEntries(Object.entries(files).map(([n, t]) => [`migrations/${n}`, t])));
}

const messages = (r: LintResult) => r.diagnostics.map((d) => `${d.line}:${d.code} ${d.message}`);

test('lint walks each statement of the latest file against the schema the history built', async () => {
  const cwd = project({
    '1_init.sql': INIT,
    '2_change.sql': [
      'ALTER TABLE users RENAME COLUMN name TO full_name;',
      "INSERT INTO users VALUES (1, 'a@b', 'A');",
      'ALTER TABLE users DROP COLUMN email;',
      'CREATE TABLE audit (id int);',
      'ALTER TABLE audit ADD COLUMN at timestamptz;',
      'ALTER TABLE orders RENAME TO purchases;',
      'ALTER TABLE audit RENAME TO audit_log;',
      'DROP TABLE audit_log;',
      '',
    ].join('\n'),
  });
  const rule = changeRule();
  const r = await lint({ dir: `${cwd}/migrations`, cwd, rules: [rule] });
  assert.deepEqual(messages(r), [
    '1:XC001 RenameColumn users.name->full_name',
    '3:XC001 DropColumn users.email',
    '4:XC001 AddTable audit',
    '5:XC001 AddColumn audit.at',
    '6:XC001 RenameTable orders->purchases',
    '7:XC001 RenameTable audit->audit_log',
    '8:XC001 DropTable audit_log',
  ]);
  assert.deepEqual(r.files, [{ file: '2_change.sql', version: '2', statements: 8 }]);
  assert.deepEqual(r.selection, { mode: 'latest', latest: 1 });
  assert.equal(r.counts.error, 7);
  assert.match(r.server ?? '', /^PostgreSQL \d+/);
  assert.equal(r.devUrl, 'pglite:memory');

  const p = rule.passes;
  // The deployed schema is the history's: users and orders, the same value for every statement.
  const tables = (realm: typeof p[0]['before']) => realm.schemas.flatMap((s) => s.tables.map((t) => t.name)).sort();
  assert.deepEqual(tables(p[0]!.deployed), ['orders', 'users']);
  assert.ok(p.every((x) => x.deployed === p[0]!.deployed));
  // An INSERT cannot change the schema: no inspection after it, the schema stays the one before.
  assert.equal(p[1]!.after, p[1]!.before);
  assert.deepEqual(p[1]!.changes, []);
  assert.equal(p[2]!.before, p[1]!.after);
  // New tables follow renames and drops; existing tables are never new, even renamed.
  assert.deepEqual(p.map((x) => [...x.newTables].sort().join(',')), ['', '', '', 'public.audit', 'public.audit', 'public.audit', 'public.audit_log', '']);
  assert.deepEqual(tables(p[7]!.after), ['purchases', 'users']);
  // The runner wraps the file in a transaction (PostgreSQL has transactional DDL).
  assert.ok(p.every((x) => x.inTransaction));
  assert.deepEqual(p[0]!.file, { name: '2_change.sql', version: '2', noTransaction: false, server: p[0]!.file.server });
  assert.equal(p[0]!.file.server?.flavor, 'postgresql');
  assert.ok((p[0]!.file.server?.major ?? 0) >= 15);
  assert.deepEqual(p.map((x) => x.index), [0, 1, 2, 3, 4, 5, 6, 7]);
});

test('inTransaction: txmode none, a file\'s own BEGIN/COMMIT, and a file written to start inside a transaction', async () => {
  const cwd = project({
    '1_init.sql': INIT,
    '2_none.sql': '-- atlas:txmode none\n\nCREATE INDEX CONCURRENTLY users_email ON users (email);\nALTER TABLE users ADD COLUMN a int;\n',
    '3_own.sql': 'ALTER TABLE users ADD COLUMN b int;\nBEGIN;\nALTER TABLE users ADD COLUMN c int;\nCOMMIT;\nALTER TABLE users ADD COLUMN d int;\n',
    '4_open.sql': 'ALTER TABLE users ADD COLUMN e int;\nCOMMIT;\nALTER TABLE users ADD COLUMN f int;\nBEGIN;\nALTER TABLE users ADD COLUMN g int;\n',
  });
  const rule = changeRule();
  const r = await lint({ dir: `${cwd}/migrations`, cwd, latest: 3, rules: [rule] });
  const tx = (file: string) => rule.passes.filter((p) => p.file.name === file).map((p) => p.inTransaction);
  assert.deepEqual(tx('2_none.sql'), [false, false]);
  assert.deepEqual(tx('3_own.sql'), [false, false, true, true, false]);
  assert.deepEqual(tx('4_open.sql'), [true, true, false, false, true]);
  assert.equal(rule.passes.find((p) => p.file.name === '2_none.sql')!.file.noTransaction, true);
  // Every statement ran: the last file's g column exists after it, committed by the walk.
  assert.deepEqual(messages(r).filter((m) => m.includes('AddColumn')).map((m) => m.split(' ').pop()), ['users.a', 'users.b', 'users.c', 'users.d', 'users.e', 'users.f', 'users.g']);
  assert.deepEqual(r.files.map((f) => f.file), ['2_none.sql', '3_own.sql', '4_open.sql']);

  // With txMode none the runner wraps nothing.
  const none = changeRule();
  await lint({ dir: `${cwd}/migrations`, cwd, files: ['migrations/3_own.sql'], rules: [none], txMode: 'none' });
  assert.deepEqual(none.passes.map((p) => p.inTransaction), [false, false, true, true, false]);
});

test('nolint: statement-level (atlas: and cairn:, by code, family or all), file-level, and config severities', async () => {
  const cwd = project({
    '1_init.sql': INIT,
    '2_drops.sql': [
      '-- atlas:nolint XC001', // 1
      'ALTER TABLE users DROP COLUMN name;', // 2: silenced by code
      '-- cairn:nolint destructive', // 3
      'ALTER TABLE users ADD COLUMN x int;', // 4: silenced by family
      '-- cairn:nolint', // 5
      'ALTER TABLE users ADD COLUMN y int;', // 6: silenced, every rule
      '-- atlas:nolint OTHER1', // 7
      'ALTER TABLE users ADD COLUMN z int;', // 8: another code: reported
      '-- a comment between', // 9
      '-- cairn:nolint XC001', // 10
      'ALTER TABLE users ADD COLUMN w int;', // 11: silenced (any leading comment line)
      '',
      '-- atlas:nolint XC001', // 13: not directly above: no effect
      '',
      'ALTER TABLE users ADD COLUMN v int;', // 15
      '',
    ].join('\n'),
  });
  const r = await lint({ dir: `${cwd}/migrations`, cwd, rules: [changeRule()] });
  assert.deepEqual(messages(r), ['8:XC001 AddColumn users.z', '15:XC001 AddColumn users.v']);
  assert.equal(r.silenced, 4);

  // File level: a header nolint detached by a blank line silences the whole file.
  const file = project({ '1_init.sql': INIT, '2_x.sql': '-- cairn:nolint XC001, XT001\n\nALTER TABLE users DROP COLUMN name;\nDROP TABLE orders;\n' });
  const rf = await lint({ dir: `${file}/migrations`, cwd: file, rules: [changeRule(), textRule(/DROP TABLE/), textRule(/DROP/, { code: 'XT002' })] });
  assert.deepEqual(messages(rf), ['3:XT002 matched /DROP/', '4:XT002 matched /DROP/']);

  // Config: off removes a rule, a level replaces its severity; an opt-in rule runs once given a level.
  const cfg = await lint({
    dir: `${file}/migrations`, cwd: file,
    rules: [changeRule(), textRule(/DROP/, { code: 'XT002' }), changeRule({ code: 'XO001', optIn: true }), changeRule({ code: 'XO002', optIn: true })],
    config: { rules: { XT002: 'off', XO001: 'info', xc001: 'warning', NOPE1: 'error' } },
  });
  // The file's header silences XC001 (as configured, a warning); XT002 is off; XO001 runs as info, XO002 not at all.
  assert.deepEqual(cfg.diagnostics.map((d) => `${d.line}:${d.code}:${d.severity}`), ['3:XO001:info', '4:XO001:info']);
  assert.deepEqual(cfg.rules.map((x) => `${x.code}:${x.severity}`), ['XC001:warning', 'XO001:info']);
  assert.deepEqual(cfg.warnings, ['lint.rules names NOPE1, which no PostgreSQL rule has']);
});

test('a file rule reports at the statement it names; findings come out in file order, then line', async () => {
  const cwd = project({ '1_init.sql': INIT, '2_a.sql': 'ALTER TABLE users ADD COLUMN a int;\nALTER TABLE users ADD COLUMN b int;\n', '3_b.sql': 'DROP TABLE orders;\n' });
  const files = fileRule();
  const r = await lint({ dir: `${cwd}/migrations`, cwd, latest: 2, rules: [files, changeRule()] });
  assert.deepEqual(r.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.code} ${d.message}`), [
    '2_a.sql:1:1 error XC001 AddColumn users.a',
    '2_a.sql:2:1 error XC001 AddColumn users.b',
    '2_a.sql:2:1 info XF001 2 statements',
    '3_b.sql:1:1 error XC001 DropTable orders',
    '3_b.sql:1:1 info XF001 1 statements',
  ]);
  assert.equal(files.files.length, 2);
  assert.equal(r.diagnostics[0]!.statement, 'ALTER TABLE users ADD COLUMN a int');
  assert.equal(r.diagnostics[0]!.fix, 'undo AddColumn');
  assert.equal(r.diagnostics[0]!.family, 'destructive');
  assert.equal(r.diagnostics[0]!.version, '2');
});

test('a statement the dev database rejects: MIGRATION_FAILED naming file:line, with what was analyzed before it', async () => {
  const cwd = project({
    '1_init.sql': INIT,
    '2_a.sql': 'DROP TABLE orders;\n',
    '3_b.sql': 'ALTER TABLE users DROP COLUMN name;\n\nALTER TABLE nope ADD COLUMN x int;\nDROP TABLE users;\n',
  });
  const before = snapshot(cwd);
  await assert.rejects(lint({ dir: `${cwd}/migrations`, cwd, latest: 2, rules: [changeRule()] }), (e: unknown) => {
    assert.ok(e instanceof CairnError);
    assert.equal(e.code, 'MIGRATION_FAILED');
    assert.match(e.message, /^3_b\.sql:3:1: the dev database rejected this statement \[42P01\]: relation "nope" does not exist/);
    assert.equal(e.details.file, '3_b.sql');
    assert.equal(e.details.line, 3);
    const partial = e.details.lint as LintResult;
    assert.deepEqual(messages(partial), ['1:XC001 DropTable orders', '1:XC001 DropColumn users.name']);
    assert.deepEqual(partial.files.map((f) => `${f.file}:${f.statements}`), ['2_a.sql:1', '3_b.sql:1']);
    return true;
  });
  // lint writes nothing to the directory.
  assert.deepEqual(snapshot(cwd), before);
});

test('SQL the lexer cannot split is SQL_SYNTAX naming the file and line, before any database work', async () => {
  const cwd = project({ '1_init.sql': INIT, '2_bad.sql': "ALTER TABLE users ADD COLUMN a int;\n\nINSERT INTO users VALUES (1, 'never closed);\n" });
  await assert.rejects(lint({ dir: `${cwd}/migrations`, cwd, rules: [changeRule()] }), (e: unknown) => {
    assert.ok(e instanceof CairnError);
    assert.equal(e.code, 'SQL_SYNTAX');
    assert.match(e.message, /^2_bad\.sql:3:\d+: .*line 3/);
    assert.equal(e.details.file, '2_bad.sql');
    assert.equal(e.details.line, 3);
    return true;
  });
});

test('a goose file: positions are the file\'s, the down part is not linted, and its header nolint counts', async () => {
  const cwd = project({
    '00001_init.sql': `-- +goose Up\n${INIT}\n-- +goose Down\nDROP TABLE orders;\nDROP TABLE users;\n`,
    '00002_change.sql': '-- +goose Up\n-- cairn:nolint XT001\n\nALTER TABLE users DROP COLUMN name;\n\nALTER TABLE users ADD COLUMN a int;\n\n-- +goose Down\nALTER TABLE users DROP COLUMN a;\n',
  });
  const r = await lint({ dir: `${cwd}/migrations`, cwd, rules: [changeRule(), textRule(/DROP/)] });
  assert.deepEqual(messages(r), ['4:XC001 DropColumn users.name', '6:XC001 AddColumn users.a']);
  assert.equal(r.silenced, 1);
});

test('a TypeScript migration under review runs whole: the files after it see its changes, and the result says it was not analyzed', async () => {
  const cwd = project({
    '1_init.sql': INIT,
    '2_code.ts': "export async function up(tx) {\n  await tx.exec('ALTER TABLE users ADD COLUMN email_lower text');\n}\n",
    '3_index.sql': 'CREATE INDEX users_email_lower ON users (email_lower);\n',
  });
  const rule = changeRule();
  const r = await lint({ dir: `${cwd}/migrations`, cwd, latest: 2, rules: [rule] });
  assert.deepEqual(r.files, [
    { file: '2_code.ts', version: '2', statements: 0, skipped: 'a TypeScript migration: run whole on the dev database, its statements are not analyzed' },
    { file: '3_index.sql', version: '3', statements: 1 },
  ]);
  assert.deepEqual(messages(r), ['1:XC001 AddIndex users_email_lower']);
  // The index's table is the deployed users table, not a new one.
  assert.deepEqual([...rule.passes[0]!.newTables], []);
});
