/**
 * The runner through the CLI, on SQLite (file), PGlite (a data directory), PostgreSQL and
 * MariaDB: new → write SQL → hash → apply → status → one more → status exit 2 → apply → down
 * (refused without down SQL, works with golang-migrate down files) → set; and a failing
 * migration. The servers must be up: test/helpers/db.ts throws when they are not.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { freshDatabases, TARGETS, userTables, type TargetName } from '../helpers/db.js';
import { cairn, ROOT } from '../helpers/cli.js';
import { afterTarget, cairnBatch, expectExit, json, tempDir, writeTree, type CliResult } from './helpers.js';

const fresh = freshDatabases(after);


const newFile = (r: CliResult) => json(expectExit(r, 0, 'new')).files[0] as string;

describe('the runner through the CLI on every target', () => {
  for (const target of Object.keys(TARGETS) as TargetName[]) {
    it(`${target}: new, hash, apply, status, down, set`, async () => {
      const db = await fresh(target);
      const root = tempDir();
      const url = db.url;
      // 1. `new`, then write SQL: apply refuses the edited file until `hash`.
      const [n1] = await cairnBatch([{ args: ['new', 'create users', '--json'], cwd: root }], 1);
      const f1 = newFile(n1);
      const v1 = json(n1).version as string;
      writeFileSync(f1, 'CREATE TABLE users (\n  id integer PRIMARY KEY,\n  email varchar(200) NOT NULL\n);\n');
      const [refused, hashed, applied, st] = await cairnBatch(
        [
          { args: ['apply', '--url', url], cwd: root },
          { args: ['hash'], cwd: root },
          { args: ['apply', '--url', url, '--json'], cwd: root },
          { args: ['status', '--url', url], cwd: root },
        ],
        1,
      );
      expectExit(refused, 3, 'apply before hash');
      assert.match(refused.stderr, new RegExp(`^error: atlas\\.sum does not match .*\\n  L2: ${v1}_create_users\\.sql was edited\\n`));
      expectExit(hashed, 0);
      const a = json(expectExit(applied, 0, 'apply'));
      assert.deepEqual(a.applied.map((m: { version: string; description: string }) => [m.version, m.description]), [[v1, 'create_users']]);
      assert.equal(a.current, v1);
      assert.equal(afterTarget(expectExit(st, 0, 'status').stdout, url), `current version: ${v1}\napplied: 1, pending: 0\n`);
      assert.deepEqual(await userTables(target, db), ['users']);

      // 2. One more migration: status exits 2 and lists it; apply runs it.
      const [n2] = await cairnBatch([{ args: ['new', 'add orders', '--json'], cwd: root }], 1);
      const f2 = newFile(n2);
      const v2 = json(n2).version as string;
      assert.ok(BigInt(v2) > BigInt(v1));
      writeFileSync(f2, 'CREATE TABLE orders (id integer PRIMARY KEY, user_id integer NOT NULL);\n');
      const [h2, pending, pendingJson, dry, applied2, st2, down, set, st3] = await cairnBatch(
        [
          { args: ['hash'], cwd: root },
          { args: ['status', '--url', url], cwd: root },
          { args: ['status', '--url', url, '--json'], cwd: root },
          { args: ['apply', '--dry-run', '--url', url], cwd: root },
          { args: ['apply', '--url', url], cwd: root },
          { args: ['status', '--url', url], cwd: root },
          { args: ['down', '--url', url], cwd: root },
          { args: ['set', v1, '--url', url], cwd: root },
          { args: ['status', '--url', url], cwd: root },
        ],
        1,
      );
      expectExit(h2, 0);
      assert.equal(afterTarget(expectExit(pending, 2, 'status with pending').stdout, url), `current version: ${v1}\napplied: 1, pending: 1\n  pending ${v2} add_orders\n`);
      const pj = json(expectExit(pendingJson, 2));
      assert.deepEqual(pj.pending, [{ version: v2, description: 'add_orders', migrationKind: 'sql' }]);
      assert.equal(pj.current, v1);
      assert.ok(!JSON.stringify(pj).includes('password'));
      assert.equal(
        afterTarget(expectExit(dry, 0, 'dry run').stdout, url),
        `dry run: 1 migration(s) would be applied\n-- ${v2} add_orders\nCREATE TABLE orders (id integer PRIMARY KEY, user_id integer NOT NULL);\n`,
      );
      expectExit(applied2, 0, 'apply 2');
      assert.equal(afterTarget(applied2.stdout, url), `1 migration(s) applied, current version ${v2}\n`);
      assert.match(applied2.stderr, new RegExp(`applying ${v2} add_orders`));
      assert.equal(afterTarget(expectExit(st2, 0).stdout, url), `current version: ${v2}\napplied: 2, pending: 0\n`);
      // Atlas-format files written by `new` have no down part: down refuses and changes nothing.
      expectExit(down, 1, 'down without down SQL');
      assert.match(down.stderr, new RegExp(`^error: cannot roll back: no down SQL stored .* for ${v2}`));
      assert.match(down.stderr, /hint: nothing was rolled back/);
      assert.deepEqual(await userTables(target, db), ['orders', 'users']);
      // set moves the recorded version without touching the schema.
      assert.equal(afterTarget(expectExit(set, 0, 'set').stdout, url), `database marked at version ${v1}; forgot 1 revision(s) above it\n`);
      assert.equal(afterTarget(expectExit(st3, 2).stdout, url), `current version: ${v1}\napplied: 1, pending: 1\n  pending ${v2} add_orders\n`);
      assert.deepEqual(await userTables(target, db), ['orders', 'users']);
    });

    it(`${target}: down with golang-migrate down files, and a failing migration`, async () => {
      const db = await fresh(target);
      const url = db.url;
      const root = writeTree({
        'migrations/000001_a.up.sql': 'CREATE TABLE a (id integer);\n',
        'migrations/000001_a.down.sql': 'DROP TABLE a;\n',
        'migrations/000002_b.up.sql': 'CREATE TABLE b (id integer);\n',
        'migrations/000002_b.down.sql': 'DROP TABLE b;\n',
        'migrations/000003_bad.up.sql': 'CREATE TABLE c (id integer);\nINSERT INTO no_such_table VALUES (1);\n',
        'migrations/000003_bad.down.sql': 'DROP TABLE c;\n',
      });
      const [h, up2, down1, st, failing, stFail] = await cairnBatch(
        [
          { args: ['hash'], cwd: root },
          { args: ['apply', '2', '--url', url], cwd: root },
          { args: ['down', '--url', url, '--json'], cwd: root },
          { args: ['status', '--url', url], cwd: root },
          { args: ['apply', '--url', url], cwd: root },
          { args: ['status', '--url', url, '--json'], cwd: root },
        ],
        1,
      );
      expectExit(h, 0);
      assert.equal(afterTarget(expectExit(up2, 0).stdout, url), '2 migration(s) applied, current version 000002\n');
      const d = json(expectExit(down1, 0, 'down'));
      assert.deepEqual(d.reverted.map((m: { version: string; down: string }) => [m.version, m.down]), [['000002', 'DROP TABLE b;\n']]);
      assert.equal(d.current, '000001');
      assert.equal(afterTarget(expectExit(st, 2).stdout, url), 'current version: 000001\napplied: 1, pending: 2\n  pending 000002 b\n  pending 000003 bad\n');
      // The failure: exit 1, file:line:column, the statement and the server's message.
      expectExit(failing, 1, 'failing apply');
      const lines = failing.stderr.split('\n');
      const err = lines.find((l) => l.startsWith('error: '))!;
      // PostgreSQL reports where in the statement it failed (the table name, column 13).
      const column = target === 'postgres' || target === 'pglite' ? 13 : 1;
      assert.match(err, new RegExp(`^error: migration 000003 failed at 000003_bad\\.up\\.sql:2:${column} \\(statement 2 of 2\\) \\[[^\\]]+\\]: .*no_such_table`));
      assert.equal(failing.stderr.split('statement: INSERT INTO no_such_table VALUES (1)').length, 2, 'the statement is printed once');
      assert.ok(!failing.stderr.includes('Sup3rS3cret'));
      const sf = json(stFail);
      assert.equal(sf.current === '000002' || sf.current === '000003', true);
      const tables = await userTables(target, db);
      assert.ok(tables.includes('a') && tables.includes('b'), tables.join());
    });
  }
});

describe('status reports what apply would refuse', () => {
  it('sqlite: an edited file, a deleted one and a deleted newest one are named in text, exit 3', async () => {
    const db = await fresh('sqlite');
    const root = writeTree({
      'migrations/1_a.sql': 'CREATE TABLE a (id integer);\n',
      'migrations/2_b.sql': 'CREATE TABLE b (id integer);\n',
      'migrations/3_c.sql': 'CREATE TABLE c (id integer);\n',
      'migrations/4_d.sql': 'CREATE TABLE d (id integer);\n',
    });
    const [h, a] = await cairnBatch([{ args: ['hash'], cwd: root }, { args: ['apply', '--url', db.url], cwd: root }], 1);
    expectExit(h, 0);
    expectExit(a, 0, 'apply');
    // Only the newest file deleted: missing from the directory, never "applied by a newer version".
    rmSync(join(root, 'migrations/4_d.sql'));
    const [h1, onlyNewest] = await cairnBatch([{ args: ['hash'], cwd: root }, { args: ['status', '--url', db.url], cwd: root }], 1);
    expectExit(h1, 0);
    const dHash = (await revisionHashes(db.url))['4'];
    assert.equal(afterTarget(expectExit(onlyNewest, 3, 'status, newest file deleted').stdout, db.url), [
      'current version: 4',
      'applied: 3, pending: 0, missing: 1',
      `  missing 4 d (4_d.sql): applied (hash ${dHash}), but missing from the directory (deleted, or applied from a newer checkout of it)`,
      'apply refuses this history: restore the files as they were applied (add changes as new migrations), or record what the database holds with `cairn set <version>`; --allow-unknown applies despite revisions newer than the directory',
      '',
    ].join('\n'));
    assert.doesNotMatch(onlyNewest.stdout, /newer version/);
    // Then an edited file and a deleted one inside the directory's range as well.
    writeFileSync(join(root, 'migrations/2_b.sql'), 'CREATE TABLE b (id integer, x integer);\n');
    rmSync(join(root, 'migrations/1_a.sql'));
    const [h2, st, stJson] = await cairnBatch(
      [{ args: ['hash'], cwd: root }, { args: ['status', '--url', db.url], cwd: root }, { args: ['status', '--url', db.url, '--json'], cwd: root }],
      1,
    );
    expectExit(h2, 0);
    const j = json(expectExit(stJson, 3, 'status --json'));
    const stored = await revisionHashes(db.url);
    assert.deepEqual(j.edited, [{ version: '2', file: '2_b.sql', stored: stored['2'], current: j.edited[0].current }]);
    assert.notEqual(j.edited[0].current, stored['2']);
    assert.deepEqual(j.missing.map((m: Record<string, unknown>) => [m.version, m.file, m.hash]), [['1', '1_a.sql', stored['1']]]);
    assert.deepEqual(j.unknown.map((m: Record<string, unknown>) => [m.version, m.file, m.hash]), [['4', '4_d.sql', stored['4']]]);
    assert.equal(j.integrity, true);
    assert.equal(afterTarget(expectExit(st, 3, 'status').stdout, db.url), [
      'current version: 4',
      'applied: 2, pending: 0, edited: 1, missing: 2',
      `  edited 2 2_b.sql: applied with hash ${stored['2']}, the file's hash is now ${j.edited[0].current}`,
      `  missing 1 a (1_a.sql): applied (hash ${stored['1']}), but missing from the directory (deleted or renamed since)`,
      `  missing 4 d (4_d.sql): applied (hash ${stored['4']}), but missing from the directory (deleted, or applied from a newer checkout of it)`,
      'apply refuses this history: restore the files as they were applied (add changes as new migrations), or record what the database holds with `cairn set <version>`; --allow-unknown applies despite revisions newer than the directory',
      '',
    ].join('\n'));
  });
});

/** Output without the `target: <masked url>` line a runner command starts with (tested elsewhere). */
function withoutTarget(out: string): string {
  return out.replace(/^target: .*\n/, '');
}

