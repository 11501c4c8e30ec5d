/**
 * Lexer contract. The lexer is dialect-neutral: each dialect supplies `LexerOptions`
 * (flags, not a dialect name), so the core never asks "is this MySQL?".
 */
export interface LexerOptions {
  /** PostgreSQL: $tag$ ... $tag$ bodies. */
  readonly dollarQuotes: boolean;
  /** PostgreSQL: E'..\'..' strings honour backslash escapes. */
  readonly escapeStrings: boolean;
  /** MySQL: backslash escapes inside every '...' and "..." string. */
  readonly backslashEscapes: boolean;
  /** MySQL: `# comment` to end of line. */
  readonly hashComments: boolean;
  /** MySQL/SQLite: `quoted identifiers`. */
  readonly backtickIdentifiers: boolean;
  /** SQLite/SQL Server style [bracketed identifiers]. */
  readonly bracketIdentifiers: boolean;
  /** MySQL client `DELIMITER xx` lines change the statement terminator. */
  readonly delimiterCommand: boolean;
  /**
   * Bodies that contain `;` and end with END: PostgreSQL `BEGIN ATOMIC ... END`,
   * SQLite/MySQL `CREATE TRIGGER ... BEGIN ... END`.
   */
  readonly beginEndBlocks: boolean;
}

export const DEFAULT_LEXER_OPTIONS: LexerOptions = Object.freeze({
  dollarQuotes: true,
  escapeStrings: true,
  backslashEscapes: false,
  hashComments: false,
  backtickIdentifiers: false,
  bracketIdentifiers: false,
  delimiterCommand: false,
  beginEndBlocks: true,
});

/** A position in a file: 1-based line and column (column counts UTF-16 code units of the line). */
export interface Position {
  readonly offset: number; // byte offset (UTF-8) from the start of the text
  readonly line: number;
  readonly column: number;
}

/** One statement found in a file. `text` excludes the terminator and surrounding blank space. */
export interface Statement {
  readonly text: string;
  /** Where `text` starts and ends (end is exclusive) in the source. */
  readonly start: Position;
  readonly end: Position;
  /** Comments directly above the statement (used for `atlas:nolint`). */
  readonly leadingComments: readonly string[];
}

/** File-level directives that change how a file is run or checked. */
export interface Directives {
  /** `-- atlas:txmode none` or goose `-- +goose NO TRANSACTION` (any case). */
  readonly noTransaction: boolean;
  /** `-- atlas:nolint [checks...]` at file level; empty array = all checks. */
  readonly nolint?: readonly string[];
  /** `-- atlas:sum ignore` on the first line. */
  readonly sumIgnore: boolean;
  /** `-- atlas:delimiter X`: custom statement terminator for the whole file. */
  readonly delimiter?: string;
}

export interface SplitResult {
  readonly statements: readonly Statement[];
  readonly directives: Directives;
}
