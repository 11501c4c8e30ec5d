/**
 * The founding documents' two-branches scenario, in real git repositories, on the embedded dev
 * database (PGlite, the default): two branches each add a migration. When both create `users`,
 * merging them conflicts in atlas.sum (caught by `validate`), and once the sum is regenerated
 * `ci` reports the merge as non-linear and non-commuting; two migrations that touch different
 * tables pass the merge check.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ci } from '../../src/commands/ci.js';
import { checkMergeable } from '../../src/ci/merge-check.js';
import { checkUpgrade } from '../../src/ci/upgrade-check.js';
import { cairn } from '../helpers/cli.js';
import { cli, Repo } from './git-repo.js';

const INIT = { '20240101000000_init.sql': 'CREATE TABLE accounts (id integer PRIMARY KEY);\n' };

/**
 * twoBranches: main and `feature` fork after INIT; feature adds `ours` (the older version),
 * then main adds `theirs` (the newer one). Returns the repo with feature checked out.
 */
function twoBranches(ours: Record<string, string>, theirs: Record<string, string>): Repo {
  const r = new Repo();
  r.commit(INIT, 'init');
  r.git('checkout', '-q', '-b', 'feature');
  r.commit(ours, 'feature');
  r.git('checkout', '-q', 'main');
  r.commit(theirs, 'main');
  r.git('checkout', '-q', 'feature');
  return r;
}

/** mergeMain merges main into the checked-out branch; a conflict in atlas.sum is resolved by keeping this branch's sum, as a hurried developer would. */
function mergeMain(r: Repo): { conflicted: boolean } {
  const code = r.gitStatus('merge', '-q', '--no-edit', 'main');
  if (code === 0) return { conflicted: false };
  assert.equal(r.git('diff', '--name-only', '--diff-filter=U'), 'migrations/atlas.sum', 'only atlas.sum conflicts');
  r.git('checkout', '--ours', '--', 'migrations/atlas.sum');
  r.git('add', '-A');
  r.git('commit', '-q', '--no-edit');
  return { conflicted: true };
}

const USERS_B = { '20240102000000_users_b.sql': 'CREATE TABLE users (id integer PRIMARY KEY, name text);\n' };
const USERS_A = { '20240103000000_users_a.sql': 'CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL);\n' };

