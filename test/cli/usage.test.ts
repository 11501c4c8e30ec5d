/**
 * Usage: argument-parsing errors honour --json wherever it stands; every command's --help lists
 * the global flags; a schema.ts that fails to load is reported at its own file:line:col;
 * `down --to-version` of an unknown version is refused like apply's; `import --to` offers only
 * the formats Cairn writes; every database command names its target (password masked).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { importDir } from '../../src/commands/import.js';
import { allFormats } from '../../src/migrate/dir/formats/index.js';
import { WRITABLE_FORMAT_NAMES } from '../../src/migrate/dir/types.js';
import { CairnError } from '../../src/errors.js';
import { describeTarget } from '../../src/cli/output.js';
import { freshPostgres } from '../helpers/db.js';
import { cairn, cairnBatch, json, tempDir, writeTree } from './helpers.js';

test('--json anywhere in argv turns argument-parsing errors into the JSON error shape (exit 4)', async () => {
  const cwd = writeTree({ 'migrations/1_a.up.sql': 'SELECT 1;\n' });
  const cases: Array<[string[], RegExp, string]> = [
    [['apply', '--frob', '--json'], /unknown option '--frob'/, 'commander.unknownOption'],
    [['--json', 'apply', '--tx-mode', 'some'], /argument 'some' is invalid\. Allowed choices are file, all, none/, 'commander.invalidArgument'],
    [['frobnicate', '--json'], /unknown command 'frobnicate'/, 'commander.unknownCommand'],
    [['new', '--json'], /missing required argument 'name'/, 'commander.missingArgument'],
    [['import', '--json', '--out', 'x'], /required option '--to <format>' not specified/, 'commander.missingMandatoryOptionValue'],
    [['status', '--json', 'extra'], /too many arguments/, 'commander.excessArguments'],
  ];
  const results = await cairnBatch(cases.map(([args]) => ({ args, cwd })), 1);
  results.forEach((r, i) => {
    const [args, message, reason] = cases[i]!;
    assert.equal(r.code, 4, `${args.join(' ')}: exit 4\n${r.stdout}${r.stderr}`);
    assert.equal(r.stderr, '', `${args.join(' ')}: nothing in text on stderr`);
    const out = json(r);
    assert.equal(out.exitCode, 4);
    assert.equal(out.error.code, 'USAGE');
    assert.match(out.error.message, message, args.join(' '));
    assert.equal(out.error.reason, reason, args.join(' '));
  });
  // Without --json the text error is unchanged.
  const [text] = await cairnBatch([{ args: ['apply', '--frob'], cwd }], 1);
  assert.equal(text!.code, 4);
  assert.equal(text!.stdout, '');
  assert.match(text!.stderr, /^error: unknown option '--frob'/);
});

test('the bin prints the JSON error for an unknown flag, and exits 4', async () => {
  const r = await cairn(['status', '--json', '--urll', 'x'], { cwd: tempDir() });
  assert.equal(r.code, 4, r.stderr);
  assert.equal(r.stderr, '');
  assert.deepEqual(Object.keys(json(r)), ['error', 'exitCode']);
  assert.equal(json(r).error.message, "unknown option '--urll'\n(Did you mean --url?)");
});

test('--help of every command lists the global flags', async () => {
  const cwd = tempDir();
  const commands = ['apply', 'diff', 'status', 'down', 'set', 'inspect', 'validate', 'hash', 'new', 'import', 'init'];
  const results = await cairnBatch(commands.map((c) => ({ args: [c, '--help'], cwd })), 1);
  results.forEach((r, i) => {
    assert.equal(r.code, 0, commands[i]);
    assert.match(r.stdout, /Global Options:/, commands[i]);
    for (const flag of ['--dir <path>', '--dir-format <format>', '--config <file>', '--env <name>', '--json']) {
      assert.ok(r.stdout.includes(flag), `${commands[i]} --help lists ${flag}:\n${r.stdout}`);
    }
  });
  const apply = await cairn(['apply', '--help'], { cwd });
  assert.match(apply.stdout, /Global Options:[\s\S]*--dir <path>[\s\S]*--json/);
  const diff = await cairn(['diff', '--help'], { cwd });
  assert.match(diff.stdout, /Options:[\s\S]*--dev-url <url>[\s\S]*Global Options:[\s\S]*--config <file>[\s\S]*--env <name>/);
});

test('a schema.ts that fails to load names its own file:line:col, for a syntax error and a runtime error', async () => {
  const root = writeTree({
    'migrations/.gitkeep': '',
    'syntax.ts': [
      "import { table, text } from 'cairn-migrate/dsl';",
      '',
      'type Row = { id: string };',
      '',
      "export const users = table('users', {",
      '  name: text(',
      '  email: text(),',
      '});',
      '',
    ].join('\n'),
    'runtime.ts': [
      "import { table, text } from 'cairn-migrate/dsl';",
      '',
      'type Row = { id: string };',
      'const label: string = "users";',
      '',
      'export const users = table(label, {',
      '  name: (text() as any).notAMethod(),',
      '});',
      '',
    ].join('\n'),
    'throws.ts': [
      "import { table, text } from 'cairn-migrate/dsl';",
      '',
      'function tenant(): string {',
      "  const name: string | undefined = process.env.CAIRN_TEST_NO_SUCH_TENANT;",
      '',
      "  if (!name) throw new Error('no tenant configured');",
      '  return name;',
      '}',
      "export const users = table(tenant(), { name: text() });",
      '',
    ].join('\n'),
  });
  const [syntax, runtime, throws, syntaxJson] = await cairnBatch(
    [
      { args: ['diff', '--to', 'syntax.ts', '--dir', 'none'], cwd: root },
      { args: ['diff', '--to', 'runtime.ts', '--dir', 'none'], cwd: root },
      { args: ['diff', '--to', 'throws.ts', '--dir', 'none'], cwd: root },
      { args: ['diff', '--to', 'syntax.ts', '--dir', 'none', '--json'], cwd: root },
    ],
    1,
  );
  assert.equal(syntax!.code, 1, syntax!.stderr);
  assert.match(syntax!.stderr, /syntax\.ts:7:\d+: syntax error: Unexpected token/);
  assert.match(syntax!.stderr, /\n {2}7 \| {3}email: text\(\),/);
  assert.equal(runtime!.code, 1, runtime!.stderr);
  // The column is where the bad call is written; the message reads as the source does.
  assert.match(runtime!.stderr, /runtime\.ts:7:25: TypeError: text\(\.\.\.\)\.notAMethod is not a function/);
  assert.doesNotMatch(runtime!.stderr, /_dsl|\(0 ,/);
  assert.match(throws!.stderr, /throws\.ts:6:\d+: no tenant configured/);
  const e = json(syntaxJson!).error;
  assert.equal(e.code, 'SCHEMA');
  assert.equal(e.line, 7);
  assert.equal(typeof e.column, 'number');
  assert.match(e.file, /syntax\.ts$/);
});

test('down --to-version of an unknown version is refused like apply, and nothing is rolled back', async () => {
  const root = writeTree({
    'migrations/1_a.up.sql': 'CREATE TABLE a (id integer);\n',
    'migrations/1_a.down.sql': 'DROP TABLE a;\n',
    'migrations/2_b.up.sql': 'CREATE TABLE b (id integer);\n',
    'migrations/2_b.down.sql': 'DROP TABLE b;\n',
  });
  const url = `sqlite:${join(root, 'db.sqlite')}`;
  const empty = `sqlite:${join(root, 'empty.sqlite')}`;
  const [hash, emptyDown, apply, bad, badApply, good, status] = await cairnBatch(
    [
      { args: ['hash'], cwd: root },
      { args: ['down', '--to-version', '7', '--url', empty], cwd: root },
      { args: ['apply', '--url', url], cwd: root },
      { args: ['down', '--to-version', '7', '--url', url, '--json'], cwd: root },
      { args: ['apply', '--to-version', '7', '--url', url, '--json'], cwd: root },
      { args: ['down', '--to-version', '1', '--url', url, '--json'], cwd: root },
      { args: ['status', '--url', url, '--json'], cwd: root },
    ],
    1,
  );
  assert.equal(hash!.code, 0);
  assert.equal(apply!.code, 0, apply!.stderr);
  assert.equal(emptyDown!.code, 4, `no revision table yet: still refused\n${emptyDown!.stderr}`);
  assert.match(emptyDown!.stderr, /error: version 7 is not in the migration directory nor in the revision table/);
  assert.equal(bad!.code, 4, bad!.stdout);
  const e = json(bad!);
  assert.equal(e.error.code, 'USAGE');
  assert.equal(e.error.version, '7');
  assert.match(e.error.message, /^version 7 is not in the migration directory/);
  assert.equal(json(badApply!).error.code, 'USAGE', 'apply refuses the same way');
  assert.deepEqual(json(good!).reverted.map((r: { version: string }) => r.version), ['2']);
  assert.equal(json(status!).current, '1');
});

test('import --to offers only the formats Cairn writes, in the CLI and the library', async () => {
  assert.deepEqual(WRITABLE_FORMAT_NAMES, allFormats().filter((f) => f.writable).map((f) => f.name));
  const root = writeTree({ 'migrations/1_a.up.sql': 'CREATE TABLE a (id integer);\n' });
  const [cli, help] = await cairnBatch(
    [
      { args: ['import', '--to', 'prisma', '--out', 'out', '--json'], cwd: root },
      { args: ['import', '--help'], cwd: root },
    ],
    1,
  );
  assert.equal(cli!.code, 4);
  assert.match(json(cli!).error.message, /Allowed choices are atlas, golang-migrate, goose, flyway, liquibase, dbmate\.$/);
  const toHelp = help!.stdout.slice(help!.stdout.indexOf('--to <format>'), help!.stdout.indexOf('--out <path>'));
  assert.match(toHelp.replace(/\s+/g, ' '), /target format \(choices: "atlas", "golang-migrate", "goose", "flyway", "liquibase", "dbmate"\)/);
  assert.doesNotMatch(toHelp, /prisma|drizzle/);
  for (const to of ['prisma', 'drizzle'] as const) {
    const out = join(tempDir(), 'out');
    assert.throws(() => importDir({ dir: join(root, 'migrations'), to, out }), (e: unknown) => {
      assert.ok(e instanceof CairnError);
      assert.equal(e.code, 'USAGE');
      assert.match(e.message, new RegExp(`cannot import into ${to}: .* --to must be one of atlas, golang-migrate, goose, flyway, liquibase, dbmate`));
      return true;
    });
    assert.equal(existsSync(out), false);
  }
  // Checked before the source is read: a broken source does not hide the real mistake.
  assert.throws(() => importDir({ dir: join(root, 'nope'), to: 'prisma', out: join(tempDir(), 'o') }), /cannot import into prisma/);
});

test('text output of database commands names the target first, password masked; --json does not', async () => {
  const pg = await freshPostgres();
  try {
    const root = writeTree({ 'migrations/1_a.up.sql': 'CREATE TABLE a (id integer);\n', 'migrations/1_a.down.sql': 'DROP TABLE a;\n' });
    const url = `sqlite:${join(root, 'db.sqlite')}`;
    const secret = 'postgres://app:Hunter2Secret@127.0.0.1:1/shop';
    const [, apply, status, down, set, inspect, diff, asJson] = await cairnBatch(
      [
        { args: ['hash'], cwd: root },
        { args: ['apply', '--url', url], cwd: root },
        { args: ['status', '--url', url], cwd: root },
        { args: ['down', '--url', url, '--dry-run'], cwd: root },
        { args: ['set', '1', '--url', url], cwd: root },
        { args: ['inspect', '--url', secret], cwd: root },
        { args: ['diff', '--from', pg.url, '--to', pg.url], cwd: root },
        { args: ['apply', '--url', url, '--json'], cwd: root },
      ],
      1,
    );
    for (const [what, r] of [['apply', apply], ['status', status], ['down', down], ['set', set]] as const) {
      assert.equal(r!.code, 0, `${what}: ${r!.stderr}`);
      assert.ok(r!.stdout.startsWith(`target: ${url}\n`), `${what} names its target first:\n${r!.stdout}`);
    }
    // inspect's stdout is the schema document: the target goes to stderr, before anything runs.
    assert.equal(inspect!.code, 1);
    assert.ok(inspect!.stderr.startsWith('target: postgres://app:****@127.0.0.1:1/shop\n'), inspect!.stderr);
    assert.ok(!(inspect!.stdout + inspect!.stderr).includes('Hunter2Secret'));
    assert.equal(diff!.code, 0, diff!.stderr);
    assert.ok(diff!.stdout.startsWith(`from: ${pg.url}\nto: ${pg.url}\n`), diff!.stdout);
    assert.equal(asJson!.code, 0);
    assert.ok(!asJson!.stdout.includes('target: ') && !asJson!.stderr.includes('target: '), 'no target line in JSON mode');
    assert.equal(json(asJson!).target, url);
  } finally {
    await pg.drop();
  }
});

test('describeTarget masks the password in every URL shape', () => {
  assert.equal(describeTarget('postgres://app:s3cret@db/shop'), 'target: postgres://app:****@db/shop');
  assert.equal(describeTarget('postgres://app:s3#cret@db/shop', 'dev database'), 'dev database: postgres://app:****@db/shop');
  assert.equal(describeTarget('sqlite:./app.db'), 'target: sqlite:./app.db');
});
