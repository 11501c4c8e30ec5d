/**
 * Turns a pending migration into the statements the runner sends, with their file positions,
 * and classifies transaction-control statements. Only pending files are split: a no-op run
 * never gets here.
 */
import type { Dialect } from '../../dialects/types.js';
import { CairnError } from '../../errors.js';
import { splitStatements } from '../../sql/lexer.js';
import { cannotRunInTransaction, txEffect } from '../../sql/transactions.js';
import type { LexProblem, Statement } from '../../sql/types.js';
import type { SqlPart } from '../dir/types.js';

/** A statement to run, with where it starts in its file (1-based line and column). */
export interface Step {
  readonly text: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** splitPart splits one SQL part (up or down) with the dialect's lexer; SQL_SYNTAX on problems. */
export function splitPart(part: SqlPart, dialect: Dialect): Step[] {
  let statements: readonly Statement[];
  if (part.statements !== undefined) statements = part.statements;
  else {
    const r = splitStatements(part.text, dialect.lexer);
    const p = r.problems?.[0];
    if (p !== undefined) {
      const at = problemInFile(part, p);
      throw new CairnError('SQL_SYNTAX', `${part.file}:${at.line}:${at.column}: ${at.message}`, {
        details: { file: part.file, line: at.line, column: at.column },
        hint: 'close the quote or comment that starts there',
      });
    }
    statements = r.statements;
  }
  return statements.map((s) => ({ text: s.text, file: part.file, line: part.line + s.start.line - 1, column: s.start.column }));
}

/**
 * problemInFile: a lexer problem with its position, and the place its message names, counted in
 * the file rather than in the part. The lexer only sees the part (a goose or dbmate section
 * starts mid-file), so its "starting at line N" is section-relative; we rebuild that phrase
 * from `problem.position` so the prefix and the text agree.
 */
export function problemInFile(part: Pick<SqlPart, 'line'>, p: LexProblem): { line: number; column: number; message: string } {
  const line = part.line + p.position.line - 1;
  const column = p.position.column;
  const what = p.message.replace(/\s*\bline \d+, column \d+$/, '');
  return { line, column, message: `${what} line ${line}, column ${column}` };
}

/** splitText splits stored SQL (a revision's down SQL) that has no file behind it. */
export function splitText(text: string, label: string, dialect: Dialect): Step[] {
  return splitPart({ file: label, text, line: 1, offset: 0 }, dialect);
}

export { txEffect, type TxEffect } from '../../sql/transactions.js';

/** Whether a file manages its own transactions (then the runner must not wrap it blindly). */
export function controlsTransactions(steps: readonly Step[]): boolean {
  return steps.some((s) => txEffect(s.text) !== 'none');
}

/**
 * expectsOpenTransaction says whether a file that controls transactions was written to start
 * inside one: its first control statement closes (Drizzle's SQLite files begin with
 * `COMMIT TRANSACTION; PRAGMA foreign_keys=OFF; BEGIN TRANSACTION;`, relying on Drizzle's
 * own wrapping transaction). golang-migrate style files start with BEGIN and need none.
 */
export function expectsOpenTransaction(steps: readonly Step[]): boolean {
  for (const s of steps) {
    const e = txEffect(s.text);
    if (e !== 'none') return e === 'close';
  }
  return false;
}

/** Transaction state after running steps[0..k) from `open`. */
export function txStateAt(steps: readonly Step[], k: number, open: boolean): boolean {
  let state = open;
  for (let i = 0; i < k && i < steps.length; i++) {
    const e = txEffect(steps[i]!.text);
    if (e === 'open') state = true;
    else if (e === 'close') state = false;
  }
  return state;
}

/**
 * Session settings (`SET …`, SQLite's `PRAGMA name = value`): their effect lives in the
 * connection, not in the database, so a file resumed on a new connection after a failure must
 * run the ones before its resume point again (a SQLite table rebuild starts with `PRAGMA
 * foreign_keys = OFF`, which a resumed run would otherwise lack).
 */
const SESSION_SETTING = /^(SET\s+(?!TRANSACTION\b)|PRAGMA\s+[\w.]+\s*=)/i;

/** sessionSettingsBefore lists the session settings among the first `k` steps, in order. */
export function sessionSettingsBefore(steps: readonly Step[], k: number): Step[] {
  return steps.slice(0, k).filter((s) => SESSION_SETTING.test(s.text.trim()));
}

/** needsNoTransaction: a file holding a statement no transaction accepts runs stepwise (src/sql/transactions.ts). */
export function needsNoTransaction(steps: readonly Step[]): boolean {
  return steps.some((s) => cannotRunInTransaction(s.text));
}