/** The stored hash of every revision, by version. */
async function revisionHashes(url: string): Promise<Record<string, string>> {
  const c = new Database(url.replace(/^sqlite:/, ''), { readonly: true });
  try {
    const rows = c.prepare("SELECT version, hash FROM cairn_revisions WHERE kind <> 'meta'").all() as { version: string; hash: string }[];
    return Object.fromEntries(rows.map((r) => [r.version, r.hash]));
  } finally {
    c.close();
  }
}

/** Starts the CLI as a child process (so that it can be sent signals) and collects its output. */
function cairnChild(args: readonly string[], cwd: string, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), join(ROOT, 'src/cli/bin.ts'), ...args], {
    cwd, env: { ...process.env, NO_COLOR: '1', CI: 'true', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters: { re: RegExp; resolve: () => void }[] = [];
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => {
    stderr += d;
    for (const w of waiters.splice(0)) if (w.re.test(stderr)) w.resolve(); else waiters.push(w);
  });
  const done = new Promise<CliResult>((resolve) => child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr })));
  return {
    done,
    kill: (sig: NodeJS.Signals) => child.kill(sig),
    /** Resolves when stderr matches `re` (rejects if the process ends first). */
    stderrMatches: (re: RegExp) => Promise.race([
      new Promise<void>((resolve) => (re.test(stderr) ? resolve() : waiters.push({ re, resolve }))),
      done.then((r) => assert.fail(`ended before stderr matched ${re}: ${JSON.stringify(r)}`)),
    ]),
  };
}

