/**
 * `cairn init` for each database: `--dialect`, or the dialect of `--url` or DATABASE_URL, or the
 * answer at a terminal, decides the schema.ts (which DSL it imports) and the config (target
 * default, dev database). The schema.ts written compiles for its database and applies to a real
 * one (SQLite in memory, MariaDB).
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cairn, expectExit, json, tempDir, writeTree } from './helpers.js';
import { ROOT } from '../helpers/cli.js';
import { freshDatabases } from '../helpers/db.js';
import { loadSchemaFile } from '../../src/dsl/load.js';
import { compileSqliteDsl } from '../../src/dialects/sqlite/dsl-compile.js';
import { compileMysqlDsl } from '../../src/dialects/mysql/dsl-compile.js';
import { connect } from '../../src/dialects/registry.js';
import { init } from '../../src/commands/init.js';

const fresh = freshDatabases(after);
const read = (root: string, f: string) => readFileSync(join(root, f), 'utf8');

describe('cairn init --dialect', () => {
  it('sqlite: schema.ts imports cairn-migrate/dsl/sqlite, the target defaults to ./dev.db, the dev database is in memory', async () => {
    const root = tempDir();
    const r = expectExit(await cairn(['init', '--dialect', 'sqlite'], { cwd: root }), 0);
    assert.equal(r.stdout, 'created cairn.config.ts\ncreated schema.ts\ncreated migrations\ncreated migrations/atlas.sum\ncreated .gitignore\n');
    const config = read(root, 'cairn.config.ts');
    assert.match(config, /^ {2}url: '\$\{DATABASE_URL:-sqlite:\.\/dev\.db\}',$/m);
    assert.match(config, /^ {2}devUrl: 'sqlite::memory:',$/m);
    assert.match(config, /^ {2}schema: '\.\/schema\.ts',$/m);
    assert.match(read(root, 'schema.ts'), /^import \{ .* \} from 'cairn-migrate\/dsl\/sqlite';$/m);
    assert.equal(read(root, '.gitignore'), "# Cairn's local state (embedded database, lock files)\n.cairn/\ndev.db*\n");
    // The schema file compiles for SQLite and applies.
    const compiled = compileSqliteDsl(await loadSchemaFile(join(root, 'schema.ts')));
    const conn = await connect('sqlite::memory:');
    try {
      for (const s of compiled.statements) await conn.exec(s);
      assert.deepEqual((await conn.query(`SELECT name FROM pragma_table_info('users') ORDER BY cid`)).map((c) => c.name), ['id', 'email', 'created_at']);
    } finally {
      await conn.close();
    }
    // The config loads and its target works: status on ./dev.db.
    assert.match(expectExit(await cairn(['status'], { cwd: root }), 0).stdout, /^current version: none$/m);
    assert.ok(existsSync(join(root, 'dev.db')), 'the target is ./dev.db, next to the config');
  });

  it('mysql: schema.ts imports cairn-migrate/dsl/mysql; the target is ${DATABASE_URL}, and devUrl is left for the user with why', async () => {
    const root = tempDir();
    const r = expectExit(await cairn(['init', '--dialect', 'mysql'], { cwd: root }), 0);
    assert.match(r.stdout, /^note: MySQL \/ MariaDB needs a server, so cairn\.config\.ts reads the target from \$\{DATABASE_URL\} \(such as mysql:\/\/app:\*\*\*\*@127\.0\.0\.1:3306\/app\): set it before running cairn, or run init again with --url\.$/m);
    const config = read(root, 'cairn.config.ts');
    assert.match(config, /^ {2}url: '\$\{DATABASE_URL\}',$/m);
    assert.doesNotMatch(config, /^ {2}devUrl:/m, 'no dev URL is set');
    assert.match(config, /Without\n {2}\/\/ devUrl, diff creates \(and drops\) a scratch database on the target's server/);
    assert.match(config, /^ {2}\/\/ devUrl: 'mysql:\/\/root@127\.0\.0\.1:3306\/',$/m);
    assert.match(read(root, 'schema.ts'), /^import \{ .* \} from 'cairn-migrate\/dsl\/mysql';$/m);
    assert.equal(read(root, '.gitignore'), "# Cairn's local state (embedded database, lock files)\n.cairn/\n");
    // The schema file compiles for MySQL and applies to MariaDB.
    const db = await fresh('mysql');
    const conn = await connect(db.url);
    try {
      for (const s of compileMysqlDsl(await loadSchemaFile(join(root, 'schema.ts'))).statements) await conn.exec(s);
      const cols = await conn.query<{ name: string; type: string; extra: string }>(
        `SELECT COLUMN_NAME AS name, COLUMN_TYPE AS type, EXTRA AS extra FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'users' ORDER BY ORDINAL_POSITION`);
      assert.deepEqual(cols.map((c) => `${c.name} ${c.type} ${c.extra}`.trim()), ['id bigint(20) unsigned auto_increment', 'email varchar(255)', 'created_at timestamp']);
    } finally {
      await conn.close();
    }
  });

  it('postgres: as plain init', async () => {
    const [a, b] = [tempDir(), tempDir()];
    expectExit(await cairn(['init', '--dialect', 'postgres'], { cwd: a }), 0);
    expectExit(await cairn(['init'], { cwd: b }), 0);
    for (const f of ['cairn.config.ts', 'schema.ts', '.gitignore']) assert.equal(read(a, f), read(b, f), f);
    assert.match(read(a, 'schema.ts'), /^import \{ .* \} from 'cairn-migrate\/dsl';$/m);
  });

  it('the dialect of --url or DATABASE_URL when --dialect is not given', async () => {
    const m = tempDir();
    expectExit(await cairn(['init', '--url', 'mysql://root@127.0.0.1:3306/shop'], { cwd: m }), 0);
    assert.match(read(m, 'cairn.config.ts'), /url: '\$\{DATABASE_URL:-mysql:\/\/root@127\.0\.0\.1:3306\/shop\}'/);
    assert.match(read(m, 'schema.ts'), /from 'cairn-migrate\/dsl\/mysql'/);
    const s = tempDir();
    const r = expectExit(await cairn(['init'], { cwd: s, env: { DATABASE_URL: 'sqlite:./app.db' } }), 0);
    assert.doesNotMatch(r.stdout, /note:/);
    assert.match(read(s, 'schema.ts'), /from 'cairn-migrate\/dsl\/sqlite'/);
    assert.match(read(s, 'cairn.config.ts'), /url: '\$\{DATABASE_URL:-sqlite:\.\/dev\.db\}'/, 'DATABASE_URL is read at run time, not written');
    // --dialect wins over DATABASE_URL.
    const p = tempDir();
    expectExit(await cairn(['init', '--dialect', 'postgres'], { cwd: p, env: { DATABASE_URL: 'sqlite:./app.db' } }), 0);
    assert.match(read(p, 'schema.ts'), /from 'cairn-migrate\/dsl'/);
  });

  it('a --dialect that --url contradicts, or an unknown one: exit 4, nothing written', async () => {
    const root = tempDir();
    const r = expectExit(await cairn(['init', '--dialect', 'sqlite', '--url', 'postgres://app:Secr3t@db.example/shop'], { cwd: root }), 4);
    assert.match(r.stderr, /--dialect sqlite does not match --url postgres:\/\/app:\*\*\*\*@db\.example\/shop, a PostgreSQL URL/);
    assert.equal(r.stderr.includes('Secr3t'), false);
    const u = expectExit(await cairn(['init', '--dialect', 'oracle', '--json'], { cwd: root }), 4);
    assert.match(json(u).error.message, /^unknown dialect "oracle": expected postgres, mysql, sqlite$/);
    assert.deepEqual(readdirSync(root), []);
  });

  it('.gitignore gains the SQLite dev database beside an existing .cairn/ line', async () => {
    const root = writeTree({ '.gitignore': 'node_modules/\n.cairn/\n' });
    const r = expectExit(await cairn(['init', '--dialect', 'sqlite'], { cwd: root }), 0);
    assert.match(r.stdout, /^updated \.gitignore$/m);
    assert.equal(read(root, '.gitignore'), 'node_modules/\n.cairn/\ndev.db*\n');
  });

  it('the library takes the dialect too, and reports the same files', async () => {
    const root = tempDir();
    const r = await init({ cwd: root, dialect: 'sqlite' });
    assert.deepEqual(r, { created: ['cairn.config.ts', 'schema.ts', 'migrations', 'migrations/atlas.sum', '.gitignore'].map((f) => join(root, f)), updated: [], skipped: [], notes: [] });
    assert.match(read(root, 'schema.ts'), /from 'cairn-migrate\/dsl\/sqlite'/);
    await assert.rejects(init({ cwd: tempDir(), dialect: 'mysql', url: 'sqlite:./x.db' }), /--dialect mysql does not match --url sqlite:\.\/x\.db, a SQLite URL/);
  });
});

describe('a project as init writes it: diff, apply, and in sync', () => {
  it('mysql: the schema.ts becomes the first migration, applies, and a second diff has nothing to do', async () => {
    const db = await fresh('mysql');
    const root = tempDir();
    expectExit(await cairn(['init', '--url', db.url], { cwd: root }), 0);
    const diff = expectExit(await cairn(['diff', 'init'], { cwd: root }), 0, 'diff');
    assert.match(diff.stdout, /^created migrations\/\d{14}_init\.sql$/m);
    const [file] = readdirSync(join(root, 'migrations')).filter((f) => f.endsWith('.sql'));
    assert.match(read(root, `migrations/${file}`), /CREATE TABLE `users`/);
    expectExit(await cairn(['apply'], { cwd: root }), 0, 'apply');
    const check = expectExit(await cairn(['diff', '--check', 'again'], { cwd: root }), 0, 'diff --check');
    assert.match(check.stdout, /in sync/);
  });

  it('sqlite: the schema.ts becomes the first migration on ./dev.db, with the in-memory dev database', async () => {
    const root = tempDir();
    expectExit(await cairn(['init', '--dialect', 'sqlite'], { cwd: root }), 0);
    const diff = expectExit(await cairn(['diff', 'init'], { cwd: root }), 0, 'diff');
    assert.match(diff.stdout, /^created migrations\/\d{14}_init\.sql$/m);
    const [file] = readdirSync(join(root, 'migrations')).filter((f) => f.endsWith('.sql'));
    assert.match(read(root, `migrations/${file}`), /CREATE TABLE "users"/);
    expectExit(await cairn(['apply'], { cwd: root }), 0, 'apply');
    assert.ok(existsSync(join(root, 'dev.db')));
    const check = expectExit(await cairn(['diff', '--check', 'again'], { cwd: root }), 0, 'diff --check');
    assert.match(check.stdout, /in sync/);
  });
});

describe('cairn init at a terminal', () => {
  it('asks which database, and writes what was chosen', async () => {
    const cwd = tempDir();
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    delete env.CI;
    delete env.DATABASE_URL;
    const argv = [process.execPath, '--import', import.meta.resolve('tsx'), join(ROOT, 'src/cli/bin.ts'), 'init'].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    // script(1) gives the command a pseudo-terminal, as a person has.
    const child = spawn('script', ['-qec', `stty cols 120 rows 40 && exec ${argv}`, '/dev/null'], { cwd, env: { ...env, SHELL: '/bin/sh' } });
    let out = '';
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const seen = (re: RegExp) => new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${re} on the terminal after 120 s:\n${out}`)), 120_000);
      const check = () => {
        if (re.test(out)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout.on('data', (d) => ((out += d), check()));
      child.on('close', () => { clearTimeout(timer); re.test(out) ? resolve() : reject(new Error(`exited before ${re}:\n${out}`)); });
    });
    try {
      await seen(/Which database is the project for\?[\s\S]*SQLite/);
      child.stdin.write('\x1b[B\x1b[B'); // down twice: PostgreSQL → MySQL / MariaDB → SQLite
      await new Promise((r) => setTimeout(r, 300));
      child.stdin.write('\r');
      assert.equal(await exited, 0, out);
    } finally {
      child.kill('SIGKILL');
    }
    assert.match(out, /created schema\.ts/);
    assert.match(read(cwd, 'schema.ts'), /from 'cairn-migrate\/dsl\/sqlite'/);
    assert.match(read(cwd, 'cairn.config.ts'), /devUrl: 'sqlite::memory:'/);
  });
});
