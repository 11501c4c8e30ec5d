// Randomized lexer test: thousands of seeded inputs mixing SQL tokens, quotes, comments,
// dollar tags, delimiters and unicode. Whatever the input, splitting must not throw and must
// not lose a byte of statement content: statements are ordered, their offsets slice the
// source to exactly their text, and everything between them is white space, comments,
// terminators or marker lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitStatements } from '../../src/sql/lexer.js';
import { MYSQL_LEXER, POSTGRES_LEXER, SQLITE_LEXER } from '../../src/sql/presets.js';
import type { LexerOptions, Position, Statement } from '../../src/sql/types.js';

/** mulberry32: a tiny seeded PRNG, so a failure can be replayed from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOKENS = [
  'SELECT', 'CREATE', 'TABLE', 'TRIGGER', 'FUNCTION', 'PROCEDURE', 'BEGIN', 'ATOMIC', 'END', 'CASE', 'IF',
  'LOOP', 'TRANSACTION', 'DELIMITER', 'x', 'E', 'e', '1', '42', 'a$b', '$1', '$$', '$tag$', '$_$', '$', ' ', ' ', '  ',
  '\t', '\n', '\n', '\r\n', ';', ';', ';', '(', ')', ',', '.', '*', '/', '-', '>', '\\', "'", '"', '`', '[', ']',
  "'str'", "'it''s'", "'a;b'", "'\\''", "E'\\''", '"id"', '"a""b"', '`bt`', '[br]', '-- comment\n', '--\n', '--1', 'a--b',
  '/* c */', '/* /* nested */ */', '/*!40101 SET x=1 */', '# hash\n', '\n--> statement-breakpoint\n',
  ';--> statement-breakpoint', '\n-- +goose StatementBegin\n', '\n-- +goose StatementEnd\n', '\n-- +goose Up\n',
  '\nDELIMITER //\n', '\nDELIMITER ;\n', '\nDELIMITER $$\n', '//', '\n-- end\n', 'é', '😀', '表', '\u00a0', '\ufeff',
];

function randomInput(rand: () => number): string {
  const parts: string[] = [];
  const r = rand();
  if (r < 0.05) parts.push('-- atlas:delimiter -- end\n\n');
  else if (r < 0.1) parts.push('-- atlas:delimiter \\n\\n\n\n');
  else if (r < 0.13) parts.push('\ufeff');
  const count = 1 + Math.floor(rand() * 40);
  for (let k = 0; k < count; k++) {
    if (rand() < 0.04) parts.push(String.fromCharCode(1 + Math.floor(rand() * 126)));
    else parts.push(TOKENS[Math.floor(rand() * TOKENS.length)]);
  }
  return parts.join('');
}

/** gapIsBlank: the text outside statements holds nothing a database would execute. */
function gapIsBlank(gap: string, o: LexerOptions, terminators: readonly string[]): boolean {
  let i = 0;
  while (i < gap.length) {
    const c = gap[i];
    if (/[ \t\n\r\f\v]/.test(c) || (c === '\ufeff' && i === 0)) i++;
    else if (gap.startsWith('--', i) || (c === '#' && o.hashComments)) i = lineEndOf(gap, i);
    else if (o.delimiterCommand && /^DELIMITER([ \t\r\n]|$)/i.test(gap.slice(i, i + 10))) i = lineEndOf(gap, i);
    else if (gap.startsWith('/*', i) && !(o.executableComments && gap[i + 2] === '!')) i = blockEndOf(gap, i, o.nestedBlockComments ?? o.dollarQuotes);
    else {
      const t = terminators.find((d) => gap.startsWith(d, i));
      if (t === undefined) return false;
      i += t.length;
    }
  }
  return true;
}

function lineEndOf(s: string, i: number): number {
  const nl = s.indexOf('\n', i);
  return nl < 0 ? s.length : nl;
}

/** blockEndOf: the end of a block comment (nested when the options say so), or of the text. */
function blockEndOf(s: string, i: number, nested: boolean): number {
  let depth = 0;
  for (let k = i; k < s.length - 1; k++) {
    if (s[k] === '/' && s[k + 1] === '*' && (nested || depth === 0)) {
      depth++;
      k++;
    } else if (s[k] === '*' && s[k + 1] === '/') {
      depth--;
      k++;
      if (depth === 0) return k + 1;
    }
  }
  return s.length;
}

