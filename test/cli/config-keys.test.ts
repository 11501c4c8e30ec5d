/**
 * Unknown config keys and values of the wrong type are errors (exit 4) naming the key with its
 * path, the file, and the closest known key; they used to be ignored, so `env.prod.urll` ran
 * `--env prod` against the top-level url.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load.js';
import { CONFIG_KEYS } from '../../src/config/types.js';
import { CairnError } from '../../src/errors.js';
import { cairn, expectExit, json, writeTree } from './helpers.js';

const MIGRATION = { 'migrations/20260101000000_init.sql': 'CREATE TABLE t (id integer);\n' };

/** The same config written as .ts, .js (ESM) and .json. */
function configFiles(config: object): Array<[string, string]> {
  const body = JSON.stringify(config, null, 2);
  return [
    ['cairn.config.ts', `import { defineConfig } from 'cairn-migrate';\nexport default defineConfig(${body} as any);\n`],
    ['cairn.config.js', `export default ${body};\n`],
    ['cairn.config.json', body],
  ];
}

test('CLI: an unknown key inside an env section names env.prod.urll, the file and `url` (ts, js, json)', async () => {
  const config = { url: 'sqlite:./top.db', env: { prod: { urll: 'sqlite:./prod.db' } } };
  for (const [name, text] of configFiles(config)) {
    const cwd = writeTree({ ...MIGRATION, 'package.json': '{"type": "module"}', [name]: text });
    const r = await cairn(['status', '--env', 'prod'], { cwd });
    assert.equal(r.code, 4, `${name}: exit 4\n${r.stderr}`);
    assert.match(r.stderr, /unknown key env\.prod\.urll \(did you mean env\.prod\.url\?\)/, name);
    assert.ok(r.stderr.includes(join(cwd, name)), `${name}: the file is named\n${r.stderr}`);
    assert.ok(!r.stdout.includes('top.db') && !r.stderr.includes('top.db'), `${name}: nothing ran against the top-level url`);
  }
});

test('CLI: an unknown top-level key is an error even without --env, in JSON too', async () => {
  const cwd = writeTree({ ...MIGRATION, 'cairn.config.json': JSON.stringify({ dir: 'migrations', revisions_table: 'revs' }) });
  const r = await cairn(['validate', '--json'], { cwd });
  assert.equal(r.code, 4, r.stdout);
  const e = json(r);
  assert.equal(e.exitCode, 4);
  assert.equal(e.error.code, 'CONFIG');
  assert.equal(e.error.key, 'revisions_table');
  assert.equal(e.error.suggestion, 'revisionsTable');
  assert.equal(e.error.file, join(cwd, 'cairn.config.json'));
  assert.match(e.error.message, /unknown key revisions_table \(did you mean revisionsTable\?\)/);
});

test('CLI: a bad choice names the allowed values; a wrong type says what was expected', async () => {
  const bad = writeTree({ ...MIGRATION, 'cairn.config.ts': `export default { url: 'sqlite:./x.db', txMode: 'al' };\n` });
  const r = await cairn(['apply'], { cwd: bad });
  assert.equal(r.code, 4, r.stderr);
  assert.match(r.stderr, /txMode is 'al'; allowed: 'file', 'all', 'none' \(did you mean 'all'\?\)/);
  assert.ok(r.stderr.includes(join(bad, 'cairn.config.ts')));

  const typed = writeTree({ ...MIGRATION, 'cairn.config.json': JSON.stringify({ env: { ci: { lockTimeout: 30, schemas: 'public' } } }) });
  const t = await cairn(['status', '--env', 'ci'], { cwd: typed });
  assert.equal(t.code, 4, t.stderr);
  assert.match(t.stderr, /env\.ci\.lockTimeout must be a string, got number 30/);
});

test('loadConfig: values from ${VAR} are checked once replaced, naming the section they came from', async () => {
  const cwd = writeTree({ 'cairn.config.json': JSON.stringify({ txMode: 'file', env: { prod: { txMode: '${TX}', lockTimeout: '${LT:-10s}' } } }) });
  const ok = await loadConfig({ cwd, env: 'prod', processEnv: { TX: 'all' } });
  assert.equal(ok.options.txMode, 'all');
  await assert.rejects(loadConfig({ cwd, env: 'prod', processEnv: { TX: 'everything' } }), (e: unknown) => {
    assert.ok(e instanceof CairnError);
    assert.equal(e.code, 'CONFIG');
    assert.match(e.message, /env\.prod\.txMode is 'everything'; allowed: 'file', 'all', 'none'/);
    return true;
  });
  await assert.rejects(loadConfig({ cwd, env: 'prod', processEnv: { TX: 'all', LT: 'soon' } }), /env\.prod\.lockTimeout: invalid env\.prod\.lockTimeout "soon"/);
});

