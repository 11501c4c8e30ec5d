/**
 * `cairn lint` as a user runs it: exit codes (0 clean or warnings only, 2 an error-level
 * finding, 1 a statement the dev database rejects, 4 bad usage or config), the formats on
 * stdout, config `lint.rules` and nolint, and nothing written to the directory.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { lint } from '../../src/commands/lint.js';
import { cairn, expectExit, json, snapshot, writeTree } from '../cli/helpers.js';

const INIT = 'CREATE TABLE users (id int PRIMARY KEY, email text);\n';
/** An index built without CONCURRENTLY on a table that exists: PostgreSQL's PG101. */
const INDEX = 'CREATE INDEX users_email ON users (email);\n';

function project(second: string, config?: object): string {
  return writeTree({
    'migrations/1_init.sql': INIT,
    'migrations/2_next.sql': second,
    ...(config ? { 'cairn.config.json': JSON.stringify(config) } : {}),
  });
}

test('CLI: an error-level finding exits 2; off in the config, or nolint, exits 0; warnings alone exit 0', async () => {
  const cwd = project(INDEX, { lint: { rules: { PG101: 'error' } } });
  const before = snapshot(cwd);
  const r = expectExit(await cairn(['lint'], { cwd }), 2, 'PG101 as error');
  assert.match(r.stdout, /^migrations\/2_next\.sql:1:1: error PG101 .+\n {2}fix: .*CONCURRENTLY/m);
  assert.match(r.stdout, /^\d+ errors? .*in 1 file \(1 statement\)$/m);
  assert.deepEqual(snapshot(cwd), before, 'lint writes nothing to the project');

  const warn = expectExit(await cairn(['lint'], { cwd: project(INDEX, { lint: { rules: { PG101: 'warning' } } }) }), 0, 'PG101 as a warning');
  assert.match(warn.stdout, /warning PG101/);
  const off = expectExit(await cairn(['lint'], { cwd: project(INDEX, { lint: { rules: { PG101: 'off' } } }) }), 0, 'PG101 off');
  assert.doesNotMatch(off.stdout, /PG101/);
  const nolint = expectExit(await cairn(['lint'], { cwd: project(`-- cairn:nolint\n${INDEX}`, { lint: { rules: { PG101: 'error' } } }) }), 0, 'nolint');
  assert.match(nolint.stdout, /^no findings in 1 file \(1 statement\); \d+ silenced by nolint$/m);
});

test('CLI: --format github, sarif and json on stdout; --json prints the result', async () => {
  const cwd = project(INDEX, { lint: { rules: { PG101: 'error' } } });
  const gh = expectExit(await cairn(['lint', '--format', 'github'], { cwd }), 2, 'github');
  assert.match(gh.stdout, /^::error file=migrations\/2_next\.sql,line=1,col=1,title=PG101::.+%0Afix: /m);
  const sarif = JSON.parse(expectExit(await cairn(['lint', '--format', 'sarif'], { cwd }), 2, 'sarif').stdout);
  assert.equal(sarif.version, '2.1.0');
  assert.ok(sarif.runs[0].results.some((x: { ruleId: string; level: string }) => x.ruleId === 'PG101' && x.level === 'error'));
  const viaFormat = JSON.parse(expectExit(await cairn(['lint', '--format', 'json'], { cwd }), 2, 'json format').stdout);
  const viaFlag = json(expectExit(await cairn(['lint', '--json'], { cwd }), 2, '--json'));
  // --json prints exactly the library's result.
  const lib = await lint({ dir: join(cwd, 'migrations'), cwd, config: { rules: { PG101: 'error' } } });
  assert.deepEqual(viaFlag, JSON.parse(JSON.stringify(lib)));
  for (const r of [viaFormat, viaFlag]) {
    assert.ok(r.diagnostics.some((d: { code: string; file: string; line: number }) => d.code === 'PG101' && d.file === '2_next.sql' && d.line === 1));
    assert.ok(r.counts.error >= 1);
    assert.deepEqual(r.files, [{ file: '2_next.sql', version: '2', statements: 1 }]);
  }
});

