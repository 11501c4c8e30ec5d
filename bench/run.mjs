#!/usr/bin/env node
// Cairn benchmarks. Every figure is a ratio against a baseline measured in the same run, on
// the same machine, so the numbers survive a slower or busier machine.
//
//   npm run bench                 # all benchmarks
//   npm run bench -- runner       # only those whose name contains "runner"
//   BENCH_RUNS=7 BENCH_N=2000 npm run bench
//
// Needs the local PostgreSQL (127.0.0.1:5432, user postgres) and `psql`, MariaDB (127.0.0.1:3306,
// root) with `mariadb` and `mariadb-dump`, and the `sqlite3` shell; uses the built CLI
// (dist/, made by `npm install`). The history comes from ../shared/bench/gen.mjs.
import { spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, copyFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SHARED = process.env.CAIRN_SHARED ?? join(ROOT, '..', 'shared');
const PG = process.env.CAIRN_BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432';
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const N = Number(process.env.BENCH_N ?? 500);
const only = process.argv[2];
const CLI = join(ROOT, 'bin', 'cairn.mjs');

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);

/** Runs a command, returns wall ms and peak RSS (KiB) through /usr/bin/time. */
function timed(cmd, args, opts = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], { encoding: 'utf8', ...opts });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  const rssKiB = Number(r.stderr.trim().split('\n').pop());
  return { ms, rssKiB };
}

function psql(sql, db = 'postgres') {
  execFileSync('psql', [`${PG}/${db}`, '-q', '-v', 'ON_ERROR_STOP=1', '-c', sql], { stdio: 'pipe' });
}
function freshDb(name) {
  psql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  psql(`CREATE DATABASE ${name}`);
  return `${PG}/${name}`;
}

function history(n) {
  const out = join(ROOT, 'bench', 'data', `N${n}`);
  if (!existsSync(join(out, 'manifest.json'))) {
    mkdirSync(out, { recursive: true });
    execFileSync(process.execPath, [join(SHARED, 'bench', 'gen.mjs'), String(n), out], { stdio: 'pipe' });
  }
  const dir = join(out, 'cairn');
  if (!existsSync(join(dir, 'atlas.sum'))) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    for (const f of readdirSync(join(out, 'sql', 'files'))) copyFileSync(join(out, 'sql', 'files', f), join(dir, f));
    execFileSync(process.execPath, [CLI, 'hash', '--dir', dir], { stdio: 'pipe' });
  }
  return { all: join(out, 'sql', 'all.sql'), dir };
}

const results = [];
function report(name, baselineName, baseline, value, extra = '') {
  const ratio = value / baseline;
  results.push({ name, baseline: baselineName, baselineMs: baseline, ms: value, ratio });
  console.log(`${name.padEnd(44)} ${fmt(value).padStart(9)}  vs ${baselineName} ${fmt(baseline).padStart(9)}  = ${ratio.toFixed(2)}x ${extra}`);
}

