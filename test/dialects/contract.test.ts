/**
 * Every registered dialect implements the whole Dialect contract, every dialect folder has the
 * same file set, and drivers stay lazily loaded (start-up time).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import type { Dialect } from '../../src/dialects/types.js';
import { dialectFor, listDialects, listSchemes } from '../../src/dialects/registry.js';

const ROOT = join(import.meta.dirname, '../..');
const DIALECTS_DIR = join(ROOT, 'src/dialects');

/** Record<keyof Dialect, ...>: adding a member to Dialect without listing it here fails to compile. */
const CONTRACT: Record<keyof Dialect, 'string' | 'object' | 'function'> = {
  name: 'string',
  displayName: 'string',
  capabilities: 'object',
  lexer: 'object',
  types: 'object',
  quoteIdent: 'function',
  placeholder: 'function',
  qualify: 'function',
  revisionTableExists: 'function',
  acquireLock: 'function',
  listUserObjects: 'function',
  listDatabaseObjects: 'function',
  clean: 'function',
  resetDatabase: 'function',
  errorInfo: 'function',
  createSchemaIfMissing: 'function',
};
const LEXER_FLAGS = ['dollarQuotes', 'escapeStrings', 'backslashEscapes', 'hashComments', 'backtickIdentifiers', 'bracketIdentifiers', 'delimiterCommand', 'beginEndBlocks'];
const TYPE_KEYS = ['text', 'key', 'bigint', 'int', 'timestamp', 'bool'];

test('listDialects: postgres, mysql, sqlite', () => {
  assert.deepEqual(listDialects().map((d) => d.name).sort(), ['mysql', 'postgres', 'sqlite']);
  assert.deepEqual([...listSchemes()].sort(), ['mariadb', 'mysql', 'pglite', 'postgres', 'postgresql', 'sqlite']);
});

for (const d of listDialects()) {
  test(`${d.name} implements the whole Dialect contract`, () => {
    for (const [key, type] of Object.entries(CONTRACT)) assert.equal(typeof (d as unknown as Record<string, unknown>)[key], type, `${d.name}.${key}`);
    for (const k of ['transactionalDdl', 'schemas', 'advisoryLocks']) assert.equal(typeof (d.capabilities as unknown as Record<string, unknown>)[k], 'boolean');
    for (const k of LEXER_FLAGS) assert.equal(typeof (d.lexer as unknown as Record<string, unknown>)[k], 'boolean', `lexer.${k}`);
    for (const k of TYPE_KEYS) assert.equal(typeof (d.types as unknown as Record<string, unknown>)[k], 'string', `types.${k}`);
    assert.ok(Object.isFrozen(d), 'dialects are frozen values');
    assert.equal(typeof d.errorInfo(new Error('x')).message, 'string');
  });

  test(`${d.name} folder has the common file set`, () => {
    const files = readdirSync(join(DIALECTS_DIR, d.name));
    for (const f of ['dialect.ts', 'driver.ts', 'lock.ts', 'catalog.ts']) assert.ok(files.includes(f), `${d.name}/${f}`);
  });
}

test('capabilities as specified', () => {
  const caps = Object.fromEntries(listDialects().map((d) => [d.name, { ...d.capabilities }]));
  assert.deepEqual(caps, {
    postgres: { transactionalDdl: true, schemas: true, advisoryLocks: true },
    mysql: { transactionalDdl: false, schemas: true, advisoryLocks: true },
    sqlite: { transactionalDdl: true, schemas: false, advisoryLocks: false },
  });
});

test('dialectFor picks by scheme; quoting and placeholders', () => {
  const pg = dialectFor('postgresql://h/db');
  assert.equal(pg, dialectFor('pglite:memory'));
  assert.equal(pg.quoteIdent('a"b'), '"a""b"');
  assert.equal(pg.placeholder(2), '$2');
  assert.equal(pg.qualify({ schema: 's', table: 't' }), '"s"."t"');
  const my = dialectFor('mariadb://h/db');
  assert.equal(my.name, 'mysql');
  assert.equal(my.quoteIdent('a`b'), '`a``b`');
  assert.equal(my.placeholder(2), '?');
  const lite = dialectFor('sqlite::memory:');
  assert.equal(lite.qualify({ table: 't' }), '"t"');
  assert.throws(() => dialectFor('oracle://x'), { code: 'CONNECT' });
});

test('dialect, lock and catalog files never import a driver package (drivers load lazily)', () => {
  for (const d of ['postgres', 'mysql', 'sqlite']) {
    for (const f of ['dialect.ts', 'lock.ts', 'catalog.ts']) {
      const src = readFileSync(join(DIALECTS_DIR, d, f), 'utf8');
      assert.doesNotMatch(src, /from '(pg|mysql2[^']*|better-sqlite3|@electric-sql\/pglite)'/, `${d}/${f}`);
    }
  }
  const registry = readFileSync(join(DIALECTS_DIR, 'registry.ts'), 'utf8');
  assert.doesNotMatch(registry, /^import .*(driver|pglite)\.js';$/m);
});

test('connecting to SQLite loads neither pg nor mysql2', () => {
  const script = `
    import { createRequire } from 'node:module';
    const { connect } = await import(${JSON.stringify(join(DIALECTS_DIR, 'registry.ts'))});
    const c = await connect('sqlite::memory:');
    await c.query('select 1');
    await c.close();
    const loaded = Object.keys(createRequire(import.meta.url).cache);
    console.log(JSON.stringify(loaded.filter((p) => /node_modules\\/(pg|mysql2|@electric-sql)\\//.test(p))));
  `;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout.trim().split('\n').pop()!), []);
});
