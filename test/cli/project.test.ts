/**
 * A project as a user sets it up: `cairn init`, a cairn.config.ts importing 'cairn-migrate' with no
 * node_modules next to it, `--env` sections, `${VAR}` interpolation, flags over config; and
 * connection errors that never print the password.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterTarget, cairn, cairnBatch, expectExit, json, snapshot, tempDir, writeTree } from './helpers.js';

describe('cairn init', () => {
  it('creates cairn.config.ts, schema.ts and migrations/atlas.sum, and never overwrites', async () => {
    const root = tempDir();
    const first = expectExit(await cairn(['init'], { cwd: root }), 0);
    assert.equal(first.stdout, 'created cairn.config.ts\ncreated schema.ts\ncreated migrations\ncreated migrations/atlas.sum\ncreated .gitignore\n');
    assert.deepEqual(readdirSync(root).sort(), ['.gitignore', 'cairn.config.ts', 'migrations', 'schema.ts']);
    assert.match(readFileSync(join(root, '.gitignore'), 'utf8'), /^\.cairn\/$/m);
    assert.match(readFileSync(join(root, 'schema.ts'), 'utf8'), /^import \{ .* \} from 'cairn-migrate\/dsl';$/m);
    assert.deepEqual(readdirSync(join(root, 'migrations')), ['atlas.sum']);
    assert.equal(readFileSync(join(root, 'migrations/atlas.sum'), 'utf8'), 'h1:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n');
    const config = readFileSync(join(root, 'cairn.config.ts'), 'utf8');
    assert.match(config, /^import \{ defineConfig \} from 'cairn-migrate';$/m);
    assert.match(config, /url: '\$\{DATABASE_URL:-pglite:\.\/\.cairn\/local\}'/);
    // A user edits the config; a second init keeps every file as it is.
    writeFileSync(join(root, 'cairn.config.ts'), config.replace("dir: './migrations'", "dir: './migrations' /* edited */"));
    const before = snapshot(root);
    const [second, validate, secondJson] = await cairnBatch([
      { args: ['init'], cwd: root },
      { args: ['validate'], cwd: root },
      { args: ['init', '--json'], cwd: root },
    ]);
    assert.equal(
      expectExit(second, 0).stdout,
      'exists  cairn.config.ts (left as it is)\nexists  schema.ts (left as it is)\n',
    );
    // The generated config loads (through the 'cairn-migrate' alias) and points at migrations/.
    assert.equal(expectExit(validate, 0).stdout, 'ok: 0 migrations, atlas format, atlas.sum matches\n');
    assert.deepEqual(json(expectExit(secondJson, 0)), { created: [], updated: [], skipped: [join(root, 'cairn.config.ts'), join(root, 'schema.ts')], notes: [] });
    assert.deepEqual(snapshot(root), before);
  });

  it('--url is written into the config; SQLite and MySQL get their own schema.ts and dev database', async () => {
    const root = tempDir();
    const r = expectExit(await cairn(['init', '--url', 'sqlite:./app.db'], { cwd: root }), 0);
    const config = readFileSync(join(root, 'cairn.config.ts'), 'utf8');
    assert.match(config, /url: '\$\{DATABASE_URL:-sqlite:\.\/app\.db\}'/);
    assert.match(config, /devUrl: 'sqlite::memory:'/);
    assert.match(readFileSync(join(root, 'schema.ts'), 'utf8'), /from 'cairn-migrate\/dsl\/sqlite'/);
    assert.doesNotMatch(r.stdout, /note:/);
    const mysql = tempDir();
    const m = expectExit(await cairn(['init', '--url', 'mysql://root@127.0.0.1:3306/test'], { cwd: mysql }), 0);
    assert.doesNotMatch(m.stdout, /note:/);
    assert.match(readFileSync(join(mysql, 'schema.ts'), 'utf8'), /from 'cairn-migrate\/dsl\/mysql'/);
    // PostgreSQL keeps the schema file and no note.
    const pg = tempDir();
    const p = expectExit(await cairn(['init', '--url', 'postgres://app@127.0.0.1:5432/shop'], { cwd: pg }), 0);
    assert.doesNotMatch(p.stdout, /note:/);
    assert.match(readFileSync(join(pg, 'cairn.config.ts'), 'utf8'), /url: '\$\{DATABASE_URL:-postgres:\/\/app@127\.0\.0\.1:5432\/shop\}'/);
    assert.equal(existsSync(join(pg, 'schema.ts')), true);
  });

  it('a --url password is never written or printed: the config reads ${DATABASE_URL}', async () => {
    const SECRET = 'Init5ecret';
    for (const url of [`postgres://app:${SECRET}@db.example:5432/shop`, `mysql://app:${SECRET}@db.example/shop`]) {
      const root = tempDir();
      const [text, asJson] = await cairnBatch([
        { args: ['init', '--url', url], cwd: root },
        { args: ['init', '--url', url, '--json'], cwd: tempDir() },
      ]);
      const out = expectExit(text, 0);
      const config = readFileSync(join(root, 'cairn.config.ts'), 'utf8');
      assert.match(config, /^  url: '\$\{DATABASE_URL\}',$/m);
      assert.match(out.stdout, /^note: --url has a password, so cairn.config.ts does not hold it: it reads \$\{DATABASE_URL\}\. Set that variable before running cairn \(for example export DATABASE_URL='(postgres|mysql):\/\/app:\*\*\*\*@db\.example/m);
      for (const s of [out.stdout, out.stderr, expectExit(asJson, 0).stdout, ...snapshot(root).values()]) {
        assert.equal(s.includes(SECRET), false, s);
      }
    }
  });

  it('.gitignore: appended to when it lacks .cairn/, left alone when a line covers it', async () => {
    const root = writeTree({ '.gitignore': 'node_modules/\ndist' });
    const r = expectExit(await cairn(['init'], { cwd: root }), 0);
    assert.match(r.stdout, /^updated \.gitignore$/m);
    assert.equal(readFileSync(join(root, '.gitignore'), 'utf8'), 'node_modules/\ndist\n.cairn/\n');
    const covered = writeTree({ '.gitignore': 'node_modules/\n/.cairn\n' });
    const c = expectExit(await cairn(['init'], { cwd: covered }), 0);
    assert.doesNotMatch(c.stdout, /gitignore/);
    assert.equal(readFileSync(join(covered, '.gitignore'), 'utf8'), 'node_modules/\n/.cairn\n');
  });
});