function benchRunner() {
  const { all, dir } = history(N);
  console.log(`\n# runner: ${N} migrations, median of ${RUNS} runs, each paired with psql -1 -f on its own empty database`);
  const psqlMs = [];
  const cairnMs = [];
  let rss = 0;
  for (let i = 0; i < RUNS; i++) {
    // Both databases exist and a CHECKPOINT has flushed their creation before either is timed,
    // and the order alternates, so neither side pays for the other's background writes.
    const a = freshDb('cairn_bench_psql');
    const b = freshDb('cairn_bench_cairn');
    const runPsql = () => psqlMs.push(timed('psql', [a, '-q', '-1', '-v', 'ON_ERROR_STOP=1', '-f', all], { stdio: ['ignore', 'ignore', 'pipe'] }).ms);
    const runCairn = () => {
      const r = timed(process.execPath, [CLI, 'apply', '--url', b, '--dir', dir]);
      cairnMs.push(r.ms);
      rss = Math.max(rss, r.rssKiB);
    };
    psql('CHECKPOINT');
    if (i % 2 === 0) { runPsql(); psql('CHECKPOINT'); runCairn(); } else { runCairn(); psql('CHECKPOINT'); runPsql(); }
  }
  report(`cold apply, N=${N} (cairn apply)`, 'psql -1 -f', median(psqlMs), median(cairnMs), `(target <= 1.2x; peak RSS ${(rss / 1024).toFixed(0)} MiB)`);

  // No-op: everything applied; the floor is node + pg connecting and reading one table.
  const url = `${PG}/cairn_bench_cairn`;
  const floorScript = `import pg from 'pg'; const c = new pg.Client(${JSON.stringify(url)}); await c.connect(); await c.query('select * from cairn_revisions limit 1'); await c.end();`;
  const floor = [];
  const noop = [];
  for (let i = 0; i < RUNS; i++) {
    floor.push(timed(process.execPath, ['--input-type=module', '-e', floorScript], { cwd: ROOT }).ms);
    noop.push(timed(process.execPath, [CLI, 'apply', '--url', url, '--dir', dir]).ms);
  }
  report(`no-op apply, ${N} applied (whole process)`, 'node+pg floor', median(floor), median(noop), `(target < 150 ms wall: ${median(noop) < 150 ? 'met' : 'NOT met'})`);
  psql('DROP DATABASE IF EXISTS cairn_bench_psql WITH (FORCE)');
  psql('DROP DATABASE IF EXISTS cairn_bench_cairn WITH (FORCE)');
}