describe('signals', () => {
  it('postgres: SIGINT during the last pending file: it finishes, the output says interrupted, exit 130', async () => {
    const db = await fresh('postgres');
    const root = writeTree({
      'migrations/1_a.sql': 'CREATE TABLE a (id integer);\n',
      'migrations/2_slow.sql': 'SELECT pg_sleep(2);\nCREATE TABLE slow (id integer);\n',
    });
    expectExit(await cairn(['hash'], { cwd: root }), 0);
    const run = cairnChild(['apply', '--url', db.url], root);
    await run.stderrMatches(/applying 2 slow/);
    await new Promise((r) => setTimeout(r, 500));
    run.kill('SIGINT');
    const r = await run.done;
    expectExit(r, 130, 'apply interrupted during its last file');
    assert.match(r.stderr, /received SIGINT: finishing the current step, then stopping/);
    assert.match(r.stderr, /interrupted: 2 of 2 migration\(s\) applied/);
    assert.equal(afterTarget(r.stdout, db.url), '2 migration(s) applied, current version 2 (interrupted)\n');
    // The file finished (its transaction committed with its revision row): nothing is pending.
    const st = expectExit(await cairn(['status', '--url', db.url], { cwd: root }), 0, 'status after');
    assert.equal(afterTarget(st.stdout, db.url), 'current version: 2\napplied: 2, pending: 0\n');
    assert.deepEqual(await userTables('postgres', db), ['a', 'slow']);
  });
});

