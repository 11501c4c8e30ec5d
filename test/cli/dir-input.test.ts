/**
 * `cairn new` in every writable format, and bad input: the CLI in child processes, in temporary
 * directories. Every failure must name the file (and byte or line) and leave the disk as it was.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { cairn, cairnBatch, expectExit, json, snapshot, tempDir, writeTree, WRITABLE, type CliResult } from './helpers.js';

/** What `cairn new <name>` must create, per format, for version `v`. */
const NEW_FILES: Record<(typeof WRITABLE)[number], (v: string, name: string) => Record<string, string>> = {
  atlas: (v, n) => ({ [`${v}_${n}.sql`]: '' }),
  'golang-migrate': (v, n) => ({ [`${v}_${n}.up.sql`]: '', [`${v}_${n}.down.sql`]: '' }),
  goose: (v, n) => ({ [`${v}_${n}.sql`]: '-- +goose Up\n\n-- +goose Down\n' }),
  flyway: (v, n) => ({ [`V${v}__${n}.sql`]: '' }),
  liquibase: (v, n) => ({ [`${v}_${n}.sql`]: `--liquibase formatted sql\n\n--changeset cairn:${v}\n--comment: ${n}\n` }),
  dbmate: (v, n) => ({ [`${v}_${n}.sql`]: '-- migrate:up\n\n-- migrate:down\n' }),
};

const utc = (d: Date) => d.toISOString().replace(/[-:T]/g, '').slice(0, 14);

describe('cairn new', () => {
  it('in a directory that does not exist yet, in every writable format: names, UTC versions, atlas.sum, validate ok', async () => {
    const root = tempDir();
    const t0 = utc(new Date());
    const results = await cairnBatch(
      WRITABLE.flatMap((f) => [
        { args: ['new', 'add users', '--dir', `m-${f}`, '--dir-format', f, '--json'], cwd: root },
        // The second call detects the format from the files the first wrote.
        { args: ['new', 'second', '--dir', `m-${f}`, '--json'], cwd: root },
        { args: ['validate', '--dir', `m-${f}`, '--json'], cwd: root },
      ]),
      1,
    );
    const t1 = utc(new Date());
    WRITABLE.forEach((f, i) => {
      const [first, second, v] = results.slice(3 * i, 3 * i + 3).map((r) => json(expectExit(r, 0, f)));
      const dir = join(root, `m-${f}`);
      assert.equal(first.format, f);
      assert.equal(second.format, f, `${f} is detected from its own files`);
      if (f === 'flyway') {
        assert.deepEqual([first.version, second.version], ['1', '2']);
      } else {
        assert.match(first.version, /^\d{14}$/);
        assert.ok(first.version >= t0 && first.version <= t1, `${f}: ${first.version} is the UTC time of the call`);
        assert.ok(BigInt(second.version) > BigInt(first.version), `${f}: versions increase`);
      }
      const want = { ...NEW_FILES[f](first.version, 'add_users'), ...NEW_FILES[f](second.version, 'second') };
      assert.deepEqual(first.files.concat(second.files).map((p: string) => p.slice(dir.length + 1)).sort(), Object.keys(want).sort());
      for (const [name, content] of Object.entries(want)) assert.equal(readFileSync(join(dir, name), 'utf8'), content, `${f}: ${name}`);
      assert.equal(first.sum, join(dir, 'atlas.sum'));
      assert.deepEqual(v, { ok: true, findings: [], format: f, migrations: 2 });
      assert.deepEqual(readdirSync(dir).sort(), [...Object.keys(want), 'atlas.sum'].sort());
    });
  });

  it('the real bin prints the created files; a nested --dir is created', async () => {
    const root = tempDir();
    const r = expectExit(await cairn(['new', 'create_users', '--dir', 'db/migrations'], { cwd: root }), 0);
    const m = /^created db\/migrations\/(\d{14})_create_users\.sql\n$/.exec(r.stdout);
    assert.ok(m, r.stdout);
    assert.equal(r.stderr, '');
    assert.deepEqual(readdirSync(join(root, 'db/migrations')).sort(), [`${m[1]}_create_users.sql`, 'atlas.sum']);
    const v = expectExit(await cairn(['validate', '--dir', 'db/migrations'], { cwd: root }), 0);
    assert.equal(v.stdout, 'ok: 1 migrations, atlas format, atlas.sum matches\n');
  });

  it('invalid names are refused and create nothing', async () => {
    const root = tempDir();
    const names = ['', '   ', 'a/b', 'a\\b', '.hidden'];
    const r = await cairnBatch(names.map((n) => ({ args: ['new', n], cwd: root })));
    names.forEach((n, i) => {
      expectExit(r[i], 4, JSON.stringify(n));
      assert.equal(r[i].stderr, `error: invalid migration name "${n}": use letters, digits, _ and -\n`);
    });
    assert.deepEqual(readdirSync(root), [], 'no migrations/ directory was left behind');
  });
});

