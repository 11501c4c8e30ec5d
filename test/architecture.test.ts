/**
 * The import rules of DESIGN.md, checked: the core reaches dialects only through the registry
 * and the shared contracts, dialects never import each other, the library never imports the
 * CLI, and only the CLI may end the process.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, dirname, resolve } from 'node:path';
import { ROOT } from './helpers/cli.js';

const SRC = join(ROOT, 'src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Relative imports of a file, resolved to paths under src/. */
function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)) {
    out.push(relative(SRC, resolve(dirname(file), m[1]!)).replace(/\.js$/, '.ts'));
  }
  return out;
}

const SHARED_DIALECT_MODULES = new Set(['dialects/types.ts', 'dialects/registry.ts', 'dialects/url.ts']);

test('the core reaches dialects only through the registry and the contracts', () => {
  const bad: string[] = [];
  for (const f of files(SRC)) {
    const from = relative(SRC, f);
    if (from.startsWith('dialects/')) continue;
    for (const to of imports(f)) {
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
    for (const to of imports(f)) {
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
    for (const to of imports(f)) if (to.startsWith('cli/')) bad.push(`${from} imports ${to}`);
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
