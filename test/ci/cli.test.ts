/**
 * `cairn ci` as a CI job sees it: `--json` prints exactly the library's CiResult, and under
 * GitHub Actions (GITHUB_ACTIONS=true) each failure becomes a workflow annotation on the
 * pull request's file and line.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { ci } from '../../src/commands/ci.js';
import { cli, Repo } from './git-repo.js';

const NO_CI_ENV = { GITHUB_ACTIONS: undefined, GITHUB_BASE_REF: undefined, CI_MERGE_REQUEST_TARGET_BRANCH_NAME: undefined };

/** A branch whose new migration fails on its third line, after the base's. */
function failing(): Repo {
  const r = new Repo();
  r.commit({ '20240101000000_init.sql': 'CREATE TABLE accounts (id integer PRIMARY KEY);\n' }, 'init');
  r.git('checkout', '-q', '-b', 'feature');
  r.commit({ '20240102000000_bad.sql': '-- tags, then a reference to them\nCREATE TABLE tags (id integer PRIMARY KEY);\nALTER TABLE acounts ADD COLUMN tag_id integer;\n' }, 'bad');
  return r;
}

test('--json prints the library result; the text report has one line per check', async () => {
  const r = failing();
  const run = await cli(['ci', '--git-base', 'main', '--no-lint', '--json'], r.root, NO_CI_ENV);
  assert.equal(run.code, 1, run.stderr);
  const lib = await ci({ dir: r.dir, gitBase: 'main', lint: false });
  assert.deepEqual(JSON.parse(run.stdout), JSON.parse(JSON.stringify(lib)));

  const text = await cli(['ci', '--git-base', 'main', '--no-lint'], r.root, NO_CI_ENV);
  assert.equal(text.code, 1);
  const lines = text.stdout.trimEnd().split('\n');
  assert.match(lines[0]!, /^base: main \([0-9a-f]{12}\)$/, 'the base is main itself: the merge base is not repeated');
  assert.equal(lines[1], 'new migrations: 20240102000000_bad.sql');
  assert.equal(lines[2], 'dev database: pglite:memory');
  assert.deepEqual(lines.slice(3).map((l) => l.split(/ +/).slice(0, 2).join(' ')), ['passed validate', 'passed merge', 'FAILED upgrade', 'skipped production', 'skipped lint', 'ci: 1']);
  assert.match(text.stdout, /FAILED +upgrade +after the base's 1 migration\(s\), 20240102000000_bad\.sql:3 fails: relation "acounts" does not exist/);
  assert.doesNotMatch(text.stdout, /^::/m, 'no annotations outside GitHub Actions');
});

test('under GitHub Actions, failures are annotations on the file and line; --json stays pure JSON', async () => {
  const r = failing();
  const run = await cli(['ci', '--no-lint'], r.root, { ...NO_CI_ENV, GITHUB_ACTIONS: 'true', GITHUB_BASE_REF: 'main' });
  // GITHUB_BASE_REF=main means origin/main, which this repository has no remote for.
  assert.equal(run.code, 4);
  assert.match(run.stderr, /--git-base origin\/main does not exist/);
  r.git('update-ref', 'refs/remotes/origin/main', 'main');
  const gh = await cli(['ci', '--no-lint'], r.root, { ...NO_CI_ENV, GITHUB_ACTIONS: 'true', GITHUB_BASE_REF: 'main' });
  assert.equal(gh.code, 1, gh.stderr);
  const annotations = gh.stdout.split('\n').filter((l) => l.startsWith('::'));
  assert.deepEqual(annotations, [
    '::error file=migrations/20240102000000_bad.sql,line=3,title=cairn ci%3A upgrade check::after the base\'s 1 migration(s), 20240102000000_bad.sql:3 fails: relation "acounts" does not exist',
  ]);
  const asJson = await cli(['ci', '--no-lint', '--json'], r.root, { ...NO_CI_ENV, GITHUB_ACTIONS: 'true', GITHUB_BASE_REF: 'main' });
  assert.equal(JSON.parse(asJson.stdout).upgrade.status, 'failed');
});

test('the new migrations are linted: an error-level finding fails ci and is annotated at its line, warnings pass', async () => {
  const r = new Repo();
  r.commit({ '20240101000000_init.sql': 'CREATE TABLE accounts (id integer PRIMARY KEY);\nCREATE TABLE tags (id integer PRIMARY KEY);\n' }, 'init');
  r.git('checkout', '-q', '-b', 'feature');
  // PG101: an index built without CONCURRENTLY on a table that exists (and may be in use).
  r.commit({ '20240102000000_index.sql': 'CREATE TABLE labels (id integer PRIMARY KEY);\n\nCREATE INDEX tags_id ON tags (id);\n' }, 'index');
  const asError = await ci({ dir: r.dir, gitBase: 'main', lint: { rules: { PG101: 'error' } } });
  assert.equal(asError.lint.status, 'failed', asError.lint.message);
  const pg101 = asError.lint.diagnostics.find((d) => d.code === 'PG101');
  assert.equal(pg101?.file, '20240102000000_index.sql');
  assert.equal(pg101?.line, 3);
  assert.equal(asError.upgrade.status, 'passed');
  assert.equal(asError.exitCode, 1);

  const asWarning = await ci({ dir: r.dir, gitBase: 'main', lint: { rules: { PG101: 'warning' } } });
  assert.ok(asWarning.lint.diagnostics.some((d) => d.code === 'PG101' && d.severity === 'warning'));
  assert.ok(asWarning.lint.diagnostics.every((d) => d.severity !== 'error'), asWarning.lint.message);
  assert.equal(asWarning.lint.status, 'passed', asWarning.lint.message);
  assert.equal(asWarning.ok, true);

  // The config file's lint section is what the CLI passes.
  writeFileSync(`${r.root}/cairn.config.ts`, "export default { lint: { rules: { PG101: 'error' } } };\n");
  const gh = await cli(['ci', '--git-base', 'main'], r.root, { ...NO_CI_ENV, GITHUB_ACTIONS: 'true' });
  assert.equal(gh.code, 1, gh.stdout + gh.stderr);
  assert.match(gh.stdout, /^::error file=migrations\/20240102000000_index\.sql,line=3,col=1,title=PG101::/m);
  assert.match(gh.stdout, /^FAILED +lint +1 error\(s\)/m);
  assert.match(gh.stdout, /migrations\/20240102000000_index\.sql:3:1 PG101 error: /);
});
