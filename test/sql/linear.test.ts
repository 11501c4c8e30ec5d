// Adversarial inputs for the lexer's running time. Each pattern repeats a construct that a
// careless scanner would re-scan to the end of the file at every occurrence (an unclosed
// nested comment, `-->` that is not a breakpoint, MySQL's `a--b`, BEGIN without END...).
// At 100 KB a quadratic scan takes many seconds, a linear one a few milliseconds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitStatements } from '../../src/sql/lexer.js';
import { MYSQL_LEXER, POSTGRES_LEXER, SQLITE_LEXER } from '../../src/sql/presets.js';

const SIZE = 100_000;
const PATTERNS: Record<string, string> = {
  'nested comment openers': '/*',
  'closed and open comments': '/* */ /*',
  'dollar words': '$a',
  'dollar tags': '$a$ ',
  'empty strings': "''",
  'unclosed quotes': "'\"`[",
  semicolons: ';',
  'trigger headers': 'CREATE TRIGGER t BEGIN ',
  'END IF': 'END IF ',
  dashes: '-',
  arrows: '-->',
  'breakpoints without newline': '--> statement-breakpoint ',
  'MySQL minus minus': 'a--b',
  'goose begins': '-- +goose StatementBegin\n',
  'bare DELIMITER': 'DELIMITER\n',
  'DELIMITER switches': 'DELIMITER //\nSELECT 1//\nDELIMITER ;\n',
  words: 'abcdefghij ',
  newlines: '\r\n',
  'line comments': '-- x\n',
  unicode: 'é😀表 ',
};

for (const [name, unit] of Object.entries(PATTERNS)) {
  test(`linear time: ${name}`, () => {
    const text = unit.repeat(Math.ceil(SIZE / unit.length));
    for (const options of [POSTGRES_LEXER, MYSQL_LEXER, SQLITE_LEXER]) {
      const t0 = performance.now();
      splitStatements(text, options);
      const ms = performance.now() - t0;
      assert.ok(ms < 1500, `${Math.round(ms)} ms for ${text.length} characters`);
    }
  });
}
