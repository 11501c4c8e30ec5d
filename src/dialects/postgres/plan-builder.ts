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
 */
import type { Change } from '../../diff/changes.js';
import type { Hazard, PlannedStatement } from '../../plan/types.js';

export const PHASES = [
  'session', 'dropPolicy', 'dropViewFunction', 'dropView', 'dropTrigger', 'rename', 'dropForeignKey', 'dropIndex', 'dropConstraint',
  'detachPartition', 'dropPartition',
  'createSchema', 'createExtension', 'collations', 'textSearch', 'types', 'sequences', 'functions', 'domainChecks', 'tables', 'attachPartition', 'lateTypes', 'lateFunctions',
  'constraints', 'indexes', 'foreignKeys', 'ownedBy', 'views', 'viewFunctions', 'triggers', 'policies', 'rowSecurity',
  'dropLateFunction', 'dropTable', 'dropFunction', 'dropSequence', 'dropComposite', 'dropType', 'dropTextSearch', 'dropCollation', 'dropExtension', 'dropSchema', 'comments', 'sessionEnd',
] as const;
export type Phase = (typeof PHASES)[number];

export interface StatementOptions {
  readonly hazards?: readonly Hazard[];
  readonly transactional?: boolean;
}

/** Builder collects statements by phase for one change at a time (`source`). */
export class Builder {
  private readonly phases = new Map<Phase, PlannedStatement[]>(PHASES.map((p) => [p, []]));
  source!: Change;

  add(phase: Phase, sql: string, reverse: string, comment: string, opts: StatementOptions = {}): void {
    this.phases.get(phase)!.push(Object.freeze({
      sql, reverse, comment, source: this.source,
      hazards: Object.freeze([...(opts.hazards ?? [])]), transactional: opts.transactional ?? true,
    }));
  }

  /** has says whether any statement went into one of `phases`. */
  has(...phases: Phase[]): boolean {
    return phases.some((p) => this.phases.get(p)!.length > 0);
  }

  /** statements returns everything in phase order. */
  statements(): PlannedStatement[] {
    return PHASES.flatMap((p) => this.phases.get(p)!);
  }
}
