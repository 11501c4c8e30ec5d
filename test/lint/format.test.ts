/**
 * The output formats of `cairn lint`, on a result built by hand (the formats are pure) and on
 * one from a real run: text lines as compilers print them, GitHub workflow commands with their
 * escaping, and SARIF 2.1.0 checked against the shape code scanning requires.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint } from '../../src/commands/lint.js';
import { CairnError } from '../../src/errors.js';
import { escapeData, escapeProperty } from '../../src/lint/format/github.js';
import { formatLint } from '../../src/lint/format/index.js';
import { toSarif } from '../../src/lint/format/sarif.js';
import type { LintFailure, LintResult } from '../../src/lint/result.js';
import type { Diagnostic } from '../../src/lint/types.js';
import { writeTree } from '../cli/helpers.js';
import { changeRule } from './engine-helpers.js';

const D1: Diagnostic = {
  code: 'DS103', severity: 'error', family: 'destructive', file: '20240101_drop.sql', version: '20240101', line: 3, column: 1,
  statement: 'ALTER TABLE users DROP COLUMN email', message: 'drops column users.email and its data, 100% gone', fix: 'stop reading it first, then drop it in a later migration',
};
const D2: Diagnostic = {
  code: 'PG101', severity: 'warning', family: 'locking', file: 'sub dir/2_idx,a:b.sql', version: '2', line: 7, column: 5,
  statement: 'CREATE INDEX i ON t (c)', message: 'blocks writes to t\nwhile the index builds', fix: 'CREATE INDEX CONCURRENTLY in its own file',
};
const D3: Diagnostic = { ...D2, code: 'NM101', severity: 'info', family: 'naming', line: 9, message: 'name T does not match ^[a-z]+$', fix: 'rename it' };

const RESULT: LintResult = {
  dir: '/repo/migrations',
  selection: { mode: 'latest', latest: 2 },
  files: [{ file: '20240101_drop.sql', version: '20240101', statements: 3 }, { file: 'sub dir/2_idx,a:b.sql', version: '2', statements: 9 }],
  diagnostics: [D1, D2, D3],
  counts: { error: 1, warning: 1, info: 1 },
  silenced: 2,
  rules: [
    { code: 'DS103', family: 'destructive', severity: 'error', summary: 'Column dropped' },
    { code: 'PG101', family: 'locking', severity: 'warning', summary: 'Index built without CONCURRENTLY' },
    { code: 'NM101', family: 'naming', severity: 'info', summary: 'Names follow the configured patterns' },
  ],
  devUrl: 'pglite:memory',
  server: 'PostgreSQL 18',
  warnings: ['lint.rules names XX999, which no PostgreSQL rule has'],
};

const FAILURE: LintFailure = { code: 'LINT001', file: 'sub dir/2_idx,a:b.sql', version: '2', line: 11, column: 1, statement: 'ALTER TABLE nope ADD x int', message: 'relation "nope" does not exist', sqlState: '42P01' };

test('text: file:line:col: severity CODE message, an indented fix, then a summary', () => {
  assert.equal(formatLint(RESULT, 'text', { cwd: '/repo' }), [
    'migrations/20240101_drop.sql:3:1: error DS103 drops column users.email and its data, 100% gone',
    '  fix: stop reading it first, then drop it in a later migration',
    'migrations/sub dir/2_idx,a:b.sql:7:5: warning PG101 blocks writes to t\nwhile the index builds',
    '  fix: CREATE INDEX CONCURRENTLY in its own file',
    'migrations/sub dir/2_idx,a:b.sql:9:5: info NM101 name T does not match ^[a-z]+$',
    '  fix: rename it',
    'warning: lint.rules names XX999, which no PostgreSQL rule has',
    '1 error, 1 warning, 1 info in 2 files (12 statements); 2 silenced by nolint',
  ].join('\n'));
  const clean = { ...RESULT, diagnostics: [], counts: { error: 0, warning: 0, info: 0 }, silenced: 0, warnings: [] };
  assert.equal(formatLint(clean, 'text', { cwd: '/repo/migrations' }), 'no findings in 2 files (12 statements)');
  const stopped = formatLint(clean, 'text', { cwd: '/elsewhere', failure: FAILURE }).split('\n');
  assert.deepEqual(stopped, [
    '../repo/migrations/sub dir/2_idx,a:b.sql:11:1: error LINT001 the dev database rejected this statement [42P01]: relation "nope" does not exist',
    'no findings in 2 files (12 statements); stopped at sub dir/2_idx,a:b.sql:11, which the dev database rejected',
  ]);
  const none = { ...clean, files: [], selection: { mode: 'git-base' as const, gitBase: 'origin/main', mergeBase: 'abcdef0123456789' } };
  assert.equal(formatLint(none, 'text', { cwd: '/repo' }), 'no migration to lint (no migration added or changed since origin/main (merge-base abcdef012345))');
});

test('json: the result itself, with the failure when analysis stopped', () => {
  assert.deepEqual(JSON.parse(formatLint(RESULT, 'json', { cwd: '/repo' })), RESULT);
  assert.deepEqual(JSON.parse(formatLint(RESULT, 'json', { cwd: '/repo', failure: FAILURE })), { ...RESULT, failure: FAILURE });
});

test('github: workflow commands with properties and messages escaped as the runner reads them', () => {
  assert.equal(escapeData('100%\r\nnext'), '100%25%0D%0Anext');
  assert.equal(escapeProperty('a:b,c%'), 'a%3Ab%2Cc%25');
  const lines = formatLint(RESULT, 'github', { cwd: '/repo', failure: FAILURE }).split('\n');
  assert.deepEqual(lines, [
    '::error file=migrations/20240101_drop.sql,line=3,col=1,title=DS103::drops column users.email and its data, 100%25 gone%0Afix: stop reading it first, then drop it in a later migration',
    '::warning file=migrations/sub dir/2_idx%2Ca%3Ab.sql,line=7,col=5,title=PG101::blocks writes to t%0Awhile the index builds%0Afix: CREATE INDEX CONCURRENTLY in its own file',
    '::notice file=migrations/sub dir/2_idx%2Ca%3Ab.sql,line=9,col=5,title=NM101::name T does not match ^[a-z]+$%0Afix: rename it',
    '::error file=migrations/sub dir/2_idx%2Ca%3Ab.sql,line=11,col=1,title=LINT001::the dev database rejected this statement [42P01]: relation "nope" does not exist',
    '::warning::lint.rules names XX999, which no PostgreSQL rule has',
    '1 error, 1 warning, 1 info in 2 files (12 statements); 2 silenced by nolint; stopped at sub dir/2_idx,a:b.sql:11, which the dev database rejected',
  ]);
  // Every command line is one line: no raw newline survives inside an annotation.
  for (const l of lines.filter((x) => x.startsWith('::'))) assert.doesNotMatch(l, /[\r\n]/);
});

/**
 * assertSarif checks a log against what SARIF 2.1.0 requires of the parts Cairn writes (the
 * schema's required properties, enums and ranges) and what GitHub code scanning reads.
 */