test('loadConfig: every known key is accepted (the keys other parts of Cairn add included)', async () => {
  for (const k of ['exclude', 'schemas', 'devSearchPath']) assert.ok(Object.hasOwn(CONFIG_KEYS, k), k);
  const cwd = writeTree({
    'cairn.config.json': JSON.stringify({
      url: 'sqlite:./x.db', devUrl: 'pglite:memory', dir: 'm', dirFormat: 'goose', schema: 'schema.ts', revisionsTable: 'r',
      revisionsSchema: 's', lockTimeout: '5s', txMode: 'none', execOrder: 'linear-skip', exclude: ['public.tmp_*'],
      schemas: ['public'], devSearchPath: 'public', ignoreExtensionVersions: true, env: { a: { url: 'sqlite:./a.db' } },
    }),
  });
  const cfg = await loadConfig({ cwd, env: 'a', processEnv: {} });
  assert.equal(cfg.options.url, 'sqlite:./a.db');
  assert.deepEqual(cfg.options.schemas, ['public']);
  assert.equal(cfg.options.ignoreExtensionVersions, true);
});

test('ignoreExtensionVersions: true or false; a string is a type error naming the key (top level and env section)', async () => {
  const yes = writeTree({ 'cairn.config.json': JSON.stringify({ ignoreExtensionVersions: 'yes' }) });
  await assert.rejects(loadConfig({ cwd: yes, processEnv: {} }), (e: unknown) => {
    assert.ok(e instanceof CairnError);
    assert.equal(e.code, 'CONFIG');
    assert.equal(e.details.key, 'ignoreExtensionVersions');
    assert.match(e.message, /ignoreExtensionVersions must be true or false, got 'yes'/);
    return true;
  });
  const env = writeTree({ 'cairn.config.ts': `export default { env: { ci: { ignoreExtensionVersions: 'false' } } };\n` });
  await assert.rejects(loadConfig({ cwd: env, env: 'ci', processEnv: {} }), /env\.ci\.ignoreExtensionVersions must be true or false, got 'false'/);
  const off = writeTree({ 'cairn.config.json': JSON.stringify({ ignoreExtensionVersions: false }) });
  assert.deepEqual((await loadConfig({ cwd: off, processEnv: {} })).options, { ignoreExtensionVersions: false });
});

test('CLI: ignoreExtensionVersions in the config takes effect for diff (a version-only difference is no drift); \'yes\' exits 4', async () => {
  const files = {
    'migrations/20260101000000_init.sql': "CREATE EXTENSION citext VERSION '1.5';\n",
    'schema.sql': "CREATE EXTENSION citext VERSION '1.6';\n",
  };
  const withConfig = async (config: object) => {
    const cwd = writeTree(files);
    expectExit(await cairn(['hash'], { cwd }), 0, 'hash');
    writeTree({ 'cairn.config.json': JSON.stringify({ schema: 'schema.sql', ...config }) }, cwd);
    return cairn(['diff', '--check'], { cwd });
  };
  const pinned = expectExit(await withConfig({}), 2, 'versions compared');
  assert.match(pinned.stdout, /ALTER EXTENSION "citext" UPDATE TO '1\.6'/);
  const ignored = expectExit(await withConfig({ ignoreExtensionVersions: true }), 0, 'versions ignored');
  assert.match(ignored.stdout, /in sync/);
  const bad = expectExit(await withConfig({ ignoreExtensionVersions: 'yes' }), 4, 'a string');
  assert.match(bad.stderr, /ignoreExtensionVersions must be true or false, got 'yes'/);
});

test('loadConfig: env sections must be objects, and do not nest', async () => {
  const notObject = writeTree({ 'cairn.config.json': JSON.stringify({ env: { prod: 'postgres://x' } }) });
  await assert.rejects(loadConfig({ cwd: notObject, processEnv: {} }), /env\.prod must be an object of options, got 'postgres:\/\/x'/);
  const nested = writeTree({ 'cairn.config.json': JSON.stringify({ env: { prod: { env: { x: {} } } } }) });
  await assert.rejects(loadConfig({ cwd: nested, processEnv: {} }), /unknown key env\.prod\.env \(environments do not nest\)/);
  const kebab = writeTree({ 'cairn.config.json': JSON.stringify({ 'dev-url': 'pglite:memory' }) });
  await assert.rejects(loadConfig({ cwd: kebab, processEnv: {} }), /unknown key dev-url \(did you mean devUrl\?\)/);
});

test('a JSON config may name its JSON schema with a top-level $schema, which Cairn ignores', async () => {
  const config = { $schema: './node_modules/cairn-migrate/config.schema.json', dir: 'migrations', revisionsTable: 'revs' };
  const cwd = writeTree({ ...MIGRATION, 'cairn.config.json': JSON.stringify(config, null, 2) });
  const cfg = await loadConfig({ cwd, processEnv: {} });
  assert.deepEqual(cfg.options, { dir: 'migrations', revisionsTable: 'revs' });
  // The CLI loads it too: `hash` writes the sum of the configured directory.
  const r = await cairn(['hash'], { cwd });
  assert.equal(r.code, 0, r.stderr);
  assert.ok(existsSync(join(cwd, 'migrations', 'atlas.sum')), r.stdout);
  // Only at the top level of a JSON config: inside an env section it is still an unknown key.
  const nested = writeTree({ 'cairn.config.json': JSON.stringify({ env: { prod: { $schema: 'x' } } }) });
  await assert.rejects(loadConfig({ cwd: nested, processEnv: {} }), /unknown key env\.prod\.\$schema/);
});
