/**
 * One way to run a code migration's function (`up`, `down`, `initSchema`), shared by apply,
 * down, initSchema and the differ's replay: a context, the function watched (invoke.ts), and
 * around it, when it runs in a transaction, the frame, a savepoint proving afterwards that the
 * function left the transaction open, and the writes that must commit with its work.
 */
import { relative } from 'node:path';
import type { LoadedCode } from './code-migration.js';
import type { MigrationFunction } from './define.js';
import { CodeMisuse, createMigrationContext, type ContextConnection, type ContextInfo, type ContextLog } from './context.js';
import { CodeMigrationFailure, invokeMigration } from './invoke.js';

/** How a transaction is opened, committed and rolled back (the runner's BEGIN frame, or a savepoint in txMode "all"). */
export interface TransactionFrame {
  readonly open: string;
  readonly close: string;
  readonly abort: string;
}

export interface CodeRun {
  readonly fn: MigrationFunction;
  readonly which: 'up' | 'down';
  readonly info: ContextInfo;
  readonly log?: ContextLog;
  /** The transaction to run in; undefined runs the function outside one (`transaction: false`). */
  readonly frame?: TransactionFrame;
  /** Writes that commit with the function's work, after it (its revision row). */
  readonly alongside?: () => Promise<void>;
}

const GUARD = 'cairn_code_migration';

/**
 * runCodeFunction runs the function; on any failure it rolls the transaction back and throws a
 * CodeMigrationFailure (the error, the failing SQL or `up()`, and where). A COMMIT inside the
 * function (a query builder's own transaction()) would commit half a migration: the savepoint
 * catches that where DDL is transactional (elsewhere DDL commits by itself anyway).
 */
export async function runCodeFunction(conn: ContextConnection, run: CodeRun): Promise<void> {
  const handle = createMigrationContext(conn, run.info, run.log);
  const guard = run.frame !== undefined && conn.dialect.capabilities.transactionalDdl;
  if (run.frame) await conn.exec(run.frame.open);
  try {
    if (guard) await conn.exec(`SAVEPOINT ${GUARD}`);
    await invokeMigration(run.fn, handle, run.which);
    if (guard) await assertStillOpen(conn, run.which);
    await run.alongside?.();
  } catch (e) {
    if (run.frame) await conn.exec(run.frame.abort).catch(() => undefined);
    throw e instanceof CodeMigrationFailure ? e : new CodeMigrationFailure(e, `${run.which}()`, { line: 1, column: 1 });
  }
  if (run.frame) await conn.exec(run.frame.close);
}

async function assertStillOpen(conn: ContextConnection, which: 'up' | 'down'): Promise<void> {
  try {
    await conn.exec(`RELEASE SAVEPOINT ${GUARD}`);
  } catch {
    throw new CodeMigrationFailure(
      new CodeMisuse(`${which}() ended the migration's transaction itself (a COMMIT or ROLLBACK, or a query builder's own transaction()): what it did before that is committed, and Cairn cannot roll it back; check the database, and let Cairn own the transaction`),
      `${which}()`, { line: 1, column: 1 });
  }
}

/** Where a failure is: the module's file, or for a migration declared in code, the source file the stack points at. */
export function failureFile(code: LoadedCode, f: CodeMigrationFailure): string {
  if (code.path !== undefined || f.site.path === undefined) return code.file;
  return `${code.file} (${relative(process.cwd(), f.site.path) || f.site.path})`;
}

/** The ContextInfo of a loaded code migration. */
export function contextInfo(version: string, code: LoadedCode, transaction: boolean): ContextInfo {
  return { version, file: code.file, ...(code.path ? { path: code.path } : {}), transaction };
}
