/**
 * CairnError is the one error type the library throws on purpose. Its `code` is stable
 * (documented in README's exit-code table through `exitCodeFor`), and `details` carries the
 * data a caller needs to recover: which file, line, statement, what was applied so far.
 */
export type ErrorCode =
  | 'USAGE'                 // bad flags or arguments
  | 'CONFIG'                // config file missing, unreadable or invalid
  | 'DIR_NOT_FOUND'         // migration directory does not exist
  | 'DIR_INVALID'           // malformed names, duplicate versions, unsupported files
  | 'FILE_UNREADABLE'       // cannot read a file, not UTF-8, ...
  | 'SUM_MISSING'           // atlas.sum absent
  | 'SUM_MISMATCH'          // atlas.sum does not match the directory
  | 'SQL_SYNTAX'            // the lexer could not make sense of a file (unterminated quote ...)
  | 'CONNECT'               // could not connect / bad URL
  | 'LOCK_TIMEOUT'          // another runner holds the lock
  | 'MIGRATION_FAILED'      // a statement failed while applying
  | 'HISTORY_MISMATCH'      // applied file edited/deleted, unknown revisions, dirty db
  | 'NO_DOWN'               // a revision has no down SQL
  | 'REVISION_TABLE'        // the revision table is of a newer format, or corrupt
  | 'INTERRUPTED'           // SIGINT / SIGTERM
  | 'SCHEMA'                // schema engine: unsupported object, bad DSL
  | 'UNSAFE_CHANGE'         // diff would drop data without a rename hint or --allow-drop
  | 'INTERNAL';

export interface ErrorDetails {
  file?: string;
  line?: number;
  column?: number;
  version?: string;
  statement?: string;
  sqlState?: string;
  [key: string]: unknown;
}

export class CairnError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails;
  /** A one-line suggestion of what to do next, printed after the message. */
  readonly hint?: string;

  constructor(code: ErrorCode, message: string, opts: { details?: ErrorDetails; hint?: string; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'CairnError';
    this.code = code;
    this.details = opts.details ?? {};
    this.hint = opts.hint;
  }

  toJSON(): Record<string, unknown> {
    return { code: this.code, message: this.message, hint: this.hint, ...this.details };
  }
}

export function assertNever(x: never, what = 'value'): never {
  throw new CairnError('INTERNAL', `unexpected ${what}: ${JSON.stringify(x)}`);
}

/**
 * Process exit codes, in one table (README "Exit codes" mirrors it).
 * 0 success, 1 error, 2 "something to do" (pending migrations, a diff, a lint finding),
 * 3 integrity (sum / history mismatch), 4 usage, 5 lock timeout, 130 interrupted.
 */
export const EXIT = {
  OK: 0,
  ERROR: 1,
  PENDING: 2,
  INTEGRITY: 3,
  USAGE: 4,
  LOCKED: 5,
  INTERRUPTED: 130,
} as const;

export function exitCodeFor(err: unknown): number {
  if (!(err instanceof CairnError)) return EXIT.ERROR;
  switch (err.code) {
    case 'USAGE':
    case 'CONFIG':
      return EXIT.USAGE;
    case 'SUM_MISSING':
    case 'SUM_MISMATCH':
    case 'HISTORY_MISMATCH':
      return EXIT.INTEGRITY;
    case 'LOCK_TIMEOUT':
      return EXIT.LOCKED;
    case 'INTERRUPTED':
      return EXIT.INTERRUPTED;
    default:
      return EXIT.ERROR;
  }
}