const CONFIG = `import { defineConfig } from 'cairn-migrate';

export default defineConfig({
  dir: './db/migrations',
  url: 'sqlite:\${APP_HOME:-.}/dev.db',
  revisionsTable: 'dev_revisions',
  env: {
    ci: { url: 'sqlite:\${CI_DB}', revisionsTable: 'ci_revisions' },
    alt: { dir: './other' },
  },
});
`;

function tables(file: string): string[] {
  const db = new Database(file, { readonly: true });
  const rows = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[];
  db.close();
  return rows.map((r) => r.name);
}

describe('cairn.config.ts', () => {
  it("imports 'cairn-migrate' without node_modules; --env sections, ${VAR} interpolation, flags over config", async () => {
    const root = writeTree({
      'cairn.config.ts': CONFIG,
      'db/migrations/1_a.sql': 'CREATE TABLE a (id int);\n',
      'other/1_x.sql': 'CREATE TABLE x (id int);\n',
      'other/2_y.sql': 'CREATE TABLE y (id int);\n',
    });
    assert.equal(existsSync(join(root, 'node_modules')), false);
    const ciDb = join(root, 'ci.db');
    const home = join(root, 'home');
    const r = await cairnBatch([
      { args: ['hash'], cwd: root }, // dir from config
      { args: ['hash', '--env', 'alt'], cwd: root }, // dir from the alt section
      { args: ['apply'], cwd: root }, // url from config: ${APP_HOME:-.} → ./dev.db
      { args: ['apply', '--env', 'ci', '--json'], cwd: root }, // needs CI_DB: unset in this process
      { args: ['validate', '--env', 'staging'], cwd: root },
      { args: ['validate', '--dir', 'other'], cwd: root }, // the flag beats the config
      { args: ['status', '--url', `sqlite:${join(root, 'flag.db')}`, '--revisions-table', 'flag_revisions'], cwd: root },
    ]);
    assert.equal(expectExit(r[0], 0).stdout, 'wrote db/migrations/atlas.sum\n');
    assert.equal(expectExit(r[1], 0).stdout, 'wrote other/atlas.sum\n');
    assert.equal(afterTarget(expectExit(r[2], 0).stdout, `sqlite:${join(root, 'dev.db')}`), '1 migration(s) applied, current version 1\n');
    assert.deepEqual(tables(join(root, 'dev.db')), ['a', 'dev_revisions']);
    const unset = json(expectExit(r[3], 4, 'unset variable'));
    assert.equal(unset.error.code, 'CONFIG');
    assert.equal(unset.error.message, `${join(root, 'cairn.config.ts')}: url uses \${CI_DB}, but CI_DB is not set`);
    expectExit(r[4], 4);
    assert.equal(r[4].stderr, `error: ${join(root, 'cairn.config.ts')}: no environment "staging" (defined: ci, alt)\n`);
    assert.equal(expectExit(r[5], 0).stdout, 'ok: 2 migrations, atlas format, atlas.sum matches\n');
    assert.equal(afterTarget(expectExit(r[6], 2).stdout, `sqlite:${join(root, 'flag.db')}`), 'current version: none\napplied: 0, pending: 1\n  pending 1 a\n');

    // The environment of the real process: CI_DB and APP_HOME set.
    const ci = expectExit(await cairn(['apply', '--env', 'ci'], { cwd: root, env: { CI_DB: ciDb } }), 0);
    assert.equal(afterTarget(ci.stdout, `sqlite:${ciDb}`), '1 migration(s) applied, current version 1\n');
    assert.deepEqual(tables(ciDb), ['a', 'ci_revisions']);
    const { mkdirSync } = await import('node:fs');
    mkdirSync(home);
    expectExit(await cairn(['apply'], { cwd: root, env: { APP_HOME: home } }), 0);
    assert.deepEqual(tables(join(home, 'dev.db')), ['a', 'dev_revisions']);
    // --config names another file; a missing one is a CONFIG error (exit 4). This one imports
    // 'cairn', the name before cairn-migrate: existing configs keep loading.
    writeFileSync(join(root, 'other.config.ts'), "import { defineConfig } from 'cairn';\nexport default defineConfig({ dir: './other' });\n");
    const other = expectExit(await cairn(['validate', '--config', 'other.config.ts'], { cwd: root }), 0);
    assert.equal(other.stdout, 'ok: 2 migrations, atlas format, atlas.sum matches\n');
    const missing = expectExit(await cairn(['validate', '--config', 'nope.ts'], { cwd: root }), 4);
    assert.equal(missing.stderr, 'error: config file nope.ts not found\n');
  });

  it('a broken config names the file; the user gets exit 4', async () => {
    const root = writeTree({ 'cairn.config.ts': "import { defineConfig } from 'cairn-migrate';\nexport default defineConfig({\n" });
    const r = expectExit(await cairn(['validate'], { cwd: root }), 4);
    assert.match(r.stderr, new RegExp(`^error: cannot load ${join(root, 'cairn.config.ts').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: `));
  });
});

