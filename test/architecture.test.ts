/**
 * The import rules of DESIGN.md, checked: the core reaches dialects only through the registry
 * and the shared contracts, dialects never import each other, the library never imports the
 * CLI, only the CLI may end the process, imports follow the layer order, and no value imports
 * form a cycle.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT } from './helpers/cli.js';
import { srcImports, tsFiles, valueCycles, type SrcImport } from './helpers/import-graph.js';

const SRC = join(ROOT, 'src');
const files = (dir: string) => tsFiles(dir);
const IMPORTS = srcImports(SRC);
const importsOf = (from: string) => IMPORTS.filter((i) => i.from === from).map((i) => i.to);

const SHARED_DIALECT_MODULES = new Set(['dialects/types.ts', 'dialects/registry.ts', 'dialects/url.ts']);

test('the core reaches dialects only through the registry and the contracts', () => {
  const bad: string[] = [];
  for (const f of files(SRC)) {
    const from = relative(SRC, f);
    if (from.startsWith('dialects/')) continue;
    for (const to of importsOf(from)) {
      if (to.startsWith('dialects/') && !SHARED_DIALECT_MODULES.has(to)) bad.push(`${from} imports ${to}`);
    }
  }
  assert.deepEqual(bad, []);
});

test('dialects never import each other', () => {
  const bad: string[] = [];
  for (const f of files(join(SRC, 'dialects'))) {
    const from = relative(SRC, f);
    const own = from.split('/')[1];
    if (!from.includes('/', 'dialects/'.length)) continue; // shared files at dialects/ top level
    for (const to of importsOf(from)) {
      const parts = to.split('/');
      if (parts[0] === 'dialects' && parts.length > 2 && parts[1] !== own) bad.push(`${from} imports ${to}`);
    }
  }
  assert.deepEqual(bad, []);
});

test('the library never imports the CLI, and only the CLI ends the process', () => {
  const bad: string[] = [];
  for (const f of files(SRC)) {
    const from = relative(SRC, f);
    if (from.startsWith('cli/')) continue;
    for (const to of importsOf(from)) if (to.startsWith('cli/')) bad.push(`${from} imports ${to}`);
    if (/process\.exit\(/.test(readFileSync(f, 'utf8'))) bad.push(`${from} calls process.exit`);
  }
  assert.deepEqual(bad, []);
});

test('the core never branches on a dialect name', () => {
  const bad: string[] = [];
  for (const f of files(SRC)) {
    const from = relative(SRC, f);
    if (from.startsWith('dialects/')) continue;
    const text = readFileSync(f, 'utf8');
    if (/(dialect\.name|\.dialect\.name)\s*(===|!==|==)|case\s+'(postgres|mysql|sqlite)'\s*:/.test(text)) bad.push(from);
  }
  assert.deepEqual(bad, []);
});

test('the core never hard-codes a SQLSTATE: a dialect classifies its own errors', () => {
  const bad: string[] = [];
  for (const f of files(SRC)) {
    const from = relative(SRC, f);
    if (from.startsWith('dialects/')) continue;
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(/(['"`])([0-9][0-9A-Z]{4})\1/g)) bad.push(`${from}: ${m[2]}`);
  }
  assert.deepEqual(bad, []);
});

/**
 * The layer order, bottom first: a file imports (types included, lazily or not) only files of
 * its own layer or of layers before it. It is DESIGN.md's pipeline, source → model → changes →
 * plan → files → runner → database, with the turns the code needs: the dialects (database)
 * implement the schema engine over the model, changes and plans, and the runner and the state
 * builders drive a database, so the database sits between the engine and them; and a schema
 * source becomes a model by being applied to a dev database and inspected, so the state builders
 * (in diff/, beside the differ they feed) sit above the database while the DSL itself sits low.
 *
 * A layer names folders (`sql/`) or single files; a file belongs to the most specific entry.
 */
