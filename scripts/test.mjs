#!/usr/bin/env node
// `npm test [-- <path filter>…]`: every test/**/*.test.ts except the real-world corpus suite
// (*.corpus.test.ts, run by `npm run test:corpus`). Self-contained: it reads nothing outside
// this repository. Needs the local PostgreSQL and MariaDB servers (see README, Development).
import { filterTests, findTests, runAndExit } from './lib/node-test.mjs';

const files = findTests('test').filter((f) => !f.endsWith('.corpus.test.ts'));
runAndExit('npm test', filterTests(files, process.argv.slice(2)));
