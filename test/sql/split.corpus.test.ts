// Splits every .sql file of the shared real-world corpus with its dialect's preset. Real
// histories must lex cleanly, and the statement counts must agree with a simple line check:
// every line that starts with CREATE TABLE / CREATE INDEX begins exactly one statement.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { splitStatements } from '../../src/sql/lexer.js';
import { MYSQL_LEXER, POSTGRES_LEXER, SQLITE_LEXER } from '../../src/sql/presets.js';
import type { LexerOptions } from '../../src/sql/types.js';
import { CORPUS } from '../helpers/db.js';

function sqlFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name);
      return statSync(p).isDirectory() ? sqlFiles(p) : p.endsWith('.sql') ? [p] : [];
    });
}

/** The corpus folder names say the dialect (umami's Prisma folder is PostgreSQL). */
function presetFor(path: string): LexerOptions {
  if (/mysql/i.test(path)) return MYSQL_LEXER;
  if (/sqlite/i.test(path)) return SQLITE_LEXER;
  return POSTGRES_LEXER;
}

/** countLines counts lines starting with `pattern` outside block comments, the simple way. */
function countLines(text: string, pattern: RegExp): number {
  let inBlock = false;
  let count = 0;
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (inBlock) {
      if (t.includes('*/')) inBlock = false;
      continue;
    }
    if (t.startsWith('/*') && !t.includes('*/')) inBlock = true;
    else if (pattern.test(t)) count++;
  }
  return count;
}

const CREATE_TABLE = /^CREATE\s+(TEMP(ORARY)?\s+)?TABLE\b/i;
const CREATE_INDEX = /^CREATE\s+(UNIQUE\s+)?INDEX\b/i;

test('the corpus is present', () => {
  assert.ok(sqlFiles(CORPUS).length > 400);
});

test('every corpus file splits cleanly with sensible counts', () => {
  const failures: string[] = [];
  let statements = 0;
  for (const file of sqlFiles(CORPUS)) {
    const name = relative(CORPUS, file);
    const text = readFileSync(file, 'utf8');
    const result = splitStatements(text, presetFor(file));
    statements += result.statements.length;
    if ((result.problems ?? []).length > 0) failures.push(`${name}: ${result.problems?.map((p) => p.message).join('; ')}`);
    const starts = (re: RegExp): number => result.statements.filter((s) => re.test(s.text)).length;
    for (const [what, re] of [['CREATE TABLE', CREATE_TABLE], ['CREATE INDEX', CREATE_INDEX]] as const) {
      const expected = countLines(text, re);
      const actual = starts(re);
      if (expected !== actual) failures.push(`${name}: ${actual} ${what} statements, ${expected} ${what} lines`);
    }
    const hasSql = text.split('\n').some((l) => l.trim() !== '' && !l.trim().startsWith('--'));
    if (hasSql && result.statements.length === 0) failures.push(`${name}: no statements`);
  }
  assert.deepEqual(failures, []);
  assert.ok(statements > 2000, `only ${statements} statements in the corpus`);
});
