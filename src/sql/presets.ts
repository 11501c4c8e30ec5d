import type { LexerOptions } from './types.js';

/**
 * POSTGRES_LEXER: `$tag$` bodies, `E'\n'` strings, nested block comments,
 * `BEGIN ATOMIC ... END` function bodies and psql's rule that `;` inside parentheses does
 * not end a statement. Standard strings never treat `\` specially
 * (standard_conforming_strings is on since PostgreSQL 9.1).
 */
export const POSTGRES_LEXER: LexerOptions = Object.freeze({
  dollarQuotes: true,
  escapeStrings: true,
  backslashEscapes: false,
  hashComments: false,
  backtickIdentifiers: false,
  bracketIdentifiers: false,
  delimiterCommand: false,
  beginEndBlocks: true,
  nestedBlockComments: true,
  executableComments: false,
  dashCommentNeedsSpace: false,
  parenthesesHoldTerminators: true,
});

/**
 * MYSQL_LEXER: MySQL and MariaDB as the `mysql` client reads a script: backslash escapes in
 * every string, `#` comments, `-- ` comments that need the space, backtick identifiers,
 * `DELIMITER //` lines, routine and trigger bodies, and the version comments (slash, star,
 * bang) that the server executes.
 */
export const MYSQL_LEXER: LexerOptions = Object.freeze({
  dollarQuotes: false,
  escapeStrings: false,
  backslashEscapes: true,
  hashComments: true,
  backtickIdentifiers: true,
  bracketIdentifiers: false,
  delimiterCommand: true,
  beginEndBlocks: true,
  nestedBlockComments: false,
  executableComments: true,
  dashCommentNeedsSpace: true,
  parenthesesHoldTerminators: false,
});

/**
 * SQLITE_LEXER: SQLite accepts "ident", `ident` and [ident] quoting, and trigger bodies are
 * `BEGIN ... END` with `;` inside.
 */
export const SQLITE_LEXER: LexerOptions = Object.freeze({
  dollarQuotes: false,
  escapeStrings: false,
  backslashEscapes: false,
  hashComments: false,
  backtickIdentifiers: true,
  bracketIdentifiers: true,
  delimiterCommand: false,
  beginEndBlocks: true,
  nestedBlockComments: false,
  executableComments: false,
  dashCommentNeedsSpace: false,
  parenthesesHoldTerminators: false,
});
