import { parseDirectives } from './directives.js';
import { breakpointEnd, gooseCommand, isDelimiterCommand, startsDashComment } from './markers.js';
import { PositionTracker } from './positions.js';
import {
  LF,
  dollarTagLength,
  isIdentChar,
  isSpace,
  lineEnd,
  readWordEnd,
  skipBlockComment,
  skipDollarQuoted,
  skipQuoted,
  trimEndIndex,
  withoutCR,
} from './scan.js';
import { POSTGRES_LEXER } from './presets.js';
import type { LexProblem, LexerOptions, Position, SplitResult, Statement } from './types.js';

export { parseDirectives } from './directives.js';

/**
 * splitStatements cuts a migration file (or one section of it) into statements in a single
 * linear pass. It never throws: an unterminated quote or comment makes the rest of the file
 * the last statement and is reported in `problems` with the line and column where it began.
 *
 * @example
 *   splitStatements("CREATE TABLE t (a text DEFAULT ';');\nDROP TABLE u;").statements.map((s) => s.text)
 *   // => ["CREATE TABLE t (a text DEFAULT ';')", 'DROP TABLE u']
 */
export function splitStatements(text: string, options: Partial<LexerOptions> = {}): SplitResult {
  const directives = parseDirectives(text);
  const splitter = new Splitter(text, { ...POSTGRES_LEXER, ...options }, directives.delimiter ?? ';');
  splitter.run();
  return { statements: splitter.statements, directives, problems: splitter.problems };
}

/** First letters (lower-cased) of the words onKeyword cares about, to skip the rest cheaply. */
const KEYWORD_INITIALS = new Set([...'abcefpt'].map((c) => c.charCodeAt(0)));
const ROUTINE_WORDS = new Set(['TRIGGER', 'PROCEDURE', 'FUNCTION', 'EVENT']);
/** After END these words close a MySQL compound statement that BEGIN counting never opened. */
const END_SUFFIXES = new Set(['IF', 'LOOP', 'WHILE', 'REPEAT']);

/**
 * Splitter holds the state of one pass. Text between statements ("the gap") may hold only
 * white space, comments, terminators and marker lines; the first other token starts a
 * statement and the last one before a terminator ends it, so statement text never includes
 * leading comments, trailing comments or the terminator.
 */
class Splitter {
  readonly statements: Statement[] = [];
  readonly problems: LexProblem[] = [];

  private readonly n: number;
  private readonly positions: PositionTracker;
  private readonly nestedComments: boolean;
  private delimiter = ';';
  /** Fast path: the terminator is the single character `;`. */
  private semicolon = true;
  private readonly stopAtDelimiter = (k: number): boolean => this.terminatorLength(k, this.n) > 0;

  // The current statement; start < 0 while in a gap.
  private start = -1;
  private startPos: Position | undefined;
  private contentEnd = 0;
  private leading: string[] = [];
  /** goose blocks keep `;` inside; these remember where content ended before the last one. */
  private lastWasTerminator = false;
  private beforeTerminator = 0;

  // BEGIN ... END tracking for the current statement.
  private firstWord = '';
  private routine = false;
  private parens = 0;
  private parenPos: Position | undefined;
  /** A `;` was kept inside parentheses: an unclosed one at the end is then worth reporting. */
  private heldByParen = false;
  private depth = 0;
  private blockPos: Position | undefined;

  // Comment lines directly above the next statement.
  private pending: string[] = [];
  private lineHasToken = false;

  constructor(
    private readonly text: string,
    private readonly opts: LexerOptions,
    delimiter: string,
  ) {
    this.n = text.length;
    const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    this.positions = new PositionTracker(text, bom);
    this.nestedComments = opts.nestedBlockComments ?? opts.dollarQuotes;
    this.setDelimiter(delimiter);
  }

  run(): void {
    const bom = this.text.charCodeAt(0) === 0xfeff ? 1 : 0;
    this.scan(bom, this.n, false);
    this.finish();
  }