describe('progress at a terminal', () => {
  const files = {
    'migrations/1_a.sql': 'CREATE TABLE a (id integer);\nCREATE TABLE a2 (id integer);\n',
    'migrations/2_b.sql': '-- atlas:txmode none\nCREATE TABLE b1 (id integer);\nCREATE TABLE b2 (id integer);\nCREATE TABLE b3 (id integer);\n',
  };

  it('sqlite apply: one rewritten line per step with CAIRN_PROGRESS=1, none when stderr is not a terminal', async () => {
    const plain = await fresh('sqlite');
    const forced = await fresh('sqlite');
    const root = writeTree(files);
    expectExit(await cairn(['hash'], { cwd: root }), 0);
    const [p, f] = await Promise.all([
      cairn(['apply', '--url', plain.url], { cwd: root }),
      cairn(['apply', '--url', forced.url], { cwd: root, env: { CAIRN_PROGRESS: '1' } }),
    ]);
    // Not a terminal (the tests' default): the per-file log lines, nothing rewritten.
    expectExit(p, 0, 'plain');
    assert.doesNotMatch(p.stderr, /\r|\x1b|\[\d+\/\d+\]/);
    assert.match(withoutTarget(p.stderr), /^applying 1 a\napplied 1 in \d+ ms\napplying 2 b\napplied 2 in \d+ ms\n$/);
    // Forced on: the step in progress is rewritten in place; finished files stay as lines.
    expectExit(f, 0, 'forced');
    assert.doesNotMatch(f.stdout, /\r|\x1b|\[\d+\/\d+\]/, 'progress goes to stderr only');
    const erase = '\r\x1b[2K';
    assert.ok(withoutTarget(f.stderr).startsWith(`${erase}[1/2] 1_a.sql (2 statements)`), JSON.stringify(f.stderr));
    // In order (a slow step may be drawn again with its seconds: " · 2s").
    let at = 0;
    for (const step of ['[1/2] 1_a.sql (2 statements)', 'applied 1 in ', '[2/2] 2_b.sql statement 1/3', '[2/2] 2_b.sql statement 2/3', '[2/2] 2_b.sql statement 3/3', 'applied 2 in ']) {
      const i = f.stderr.indexOf(`${erase}${step}`, at);
      assert.ok(i >= at, `${step} after offset ${at} in ${JSON.stringify(f.stderr)}`);
      at = i;
    }
    assert.match(f.stderr, /applied 2 in \d+ ms\n$/);
    // With --json there is no progress at all, even forced.
    const j = await cairn(['status', '--url', forced.url, '--json'], { cwd: root, env: { CAIRN_PROGRESS: '1' } });
    assert.equal(expectExit(j, 0).stderr, '');
  });

  it('diff: the dev database start, replay and inspections at a terminal, nothing otherwise', async () => {
    const root = writeTree({ 'migrations/1_a.sql': 'CREATE TABLE a (id integer);\n', 'schema.sql': 'CREATE TABLE a (id integer);\nCREATE TABLE b (id integer);\n' });
    expectExit(await cairn(['hash'], { cwd: root }), 0);
    const [plain, forced] = await Promise.all([
      cairn(['diff', 'add_b', '--to', 'schema.sql', '--dry-run'], { cwd: root }),
      cairn(['diff', 'add_b', '--to', 'schema.sql', '--dry-run'], { cwd: root, env: { CAIRN_PROGRESS: '1' } }),
    ]);
    expectExit(plain, 0, 'diff');
    expectExit(forced, 0, 'diff with progress');
    assert.equal(forced.stdout, plain.stdout);
    assert.doesNotMatch(plain.stderr, /\r|replaying|inspecting/);
    const erase = '\r\x1b[2K';
    const shown = forced.stderr.split(erase).map((s) => s.replace(/ · \d+s$/, '')).filter((s) => s !== '');
    assert.deepEqual([...new Set(shown)], [
      'starting the dev database (embedded PostgreSQL)',
      'replaying 1 migration(s) on the dev database',
      'inspecting the current schema',
      'loading the desired schema',
      'inspecting the desired schema',
    ]);
    assert.ok(forced.stderr.endsWith(erase), 'the line is erased at the end');
  });
});