const LAYERS: readonly { readonly name: string; readonly holds: readonly string[] }[] = [
  // Errors, the version, and the SQL lexer every layer may use.
  { name: 'base', holds: ['errors.ts', 'version.ts', 'sql/'] },
  // The DSL a desired schema is written in: definitions, nothing of the engine.
  { name: 'source', holds: ['dsl/'] },
  // The dialect-neutral model: Realm, Schema, Table... and its builders and filters.
  { name: 'model', holds: ['schema/'] },
  // The generic differ and the closed Change union, with the questions it asks a dialect.
  { name: 'changes', holds: ['diff/'] },
  // Plans (statements with reverses) and the planner kit every dialect's planner uses.
  { name: 'plan', holds: ['plan/'] },
  // The schema engine contract (inspect, plan, hooks) a dialect implements.
  // schema/engine.ts is its old path, a re-export kept while code written against it lands.
  // The lint contract (rules, passes, diagnostics: types only), which dialects implement too.
  { name: 'engine', holds: ['engine/', 'schema/engine.ts', 'lint/types.ts'] },
  // The database: the dialect contract, URLs, the registry, drivers, locks, each dialect's engine.
  { name: 'database', holds: ['dialects/'] },
  // Migration directories and atlas.sum, TypeScript migration modules, the configuration file.
  { name: 'files', holds: ['migrate/dir/', 'migrate/sum/', 'migrate/code/', 'config/'] },
  // Building a state (current or desired) on a dev database from a source: SQL files, the DSL,
  // a migration directory, a URL; and the gated diff + plan both `diff` and `push` run on two.
  {
    name: 'states',
    holds: ['diff/desired.ts', 'diff/devdb.ts', 'diff/states.ts', 'diff/replay.ts', 'diff/search-path.ts', 'diff/gated-plan.ts', 'diff/extension-pins.ts'],
  },
  // Linting migrations: replaying the history on a dev database and walking the new statements.
  { name: 'lint', holds: ['lint/'] },
  // Applying and rolling back migrations on a target, with the revision table and the lock;
  // adopting a target another tool migrated (its history read, Cairn's rows written).
  { name: 'runner', holds: ['migrate/runner/', 'migrate/adopt/'] },
  // Fan-out targets (targets files, templates, shards) and the pool that runs one command on many.
  { name: 'fan-out', holds: ['migrate/fanout/'] },
  // One library function per command, and `cairn ci`'s checks, which compose commands.
  // `cairn-migrate/testing` (throwaway databases, reversibility and schema assertions) is built on them.
  { name: 'commands', holds: ['commands/', 'ci/', 'testing/'] },
  { name: 'cli', holds: ['cli/', 'index.ts'] },
];

/**
 * Back-pointing imports not fixed yet, each with the move that fixes it; the test fails when one
 * is fixed and still listed here, so this list only shrinks.
 */
const PENDING_BACK_EDGES: readonly string[] = [
];

function layerOf(file: string): number | undefined {
  let best: { at: number; length: number } | undefined;
  LAYERS.forEach((layer, at) => {
    for (const entry of layer.holds) {
      const holds = entry.endsWith('/') ? file.startsWith(entry) : file === entry;
      if (holds && entry.length > (best?.length ?? -1)) best = { at, length: entry.length };
    }
  });
  return best?.at;
}

test('every file under src/ belongs to a layer', () => {
  const unplaced = files(SRC).map((f) => relative(SRC, f)).filter((f) => layerOf(f) === undefined);
  assert.deepEqual(unplaced, [], 'add the folder to LAYERS in test/architecture.test.ts, where its imports allow');
});

test('imports follow the layer order: no file imports a layer above its own', () => {
  const describe = (i: SrcImport) => `${i.from} (${LAYERS[layerOf(i.from)!]!.name}) imports ${i.to} (${LAYERS[layerOf(i.to)!]!.name})`;
  const back = IMPORTS.filter((i) => layerOf(i.from) !== undefined && layerOf(i.to) !== undefined && layerOf(i.to)! > layerOf(i.from)!);
  const found = [...new Set(back.map(describe))].sort();
  assert.deepEqual(found, [...PENDING_BACK_EDGES].sort(), 'a back-pointing import: move the code to the layer it belongs to, or pass it in from above');
});

test('the layer rules see the imports they judge', () => {
  // Guards the rules above against a parser that silently finds nothing.
  const has = (from: string, to: string, typeOnly: boolean) => IMPORTS.some((i) => i.from === from && i.to === to && i.typeOnly === typeOnly);
  assert.ok(has('diff/diff.ts', 'schema/build.ts', false), 'a value import');
  assert.ok(has('dialects/types.ts', 'engine/types.ts', true), 'a type-only import');
  assert.ok(IMPORTS.some((i) => i.from === 'dialects/registry.ts' && i.lazy), 'a lazy import');
  assert.equal(layerOf('diff/replay.ts'), LAYERS.findIndex((l) => l.name === 'states'), 'a file entry wins over its folder');
});

test('the schema engine contract\'s old path only re-exports it', () => {
  assert.deepEqual(IMPORTS.filter((i) => i.from === 'schema/engine.ts').map((i) => `${i.to}${i.typeOnly ? ' (types)' : ''}`), ['engine/types.ts (types)']);
});

test('no cycles of value imports among src files (type-only and lazy imports aside)', () => {
  // A cycle makes load order matter: a module can run before what it imports is initialised.
  assert.deepEqual(valueCycles(IMPORTS).map((c) => c.join(' <-> ')), [], 'move what the modules share into a module of its own');
});