/** A copy of the minder history (golang-migrate, 214 files) with an atlas.sum, and its end schema + 1 table as SQL. */
function minder() {
  const out = join(ROOT, 'bench', 'data', 'minder');
  const dir = join(out, 'migrations');
  if (!existsSync(join(out, 'schema.sql'))) {
    rmSync(out, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const src = join(SHARED, 'corpus', 'minder__database-migrations', 'migrations');
    for (const f of readdirSync(src)) copyFileSync(join(src, f), join(dir, f));
    execFileSync(process.execPath, [CLI, 'hash', '--dir', dir], { stdio: 'pipe' });
    const url = freshDb('cairn_bench_minder');
    execFileSync(process.execPath, [CLI, 'apply', '--url', url, '--dir', dir], { stdio: 'pipe' });
    psql('DROP TABLE cairn_revisions', 'cairn_bench_minder');
    const dump = execFileSync('pg_dump', ['--schema-only', '--no-owner', '--no-privileges', url], { encoding: 'utf8', maxBuffer: 64 << 20 });
    // pg_dump's own session settings (search_path = '') are not part of the schema.
    const body = dump.split('\n').filter((l) => !/^(SET |SELECT pg_catalog.set_config|\\)/.test(l)).join('\n');
    writeFileSync(join(out, 'schema.sql'), `${body}\nCREATE TABLE public.bench_extra (id bigint PRIMARY KEY, note text);\n`);
    psql('DROP DATABASE IF EXISTS cairn_bench_minder WITH (FORCE)');
  }
  return { dir, schema: join(out, 'schema.sql') };
}

function benchDiff() {
  const { dir, schema } = minder();
  console.log(`\n# diff: minder (214 files), desired = its end schema + 1 table; median of ${RUNS}`);
  const replay = [];
  const embedded = [];
  const server = [];
  for (let i = 0; i < RUNS; i++) {
    // Baseline: createdb + psql replay of the same up files on the server.
    replay.push(psqlReplay(dir));
    embedded.push(timedDiff(['--dir', dir, '--to', schema, '--dev-url', 'pglite:memory']));
    server.push(timedDiff(['--dir', dir, '--to', schema, '--dev-url', `${PG}/postgres`]));
  }
  const base = median(replay);
  report('diff minder, embedded dev db (pglite:memory)', 'psql replay', base, median(embedded), `(target < 3 s: ${median(embedded) < 3000 ? 'met' : 'NOT met'})`);
  report('diff minder, server dev db (--dev-url)', 'psql replay', base, median(server), `(target < 1.5 s: ${median(server) < 1500 ? 'met' : 'NOT met'})`);
  psql('DROP DATABASE IF EXISTS cairn_bench_replay WITH (FORCE)');
}

/** psqlReplay times createdb + one `psql -f` per up file of `dir`: the baseline of the minder benchmarks. */
function psqlReplay(dir) {
  const t0 = process.hrtime.bigint();
  const url = freshDb('cairn_bench_replay');
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.up.sql')).sort()) {
    execFileSync('psql', [url, '-q', '-v', 'ON_ERROR_STOP=1', '-f', join(dir, f)], { stdio: 'pipe' });
  }
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** `cairn diff --check` exits 2 when there is a difference, which is the expected outcome here. */
function timedDiff(args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [CLI, 'diff', 'bench', '--check', ...args], { encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 2) throw new Error(`cairn diff exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return ms;
}

/**
 * `cairn lint --latest 1` on minder: the history before the last file replayed on the embedded
 * dev database, then the last file walked statement by statement with an inspection after each.
 * Baseline: the same psql replay as the diff benchmark.
 */
function benchLint() {
  const { dir } = minder();
  console.log(`\n# lint: minder (214 files), --latest 1, embedded dev db; median of ${RUNS}`);
  const replay = [];
  const lint = [];
  for (let i = 0; i < RUNS; i++) {
    replay.push(psqlReplay(dir));
    lint.push(timedLint(['--dir', dir, '--latest', '1', '--dev-url', 'pglite:memory']));
  }
  report('lint --latest 1 minder, embedded dev db', 'psql replay', median(replay), median(lint), `(target < 3 s: ${median(lint) < 3000 ? 'met' : 'NOT met'})`);
  psql('DROP DATABASE IF EXISTS cairn_bench_replay WITH (FORCE)');
}

/**
 * `cairn ci` on minder: a git repository whose main branch holds the history but its last file
 * and whose branch adds that file; ci validates the sum, replays main then the new file (upgrade
 * and merge checks) and lints it. Baseline: the same psql replay.
 */
function benchCi() {
  const { dir } = minder();
  const repo = join(ROOT, 'bench', 'data', 'minder-ci');
  if (!existsSync(join(repo, '.git'))) {
    rmSync(repo, { recursive: true, force: true });
    mkdirSync(join(repo, 'migrations'), { recursive: true });
    const files = readdirSync(dir).filter((f) => f !== 'atlas.sum').sort();
    const last = files.filter((f) => f.endsWith('.up.sql')).pop();
    const git = (...args) => execFileSync('git', ['-C', repo, '-c', 'user.email=bench@cairn', '-c', 'user.name=bench', ...args], { stdio: 'pipe' });
    git('init', '-q', '-b', 'main');
    for (const f of files) if (f !== last && f !== last.replace('.up.sql', '.down.sql')) copyFileSync(join(dir, f), join(repo, 'migrations', f));
    execFileSync(process.execPath, [CLI, 'hash', '--dir', join(repo, 'migrations')], { stdio: 'pipe' });
    git('add', '.');
    git('commit', '-q', '-m', 'base');
    git('checkout', '-q', '-b', 'feature');
    for (const f of [last, last.replace('.up.sql', '.down.sql')]) if (existsSync(join(dir, f))) copyFileSync(join(dir, f), join(repo, 'migrations', f));
    execFileSync(process.execPath, [CLI, 'hash', '--dir', join(repo, 'migrations')], { stdio: 'pipe' });
    git('add', '.');
    git('commit', '-q', '-m', 'feature');
  }
  console.log(`\n# ci: minder (214 files), one new file on a branch, embedded dev db; median of ${RUNS}`);
  const replay = [];
  const ci = [];
  for (let i = 0; i < RUNS; i++) {
    replay.push(psqlReplay(dir));
    const t1 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [CLI, 'ci', '--git-base', 'main', '--dir', 'migrations'], { cwd: repo, encoding: 'utf8' });
    if (r.status !== 0 && r.status !== 1) throw new Error(`cairn ci exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
    ci.push(Number(process.hrtime.bigint() - t1) / 1e6);
  }
  report('ci minder (one new file), embedded dev db', 'psql replay', median(replay), median(ci));
  psql('DROP DATABASE IF EXISTS cairn_bench_replay WITH (FORCE)');
}

/** `cairn lint` exits 0 (no error-level finding) or 2 (one at least); anything else is a failure. */
function timedLint(args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [CLI, 'lint', ...args], { encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0 && r.status !== 2) throw new Error(`cairn lint exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return ms;
}

function benchInspect() {
  const tables = Number(process.env.BENCH_TABLES ?? 1000);
  console.log(`\n# inspect: ${tables} tables (FKs, indexes, checks, defaults), median of ${RUNS}`);
  const url = freshDb('cairn_bench_inspect');
  const ddl = [];
  for (let i = 0; i < tables; i++) {
    const t = `t${String(i).padStart(4, '0')}`;
    const fk = i > 0 ? `, parent_id bigint REFERENCES t${String(Math.floor(i / 2)).padStart(4, '0')} (id)` : '';
    ddl.push(`CREATE TABLE ${t} (id bigserial PRIMARY KEY, name text NOT NULL DEFAULT '', qty integer CHECK (qty >= 0), created_at timestamptz NOT NULL DEFAULT now(), meta jsonb${fk});`);
    ddl.push(`CREATE INDEX ${t}_name_idx ON ${t} (name);`);
  }
  const file = join(ROOT, 'bench', 'data', `inspect${tables}.sql`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, ddl.join('\n'));
  execFileSync('psql', [url, '-q', '-1', '-v', 'ON_ERROR_STOP=1', '-f', file], { stdio: 'pipe' });
  const dump = [];
  const insp = [];
  for (let i = 0; i < RUNS; i++) {
    dump.push(timed('pg_dump', ['--schema-only', url], { stdio: ['ignore', 'ignore', 'pipe'] }).ms);
    insp.push(timed(process.execPath, [CLI, 'inspect', '--url', url, '--format', 'sql'], { stdio: ['ignore', 'ignore', 'pipe'] }).ms);
  }
  report(`inspect ${tables} tables (cairn inspect)`, 'pg_dump -s', median(dump), median(insp), '(target <= 1.5x)');
  psql('DROP DATABASE IF EXISTS cairn_bench_inspect WITH (FORCE)');
}

const MYSQL = process.env.CAIRN_BENCH_MYSQL ?? 'mysql://root@127.0.0.1:3306';
function mariadb(sql, db) {
  execFileSync('mariadb', ['-h', '127.0.0.1', '-P', '3306', '-uroot', ...(db ? [db] : []), '-e', sql], { stdio: 'pipe' });
}
function freshMysqlDb(name) {
  mariadb(`DROP DATABASE IF EXISTS ${name}; CREATE DATABASE ${name}`);
  return `${MYSQL}/${name}`;
}

/** MySQL DDL of `tables` tables like the PostgreSQL inspect benchmark's: FKs, an index, a check, defaults. */
function mysqlTables(tables, from = 0) {
  const ddl = [];
  for (let i = from; i < tables; i++) {
    const t = `t${String(i).padStart(4, '0')}`;
    const fk = i > 0 ? `, parent_id bigint, CONSTRAINT ${t}_parent_fk FOREIGN KEY (parent_id) REFERENCES t${String(Math.floor(i / 2)).padStart(4, '0')} (id)` : '';
    ddl.push(`CREATE TABLE ${t} (id bigint AUTO_INCREMENT PRIMARY KEY, name varchar(200) NOT NULL DEFAULT '', qty int CHECK (qty >= 0), created_at datetime NOT NULL DEFAULT CURRENT_TIMESTAMP, meta json${fk}, KEY ${t}_name_idx (name)) ENGINE=InnoDB;`);
  }
  return ddl.join('\n');
}

function benchInspectMysql() {
  const tables = Number(process.env.BENCH_TABLES ?? 1000);
  console.log(`\n# inspect MariaDB: ${tables} tables (FKs, indexes, checks, defaults), median of ${RUNS}`);
  const url = freshMysqlDb('cairn_bench_inspect');
  const file = join(ROOT, 'bench', 'data', `inspect-mysql${tables}.sql`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, mysqlTables(tables));
  execFileSync('sh', ['-c', `mariadb -h 127.0.0.1 -P 3306 -uroot cairn_bench_inspect < ${JSON.stringify(file)}`], { stdio: 'pipe' });
  const dump = [];
  const insp = [];
  for (let i = 0; i < RUNS; i++) {
    dump.push(timed('mariadb-dump', ['-h', '127.0.0.1', '-P', '3306', '-uroot', '--no-data', 'cairn_bench_inspect'], { stdio: ['ignore', 'ignore', 'pipe'] }).ms);
    insp.push(timed(process.execPath, [CLI, 'inspect', '--url', url, '--format', 'sql'], { stdio: ['ignore', 'ignore', 'pipe'] }).ms);
  }
  report(`inspect MariaDB ${tables} tables (cairn inspect)`, 'mariadb-dump --no-data', median(dump), median(insp), '(target <= 1.5x)');
  mariadb('DROP DATABASE IF EXISTS cairn_bench_inspect');
}

/** A MySQL project of 200 tables: the directory creates 199 (one file per 20), the desired schema has all 200. */
function mysqlProject() {
  const out = join(ROOT, 'bench', 'data', 'mysql200');
  const dir = join(out, 'migrations');
  if (!existsSync(join(out, 'schema.sql'))) {
    rmSync(out, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const all = mysqlTables(200).split('\n');
    for (let i = 0; i < 199; i += 20) writeFileSync(join(dir, `2026010100${String(i).padStart(4, '0')}_t${i}.sql`), all.slice(i, Math.min(i + 20, 199)).join('\n') + '\n');
    execFileSync(process.execPath, [CLI, 'hash', '--dir', dir], { stdio: 'pipe' });
    writeFileSync(join(out, 'schema.sql'), all.join('\n') + '\n');
  }
  return { dir, schema: join(out, 'schema.sql') };
}

function benchDiffMysql() {
  const { dir, schema } = mysqlProject();
  console.log(`\n# diff MySQL: 200-table project (10 files + 1 new table), server dev database, median of ${RUNS}`);
  const replay = [];
  const cairn = [];
  for (let i = 0; i < RUNS; i++) {
    // Baseline: create a database and replay the same files with the mariadb client.
    const t0 = process.hrtime.bigint();
    freshMysqlDb('cairn_bench_replay');
    for (const f of readdirSync(dir).filter((f) => f.endsWith('.sql')).sort()) {
      execFileSync('sh', ['-c', `mariadb -h 127.0.0.1 -P 3306 -uroot cairn_bench_replay < ${JSON.stringify(join(dir, f))}`], { stdio: 'pipe' });
    }
    replay.push(Number(process.hrtime.bigint() - t0) / 1e6);
    cairn.push(timedDiff(['--dir', dir, '--to', schema, '--dev-url', `${MYSQL}/`]));
  }
  report('diff MySQL 200 tables, server dev db', 'mariadb replay', median(replay), median(cairn));
  mariadb('DROP DATABASE IF EXISTS cairn_bench_replay');
}

function benchDiffSqlite() {
  const dir = join(SHARED, 'corpus', 'ncps__migrations-sqlite', 'migrations');
  const out = join(ROOT, 'bench', 'data', 'ncps-sqlite');
  mkdirSync(out, { recursive: true });
  // The desired schema: the history's end state plus one table, dumped by the sqlite3 shell.
  const schema = join(out, 'schema.sql');
  const files = readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();
  const ups = files.map((f) => execFileSync('sh', ['-c', `sed -n '/+goose Up/,/+goose Down/p' ${JSON.stringify(join(dir, f))} | grep -v '+goose'`], { encoding: 'utf8' }));
  const db = join(out, 'end.db');
  rmSync(db, { force: true });
  execFileSync('sqlite3', [db], { input: ups.join('\n'), stdio: ['pipe', 'pipe', 'pipe'] });
  // `.schema` lists SQLite's own sqlite_sequence table, which no schema may create.
  const dumped = execFileSync('sqlite3', [db, '.schema'], { encoding: 'utf8' }).split('\n').filter((l) => !l.startsWith('CREATE TABLE sqlite_sequence')).join('\n');
  writeFileSync(schema, dumped + '\nCREATE TABLE bench_extra (id integer PRIMARY KEY, note text);\n');
  console.log(`\n# diff SQLite: ncps (${files.length} goose files), embedded dev db, median of ${RUNS}`);
  const replay = [];
  const cairn = [];
  for (let i = 0; i < RUNS; i++) {
    // Baseline: the sqlite3 shell replaying the same up sections into a fresh file.
    const t0 = process.hrtime.bigint();
    rmSync(db, { force: true });
    execFileSync('sqlite3', [db], { input: ups.join('\n'), stdio: ['pipe', 'pipe', 'pipe'] });
    replay.push(Number(process.hrtime.bigint() - t0) / 1e6);
    cairn.push(timedDiff(['--dir', dir, '--to', schema, '--dev-url', 'sqlite::memory:']));
  }
  report('diff ncps SQLite, embedded dev db', 'sqlite3 replay', median(replay), median(cairn));
}

/**
 * Fan-out: one `cairn apply --targets` process brings 100 empty PostgreSQL databases to a
 * 50-migration history, at --concurrency 8 against --concurrency 1 (one target after another,
 * the same process and code) in the same run; fresh databases for every timed run, flushed by a
 * CHECKPOINT first, and the order alternates, as in the runner benchmark.
 */
function benchFanout() {
  const n = Number(process.env.BENCH_FANOUT_N ?? 50);
  const count = Number(process.env.BENCH_FANOUT_DBS ?? 100);
  const runs = Number(process.env.BENCH_FANOUT_RUNS ?? 3);
  const { dir } = history(n);
  const names = Array.from({ length: count }, (_, i) => `cairn_bench_fo_${i}`);
  const targets = join(ROOT, 'bench', 'data', `fanout-${count}.txt`);
  const failed = join(ROOT, 'bench', 'data', `fanout-${count}-failed.txt`);
  writeFileSync(targets, names.map((d) => `${PG}/${d}`).join('\n') + '\n');
  // One psql reading statements from stdin runs each on its own (CREATE DATABASE refuses a transaction block).
  const script = (sql) => execFileSync('psql', [`${PG}/postgres`, '-q', '-v', 'ON_ERROR_STOP=1'], { input: sql, stdio: ['pipe', 'pipe', 'pipe'] });
  const dropAll = () => script(names.map((d) => `DROP DATABASE IF EXISTS ${d} WITH (FORCE);`).join('\n'));
  const fresh = () => {
    dropAll();
    script(names.map((d) => `CREATE DATABASE ${d};`).join('\n') + '\nCHECKPOINT;');
  };
  console.log(`\n# fanout: ${count} PostgreSQL databases x ${n} migrations, one cairn apply --targets; median of ${runs}`);
  const seq = [];
  const par = [];
  let rss = 0;
  const run = (k, into) => {
    fresh();
    const r = timed(process.execPath, [CLI, 'apply', '--dir', dir, '--targets', targets, '--concurrency', String(k), '--failed-targets', failed]);
    into.push(r.ms);
    if (k > 1) rss = Math.max(rss, r.rssKiB);
  };
  for (let i = 0; i < runs; i++) {
    if (i % 2 === 0) { run(1, seq); run(8, par); } else { run(8, par); run(1, seq); }
  }
  const ratio = median(par) / median(seq);
  const mib = rss / 1024;
  report(`fan-out ${count} dbs x ${n} migrations, --concurrency 8`, '--concurrency 1', median(seq), median(par),
    `(target <= 0.35x: ${ratio <= 0.35 ? 'met' : 'NOT met'}; peak RSS ${mib.toFixed(0)} MiB, target < 150: ${mib < 150 ? 'met' : 'NOT met'})`);
  dropAll();
}

const BENCHES = { runner: benchRunner, diff: benchDiff, lint: benchLint, inspect: benchInspect, 'inspect-mysql': benchInspectMysql, 'diff-mysql': benchDiffMysql, 'diff-sqlite': benchDiffSqlite, ci: benchCi, fanout: benchFanout };
for (const [name, fn] of Object.entries(BENCHES)) {
  if (only && !name.includes(only)) continue;
  fn();
}
console.log(`\n${JSON.stringify({ results }, null, 0)}`);
