/**
 * The statement collector of the PostgreSQL planner. Statements go into ordered phases so that
 * the plan respects dependencies whatever order the changes come in: renames first, then what
 * must go before objects change (policies, triggers, views, foreign keys, indexes), collations
 * and text search configurations before the types, columns and expressions that name them,
 * types before the columns that use them, tables before keys and views, unique indexes before the foreign keys
 * that may rely on them, policies after everything they may read, and drops in reverse at the end.
 * Schemas come before the extensions installed into them (`CREATE EXTENSION ... WITH SCHEMA
 * extensions`), and go after them. Domain checks that call user functions are added between
 * functions and tables.
 * Partitions are detached and dropped before tables are created and attached after, so that a
 * range can pass from one partition to another in one plan.
 * A table stops inheriting (NO INHERIT) before the constraints and columns it had through a
 * parent can be dropped, and starts (INHERIT) once it has the columns and checks the parent
 * requires of it.
 *
 * `copyOut`/`copyIn` hold the rows of a table re-created around a new partitioning.
 *
 * A composite type replaced by a table, or a serial column's sequence by a stand-alone one, is
 * ordered by the kit's drop-before-create rule (src/plan/builder.ts).
 */
import { PhasedBuilder } from '../../plan/builder.js';
import type { Reverse } from '../../plan/types.js';

export { nameKey, type StatementOptions } from '../../plan/builder.js';

export const PHASES = [
  'session', 'copyOut', 'dropPolicy', 'dropViewFunction', 'dropView', 'dropTrigger', 'rename', 'noInherit', 'dropForeignKey', 'dropIndex', 'dropConstraint',
  'detachPartition', 'dropPartition',
  'createSchema', 'createExtension', 'collations', 'textSearch', 'types', 'sequences', 'functions', 'domainChecks', 'tables', 'attachPartition', 'lateTypes', 'lateFunctions',
  'copyIn', 'constraints', 'inherit', 'indexes', 'foreignKeys', 'ownedBy', 'views', 'viewFunctions', 'triggers', 'policies', 'rowSecurity',
  'dropLateFunction', 'dropTable', 'dropFunction', 'dropSequence', 'dropComposite', 'dropType', 'dropTextSearch', 'dropCollation', 'dropExtension', 'dropSchema', 'comments', 'sessionEnd',
] as const;
export type Phase = (typeof PHASES)[number];

/** A statement and what undoes it (one statement, or several run in order). */
export type Step = readonly [sql: string, reverse: Reverse];

/**
 * Builder is the planner kit's collector with PostgreSQL's phases. Every `sql` is one
 * statement; a reverse may be several (`Reverse`), which the down part runs one by one.
 */
export class Builder extends PhasedBuilder<Phase> {
  constructor() {
    super(PHASES);
  }
}