test('CLI: a rejected statement exits 1 after printing what was analyzed before it; --json carries the partial result', async () => {
  const cwd = project(`${INDEX}ALTER TABLE nope ADD COLUMN x int;\n`, { lint: { rules: { PG101: 'error' } } });
  const r = expectExit(await cairn(['lint'], { cwd }), 1, 'rejected');
  assert.match(r.stdout, /^migrations\/2_next\.sql:1:1: error PG101 /m);
  assert.match(r.stdout, /^migrations\/2_next\.sql:2:1: error LINT001 the dev database rejected this statement \[42P01\]: relation "nope" does not exist$/m);
  assert.match(r.stdout, /stopped at 2_next\.sql:2, which the dev database rejected\nhint: a server like the dev database would refuse it in production too/);
  const j = json(expectExit(await cairn(['lint', '--json'], { cwd }), 1, 'rejected, --json'));
  assert.equal(j.exitCode, 1);
  assert.equal(j.error.code, 'MIGRATION_FAILED');
  assert.equal(j.error.file, '2_next.sql');
  assert.equal(j.error.line, 2);
  assert.ok(j.error.lint.diagnostics.some((d: { code: string }) => d.code === 'PG101'));
  const gh = expectExit(await cairn(['lint', '--format', 'github'], { cwd }), 1, 'rejected, github');
  assert.match(gh.stdout, /^::error file=migrations\/2_next\.sql,line=2,col=1,title=LINT001::/m);
});

test('CLI: bad input is exit 4 naming what is wrong', async () => {
  const cwd = project(INDEX);
  const outside = writeTree({ 'elsewhere.sql': 'SELECT 1;\n' }, cwd);
  assert.match(expectExit(await cairn(['lint', 'elsewhere.sql'], { cwd: outside }), 4, 'outside').stderr, /elsewhere\.sql is outside the migration directory/);
  assert.match(expectExit(await cairn(['lint', '--git-base', 'nope'], { cwd }), 4, 'no repo').stderr, / is not in a git repository: --git-base compares the migration directory/);
  assert.match(expectExit(await cairn(['lint', '--latest', 'two'], { cwd }), 4, 'latest').stderr, /--latest <n>.*a whole number of migrations/);
  assert.match(expectExit(await cairn(['lint', '--latest', '1', 'migrations/2_next.sql'], { cwd }), 4, 'two ways').stderr, /one way/);
  const bad = project(INDEX, { lint: { rules: { PG101: 'fatal' } } });
  assert.match(expectExit(await cairn(['lint'], { cwd: bad }), 4, 'level').stderr, /lint\.rules\.PG101 is 'fatal'; allowed: 'off', 'info', 'warning', 'error'/);
  const regex = project(INDEX, { lint: { naming: { table: '([a-z' } } });
  assert.match(expectExit(await cairn(['lint'], { cwd: regex }), 4, 'naming').stderr, /lint\.naming\.table is not a valid regular expression/);
  const key = project(INDEX, { lint: { rule: {} } });
  assert.match(expectExit(await cairn(['lint'], { cwd: key }), 4, 'key').stderr, /unknown key lint\.rule \(did you mean lint\.rules\?\)/);
  const syntax = project("SELECT 'never closed;\n");
  assert.match(expectExit(await cairn(['lint'], { cwd: syntax }), 1, 'syntax').stderr, /2_next\.sql:1:\d+: .*line 1/);
});

test('CLI: a SQLite project lints on its embedded dev database; a config section per environment', async () => {
  const cwd = writeTree({
    'migrations/1_init.sql': 'CREATE TABLE users (id integer PRIMARY KEY, email text);\n',
    'migrations/2_next.sql': 'CREATE TABLE other (id integer);\n',
    'cairn.config.json': JSON.stringify({ url: 'sqlite:./app.db', env: { ci: { lint: { rules: { NM101: 'off' } } } } }),
  });
  const r = expectExit(await cairn(['lint', '--env', 'ci', '--json'], { cwd }), 0, 'sqlite');
  const j = json(r);
  assert.equal(j.devUrl, 'sqlite::memory:');
  assert.match(j.server, /^SQLite 3/);
  assert.deepEqual(j.files, [{ file: '2_next.sql', version: '2', statements: 1 }]);
});
