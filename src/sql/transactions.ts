/**
 * What statements do to transactions, as the runner reads them and lint judges them: one
 * reading, so that lint's "runs inside a transaction" is the runner's.
 */

/**
 * What a statement does to the session's transaction: `open` (BEGIN, START TRANSACTION),
 * `close` (COMMIT, END, ROLLBACK) or nothing. BEGIN ATOMIC / BEGIN NOT ATOMIC are bodies, and
 * ROLLBACK TO SAVEPOINT keeps the transaction open.
 */
export type TxEffect = 'open' | 'close' | 'none';

const OPENS = /^(BEGIN(\s+(TRANSACTION|WORK|DEFERRED|IMMEDIATE|EXCLUSIVE|ISOLATION|READ)\b[\s\S]*)?|START\s+TRANSACTION\b[\s\S]*)$/i;
const CLOSES = /^(COMMIT|END|ROLLBACK)(\s+(TRANSACTION|WORK)\b[\s\S]*)?$/i;

export function txEffect(text: string): TxEffect {
  const t = text.trim().replace(/;$/, '').trim();
  if (OPENS.test(t)) return 'open';
  if (CLOSES.test(t) && !/^ROLLBACK\s+(TRANSACTION\s+|WORK\s+)?TO\b/i.test(t)) return 'close';
  return 'none';
}

/**
 * Statements no database lets run inside a transaction block (PostgreSQL's CONCURRENTLY index
 * builds and partition detach, REINDEX DATABASE/SYSTEM, VACUUM (PostgreSQL and SQLite),
 * CREATE/DROP DATABASE and TABLESPACE, ALTER SYSTEM). Atlas wants `-- atlas:txmode none` for
 * these, but golang-migrate and dbmate-era directories (minder's, for one) never say so because
 * their tools do not wrap files: the runner runs a file holding one statement by statement.
 */
const OUTSIDE_TX = /^(CREATE\s+(UNIQUE\s+)?INDEX\s+CONCURRENTLY|DROP\s+INDEX\s+CONCURRENTLY|REINDEX\b[^;]*\bCONCURRENTLY|REINDEX\s+(DATABASE|SYSTEM)|ALTER\s+TABLE\b[^;]*\bDETACH\s+PARTITION\b[^;]*\bCONCURRENTLY|VACUUM|CREATE\s+DATABASE|DROP\s+DATABASE|CREATE\s+TABLESPACE|DROP\s+TABLESPACE|ALTER\s+SYSTEM)\b/i;

/** cannotRunInTransaction: whether a statement (comments before it stripped) refuses a transaction block. */
export const cannotRunInTransaction = (text: string): boolean => OUTSIDE_TX.test(text.trim());
