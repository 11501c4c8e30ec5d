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
  /**
   * PostgreSQL: block comments nest (a comment opened inside a comment needs its own close).
   * When absent, nesting follows `dollarQuotes` (only PostgreSQL has both); MySQL and SQLite
   * end a block comment at the first star-slash.
   */
  readonly nestedBlockComments?: boolean;
  /**
   * MySQL: a block comment opened with slash-star-bang is SQL the server runs (mysqldump writes
   * them around SET statements), so it counts as statement content instead of a comment.
   */
  readonly executableComments?: boolean;
  /**
   * MySQL: `--` starts a comment only when white space or a control character follows, so
   * `a--1` is arithmetic. Drizzle's `--> statement-breakpoint` line is still recognised.
   */
  readonly dashCommentNeedsSpace?: boolean;
  /**
   * PostgreSQL, as psql does it: `;` inside parentheses does not end a statement, which is
   * how `CREATE RULE ... DO ALSO (INSERT ...; UPDATE ...)` stays one statement.
   */
  readonly parenthesesHoldTerminators?: boolean;
}

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

/**
 * Something the lexer could not make sense of, e.g. a quote never closed. The lexer never
 * throws; callers turn problems into CairnError SQL_SYNTAX with the file and `position`.
 */
export interface LexProblem {
  readonly message: string;
  /** Where the offending construct began. */
  readonly position: Position;
}

export interface SplitResult {
  readonly statements: readonly Statement[];
  readonly directives: Directives;
  /** Empty when the file lexed cleanly. */
  readonly problems?: readonly LexProblem[];
}
