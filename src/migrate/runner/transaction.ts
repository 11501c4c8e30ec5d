/**
 * One unit of work (a file's statements plus its revision-row bookkeeping) inside one
 * transaction, in as few round trips as the driver allows.
 *
 * Fast path: a single `exec` of `BEGIN; s1; ...; sN; bookkeeping; COMMIT`. PostgreSQL's simple
 * query protocol, PGlite and SQLite all accept such a script, so a file costs one round trip
 * (psql itself sends one per statement). The bookkeeping has to be spelled with literals there
 * (literal.ts): the simple protocol takes no parameters.
 *
 * A script error does not say which statement failed (PostgreSQL reports a position for syntax
 * errors only). So on failure we roll back and re-run the same statements one by one inside a
 * fresh transaction: that is safe because transactional DDL means the first attempt left
 * nothing behind, and the second attempt is itself a legitimate, atomic application. If it
 * fails, we know exactly which statement and report that error; if it unexpectedly succeeds
 * (a transient error: lock timeout, serialization failure), we commit it like any other run.
 */
import type { Connection } from '../../dialects/types.js';
import type { BoundSql } from './revision-table.js';
import type { Step } from './statements.js';

/** The statements that open, close and abort the unit: a transaction, or a savepoint inside one. */
export interface Frame {
  readonly open: string;
  readonly close: string;
  readonly abort: string;
}

export const TRANSACTION_FRAME: Frame = { open: 'BEGIN', close: 'COMMIT', abort: 'ROLLBACK' };
/** Used by txMode 'all': each file is a savepoint of the one transaction. */
export const SAVEPOINT_FRAME: Frame = { open: 'SAVEPOINT cairn_file', close: 'RELEASE SAVEPOINT cairn_file', abort: 'ROLLBACK TO SAVEPOINT cairn_file' };

/** Bookkeeping to run after the statements, in both spellings. */
export interface Bookkeeping {
  readonly literal: readonly string[];
  readonly bound: readonly BoundSql[];
}

export type UnitOutcome = { readonly ok: true } | { readonly ok: false; readonly index: number; readonly error: unknown };

/**
 * Statement separator for scripts: a newline before the `;` so a statement whose text ends in
 * a line comment cannot swallow the terminator.
 */
const SEPARATOR = '\n;\n';

export async function runUnit(conn: Connection, steps: readonly Step[], book: Bookkeeping, frame: Frame, batch: boolean): Promise<UnitOutcome> {
  if (batch) {
    try {
      await conn.exec([frame.open, ...steps.map((s) => s.text), ...book.literal, frame.close].join(SEPARATOR));
      return { ok: true };
    } catch {
      await quietly(conn, frame.abort);
    }
  }
  return runOneByOne(conn, steps, book, frame);
}

/** The pinpointing path (and the path for drivers without scripts): one statement per round trip. */
async function runOneByOne(conn: Connection, steps: readonly Step[], book: Bookkeeping, frame: Frame): Promise<UnitOutcome> {
  await conn.exec(frame.open);
  for (let i = 0; i < steps.length; i++) {
    try {
      await conn.exec(steps[i]!.text);
    } catch (error) {
      await quietly(conn, frame.abort);
      return { ok: false, index: i, error };
    }
  }
  try {
    for (const b of book.bound) await conn.query(b.sql, b.params);
  } catch (error) {
    await quietly(conn, frame.abort);
    throw error;
  }
  try {
    await conn.exec(frame.close);
  } catch (error) {
    // A deferred constraint fails at COMMIT: blame the last statement, the file as a whole.
    await quietly(conn, frame.abort);
    return { ok: false, index: Math.max(0, steps.length - 1), error };
  }
  return { ok: true };
}

/** Runs a statement whose failure must not mask the error being handled (ROLLBACK after a failure). */
export async function quietly(conn: Connection, sql: string): Promise<void> {
  try {
    await conn.exec(sql);
  } catch {
    /* the original error is what matters */
  }
}