test('two branches that both create users: validate catches the sum conflict, then ci reports non-linear and non-commuting', async () => {
  const r = twoBranches(USERS_B, USERS_A);
  assert.deepEqual(mergeMain(r), { conflicted: true });

  // The merged atlas.sum is one branch's: validate says which file it does not cover.
  const validate = await cli(['validate'], r.root);
  assert.equal(validate.code, 3, validate.stdout + validate.stderr);
  assert.match(validate.stdout, /20240103000000_users_a\.sql was added/);
  const early = await ci({ dir: r.dir, gitBase: 'main', lint: false });
  assert.equal(early.validate.status, 'failed');
  assert.equal(early.exitCode, 3, 'a sum conflict is an integrity failure');
  assert.equal(early.merge.status, 'failed', 'the merge check still runs beside a broken sum');

  // After `cairn hash` the sum is fine, and the merge itself is what fails.
  r.commit({}, 'rehash');
  const res = await ci({ dir: r.dir, gitBase: 'main', lint: false });
  assert.equal(res.validate.status, 'passed', res.validate.message);
  assert.deepEqual(res.added.map((m) => m.file), ['20240102000000_users_b.sql']);
  const m = res.merge.result;
  assert.equal(m.linear, false);
  assert.deepEqual(m.outOfOrder.map((x) => x.file), ['20240102000000_users_b.sql']);
  assert.equal(m.baseNewest?.file, '20240103000000_users_a.sql');
  assert.equal(m.commutes, false);
  assert.equal(m.baseFirst?.failure?.file, '20240102000000_users_b.sql', 'production runs the branch\'s file after users exists');
  assert.equal(m.versionOrder?.failure?.file, '20240103000000_users_a.sql', 'a new database runs main\'s file after users exists');
  assert.match(m.baseFirst!.failure!.reason, /users.*already exists/);
  assert.match(res.merge.message, /non-linear.*do not commute/);
  // The upgrade (production: main's migrations, then the branch's) fails on the branch's file, line 1.
  assert.equal(res.upgrade.status, 'failed');
  assert.equal(res.upgrade.result.failure?.file, '20240102000000_users_b.sql');
  assert.equal(res.upgrade.result.failure?.line, 1);
  assert.equal(res.upgrade.result.failure?.in, 'new');
  assert.equal(res.ok, false);
  assert.equal(res.exitCode, 1);

  // As a user runs it: a child process, exit 1, every check on its own line.
  const run = await cairn(['ci', '--git-base', 'main', '--no-lint'], { cwd: r.root, env: { GITHUB_ACTIONS: '', GITHUB_BASE_REF: '' } });
  assert.equal(run.code, 1, run.stdout + run.stderr);
  assert.match(run.stdout, /^passed +validate/m);
  assert.match(run.stdout, /^FAILED +merge +non-linear: 20240102000000_users_b\.sql sorts below the base's newest migration 20240103000000_users_a\.sql/m);
  assert.match(run.stdout, /^FAILED +upgrade .*20240102000000_users_b\.sql:1 fails: relation "users" already exists/m);
  assert.match(run.stdout, /ci: 2 check\(s\) failed/);
});

test('two branches that touch different tables pass the merge check, out of order or not', async () => {
  const r = twoBranches(
    { '20240102000000_products.sql': 'CREATE TABLE products (id integer PRIMARY KEY, title text NOT NULL);\nCREATE INDEX products_title ON products (title);\n' },
    { '20240103000000_orders.sql': 'CREATE TABLE orders (id integer PRIMARY KEY, account_id integer REFERENCES accounts (id));\n' },
  );
  assert.deepEqual(mergeMain(r), { conflicted: true });
  r.commit({}, 'rehash');
  const res = await ci({ dir: r.dir, gitBase: 'main', lint: false });
  assert.equal(res.validate.status, 'passed');
  assert.equal(res.merge.status, 'passed', res.merge.message);
  assert.equal(res.merge.result.linear, false);
  assert.equal(res.merge.result.commutes, true);
  assert.deepEqual(res.merge.result.difference, []);
  assert.equal(res.upgrade.status, 'passed', res.upgrade.message);
  assert.equal(res.ok, true);
  assert.equal(res.exitCode, 0);

  // The same from the branch before it merged main: the merged directory is worked out from git.
  r.git('reset', '-q', '--hard', 'HEAD~2');
  assert.deepEqual(r.git('log', '--format=%s').split('\n'), ['feature', 'init']);
  const before = await checkMergeable({ dir: r.dir, gitBase: 'main' });
  assert.equal(before.ok, true, before.message);
  assert.equal(before.commutes, true);
  assert.deepEqual(before.versionOrder?.files, ['20240101000000_init.sql', '20240102000000_products.sql', '20240103000000_orders.sql']);
  assert.deepEqual(before.baseFirst?.files, ['20240101000000_init.sql', '20240103000000_orders.sql', '20240102000000_products.sql']);

  // A branch whose new migration sorts after main's newest merges linearly: nothing to replay twice.
  r.git('checkout', '-q', 'main');
  r.git('checkout', '-q', '-b', 'later');
  r.commit({ '20240104000000_tags.sql': 'CREATE TABLE tags (id integer PRIMARY KEY);\n' }, 'later');
  const linear = await checkMergeable({ dir: r.dir, gitBase: 'main' });
  assert.equal(linear.ok, true);
  assert.equal(linear.linear, true);
  assert.equal(linear.baseFirst, undefined, 'a linear merge replays nothing');
  assert.match(linear.message, /^linear: 1 new migration/);
});

test('two orders that both apply but build different schemas: the difference is listed as statements', async () => {
  // main adds a column; the branch (older version) creates a view over the table. Production
  // creates the view after the column exists (the view has it); a new database before.
  const r = twoBranches(
    { '20240102000000_view.sql': 'CREATE VIEW account_list AS SELECT * FROM accounts;\n' },
    { '20240103000000_note.sql': 'ALTER TABLE accounts ADD COLUMN note text;\n' },
  );
  mergeMain(r);
  r.commit({}, 'rehash');
  const res = await checkMergeable({ dir: r.dir, gitBase: 'main' });
  assert.equal(res.ok, false);
  assert.equal(res.commutes, false);
  assert.equal(res.baseFirst?.failure, undefined);
  assert.equal(res.versionOrder?.failure, undefined);
  assert.ok(res.difference.some((s) => /account_list/.test(s)), res.difference.join('\n'));
  assert.match(res.message, /differ from production .* by \d+ statement/);
});

test('the upgrade check names the new file and line that fails after the base, and refuses edits of the base\'s migrations', async () => {
  const r = new Repo();
  r.commit(INIT, 'init');
  r.git('checkout', '-q', '-b', 'feature');
  r.commit({ '20240105000000_bad.sql': 'CREATE TABLE tags (id integer PRIMARY KEY);\n\n-- the column is on accounts\nALTER TABLE account ADD COLUMN tag_id integer REFERENCES tags (id);\n' }, 'bad');
  const up = await checkUpgrade({ dir: r.dir, gitBase: 'main' });
  assert.equal(up.ok, false);
  assert.equal(up.failure?.file, '20240105000000_bad.sql');
  assert.equal(up.failure?.line, 4);
  assert.equal(up.failure?.in, 'new');
  assert.match(up.failure!.statement!, /^ALTER TABLE account ADD COLUMN/);
  assert.match(up.message, /after the base's 1 migration\(s\), 20240105000000_bad\.sql:4 fails: relation "account" does not exist/);

  // Fixed, it passes; editing the base's migration in the branch fails the check (production will not re-run it).
  r.commit({ '20240105000000_bad.sql': 'CREATE TABLE tags (id integer PRIMARY KEY);\nALTER TABLE accounts ADD COLUMN tag_id integer REFERENCES tags (id);\n' }, 'fix');
  const fixed = await checkUpgrade({ dir: r.dir, gitBase: 'main' });
  assert.equal(fixed.ok, true, fixed.message);
  r.commit({ '20240101000000_init.sql': 'CREATE TABLE accounts (id integer PRIMARY KEY, name text);\n' }, 'edit init');
  const edited = await checkUpgrade({ dir: r.dir, gitBase: 'main' });
  assert.equal(edited.ok, false);
  assert.deepEqual(edited.edited.map((m) => m.file), ['20240101000000_init.sql']);
  assert.match(edited.message, /20240101000000_init\.sql is a migration of the base that this branch edited/);
  // Deleting it is refused too.
  r.commit({ '20240101000000_init.sql': null }, 'delete init');
  const removed = await checkUpgrade({ dir: r.dir, gitBase: 'main' });
  assert.equal(removed.ok, false);
  assert.deepEqual(removed.removed.map((m) => m.file), ['20240101000000_init.sql']);
});

test('a base ref that does not exist, and a directory outside any git repository, are clear usage errors', async () => {
  const r = new Repo();
  r.commit(INIT, 'init');
  const bad = await cli(['ci', '--git-base', 'origin/nope'], r.root, { GITHUB_BASE_REF: undefined, CI_MERGE_REQUEST_TARGET_BRANCH_NAME: undefined });
  assert.equal(bad.code, 4, bad.stderr);
  assert.match(bad.stderr, /--git-base origin\/nope does not exist in the repository/);
  assert.match(bad.stderr, /hint: fetch it first/);
  assert.doesNotMatch(bad.stderr, /\n\s+at /, 'no stack trace');
  const asJson = await cli(['ci', '--git-base', 'origin/nope', '--json'], r.root);
  assert.equal(JSON.parse(asJson.stdout).error.code, 'USAGE');

  const { tempDir, writeTree } = await import('../cli/helpers.js');
  const plain = writeTree({ 'migrations/20240101000000_init.sql': INIT['20240101000000_init.sql'] }, tempDir('cairn-ci-nogit-'));
  await cli(['hash'], plain);
  const noRepo = await cli(['ci', '--git-base', 'main'], plain);
  assert.equal(noRepo.code, 4, noRepo.stderr);
  assert.match(noRepo.stderr, /is not in a git repository/);

  const noBase = await cli(['ci'], r.root, { GITHUB_BASE_REF: undefined, CI_MERGE_REQUEST_TARGET_BRANCH_NAME: undefined });
  assert.equal(noBase.code, 4);
  assert.match(noBase.stderr, /ci needs the base branch/);
  // In a GitHub pull-request job the base comes from GITHUB_BASE_REF (origin/<branch>).
  const fromEnv = await cli(['ci'], r.root, { GITHUB_BASE_REF: 'release' });
  assert.equal(fromEnv.code, 4);
  assert.match(fromEnv.stderr, /--git-base origin\/release does not exist/);
});

test('a base without the migration directory, and directories of other formats (golang-migrate numbers, Prisma folders)', async () => {
  // The branch that adds the project's first migrations: everything is new, and linear.
  const first = new Repo();
  first.git('commit', '-q', '--allow-empty', '-m', 'empty');
  first.git('checkout', '-q', '-b', 'feature');
  first.commit({ '20240101000000_init.sql': INIT['20240101000000_init.sql'] }, 'init');
  const res = await ci({ dir: first.dir, gitBase: 'main', lint: false });
  assert.equal(res.ok, true, JSON.stringify(res, null, 2));
  assert.equal(res.upgrade.result.baseMigrations, 0);
  assert.deepEqual(res.added.map((m) => m.file), ['20240101000000_init.sql']);

  // golang-migrate: versions compare as numbers (9 < 10), the down files are no migrations.
  const gm = new Repo();
  gm.commit({ '9_init.up.sql': 'CREATE TABLE a (id integer);\n', '9_init.down.sql': 'DROP TABLE a;\n' }, 'init');
  gm.git('checkout', '-q', '-b', 'feature');
  gm.commit({ '10_b.up.sql': 'CREATE TABLE b (id integer);\n', '10_b.down.sql': 'DROP TABLE b;\n' }, 'b');
  gm.git('checkout', '-q', 'main');
  gm.commit({ '11_c.up.sql': 'CREATE TABLE c (id integer);\n', '11_c.down.sql': 'DROP TABLE c;\n' }, 'c');
  gm.git('checkout', '-q', 'feature');
  const gmMerge = await checkMergeable({ dir: gm.dir, gitBase: 'main' });
  assert.equal(gmMerge.ok, true, gmMerge.message);
  assert.deepEqual(gmMerge.outOfOrder.map((m) => m.file), ['10_b.up.sql']);
  assert.deepEqual(gmMerge.versionOrder?.files, ['9_init.up.sql', '10_b.up.sql', '11_c.up.sql']);

  // Prisma: one folder per migration, read from git one level deep.
  const prisma = new Repo();
  prisma.commit({ 'migration_lock.toml': 'provider = "postgresql"\n', '20240101000000_init/migration.sql': 'CREATE TABLE a (id integer);\n' }, 'init');
  prisma.git('checkout', '-q', '-b', 'feature');
  prisma.commit({ '20240102000000_b/migration.sql': 'ALTER TABLE a ADD COLUMN b integer;\nALTER TABLE nope ADD COLUMN c integer;\n' }, 'b');
  const up = await checkUpgrade({ dir: prisma.dir, gitBase: 'main' });
  assert.equal(up.ok, false);
  assert.equal(up.baseMigrations, 1);
  assert.equal(up.failure?.file, '20240102000000_b/migration.sql');
  assert.equal(up.failure?.line, 2);
});