function assertSarif(log: Record<string, unknown>): void {
  const obj = (v: unknown, where: string): Record<string, unknown> => {
    assert.ok(typeof v === 'object' && v !== null && !Array.isArray(v), `${where} is an object`);
    return v as Record<string, unknown>;
  };
  const arr = (v: unknown, where: string): unknown[] => {
    assert.ok(Array.isArray(v), `${where} is an array`);
    return v as unknown[];
  };
  const str = (v: unknown, where: string) => assert.ok(typeof v === 'string' && v.length > 0, `${where} is a non-empty string`);
  const posInt = (v: unknown, where: string) => assert.ok(Number.isInteger(v) && (v as number) >= 1, `${where} is an integer >= 1`);
  assert.equal(log.version, '2.1.0');
  str(log.$schema, '$schema');
  const runs = arr(log.runs, 'runs');
  assert.equal(runs.length, 1);
  const run = obj(runs[0], 'runs[0]');
  const driver = obj(obj(run.tool, 'tool').driver, 'tool.driver');
  assert.equal(driver.name, 'cairn');
  str(driver.version, 'driver.version');
  const rules = arr(driver.rules, 'driver.rules').map((r, i) => obj(r, `rules[${i}]`));
  const ids = rules.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length, 'rule ids are unique');
  for (const [i, r] of rules.entries()) {
    str(r.id, `rules[${i}].id`);
    str(obj(r.shortDescription, `rules[${i}].shortDescription`).text, `rules[${i}].shortDescription.text`);
    assert.ok(['none', 'note', 'warning', 'error'].includes(String(obj(r.defaultConfiguration, 'defaultConfiguration').level)));
    if (r.helpUri !== undefined) assert.doesNotThrow(() => new URL(String(r.helpUri)));
  }
  for (const [i, raw] of arr(run.results, 'results').entries()) {
    const r = obj(raw, `results[${i}]`);
    str(r.ruleId, `results[${i}].ruleId`);
    assert.ok(ids.includes(r.ruleId), `results[${i}].ruleId names a rule`);
    if (r.ruleIndex !== undefined) assert.equal(rules[r.ruleIndex as number]?.id, r.ruleId, `results[${i}].ruleIndex points at its rule`);
    assert.ok(['none', 'note', 'warning', 'error'].includes(String(r.level)), `results[${i}].level`);
    str(obj(r.message, 'message').text, `results[${i}].message.text`);
    const locations = arr(r.locations, `results[${i}].locations`);
    assert.ok(locations.length >= 1);
    for (const l of locations) {
      const phys = obj(obj(l, 'location').physicalLocation, 'physicalLocation');
      const uri = obj(phys.artifactLocation, 'artifactLocation').uri;
      str(uri, 'artifactLocation.uri');
      assert.doesNotMatch(String(uri), /^\//, 'uri is relative to the repository');
      assert.doesNotThrow(() => new URL(String(uri), 'file:///repo/'), 'uri is a valid URI reference');
      const region = obj(phys.region, 'region');
      posInt(region.startLine, 'region.startLine');
      posInt(region.startColumn, 'region.startColumn');
    }
  }
}

