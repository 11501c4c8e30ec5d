/**
 * Which migrations lint reviews: --latest N, named files (and the errors for files that are no
 * migration of the directory), and --git-base REF in a real git repository (committed, changed
 * and untracked files; a ref that does not exist; no repository at all).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lint, type LintOptions } from '../../src/commands/lint.js';
import { CairnError } from '../../src/errors.js';
import { tempDir, writeTree } from '../cli/helpers.js';
import { changeRule } from './engine-helpers.js';

const FILES = {
  'migrations/1_init.sql': 'CREATE TABLE users (id int PRIMARY KEY, name text);\n',
  'migrations/2_a.sql': 'ALTER TABLE users ADD COLUMN a int;\n',
  'migrations/3_b.sql': 'ALTER TABLE users ADD COLUMN b int;\n',
  'migrations/4_c.sql': 'ALTER TABLE users ADD COLUMN c int;\n',
};

const reviewed = async (cwd: string, opts: Partial<LintOptions>) => {
  const r = await lint({ dir: join(cwd, 'migrations'), cwd, rules: [changeRule()], ...opts });
  return r.files.map((f) => f.file);
};

const usage = (pattern: RegExp) => (e: unknown) => {
  assert.ok(e instanceof CairnError, String(e));
  assert.equal(e.code, 'USAGE');
  assert.match(e.message, pattern);
  return true;
};

test('--latest N reviews the last N in the directory\'s order; the default is the last one', async () => {
  const cwd = writeTree(FILES);
  assert.deepEqual(await reviewed(cwd, {}), ['4_c.sql']);
  assert.deepEqual(await reviewed(cwd, { latest: 2 }), ['3_b.sql', '4_c.sql']);
  assert.deepEqual(await reviewed(cwd, { latest: 1000 }), ['1_init.sql', '2_a.sql', '3_b.sql', '4_c.sql']);
  await assert.rejects(reviewed(cwd, { latest: 0 }), usage(/--latest must be a whole number/));
  await assert.rejects(reviewed(cwd, { latest: 1, files: ['migrations/2_a.sql'] }), usage(/one way/));
});

test('named files: reviewed in the directory\'s order whatever order they are named in; each against the history before it', async () => {
  const cwd = writeTree(FILES);
  const rule = changeRule();
  const r = await lint({ dir: join(cwd, 'migrations'), cwd, files: ['migrations/4_c.sql', './migrations/2_a.sql'], rules: [rule] });
  assert.deepEqual(r.files.map((f) => f.file), ['2_a.sql', '4_c.sql']);
  assert.deepEqual(r.selection, { mode: 'files', files: ['4_c.sql', '2_a.sql'] });
  // 3_b.sql is not under review but runs in between: 4_c.sql runs on a users table with column b.
  const last = rule.passes.at(-1)!;
  assert.ok(last.before.schemas[0]!.tables[0]!.columns.some((c) => c.name === 'b'));
  assert.deepEqual(r.diagnostics.map((d) => `${d.file} ${d.message}`), ['2_a.sql AddColumn users.a', '4_c.sql AddColumn users.c']);
});

test('named files that are no migration of the directory are clear errors naming them', async () => {
  const cwd = writeTree({
    ...FILES,
    'other/5_x.sql': 'SELECT 1;\n',
    'migrations/notes.txt': 'hello',
    'gm/000001_init.up.sql': 'CREATE TABLE t (id int);\n',
    'gm/000001_init.down.sql': 'DROP TABLE t;\n',
  });
  await assert.rejects(reviewed(cwd, { files: ['other/5_x.sql'] }), usage(/^other\/5_x\.sql is outside the migration directory /));
  await assert.rejects(reviewed(cwd, { files: ['migrations/9_missing.sql'] }), usage(/^migrations\/9_missing\.sql: no such file/));
  await assert.rejects(reviewed(cwd, { files: ['migrations/notes.txt'] }), usage(/^migrations\/notes\.txt is not a migration of .*\(atlas format\)/));
  const gm = await lint({ dir: join(cwd, 'gm'), cwd, files: ['gm/000001_init.up.sql'], rules: [changeRule()] });
  assert.deepEqual(gm.files.map((f) => f.file), ['000001_init.up.sql']);
  await assert.rejects(lint({ dir: join(cwd, 'gm'), cwd, files: ['gm/000001_init.down.sql'], rules: [] }), usage(/is the down part of migration 000001; lint reviews up parts \(000001_init\.up\.sql\)/));
});

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' } });
}

test('--git-base: files added or changed since the merge-base, untracked ones included; a bad ref or no repository is a clear error', async () => {
  const cwd = writeTree({ 'migrations/1_init.sql': FILES['migrations/1_init.sql'], 'migrations/2_a.sql': FILES['migrations/2_a.sql'], 'README.md': 'x' });
  git(cwd, 'init', '-q', '-b', 'main');
  git(cwd, 'add', '.');
  git(cwd, 'commit', '-q', '-m', 'base');
  git(cwd, 'checkout', '-q', '-b', 'feature');
  writeFileSync(join(cwd, 'migrations/3_b.sql'), FILES['migrations/3_b.sql']);
  git(cwd, 'add', '.');
  git(cwd, 'commit', '-q', '-m', 'feature');
  // main moves on after the branch left it: its new file is not the branch's.
  git(cwd, 'checkout', '-q', 'main');
  writeFileSync(join(cwd, 'migrations/0_main.sql'), 'CREATE TABLE m (id int);\n');
  git(cwd, 'add', '.');
  git(cwd, 'commit', '-q', '-m', 'main moves');
  git(cwd, 'checkout', '-q', 'feature');
  writeFileSync(join(cwd, 'migrations/4_c.sql'), FILES['migrations/4_c.sql']); // untracked
  writeFileSync(join(cwd, 'README.md'), 'changed, outside the directory');
  const base = git(cwd, 'merge-base', 'main', 'HEAD').trim();
  const r = await lint({ dir: join(cwd, 'migrations'), cwd, gitBase: 'main', rules: [changeRule()] });
  assert.deepEqual(r.files.map((f) => f.file), ['3_b.sql', '4_c.sql']);
  assert.deepEqual(r.selection, { mode: 'git-base', gitBase: 'main', mergeBase: base });
  // An edited old file is reviewed too (the history before it replays; the rest in between runs whole).
  writeFileSync(join(cwd, 'migrations/2_a.sql'), 'ALTER TABLE users ADD COLUMN a bigint;\n');
  assert.deepEqual(await reviewed(cwd, { gitBase: 'main' }), ['2_a.sql', '3_b.sql', '4_c.sql']);
  // From a subdirectory, relative to the repository.
  assert.deepEqual(await reviewed(join(cwd, 'migrations'), { dir: join(cwd, 'migrations'), gitBase: 'main' }), ['2_a.sql', '3_b.sql', '4_c.sql']);

  // Nothing changed: no migration to lint, and no dev database started.
  git(cwd, 'add', '.');
  git(cwd, 'commit', '-q', '-m', 'all in');
  const none = await lint({ dir: join(cwd, 'migrations'), cwd, gitBase: 'HEAD', rules: [changeRule()] });
  assert.deepEqual(none.files, []);
  assert.equal(none.devUrl, undefined);

  await assert.rejects(reviewed(cwd, { gitBase: 'no-such-branch' }), usage(/^--git-base no-such-branch does not exist in the repository at /));
  const bare = tempDir();
  writeTree({ 'migrations/1_init.sql': FILES['migrations/1_init.sql'] }, bare);
  await assert.rejects(reviewed(bare, { gitBase: 'main' }), usage(/ is not in a git repository: --git-base compares the migration directory/));
});
