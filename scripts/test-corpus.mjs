#!/usr/bin/env node
// `npm run test:corpus [-- <path filter>…]`: the real-world conformance suite, every
// test/**/*.corpus.test.ts, on the migration histories in $CAIRN_CORPUS (default
// ../shared/corpus beside the repository). A missing corpus fails the run: it never skips.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { filterTests, findTests, runAndExit } from './lib/node-test.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const corpus = resolve(process.env.CAIRN_CORPUS ?? join(root, '../shared/corpus'));
if (!existsSync(corpus) || !statSync(corpus).isDirectory() || readdirSync(corpus).length === 0) {
  console.error(`npm run test:corpus: no corpus at ${corpus}`);
  console.error('  set CAIRN_CORPUS to the folder of real-world migration histories (one sub-folder per project, each with migrations/)');
  if (process.env.CAIRN_TEST_COUNTS) {
    const { appendFileSync } = await import('node:fs');
    appendFileSync(process.env.CAIRN_TEST_COUNTS, JSON.stringify({ suite: 'npm run test:corpus', passed: 0, failed: 1, skipped: 0, status: 1 }) + '\n');
  }
  console.log('npm run test:corpus: 0 passed, 1 failed (no corpus)');
  process.exit(1);
}
const files = findTests(join(root, 'test')).filter((f) => f.endsWith('.corpus.test.ts'));
runAndExit('npm run test:corpus', filterTests(files, process.argv.slice(2)), { ...process.env, CAIRN_CORPUS: corpus });