  /**
   * scan is the main loop over [from, limit). With `noSplit` (inside a goose
   * StatementBegin/End block) terminators do not end the statement.
   */
  private scan(from: number, limit: number, noSplit: boolean): void {
    const text = this.text;
    const o = this.opts;
    let i = from;
    while (i < limit) {
      const c = text.charCodeAt(i);
      const t = this.terminatorLength(i, limit);
      if (t > 0) {
        i = this.onTerminator(i, t, noSplit);
      } else if (c === LF) {
        this.onNewline();
        i++;
      } else if (isSpace(c)) {
        i++;
      } else if (c === 45 /* - */ && text.charCodeAt(i + 1) === 45 && i + 1 < limit) {
        i = this.onLineComment(i, limit, noSplit);
      } else if (c === 35 /* # */ && o.hashComments) {
        i = this.onComment(i, lineEnd(text, i, limit));
      } else if (c === 47 /* / */ && text.charCodeAt(i + 1) === 42 && i + 1 < limit) {
        i = this.onBlockComment(i, limit);
      } else if (c === 39 /* ' */) {
        i = this.onQuoted(i, i, limit, "'", o.backslashEscapes, 'string');
      } else if (c === 34 /* " */) {
        i = this.onQuoted(i, i, limit, '"', o.backslashEscapes, 'double-quoted string or identifier');
      } else if (c === 96 /* ` */ && o.backtickIdentifiers) {
        i = this.onQuoted(i, i, limit, '`', false, 'quoted identifier');
      } else if (c === 91 /* [ */ && o.bracketIdentifiers) {
        i = this.onQuoted(i, i, limit, ']', false, 'bracketed identifier');
      } else if (c === 36 /* $ */ && o.dollarQuotes && dollarTagLength(text, i, limit) > 0) {
        i = this.onDollarQuoted(i, limit, dollarTagLength(text, i, limit));
      } else if (isIdentChar(c)) {
        i = this.onWord(i, limit, noSplit);
      } else {
        this.content(i, i + 1);
        if (c === 40) this.openParen(i);
        else if (c === 41 && this.parens > 0) this.parens--;
        i++;
      }
    }
  }

  // ---- terminators -------------------------------------------------------------------

  private setDelimiter(d: string): void {
    this.delimiter = d;
    this.semicolon = d === ';';
  }

  /**
   * terminatorLength: how many characters of the current terminator start at `i` (0 if
   * none). A `\n` in a custom delimiter also matches `\r\n`, so `-- atlas:delimiter \n\n`
   * works on CRLF files.
   */
  private terminatorLength(i: number, limit: number): number {
    const text = this.text;
    if (this.semicolon) return text.charCodeAt(i) === 59 ? 1 : 0;
    const d = this.delimiter;
    let k = i;
    for (let j = 0; j < d.length; j++, k++) {
      const want = d.charCodeAt(j);
      if (want === LF && text.charCodeAt(k) === 13 && k + 1 < limit) k++;
      if (k >= limit || text.charCodeAt(k) !== want) return 0;
    }
    return k - i;
  }

  private onTerminator(i: number, length: number, noSplit: boolean): number {
    // A terminator that ends with a newline (`\n\n`) leaves us at the start of a fresh line.
    this.lineHasToken = this.text.charCodeAt(i + length - 1) !== LF;
    if (this.start < 0) this.pending = []; // a stray `;` separates comments from what follows
    if (noSplit) {
      if (this.start >= 0) {
        if (!this.lastWasTerminator) this.beforeTerminator = this.contentEnd;
        this.contentEnd = i + length;
        this.lastWasTerminator = true;
      }
    } else if (this.semicolon && (this.depth > 0 || (this.parens > 0 && this.opts.parenthesesHoldTerminators))) {
      this.content(i, i + 1);
      if (this.depth === 0) this.heldByParen = true;
    } else {
      this.flush();
    }
    return i + length;
  }

  // ---- white space and comments ------------------------------------------------------

  /** A line with no token is blank: it detaches the comments above it from what follows. */
  private onNewline(): void {
    if (!this.lineHasToken && this.start < 0) this.pending = [];
    this.lineHasToken = false;
  }

  /** onComment records a comment that sits on its own line in a gap as a leading comment. */
  private onComment(i: number, end: number): number {
    if (this.start < 0 && !this.lineHasToken) this.pending.push(withoutCR(this.text.slice(i, end)));
    this.lineHasToken = true;
    return end;
  }

  /** `--` comments, which also carry the Drizzle breakpoint and goose block markers. */
  private onLineComment(i: number, limit: number, noSplit: boolean): number {
    const breakpoint = noSplit ? -1 : breakpointEnd(this.text, i, limit);
    if (breakpoint >= 0) {
      this.lineHasToken = true;
      this.flush();
      return breakpoint;
    }
    if (this.opts.dashCommentNeedsSpace && !startsDashComment(this.text, i + 2, limit)) {
      this.content(i, i + 1); // `a--1` is a minus followed by a negative number
      return i + 1;
    }
    const end = lineEnd(this.text, i, limit);
    if (!noSplit && !this.lineHasToken) {
      const goose = gooseCommand(this.text.slice(i, end));
      if (goose === 'statementbegin') return this.onGooseBlock(i, end, limit);
      if (goose !== '') {
        // Other goose markers (Up, Down, NO TRANSACTION) describe the file, not the statement below.
        this.lineHasToken = true;
        return end;
      }
    }
    return this.onComment(i, end);
  }