describe('the progress line', () => {
  it('shows seconds once a step is slow, never wraps a narrow terminal, and is erased at the end', async () => {
    const { ProgressLine, terminalProgress } = await import('../../src/cli/progress.js');
    let out = '';
    let now = 1_000;
    const narrow = new ProgressLine({ isTTY: true, columns: 24, write: (s: string) => (out += s) }, () => now);
    narrow.show('[3/120] 20240101_x.sql statement 4/10');
    narrow.clear();
    assert.equal(out, '\r\x1b[2K[3/120] 20240101_x.sql…\r\x1b[2K');
    out = '';
    const line = new ProgressLine({ isTTY: true, write: (s: string) => (out += s) }, () => now);
    line.show('[1/1] a.sql');
    now += 2_500;
    line.show('[1/1] a.sql statement 2/2');
    now += 3_000;
    (line as unknown as { render(): void }).render();
    assert.equal(out, '\r\x1b[2K[1/1] a.sql\r\x1b[2K[1/1] a.sql statement 2/2\r\x1b[2K[1/1] a.sql statement 2/2 · 3s');
    out = '';
    line.log('applied 1 in 5 ms');
    line.clear();
    assert.equal(out, '\r\x1b[2Kapplied 1 in 5 ms\n', 'erased once, then nothing left to erase');
    // When: a TTY outside CI and without --json, or forced.
    const tty = { isTTY: true, write: () => true };
    const pipe = { isTTY: false, write: () => true };
    assert.equal(terminalProgress(false, tty, {}), true);
    assert.equal(terminalProgress(false, tty, { CI: 'true' }), false);
    assert.equal(terminalProgress(false, tty, { CI: '0' }), true);
    assert.equal(terminalProgress(true, tty, {}), false);
    assert.equal(terminalProgress(false, pipe, {}), false);
    assert.equal(terminalProgress(false, pipe, { CI: 'true', CAIRN_PROGRESS: '1' }), true);
    assert.equal(terminalProgress(false, tty, { CAIRN_PROGRESS: '0' }), false);
  });
});
