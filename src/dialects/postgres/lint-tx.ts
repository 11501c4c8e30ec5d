/**
 * Which statements of a file really run inside a transaction. `StatementPass.inTransaction`
 * says what the lint engine was told about the runner; Cairn's runner also runs a file
 * statement by statement, unwrapped, when it holds a statement no transaction block allows
 * (CONCURRENTLY index builds, VACUUM...: src/migrate/runner/statements.ts `needsNoTransaction`),
 * as golang-migrate style directories expect. The transaction rules follow the runner.
 */
import type { FilePass } from '../../lint/types.js';
import { isTransactionEnd, isWord, startsWith, statementTokens, type Token } from './lint-sql.js';

/** The statements that make the runner run a file unwrapped (its OUTSIDE_TX list). */
export function runnerUnwraps(t: readonly Token[]): boolean {
  return startsWith(t, 'create', 'index', 'concurrently') || startsWith(t, 'create', 'unique', 'index', 'concurrently') ||
    startsWith(t, 'drop', 'index', 'concurrently') || (startsWith(t, 'reindex') && t.some((x) => isWord(x, 'concurrently'))) ||
    startsWith(t, 'vacuum') || startsWith(t, 'create', 'database') || startsWith(t, 'drop', 'database') || startsWith(t, 'alter', 'system');
}

function opensTransaction(t: readonly Token[]): boolean {
  return (isWord(t[0], 'begin') || (isWord(t[0], 'start') && isWord(t[1], 'transaction')));
}

/** A file's own BEGIN/COMMIT: the runner then runs it as written. */
export function managesTransactions(p: FilePass): boolean {
  return p.statements.some((s) => {
    const t = statementTokens(s.statement);
    return opensTransaction(t) || isTransactionEnd(t);
  });
}

/**
 * fileUnwrapped says whether the runner runs a file that does not say `txmode none` unwrapped
 * anyway, because of one of its statements; then only the file's own BEGIN…COMMIT (it has
 * none, or the runner would not have wrapped it either) make transactions.
 */
export function fileUnwrapped(p: FilePass): boolean {
  return !p.file.noTransaction && !managesTransactions(p) && p.statements.some((s) => runnerUnwraps(statementTokens(s.statement)));
}

/** inTransaction lists, per statement of a file, whether it runs in a transaction. */
export function inTransaction(p: FilePass): boolean[] {
  const unwrapped = fileUnwrapped(p);
  return p.statements.map((s) => !unwrapped && s.inTransaction);
}