  private onBlockComment(i: number, limit: number): number {
    const end = skipBlockComment(this.text, i, limit, this.nestedComments);
    if (end < 0) return this.unterminated(i, limit, 'block comment');
    if (this.opts.executableComments && this.text.charCodeAt(i + 2) === 33 /* ! */) {
      this.content(i, end);
      return end;
    }
    return this.onComment(i, end);
  }

  // ---- quoted constructs -------------------------------------------------------------

  /** onQuoted: `start` is where the token begins (the E of E'..'), `open` the quote itself. */
  private onQuoted(start: number, open: number, limit: number, close: string, backslash: boolean, what: string): number {
    const end = skipQuoted(this.text, open, limit, close, backslash);
    if (end < 0) return this.unterminated(start, limit, what);
    this.content(start, end);
    return end;
  }

  private onDollarQuoted(i: number, limit: number, tagLength: number): number {
    const end = skipDollarQuoted(this.text, i, limit, tagLength);
    if (end < 0) return this.unterminated(i, limit, `dollar-quoted string ${this.text.slice(i, i + tagLength)}`);
    this.content(i, end);
    return end;
  }

  /**
   * unterminated: a construct runs to the end of the input. Everything from here becomes
   * part of the last statement, so nothing is silently dropped, and a problem says where
   * the construct began.
   */
  private unterminated(i: number, limit: number, what: string): number {
    this.content(i, i + 1); // start the statement first: positions are asked for in order
    this.problem(i, `unterminated ${what} starting at`);
    this.content(i, trimEndIndex(this.text, i, limit));
    return limit;
  }

  /** problem records `what`, naming the place as "line L, column C" after it. */
  private problem(i: number, what: string): void {
    this.problemAt(this.positions.at(i), what);
  }

  private problemAt(position: Position, what: string): void {
    this.problems.push({ message: `${what} line ${position.line}, column ${position.column}`, position });
  }

  // ---- words and keywords ------------------------------------------------------------

  private onWord(i: number, limit: number, noSplit: boolean): number {
    const text = this.text;
    const end = readWordEnd(text, i, limit, this.semicolon ? undefined : this.stopAtDelimiter);
    const o = this.opts;
    if (o.escapeStrings && end === i + 1 && (text.charCodeAt(i) | 32) === 101 && text.charCodeAt(end) === 39 && end < limit) {
      return this.onQuoted(i, end, limit, "'", true, 'string');
    }
    const first = this.start < 0;
    if (first && !noSplit && o.delimiterCommand && end - i === 9 && isDelimiterCommand(text, i, end)) {
      return this.onDelimiterCommand(end, limit);
    }
    this.content(i, end);
    if (!o.beginEndBlocks || noSplit || end - i < 3 || end - i > 9 || !KEYWORD_INITIALS.has(text.charCodeAt(i) | 32)) return end;
    return this.onKeyword(text.slice(i, end).toUpperCase(), end, limit, first);
  }

  /**
   * onKeyword counts BEGIN/CASE ... END nesting. BEGIN opens a body only where one can
   * start: inside CREATE TRIGGER/PROCEDURE/FUNCTION/EVENT (before any parenthesis, so a
   * column named "begin" in CREATE TABLE stays a column), before ATOMIC, or inside a body
   * already open. A statement that starts with BEGIN is a transaction command, unless it is
   * MariaDB's `BEGIN NOT ATOMIC`.
   */
  private onKeyword(word: string, end: number, limit: number, first: boolean): number {
    if (first) {
      this.firstWord = word;
      // MariaDB's anonymous block `BEGIN NOT ATOMIC ... END` is a body, not a transaction.
      if (word === 'BEGIN' && this.peekWord(end, limit).word === 'NOT') this.open(end - 5);
      return end;
    }
    if (this.depth === 0 && !this.routine && this.parens === 0 && ROUTINE_WORDS.has(word)) {
      this.routine = this.firstWord === 'CREATE' || this.firstWord === 'ALTER';
      return end;
    }
    switch (word) {
      case 'BEGIN':
        if (this.depth > 0 || this.routine || this.peekWord(end, limit).word === 'ATOMIC') this.open(end - 5);
        return end;
      case 'CASE':
        if (this.depth > 0) this.depth++;
        return end;
      case 'END':
        return this.depth > 0 ? this.close(end, limit) : end;
      default:
        return end;
    }
  }