describe('connection errors never print the password', () => {
  const SECRET = 'Sup3rS3cret';
  it('refused port and unknown database: CONNECT, exit 1, password scrubbed (text and JSON)', async () => {
    const root = writeTree({ 'migrations/1_a.sql': 'SELECT 1;\n' });
    expectExit(await cairn(['hash'], { cwd: root }), 0);
    const urls = [
      `postgres://postgres:${SECRET}@127.0.0.1:1/cairn_nope`,
      `postgres://postgres:${SECRET}@127.0.0.1:5432/cairn_no_such_database_x`,
      `mysql://root:${SECRET}@127.0.0.1:1/cairn_nope`,
      `mysql://root:${SECRET}@127.0.0.1:3306/cairn_no_such_database_x`,
      `postgres://postgres:${encodeURIComponent('p@ss/' + SECRET)}@127.0.0.1:1/cairn_nope`,
    ];
    const calls = urls.flatMap((url) => [
      { args: ['status', '--url', url], cwd: root },
      { args: ['apply', '--json', '--url', url], cwd: root },
    ]);
    const results = await cairnBatch(calls);
    results.forEach((r, i) => {
      const what = `${calls[i].args[0]} ${i}`;
      expectExit(r, 1, what);
      for (const s of [SECRET, encodeURIComponent('p@ss/' + SECRET), 'p@ss/']) {
        assert.ok(!r.stdout.includes(s) && !r.stderr.includes(s), `${what} leaks ${s}:\n${r.stdout}${r.stderr}`);
      }
      if (calls[i].args.includes('--json')) {
        const j = json(r);
        assert.equal(j.error.code, 'CONNECT', what);
        assert.equal(j.exitCode, 1);
      } else {
        assert.match(r.stderr, /^error: /, what);
      }
    });
    assert.equal(results[0].stderr.split('\n')[0], 'error: could not connect to postgres://postgres:****@127.0.0.1:1/cairn_nope: connect ECONNREFUSED 127.0.0.1:1');
    assert.equal(results[2].stderr.split('\n')[0], 'error: could not connect to postgres://postgres:****@127.0.0.1:5432/cairn_no_such_database_x: database "cairn_no_such_database_x" does not exist');
    // The same through DATABASE_URL and the real bin.
    const env = expectExit(await cairn(['status'], { cwd: root, env: { DATABASE_URL: urls[1] } }), 1);
    assert.ok(!env.stderr.includes(SECRET) && !env.stdout.includes(SECRET), env.stderr);
    assert.match(env.stderr, /cairn_no_such_database_x/);
  });
});