/** expectedPosition recomputes line and column from a byte offset, independently of the lexer. */
function checkPosition(bytes: Buffer, p: Position, what: string): void {
  const before = bytes.subarray(0, p.offset).toString('utf8');
  const lines = before.split('\n');
  assert.equal(p.line, lines.length, `${what} line`);
  const last = lines[lines.length - 1];
  const column = (lines.length === 1 && last.startsWith('\ufeff') ? last.length - 1 : last.length) + 1;
  assert.equal(p.column, column, `${what} column`);
}

/** checkSplit asserts the invariants and returns how many statements it found. */
function checkSplit(input: string, o: LexerOptions, seed: number): number {
  const bytes = Buffer.from(input, 'utf8');
  // Every terminator the input could switch to: `;` and DELIMITER arguments (`-- end` and
  // `\n\n` from atlas:delimiter are a comment and white space anyway).
  const switched = o.delimiterCommand ? [...input.matchAll(/^[ \t]*DELIMITER[ \t]+(\S+)/gim)].map((m) => m[1]) : [];
  const terminators = [';', ...switched];
  let result;
  try {
    result = splitStatements(input, o);
  } catch (err) {
    assert.fail(`seed ${seed}: threw ${String(err)} on ${JSON.stringify(input)}`);
  }
  let previous = 0;
  const ctx = (s: Statement | undefined, why: string): string =>
    `seed ${seed}: ${why}\ninput: ${JSON.stringify(input)}\nstatement: ${JSON.stringify(s?.text)}\nall: ${JSON.stringify(result.statements.map((x) => x.text))}`;
  for (const s of result.statements) {
    assert.ok(s.start.offset >= previous, ctx(s, 'statements overlap or are out of order'));
    assert.ok(s.end.offset > s.start.offset, ctx(s, 'empty statement'));
    assert.equal(bytes.subarray(s.start.offset, s.end.offset).toString('utf8'), s.text, ctx(s, 'offsets do not slice the text'));
    assert.ok(!/^[ \t\n\r\f\v]/.test(s.text) && !/[ \t\n\r\f\v]$/.test(s.text), ctx(s, 'text has surrounding white space'));
    const gap = bytes.subarray(previous, s.start.offset).toString('utf8');
    assert.ok(gapIsBlank(gap, o, terminators), ctx(s, `content lost before the statement: ${JSON.stringify(gap)}`));
    checkPosition(bytes, s.start, ctx(s, 'start'));
    checkPosition(bytes, s.end, ctx(s, 'end'));
    previous = s.end.offset;
  }
  const tail = bytes.subarray(previous).toString('utf8');
  assert.ok(gapIsBlank(tail, o, terminators), ctx(undefined, `content lost at the end: ${JSON.stringify(tail)}`));
  for (const p of result.problems ?? []) {
    assert.ok(p.position.offset <= bytes.length, ctx(undefined, 'problem beyond the input'));
    checkPosition(bytes, p.position, ctx(undefined, `problem ${p.message}`));
  }
  return result.statements.length;
}

const PRESETS: [string, LexerOptions][] = [
  ['postgres', POSTGRES_LEXER],
  ['mysql', MYSQL_LEXER],
  ['sqlite', SQLITE_LEXER],
];

for (const [name, options] of PRESETS) {
  test(`random inputs never lose content (${name})`, () => {
    const rounds = 10000;
    let statements = 0;
    for (let seed = 1; seed <= rounds; seed++) {
      const rand = prng(seed * 7919 + name.length);
      statements += checkSplit(randomInput(rand), options, seed);
    }
    // Guard against a generator that only ever produces one statement per input.
    assert.ok(statements > rounds * 1.3, `only ${statements} statements in ${rounds} inputs`);
  });
}

test('random inputs with every option combination', () => {
  const rand = prng(20260101);
  for (let k = 0; k < 4000; k++) {
    const flags = Math.floor(rand() * 4096);
    const o: LexerOptions = {
      dollarQuotes: (flags & 1) !== 0,
      escapeStrings: (flags & 2) !== 0,
      backslashEscapes: (flags & 4) !== 0,
      hashComments: (flags & 8) !== 0,
      backtickIdentifiers: (flags & 16) !== 0,
      bracketIdentifiers: (flags & 32) !== 0,
      delimiterCommand: (flags & 64) !== 0,
      beginEndBlocks: (flags & 128) !== 0,
      nestedBlockComments: (flags & 256) !== 0,
      executableComments: (flags & 512) !== 0,
      dashCommentNeedsSpace: (flags & 1024) !== 0,
      parenthesesHoldTerminators: (flags & 2048) !== 0,
    };
    checkSplit(randomInput(rand), o, k);
  }
});