  /** openParen counts `(`, remembering where the outermost one is for a problem report. */
  private openParen(i: number): void {
    if (this.parens === 0 && this.opts.parenthesesHoldTerminators) this.parenPos = this.positions.at(i);
    this.parens++;
  }

  private open(i: number): void {
    if (this.depth === 0) this.blockPos = this.positions.at(i);
    this.depth++;
  }

  /** close handles END, swallowing the IF/LOOP/WHILE/REPEAT/CASE of `END IF` and friends. */
  private close(end: number, limit: number): number {
    const next = this.peekWord(end, limit);
    if (END_SUFFIXES.has(next.word)) {
      this.content(end, next.end);
      return next.end;
    }
    this.depth--;
    if (next.word === 'CASE') {
      this.content(end, next.end);
      return next.end;
    }
    return end;
  }

  /** peekWord reads the upper-cased word after white space, without consuming it. */
  private peekWord(i: number, limit: number): { word: string; end: number } {
    let k = i;
    while (k < limit && isSpace(this.text.charCodeAt(k))) k++;
    const end = readWordEnd(this.text, k, limit, this.semicolon ? undefined : this.stopAtDelimiter);
    return { word: end - k <= 9 ? this.text.slice(k, end).toUpperCase() : '', end };
  }

  /**
   * onDelimiterCommand handles the mysql client's `DELIMITER xx` line: the next
   * non-space run is the new terminator and the line is not a statement.
   */
  private onDelimiterCommand(after: number, limit: number): number {
    const text = this.text;
    let k = after;
    while (k < limit && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9)) k++;
    let e = k;
    while (e < limit && !isSpace(text.charCodeAt(e))) e++;
    if (e > k) this.setDelimiter(text.slice(k, e));
    else this.problem(after - 9, 'DELIMITER without a delimiter at');
    this.lineHasToken = true;
    return lineEnd(text, e, limit);
  }

  // ---- goose blocks ------------------------------------------------------------------

  /**
   * onGooseBlock: everything between `-- +goose StatementBegin` and `-- +goose StatementEnd`
   * is one statement, like goose itself does it (line markers, whatever the quoting inside).
   * A final terminator is dropped from the text.
   */
  private onGooseBlock(marker: number, markerEnd: number, limit: number): number {
    this.flush();
    const text = this.text;
    const bodyStart = Math.min(markerEnd + 1, limit);
    let line = bodyStart;
    while (line < limit) {
      const end = lineEnd(text, line, limit);
      if (gooseCommand(text.slice(line, end).trim()) === 'statementend') {
        this.scan(bodyStart, line, true);
        this.flush();
        this.lineHasToken = true;
        return end;
      }
      line = end + 1;
    }
    this.problem(marker, 'goose StatementBegin without StatementEnd at');
    this.scan(bodyStart, limit, true);
    this.flush();
    return limit;
  }

  // ---- statements --------------------------------------------------------------------

  /** content extends the current statement to `end`, starting one at `i` if in a gap. */
  private content(i: number, end: number): void {
    if (this.start < 0) {
      this.start = i;
      this.startPos = this.positions.at(i);
      this.leading = this.pending;
      this.pending = [];
      this.firstWord = '';
      this.routine = false;
      this.parens = 0;
      this.heldByParen = false;
      this.depth = 0;
    }
    this.contentEnd = end;
    this.lastWasTerminator = false;
    this.lineHasToken = true;
  }

  private flush(): void {
    if (this.start < 0) return;
    const end = this.lastWasTerminator ? this.beforeTerminator : this.contentEnd;
    this.statements.push({
      text: this.text.slice(this.start, end),
      start: this.startPos as Position,
      end: this.positions.at(end),
      leadingComments: this.leading,
    });
    this.start = -1;
    this.lastWasTerminator = false;
    this.depth = 0;
    this.pending = [];
  }

  private finish(): void {
    if (this.start >= 0 && this.depth > 0 && this.blockPos !== undefined) {
      this.problemAt(this.blockPos, 'BEGIN without a matching END at');
    } else if (this.start >= 0 && this.parens > 0 && this.heldByParen && this.parenPos !== undefined) {
      this.problemAt(this.parenPos, "'(' without a matching ')' at");
    }
    this.flush();
  }
}
