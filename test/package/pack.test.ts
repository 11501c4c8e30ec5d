/**
 * The package as a user installs it: `npm pack` of a fresh build, unpacked into a new CommonJS
 * app and a new ESM app, whose node_modules get exactly the package's declared `dependencies`
 * (linked from this repository's node_modules, so the test runs offline and in seconds). The
 * database drivers are optional peer dependencies and are not installed there, which is what
 * a user who has not chosen a database sees. `../shared/tools/try-as-new-user.sh` does the same
 * with a real `npm install` from the registry.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';

const REPO = join(import.meta.dirname, '../..');
const tmp = mkdtempSync(join(tmpdir(), 'cairn-pack-'));
const SECRET = 'PackS3cret';
/** The repository's own TypeScript (7.x, the native port: `bin/tsc` is a Node launcher). */
const TSC = join(REPO, 'node_modules/typescript/bin/tsc');

/** The environment of a user's shell: none of the npm_* variables `npm test` sets for us. */
const userEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k) && k !== 'NODE_OPTIONS' && k !== 'DATABASE_URL'));

function run(cmd: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, encoding: 'utf8', env: userEnv, timeout: 120_000 });
}
/** The `cairn` that npm links into an app's node_modules/.bin. */
const cli = (app: string) => join(app, 'node_modules/.bin/cairn');
function ok(r: SpawnSyncReturns<string>, what: string): string {
  assert.equal(r.status, 0, `${what} exited ${r.status}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

let pkg: { name: string; dependencies: Record<string, string>; peerDependencies: Record<string, string>; bin: Record<string, string> };
let packed: string[];
const apps = { commonjs: join(tmp, 'app-cjs'), module: join(tmp, 'app-esm') };

before(() => {
  // A fresh build in a staging copy: the repository's dist/ may be older than src/.
  const stage = join(tmp, 'stage');
  mkdirSync(stage);
  for (const f of ['package.json', 'README.md', 'LICENSE', 'bin']) cpSync(join(REPO, f), join(stage, f), { recursive: true });
  // Type errors are typecheck's business; the build must only produce every file.
  run(process.execPath, [TSC, '-p', join(REPO, 'tsconfig.json'), '--outDir', join(stage, 'dist')], REPO);
  assert.ok(existsSync(join(stage, 'dist/index.js')), 'tsc wrote dist/index.js');
  const info = JSON.parse(ok(run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], stage), 'npm pack'))[0];
  packed = info.files.map((f: { path: string }) => f.path);
  const tgz = join(tmp, info.filename);
  for (const app of Object.values(apps)) {
    const dest = join(app, 'node_modules', 'cairn-migrate');
    mkdirSync(dest, { recursive: true });
    ok(run('tar', ['xzf', tgz, '-C', dest, '--strip-components=1'], app), 'tar');
    pkg = JSON.parse(readFileSync(join(dest, 'package.json'), 'utf8'));
    for (const dep of Object.keys(pkg.dependencies)) {
      mkdirSync(dirname(join(app, 'node_modules', dep)), { recursive: true });
      symlinkSync(join(REPO, 'node_modules', dep), join(app, 'node_modules', dep), 'dir');
    }
    // What npm does for `bin`: a link in node_modules/.bin, and the file made executable.
    mkdirSync(join(app, 'node_modules/.bin'));
    for (const [name, file] of Object.entries(pkg.bin)) {
      chmodSync(join(dest, file), 0o755);
      symlinkSync(join('..', 'cairn-migrate', file), join(app, 'node_modules/.bin', name));
    }
  }
  writeFileSync(join(apps.commonjs, 'package.json'), JSON.stringify({ name: 'app-cjs', private: true, type: 'commonjs' }));
  writeFileSync(join(apps.module, 'package.json'), JSON.stringify({ name: 'app-esm', private: true, type: 'module' }));
});
after(() => rmSync(tmp, { recursive: true, force: true }));

const LIB = ['createMigrator', 'migrate', 'apply', 'status', 'down', 'set', 'validate', 'hash', 'init', 'connect', 'defineConfig', 'CairnError'];
const DSL = ['table', 'text', 'bigserial', 'timestamptz', 'index', 'sql'];
/** `cairn-migrate/testing`'s helpers. */
const TESTING = ['createTestDatabase', 'migrateTo', 'migrateAll', 'cleanDatabase', 'expectReversible', 'expectSchema', 'testMigration', 'SchemaAssertionError'];
/** The dialect DSL entry points (`cairn-migrate/dsl/<name>`) and a few of their exports. */
const DIALECT_DSLS = ['mysql', 'sqlite'] as const;
const DIALECT_DSL_EXPORTS: Record<(typeof DIALECT_DSLS)[number], string[]> = {
  mysql: ['table', 'int', 'varchar', 'mysqlEnum', 'index', 'prefix', 'sql'],
  sqlite: ['table', 'integer', 'text', 'index', 'check', 'sql'],
};
/** Prints `typeof` of each dialect DSL's exports as JSON; `load` is `require(…)` or `await import(…)`. */
const reportDialects = (load: (spec: string) => string) =>
  `const m = { ${DIALECT_DSLS.map((d) => `${d}: ${load(`cairn-migrate/dsl/${d}`)}`).join(', ')} }; ` +
  `console.log(JSON.stringify(Object.fromEntries(Object.entries(${JSON.stringify(DIALECT_DSL_EXPORTS)}).map(([d, ks]) => [d, Object.fromEntries(ks.map((k) => [k, typeof m[d][k]]))]))));`;
const dialectFunctions = () => Object.fromEntries(DIALECT_DSLS.map((d) => [d, allFunctions(DIALECT_DSL_EXPORTS[d])]));
/** Prints `typeof` of the library's and the DSL's main exports as JSON. */
const report = (lib: string, dsl: string) =>
  `console.log(JSON.stringify({ lib: Object.fromEntries(${JSON.stringify(LIB)}.map((k) => [k, typeof ${lib}[k]])), dsl: Object.fromEntries(${JSON.stringify(DSL)}.map((k) => [k, typeof ${dsl}[k]])) }));`;
const allFunctions = (names: string[]) => Object.fromEntries(names.map((k) => [k, 'function']));
/** Where the package is unpacked in an app. */
const installed = (app: string) => join(app, 'node_modules/cairn-migrate');

describe('the packed package', () => {
  it('is named cairn-migrate, ships bin/ and dist/ only, with the drivers as optional peers', () => {
    assert.equal(pkg.name, 'cairn-migrate');
    for (const f of ['bin/cairn.mjs', 'dist/index.js', 'dist/index.d.ts', 'dist/dsl/index.js', 'dist/dsl/index.d.ts', ...DIALECT_DSLS.flatMap((d) => [`dist/dsl/${d}/index.js`, `dist/dsl/${d}/index.d.ts`]), 'dist/testing/index.js', 'dist/testing/index.d.ts', 'dist/cli/bin.js', 'package.json', 'README.md', 'LICENSE']) {
      assert.ok(packed.includes(f), `${f} is in the tarball`);
    }
    assert.deepEqual(packed.filter((f) => !/^(bin|dist)\//.test(f) && !['package.json', 'README.md', 'LICENSE'].includes(f)), []);
    assert.deepEqual(Object.keys(pkg.peerDependencies).sort(), ['better-sqlite3', 'mysql2', 'pg']);
    for (const d of ['pg', 'mysql2', 'better-sqlite3']) assert.equal(pkg.dependencies[d], undefined, `${d} is not a dependency`);
    assert.ok(pkg.dependencies['@electric-sql/pglite'], 'the embedded default is a dependency');
  });

  it('ships the Apache-2.0 LICENSE that package.json names', () => {
    assert.equal((pkg as { license?: string }).license, 'Apache-2.0');
    const text = readFileSync(join(installed(apps.module), 'LICENSE'), 'utf8');
    assert.match(text, /^Copyright \d{4} The Cairn authors$/m);
    assert.match(text, /^\s*Apache License\n\s*Version 2\.0, January 2004\n/m);
    assert.match(text, /^\s*END OF TERMS AND CONDITIONS$/m);
  });

  it('source maps: every .js names a shipped map, and every map carries the sources the tarball lacks', () => {
    const js = packed.filter((f) => f.startsWith('dist/') && f.endsWith('.js'));
    const maps = packed.filter((f) => f.endsWith('.map'));
    assert.ok(maps.length > 0, 'maps are shipped');
    for (const f of js) {
      const url = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(readFileSync(join(installed(apps.module), f), 'utf8'))?.[1];
      if (url) assert.ok(packed.includes(posix.join(posix.dirname(f), url)), `${f} points to ${url}, which is in the tarball`);
    }
    const missing: string[] = [];
    for (const f of maps) {
      const map = JSON.parse(readFileSync(join(installed(apps.module), f), 'utf8')) as { sources: string[]; sourceRoot?: string; sourcesContent?: (string | null)[] };
      map.sources.forEach((src, i) => {
        const inTarball = packed.includes(posix.normalize(posix.join(posix.dirname(f), map.sourceRoot ?? '', src)));
        if (!inTarball && typeof map.sourcesContent?.[i] !== 'string') missing.push(`${f}: ${src}`);
      });
    }
    assert.deepEqual(missing, [], 'sources neither shipped nor inlined (tsconfig inlineSources)');
  });

  it('type-checks for TypeScript users (module nodenext): require() from CommonJS, import from ESM', () => {
    // A user's own tsconfig: strict, and checking the package's .d.ts too (skipLibCheck off).
    const tsconfig = { compilerOptions: { module: 'nodenext', target: 'es2022', strict: true, noEmit: true, skipLibCheck: false, types: ['node'] }, files: ['index.ts'] };
    // `@ts-expect-error` fails the check if a name resolves to `any`, i.e. the types were not found.
    const body = (lib: string) => `
const migrator: Migrator = ${lib}createMigrator({ url: 'sqlite:./app.db', dir: 'migrations' });
// @ts-expect-error createMigrator takes options
${lib}createMigrator(42);
export const users = table('users', { id: bigserial().primaryKey(), email: text().notNull() });
// @ts-expect-error a table's name is a string
table(1, {});
export const run = (): Promise<unknown> => migrator.apply();
export const items = mysqlTable('items', { id: int().unsigned().autoIncrement().primaryKey(), sku: varchar(32).charset('utf8mb4').notNull() }, undefined, { engine: 'InnoDB' });
// @ts-expect-error an integer column has no character set
int().charset('utf8mb4');
export const notes = sqliteTable('notes', { id: integer().primaryKey().autoIncrement() }, undefined, { strict: true });
// @ts-expect-error SQLite tables take no comment
sqliteTable('t', {}, undefined, { comment: 'x' });
export const db: Promise<TestDatabase> = createTestDatabase({ dialect: 'sqlite' });
// @ts-expect-error not a dialect createTestDatabase knows
createTestDatabase({ dialect: 'oracle' });
export const checked = (url: string): Promise<ReversibleResult> => expectReversible({ url, dir: 'migrations' });
`;
    const dialectImports = "import { table as mysqlTable, int, varchar } from 'cairn-migrate/dsl/mysql';\nimport { table as sqliteTable, integer } from 'cairn-migrate/dsl/sqlite';\n" +
      "import { createTestDatabase, expectReversible, type TestDatabase, type ReversibleResult } from 'cairn-migrate/testing';\n";
    const sources = {
      commonjs: `import cairn = require('cairn-migrate');\nimport { table, text, bigserial } from 'cairn-migrate/dsl';\n${dialectImports}type Migrator = cairn.Migrator;\n${body('cairn.')}`,
      module: `import { createMigrator, type Migrator } from 'cairn-migrate';\nimport { table, text, bigserial } from 'cairn-migrate/dsl';\n${dialectImports}${body('')}`,
    };
    for (const [kind, app] of Object.entries(apps) as [keyof typeof apps, string][]) {
      // Its own directory, under the app (so the app's package.json "type" applies), with the
      // @types/node a TypeScript user on Node has; the app's node_modules stay as they were.
      const dir = join(app, 'typecheck');
      mkdirSync(join(dir, 'node_modules/@types'), { recursive: true });
      symlinkSync(join(REPO, 'node_modules/@types/node'), join(dir, 'node_modules/@types/node'), 'dir');
      writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig));
      writeFileSync(join(dir, 'index.ts'), sources[kind]);
      ok(run(process.execPath, [TSC, '-p', dir], dir), `tsc in the ${kind} app`);
    }
  });

  it('loads with require() in a CommonJS app', () => {
    const r = run(process.execPath, ['-e', `const c = require('cairn-migrate'); const d = require('cairn-migrate/dsl'); ${report('c', 'd')}`], apps.commonjs);
    assert.deepEqual(JSON.parse(ok(r, 'require')), { lib: allFunctions(LIB), dsl: allFunctions(DSL) });
    assert.equal(r.stderr, '', 'no warning');
  });

  it('loads with import in an ESM app', () => {
    const r = run(process.execPath, ['--input-type=module', '-e', `const c = await import('cairn-migrate'); const d = await import('cairn-migrate/dsl'); ${report('c', 'd')}`], apps.module);
    assert.deepEqual(JSON.parse(ok(r, 'import')), { lib: allFunctions(LIB), dsl: allFunctions(DSL) });
    assert.equal(r.stderr, '');
  });

  it('the dialect DSLs load with require() and with import', () => {
    const r = run(process.execPath, ['-e', reportDialects((spec) => `require('${spec}')`)], apps.commonjs);
    assert.deepEqual(JSON.parse(ok(r, 'require')), dialectFunctions());
    assert.equal(r.stderr, '', 'no warning');
    const m = run(process.execPath, ['--input-type=module', '-e', reportDialects((spec) => `await import('${spec}')`)], apps.module);
    assert.deepEqual(JSON.parse(ok(m, 'import')), dialectFunctions());
    assert.equal(m.stderr, '');
  });

  it('cairn-migrate/testing loads with require() and with import', () => {
    // A throwaway SQLite database needs no driver to be made and disposed of.
    const use = (load: string) => `const t = ${load}; const db = await t.createTestDatabase({ dialect: 'sqlite' }); const fs = require('node:fs');` +
      ` const made = fs.existsSync(require('node:path').dirname(db.name)); await db.dispose();` +
      ` console.log(JSON.stringify({ fns: Object.fromEntries(${JSON.stringify(TESTING)}.map((k) => [k, typeof t[k]])), made, gone: !fs.existsSync(db.name) }));`;
    const want = { fns: allFunctions(TESTING), made: true, gone: true };
    const r = run(process.execPath, ['-e', `(async () => { ${use("require('cairn-migrate/testing')")} })()`], apps.commonjs);
    assert.deepEqual(JSON.parse(ok(r, 'require')), want);
    assert.equal(r.stderr, '', 'no warning');
    const m = run(process.execPath, ['--input-type=module', '-e', `import { createRequire } from 'node:module'; const require = createRequire(process.cwd() + '/'); ${use("await import('cairn-migrate/testing')")}`], apps.module);
    assert.deepEqual(JSON.parse(ok(m, 'import')), want);
    assert.equal(m.stderr, '');
  });

  it('cairn-migrate/testing in an ESM app: a code migration importing cairn-migrate, checked on PGlite', () => {
    const app = apps.module;
    const dir = join(app, 'testing-migrations');
    mkdirSync(dir);
    writeFileSync(join(dir, '1_orders.sql'), 'CREATE TABLE orders (id integer PRIMARY KEY, cents integer NOT NULL);\n-- cairn:down\n-- DROP TABLE orders;\n');
    writeFileSync(join(dir, '2_total.ts'), "import { defineMigration } from 'cairn-migrate';\n\nexport default defineMigration({\n" +
      "  async up(ctx) {\n    await ctx.exec('ALTER TABLE orders ADD COLUMN total text');\n    await ctx.sql`UPDATE orders SET total = (cents / 100.0)::numeric(10,2)::text`;\n  },\n" +
      "  down: 'ALTER TABLE orders DROP COLUMN total',\n});\n");
    const script = `import { createTestDatabase, expectReversible, expectSchema, testMigration } from 'cairn-migrate/testing';
const dir = 'testing-migrations';
const db = await createTestDatabase({ dialect: 'pglite' });
try {
  const checked = (await expectReversible({ url: db.url, dir })).checked.map((c) => c.file);
  await expectSchema(db, 'CREATE TABLE orders (id integer PRIMARY KEY, cents integer NOT NULL, total text);');
  const fresh = await createTestDatabase({ dialect: 'pglite' });
  const m = await testMigration({ url: fresh.url, dir, version: '2', seed: async (ctx) => { await ctx.sql\`INSERT INTO orders VALUES (\${1}, \${1250})\`; } });
  const rows = await m.sql\`SELECT total FROM orders\`;
  await fresh.dispose();
  console.log(JSON.stringify({ checked, rows }));
} finally {
  await db.dispose();
}
`;
    writeFileSync(join(app, 'testing-check.mjs'), script);
    const r = run(process.execPath, ['testing-check.mjs'], app);
    assert.deepEqual(JSON.parse(ok(r, 'the testing script')), { checked: ['1_orders.sql', '2_total.ts'], rows: [{ total: '12.50' }] });
  });

  it('npx cairn runs: --help, init, and status on the embedded default', () => {
    const app = apps.module;
    assert.match(ok(run('npx', ['--no-install', 'cairn', '--help'], app), 'cairn --help'), /^Usage: cairn /m);
    // The rest runs node_modules/.bin/cairn directly: npx adds about a second per call.
    ok(run(cli(app), ['init'], app), 'cairn init');
    assert.match(readFileSync(join(app, 'cairn.config.ts'), 'utf8'), /from 'cairn-migrate';/);
    assert.match(ok(run(cli(app), ['status'], app), 'cairn status'), /^current version: none$/m);
  });

  it('a database whose driver is not installed: the CLI and the library name the package to install', () => {
    const app = apps.commonjs;
    const dir = join(app, 'migrations');
    mkdirSync(dir);
    ok(run(cli(app), ['hash'], app), 'cairn hash');
    const cases = [
      { url: `mysql://app:${SECRET}@127.0.0.1:1/shop`, want: 'install `mysql2` to use mysql:// URLs (npm i mysql2)' },
      { url: `mariadb://app:${SECRET}@127.0.0.1:1/shop`, want: 'install `mysql2` to use mariadb:// URLs (npm i mysql2)' },
      { url: `postgres://app:${SECRET}@127.0.0.1:1/shop`, want: 'install `pg` to use postgres:// URLs (npm i pg)' },
      { url: 'sqlite:./app.db', want: 'install `better-sqlite3` to use sqlite: URLs (npm i better-sqlite3)' },
    ];
    for (const c of cases) {
      const r = run(cli(app), ['status', '--url', c.url], app);
      assert.equal(r.status, 1, `${c.url}: ${r.stdout}${r.stderr}`);
      assert.ok(r.stderr.split('\n').includes(`error: ${c.want}`), r.stderr);
      assert.equal((r.stdout + r.stderr).includes(SECRET), false, 'the password is never printed');
    }
    const lib = run(
      process.execPath,
      ['-e', `require('cairn-migrate').connect('mysql://app:${SECRET}@127.0.0.1:1/shop').then(() => process.exit(3), (e) => console.log(JSON.stringify({ name: e.name, code: e.code, message: e.message, driver: e.details.driver })))`],
      app,
    );
    assert.deepEqual(JSON.parse(ok(lib, 'connect')), { name: 'CairnError', code: 'CONNECT', message: 'install `mysql2` to use mysql:// URLs (npm i mysql2)', driver: 'mysql2' });
  });
});