test('sarif: valid SARIF 2.1.0 with the rules that ran, a result per diagnostic, and LINT001 for a rejected statement', () => {
  const log = toSarif(RESULT, { cwd: '/repo', failure: FAILURE });
  assertSarif(log);
  const run = (log.runs as Record<string, any>[])[0]!;
  assert.deepEqual(run.tool.driver.rules.map((r: { id: string }) => r.id), ['DS103', 'PG101', 'NM101', 'LINT001']);
  assert.deepEqual(run.results.map((r: { ruleId: string; level: string }) => `${r.ruleId}:${r.level}`), ['DS103:error', 'PG101:warning', 'NM101:note', 'LINT001:error']);
  assert.equal(run.results[1].locations[0].physicalLocation.artifactLocation.uri, 'migrations/sub%20dir/2_idx,a:b.sql');
  assert.deepEqual(run.results[1].locations[0].physicalLocation.region, { startLine: 7, startColumn: 5, snippet: { text: 'CREATE INDEX i ON t (c)' } });
  assert.equal(run.results[0].message.text, `${D1.message}\nFix: ${D1.fix}`);
  assert.deepEqual(run.invocations, [{ executionSuccessful: false }]);
  assert.equal(JSON.parse(formatLint(RESULT, 'sarif', { cwd: '/repo' })).runs[0].invocations[0].executionSuccessful, true);
});

test('every format renders a real run (PGlite), and a stopped one with its partial result', async () => {
  const cwd = writeTree({
    'migrations/1_init.sql': 'CREATE TABLE users (id int PRIMARY KEY, email text);\n',
    'migrations/2_drop.sql': 'ALTER TABLE users DROP COLUMN email;\nALTER TABLE users ADD COLUMN x int;\nALTER TABLE users ADD COLUMN x int;\n',
  });
  const err = await lint({ dir: `${cwd}/migrations`, cwd, rules: [changeRule()] }).then(() => undefined, (e: unknown) => e);
  assert.ok(err instanceof CairnError && err.code === 'MIGRATION_FAILED', String(err));
  const partial = err.details.lint as LintResult;
  const failure = err.details.failure as LintFailure;
  assertSarif(toSarif(partial, { cwd, failure }));
  const text = formatLint(partial, 'text', { cwd, failure });
  assert.match(text, /^migrations\/2_drop\.sql:1:1: error XC001 DropColumn users\.email\n {2}fix: undo DropColumn\nmigrations\/2_drop\.sql:2:1: error XC001 AddColumn users\.x\n/);
  assert.match(text, /migrations\/2_drop\.sql:3:1: error LINT001 the dev database rejected this statement \[42701\]: column "x" of relation "users" already exists\n2 errors in 1 file \(2 statements\); stopped at 2_drop\.sql:3/);
  assert.match(formatLint(partial, 'github', { cwd, failure }), /^::error file=migrations\/2_drop\.sql,line=1,col=1,title=XC001::DropColumn users\.email%0Afix: undo DropColumn$/m);
});
