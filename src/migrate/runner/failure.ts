/**
 * The MIGRATION_FAILED error: its message names the file, line:column, the SQLSTATE/errno and
 * the server's message; the statement is in `details.statement`. It carries what this run applied so a caller can
 * report partial progress.
 */
import type { Dialect } from '../../dialects/types.js';
import { CairnError } from '../../errors.js';
import type { Step } from './statements.js';
import type { AppliedFile } from './types.js';

export interface FailureContext {
  readonly version: string;
  /** The failing step; for a TypeScript migration, a pseudo-step naming its up/down function. */
  readonly step: Step;
  /** 0-based index of the failing statement in its file. */
  readonly index: number;
  readonly total: number;
  /** Statements of this file that stay applied (committed) after the failure. */
  readonly statementsApplied: number;
  /** Migrations completed in this run before the failure. */
  readonly applied: readonly AppliedFile[];
  /** What the user can do next. */
  readonly hint: string;
  readonly direction: 'up' | 'down';
}

/** Line and column inside the file of a 1-based character position within the statement. */
function positionIn(step: Step, position: number | undefined): { line: number; column: number } {
  if (position === undefined || position < 1 || position > step.text.length + 1) return { line: step.line, column: step.column };
  const before = step.text.slice(0, position - 1);
  const lines = before.split('\n');
  if (lines.length === 1) return { line: step.line, column: step.column + before.length };
  return { line: step.line + lines.length - 1, column: lines[lines.length - 1]!.length + 1 };
}

export function migrationFailed(dialect: Dialect, err: unknown, f: FailureContext): CairnError {
  const info = dialect.errorInfo(err);
  const at = positionIn(f.step, info.position);
  const code = info.sqlState ?? info.code;
  const codeText = [info.code, info.errno !== undefined ? `errno ${info.errno}` : undefined, info.sqlState && info.sqlState !== info.code ? `SQLSTATE ${info.sqlState}` : undefined]
    .filter(Boolean)
    .join(', ');
  // The statement itself lives only in details.statement (the CLI prints it): quoting it here
  // too would print it twice, and a message is no place for a 10 KB function body.
  const message =
    `migration ${f.version} ${f.direction === 'down' ? 'down ' : ''}failed at ${f.step.file}:${at.line}:${at.column} ` +
    `(statement ${f.index + 1} of ${f.total})${codeText ? ` [${codeText}]` : ''}: ${info.message}`;
  return new CairnError('MIGRATION_FAILED', message, {
    cause: err,
    hint: [info.hint, f.hint].filter(Boolean).join('; ') || undefined,
    details: {
      file: f.step.file, line: at.line, column: at.column, version: f.version, statement: f.step.text, sqlState: code,
      errno: info.errno, serverMessage: info.message, statementIndex: f.index, total: f.total,
      statementsApplied: f.statementsApplied, applied: f.applied,
    },
  });
}
