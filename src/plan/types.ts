/**
 * A plan is a list of rich statements, not strings: lint, down files and pretty output read
 * these fields instead of re-parsing SQL (Atlas `migrate.Change`, pg-schema-diff `Statement`).
 */
import type { Change } from '../diff/changes.js';

/** What can go wrong when a statement runs on a live database. */
export type Hazard =
  | 'data-loss'       // drops a table, column or enum value with its data
  | 'table-rewrite'   // rewrites the whole table (column type change)
  | 'locks-table'     // holds a lock that blocks writes while it scans or builds (index, NOT NULL, FK validation)
  | 'may-fail';       // can fail on existing data (NOT NULL, new CHECK, narrowing cast)

/**
 * What undoes one statement: usually one statement; a list (run in order) when no single
 * statement can (re-creating a dropped table and switching its row-level security back on,
 * re-creating an enum type without the value ADD VALUE added). The structure is kept rather
 * than joined into one text, so that nothing downstream has to split SQL again (function
 * bodies hold `;`). An empty list only appears in down plans (see `reversePlan`).
 */
export type Reverse = string | readonly string[];

/** reverseStatements lists the statements of a reverse, in the order they run. */
export const reverseStatements = (r: Reverse): readonly string[] => (typeof r === 'string' ? [r] : r);

export interface PlannedStatement {
  /** Exactly one SQL statement, without the final `;`. */
  readonly sql: string;
  /** What undoes `sql`; every planned statement has one, so every migration gets a down part. */
  readonly reverse: Reverse;
  /** A short human description ("add column public.users.email"). */
  readonly comment: string;
  /** The change this statement implements. */
  readonly source: Change;
  readonly hazards: readonly Hazard[];
  /** False for statements PostgreSQL refuses inside a transaction block (CREATE INDEX CONCURRENTLY). */
  readonly transactional: boolean;
  /**
   * This statement starts a new migration file: what comes before must be committed first
   * (PostgreSQL: an enum value added by ALTER TYPE ... ADD VALUE cannot be used in the
   * transaction that added it). `cairn diff` writes one file per part (see splitPlan).
   */
  readonly splitBefore?: boolean;
}

export interface Plan {
  readonly statements: readonly PlannedStatement[];
}
