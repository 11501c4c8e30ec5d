/**
 * Schema-level definitions every dialect has: views, triggers written as their CREATE
 * statement, and raw DDL. As with tables, `ViewDef` holds what any dialect's `view()` may set;
 * a dialect's compiler refuses what its database lacks.
 */
import type { SqlFragment } from '../sql.js';

export interface ViewDef {
  readonly __cairn: 'view';
  readonly name: string;
  readonly schema: string;
  /** PostgreSQL: a materialized view. */
  readonly materialized: boolean;
  readonly query: string;
  /** PostgreSQL: view options, `security_barrier=true`. */
  readonly with?: readonly string[];
  readonly comment?: string;
  readonly renamedFrom?: string;
  /** MySQL: ALGORITHM. */
  readonly algorithm?: 'UNDEFINED' | 'MERGE' | 'TEMPTABLE';
  /** MySQL: SQL SECURITY. */
  readonly security?: 'DEFINER' | 'INVOKER';
  /** MySQL: WITH [CASCADED | LOCAL] CHECK OPTION. */
  readonly checkOption?: 'CASCADED' | 'LOCAL';
  /** The DSL entry point whose `view()` built it; undefined for `cairn-migrate/dsl`. */
  readonly entry?: string;
}

/** A definition written as one SQL statement: a function (PostgreSQL), a trigger, or any other DDL. */
export interface SqlDef {
  readonly __cairn: 'function' | 'trigger' | 'statement';
  readonly sql: string;
  /** PostgreSQL functions: created after the tables (the signature uses a row type). */
  readonly afterTables?: boolean;
}

export const sqlText = (q: string | SqlFragment) => (typeof q === 'string' ? q : q.text);

/** trigger is a trigger written as its full CREATE TRIGGER statement. */
export const trigger = (createSql: string | SqlFragment): SqlDef => Object.freeze({ __cairn: 'trigger' as const, sql: sqlText(createSql) });
/** statement is any other DDL, run after everything else. */
export const statement = (ddl: string | SqlFragment): SqlDef => Object.freeze({ __cairn: 'statement' as const, sql: sqlText(ddl) });