/** Runs the same directory through every command that reads it; returns the results by command. */
async function everyCommand(root: string, dir = 'migrations'): Promise<Record<string, CliResult>> {
  const cmds: Record<string, string[]> = {
    validate: ['validate', '--dir', dir],
    hash: ['hash', '--dir', dir],
    new: ['new', 'more', '--dir', dir],
    import: ['import', '--dir', dir, '--to', 'goose', '--out', 'imported'],
    apply: ['apply', '--dir', dir, '--url', `sqlite:${join(root, 'db.sqlite')}`],
  };
  const names = Object.keys(cmds);
  const results = await cairnBatch(names.map((n) => ({ args: cmds[n], cwd: root })), 1);
  // apply may warn first (no atlas.sum yet); the error that follows is what these tests check.
  return Object.fromEntries(names.map((n, i) => [n, { ...results[i], stderr: results[i].stderr.replace(/^warning: .*\n/gm, '') }]));
}

/**
 * state is the project's files minus db.sqlite: `apply` without atlas.sum may create the
 * database and its revision table before it reads the files (a runner matter, reported).
 */
function state(root: string): Map<string, string> {
  const s = snapshot(root);
  s.delete('db.sqlite');
  return s;
}

describe('bad input: a clear error naming the file, and nothing changed on disk', () => {
  it('non-UTF-8 bytes: file, line, column and byte offset', async () => {
    const root = writeTree({ 'migrations/1_ok.sql': 'SELECT 1;\n', 'migrations/2_bad.sql': Buffer.from("SELECT 1;\nSELECT 'caf\xe9';\n", 'latin1') });
    const before = state(root);
    const all = await everyCommand(root);
    for (const [cmd, r] of Object.entries(all)) {
      expectExit(r, 1, cmd);
      assert.equal(r.stderr, 'error: 2_bad.sql is not valid UTF-8 at line 2, column 12 (byte offset 21, 0xe9)\n  hint: re-save the file as UTF-8\n', cmd);
    }
    assert.deepEqual(state(root), before);
    const j = json(expectExit(await cairn(['validate', '--json'], { cwd: root }), 1));
    assert.deepEqual(j, {
      error: { code: 'FILE_UNREADABLE', message: '2_bad.sql is not valid UTF-8 at line 2, column 12 (byte offset 21, 0xe9)', hint: 're-save the file as UTF-8', file: '2_bad.sql', offset: 21, line: 2, column: 12 },
      exitCode: 1,
    });
  });

  it('BOM, CRLF, an empty file and no final newline work: hash, validate, apply', async () => {
    const root = writeTree({
      'migrations/1_bom.sql': '\uFEFFCREATE TABLE a (id int);\n',
      'migrations/2_crlf.sql': 'CREATE TABLE b (id int);\r\nINSERT INTO b VALUES (1);\r\n',
      'migrations/3_empty.sql': '',
      'migrations/4_nonl.sql': 'CREATE TABLE c (id int)',
    });
    const url = `sqlite:${join(root, 'db.sqlite')}`;
    const [h, v, a] = await cairnBatch([
      { args: ['hash'], cwd: root },
      { args: ['validate'], cwd: root },
      { args: ['apply', '--url', url, '--json'], cwd: root },
    ]);
    expectExit(h, 0);
    assert.equal(expectExit(v, 0).stdout, 'ok: 4 migrations, atlas format, atlas.sum matches\n');
    const applied = json(expectExit(a, 0)).applied;
    assert.deepEqual(applied.map((m: { version: string; statements: number }) => [m.version, m.statements]), [['1', 1], ['2', 2], ['3', 0], ['4', 1]]);
    const db = new Database(join(root, 'db.sqlite'), { readonly: true });
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('a','b','c') ORDER BY name").all();
    assert.deepEqual(tables, [{ name: 'a' }, { name: 'b' }, { name: 'c' }]);
    assert.deepEqual(db.prepare('SELECT id FROM b').all(), [{ id: 1 }]);
    db.close();
  });

  it('a directory that does not exist (or is a file): DIR_NOT_FOUND, exit 1, nothing created', async () => {
    const root = writeTree({ 'afile.sql': 'x' });
    const before = state(root);
    const r = await cairnBatch([
      { args: ['validate', '--dir', 'nope'], cwd: root },
      { args: ['hash', '--dir', 'nope'], cwd: root },
      { args: ['import', '--dir', 'nope', '--to', 'atlas', '--out', 'out'], cwd: root },
      { args: ['status', '--dir', 'nope', '--url', `sqlite:${join(root, 'db.sqlite')}`], cwd: root },
      { args: ['validate', '--dir', 'afile.sql', '--json'], cwd: root },
    ]);
    for (const x of r.slice(0, 4)) {
      expectExit(x, 1);
      assert.equal(x.stderr, `error: migration directory ${join(root, 'nope')} does not exist or cannot be listed\n  hint: check --dir, or create the directory with \`cairn new\`\n`);
    }
    const j = json(expectExit(r[4], 1));
    assert.equal(j.error.code, 'DIR_NOT_FOUND');
    assert.equal(j.error.message, `${join(root, 'afile.sql')} is not a directory`);
    assert.deepEqual(state(root), before);
  });

  it('paths that are files where a directory is needed: clear errors, nothing written', async () => {
    const root = writeTree({ afile: 'x', 'migrations/1_a.sql': 'SELECT 1;\n' });
    const before = state(root);
    const [nw, imp] = await cairnBatch([
      { args: ['new', 'x', '--dir', 'afile/sub'], cwd: root },
      { args: ['import', '--to', 'atlas', '--out', 'afile'], cwd: root },
    ]);
    assert.equal(expectExit(nw, 1).stderr, `error: cannot create migration directory ${join(root, 'afile/sub')}: a parent is a file\n`);
    assert.equal(expectExit(imp, 4).stderr, `error: ${join(root, 'afile')} exists and is not a directory; import writes into a new or empty directory\n`);
    assert.deepEqual(state(root), before);
  });

  it('malformed names and duplicate versions: one error listing every offending file', async () => {
    const root = writeTree({
      'migrations/1_a.sql': 'SELECT 1;',
      'migrations/1_b.sql': 'SELECT 1;',
      'migrations/abc.sql': 'SELECT 1;',
      'migrations/2_fine.sql': 'SELECT 1;',
    });
    const before = state(root);
    const all = await everyCommand(root);
    const expected = [
      'error: 2 invalid files in atlas migration directory:',
      '  abc.sql: name is not {version}_{name}.sql (the version must start with a digit)',
      '  1_a.sql: duplicate version 1: 1_a.sql, 1_b.sql',
      '',
    ].join('\n');
    for (const [cmd, r] of Object.entries(all)) {
      expectExit(r, 1, cmd);
      assert.equal(r.stderr, expected, cmd);
    }
    assert.deepEqual(state(root), before);
    // golang-migrate: duplicates and an orphan down file, with the format named.
    const gm = writeTree({
      'migrations/001_a.up.sql': '', 'migrations/001_a.down.sql': '',
      'migrations/1_b.up.sql': '', 'migrations/002_c.down.sql': '',
    });
    const gmBefore = snapshot(gm);
    const r = expectExit(await cairn(['validate', '--dir-format', 'golang-migrate', '--json'], { cwd: gm }), 1);
    const e = json(r).error;
    assert.equal(e.code, 'DIR_INVALID');
    assert.equal(e.message, [
      '2 invalid files in golang-migrate migration directory:',
      '  001_a.up.sql: duplicate version 1: 001_a.up.sql, 1_b.up.sql',
      '  002_c.down.sql: down file has no matching .up.sql',
    ].join('\n'));
    assert.deepEqual(snapshot(gm), gmBefore);
  });

  it('a goose Go migration is named, not skipped', async () => {
    const root = writeTree({ 'migrations/00001_a.sql': '-- +goose Up\nSELECT 1;\n', 'migrations/00002_b.go': 'package migrations\n' });
    const before = state(root);
    const all = await everyCommand(root);
    for (const [cmd, r] of Object.entries(all)) {
      expectExit(r, 1, cmd);
      assert.equal(r.stderr, 'error: 1 invalid file in goose migration directory:\n  00002_b.go: Go migrations cannot be run by Cairn; rewrite it as SQL\n', cmd);
    }
    assert.deepEqual(state(root), before);
  });

  it('unreadable entries: a broken symlink and a named pipe are named with the reason', async () => {
    // Tests run as root, so chmod 000 would not stop a read; these entries fail for everyone.
    const link = writeTree({ 'migrations/1_a.sql': 'SELECT 1;' });
    symlinkSync(join(link, 'gone.sql'), join(link, 'migrations/2_b.sql'));
    const fifo = writeTree({ 'migrations/1_a.sql': 'SELECT 1;' });
    execFileSync('mkfifo', [join(fifo, 'migrations/2_b.sql')]);
    for (const [root, why, hint] of [
      [link, `broken symbolic link to ${join(link, 'gone.sql')}`, ''],
      [fifo, 'not a regular file (a named pipe)', '  hint: replace it with a regular file, or move it out of the migration directory\n'],
    ] as const) {
      const before = state(root);
      const all = await everyCommand(root);
      for (const [cmd, r] of Object.entries(all)) {
        expectExit(r, 1, cmd);
        assert.equal(r.stderr, `error: cannot read ${join(root, 'migrations/2_b.sql')}: ${why}\n${hint}`, cmd);
      }
      assert.deepEqual(state(root), before);
    }
  });

  it('an unterminated quote is a syntax error naming file, line and column; hash refuses it too', async () => {
    const root = writeTree({
      'migrations/1_a.sql': "SELECT 1;\nSELECT 'oops;\n",
      'migrations/2_b.sql': 'SELECT 1;\n/* never closed\n',
      // Backslash escapes are MySQL's: valid there, so validate must not reject this file.
      'migrations/3_c.sql': "INSERT INTO t VALUES ('it\\'s');\n",
    });
    const before = state(root);
    const all = await everyCommand(root);
    // new stops earlier, at the missing atlas.sum (hash refuses to write one).
    assert.match(all.apply.stderr, /^error: 1_a\.sql:2:8: unterminated string/);
    for (const cmd of ['validate', 'hash', 'import']) {
      const r = all[cmd];
      expectExit(r, 1, cmd);
      assert.match(r.stderr, /^error: 2 files cannot be split into SQL statements:\n  1_a\.sql:2:8: unterminated string.*\n  2_b\.sql:2:1: unterminated .*comment.*\n  hint: close the quote or comment that starts there\n$/, cmd);
    }
    assert.deepEqual(state(root), before);
  });
});

it('an empty migrations directory validates and hashes to the empty sum', async () => {
  const root = tempDir();
  mkdirSync(join(root, 'migrations'));
  const [v, h, v2] = await cairnBatch([
    { args: ['validate'], cwd: root },
    { args: ['hash'], cwd: root },
    { args: ['validate'], cwd: root },
  ]);
  assert.equal(expectExit(v, 0).stdout, 'ok: 0 migrations, atlas format, atlas.sum matches\n');
  assert.equal(expectExit(h, 0).stdout, 'wrote migrations/atlas.sum\n');
  assert.equal(readFileSync(join(root, 'migrations/atlas.sum'), 'utf8'), 'h1:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n');
  expectExit(v2, 0);
  assert.ok(!existsSync(join(root, 'db.sqlite')));
  writeFileSync(join(root, 'unused'), '');
});
