import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load.js';
import { parseDuration } from '../../src/config/duration.js';
import { CairnError } from '../../src/errors.js';
import { CAIRN_VERSION } from '../../src/version.js';
import { cairn, ROOT } from '../helpers/cli.js';

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'cairn-cfg-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

const TS_CONFIG = `
type Cfg = { dir?: string; url?: string; env?: Record<string, { url?: string; lockTimeout?: string }> };
const config: Cfg = {
  dir: './db/migrations',
  url: '\${APP_DB:-sqlite:./local.db}',
  env: { prod: { url: '\${PROD_URL}', lockTimeout: '60s' } },
};
export default config;
`;

test('a TypeScript config loads without a build step, with env-var defaults', async () => {
  const cwd = project({ 'cairn.config.ts': TS_CONFIG });
  const cfg = await loadConfig({ cwd, processEnv: {} });
  assert.equal(cfg.file, join(cwd, 'cairn.config.ts'));
  assert.deepEqual(cfg.options, { dir: './db/migrations', url: 'sqlite:./local.db' });
  assert.deepEqual(cfg.envNames, ['prod']);
});

test('--env selects a section that overrides the top level', async () => {
  const cwd = project({ 'cairn.config.ts': TS_CONFIG });
  const cfg = await loadConfig({ cwd, env: 'prod', processEnv: { PROD_URL: 'postgres://u:pw@db/app' } });
  assert.equal(cfg.options.url, 'postgres://u:pw@db/app');
  assert.equal(cfg.options.lockTimeout, '60s');
  assert.equal(cfg.options.dir, './db/migrations');
});

test('an unset variable without default names the file, key and variable', async () => {
  const cwd = project({ 'cairn.config.ts': TS_CONFIG });
  await assert.rejects(loadConfig({ cwd, env: 'prod', processEnv: {} }), (e: unknown) => {
    assert.ok(e instanceof CairnError);
    assert.equal(e.code, 'CONFIG');
    assert.match(e.message, /cairn\.config\.ts: url uses \$\{PROD_URL\}, but PROD_URL is not set/);
    return true;
  });
});

test('an unknown environment lists the defined ones', async () => {
  const cwd = project({ 'cairn.config.ts': TS_CONFIG });
  await assert.rejects(loadConfig({ cwd, env: 'staging', processEnv: {} }), /no environment "staging" \(defined: prod\)/);
});

test('a config with a syntax error is reported with its path', async () => {
  const cwd = project({ 'cairn.config.ts': 'export default {' });
  await assert.rejects(loadConfig({ cwd, processEnv: {} }), (e: unknown) => {
    assert.ok(e instanceof CairnError);
    assert.equal(e.code, 'CONFIG');
    assert.ok(e.message.includes(join(cwd, 'cairn.config.ts')));
    return true;
  });
});

test('JSON configs and --config paths work', async () => {
  const cwd = project({ 'other.json': JSON.stringify({ dir: 'm', revisionsTable: 'revs' }) });
  const cfg = await loadConfig({ cwd, file: 'other.json', processEnv: {} });
  assert.deepEqual(cfg.options, { dir: 'm', revisionsTable: 'revs' });
  await assert.rejects(loadConfig({ cwd, file: 'missing.ts', processEnv: {} }), /config file missing\.ts not found/);
});

test('durations', () => {
  assert.equal(parseDuration('10s'), 10_000);
  assert.equal(parseDuration('500ms'), 500);
  assert.equal(parseDuration('2m'), 120_000);
  assert.equal(parseDuration('3'), 3000);
  assert.throws(() => parseDuration('soon'), /invalid duration "soon"/);
});

test('the recorded version matches package.json', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  assert.equal(CAIRN_VERSION, pkg.version);
});

test('CLI: --version, --help, and usage errors exit 4', async () => {
  const v = await cairn(['--version']);
  assert.equal(v.code, 0);
  assert.equal(v.stdout.trim(), CAIRN_VERSION);
  const h = await cairn(['--help']);
  assert.equal(h.code, 0);
  for (const c of ['init', 'new', 'hash', 'validate', 'import', 'apply', 'status', 'down', 'set', 'diff', 'inspect']) {
    assert.match(h.stdout, new RegExp(`\\n  ${c}\\b`), `help lists ${c}`);
  }
  const bad = await cairn(['frobnicate']);
  assert.equal(bad.code, 4);
  assert.match(bad.stderr, /unknown command 'frobnicate'/);
  const badFormat = await cairn(['validate', '--dir-format', 'nope']);
  assert.equal(badFormat.code, 4);
});

test('CLI: a password in a URL never appears in output', async () => {
  const cwd = project({});
  const r = await cairn(['status', '--url', 'postgres://postgres:Sup3rS3cret@127.0.0.1:1/nope', '--dir', cwd], { cwd });
  assert.notEqual(r.code, 0);
  assert.ok(!r.stdout.includes('Sup3rS3cret') && !r.stderr.includes('Sup3rS3cret'), r.stderr);
  const j = await cairn(['status', '--json', '--url', 'mysql://root:Sup3rS3cret@127.0.0.1:1/nope', '--dir', cwd], { cwd });
  assert.notEqual(j.code, 0);
  assert.ok(!j.stdout.includes('Sup3rS3cret') && !j.stderr.includes('Sup3rS3cret'), j.stdout);
  assert.ok(JSON.parse(j.stdout).error.code);
});

test('CLI: paths in a config file are relative to the file, flags to the current directory', async () => {
  const root = mkdtempSync(join(tmpdir(), 'cairn-cfg-rel-'));
  const sub = join(root, 'app');
  mkdirSync(join(sub, 'db', 'migrations'), { recursive: true });
  writeFileSync(join(sub, 'db', 'migrations', '20260101000000_init.sql'), 'CREATE TABLE t (id integer);\n');
  writeFileSync(join(sub, 'cairn.config.json'), JSON.stringify({ dir: './db/migrations', url: 'sqlite:./db/app.db' }));
  const elsewhere = mkdtempSync(join(tmpdir(), 'cairn-cfg-cwd-'));
  const r = await cairn(['apply', '--config', join(sub, 'cairn.config.json')], { cwd: elsewhere });
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.ok(existsSync(join(sub, 'db', 'app.db')), 'the database is beside the config file');
  assert.deepEqual(readdirSync(elsewhere), [], 'nothing is created in the current directory');
  // A flag is relative to where the CLI runs: the empty ./m there does not know the applied file.
  mkdirSync(join(elsewhere, 'm'));
  const s = await cairn(['status', '--config', join(sub, 'cairn.config.json'), '--dir', 'm', '--json'], { cwd: elsewhere });
  const status = JSON.parse(s.stdout) as { unknown: { version: string }[]; target: string };
  assert.deepEqual(status.unknown.map((u) => u.version), ['20260101000000']);
  assert.equal(status.target, `sqlite:${join(sub, 'db', 'app.db')}`);
});
