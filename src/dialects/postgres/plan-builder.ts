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
 * Phases alone cannot order an object replaced by another of the same name (a table by a view,
 * a composite type by a table, a serial column's sequence by a stand-alone one): the new one is
 * created in its kind's phase, which may come before the old one's drop. Statements that create
 * or drop a named relation or type say so (`creates`/`drops`), and `statements()` moves each
 * drop (with the statements of the same change just before it) ahead of the create of the same
 * name. The down part, the reverse in reverse order, then drops the new object before
 * re-creating the old one too.
 */
import type { Change } from '../../diff/changes.js';
import type { Hazard, PlannedStatement } from '../../plan/types.js';

export const PHASES = [
  'session', 'copyOut', 'dropPolicy', 'dropViewFunction', 'dropView', 'dropTrigger', 'rename', 'noInherit', 'dropForeignKey', 'dropIndex', 'dropConstraint',
  'detachPartition', 'dropPartition',
  'createSchema', 'createExtension', 'collations', 'textSearch', 'types', 'sequences', 'functions', 'domainChecks', 'tables', 'attachPartition', 'lateTypes', 'lateFunctions',
  'copyIn', 'constraints', 'inherit', 'indexes', 'foreignKeys', 'ownedBy', 'views', 'viewFunctions', 'triggers', 'policies', 'rowSecurity',
  'dropLateFunction', 'dropTable', 'dropFunction', 'dropSequence', 'dropComposite', 'dropType', 'dropTextSearch', 'dropCollation', 'dropExtension', 'dropSchema', 'comments', 'sessionEnd',
] as const;
export type Phase = (typeof PHASES)[number];

export interface StatementOptions {
  readonly hazards?: readonly Hazard[];
  readonly transactional?: boolean;
  /** Names (`schema.name`, relations and types share one namespace here) this statement creates. */
  readonly creates?: readonly string[];
  /** Names this statement drops (frees for an object created in the same plan). */
  readonly drops?: readonly string[];
}

/** nameKey is the key of `creates`/`drops`. */
export const nameKey = (r: { readonly schema: string; readonly name: string }): string => `${r.schema}.${r.name}`;

interface Names { readonly phase: Phase; readonly creates: readonly string[]; readonly drops: readonly string[] }

/** Builder collects statements by phase for one change at a time (`source`). */
export class Builder {
  private readonly phases = new Map<Phase, PlannedStatement[]>(PHASES.map((p) => [p, []]));
  private readonly names = new Map<PlannedStatement, Names>();
  source!: Change;

  add(phase: Phase, sql: string, reverse: string, comment: string, opts: StatementOptions = {}): void {
    const s: PlannedStatement = Object.freeze({
      sql, reverse, comment, source: this.source,
      hazards: Object.freeze([...(opts.hazards ?? [])]), transactional: opts.transactional ?? true,
    });
    this.phases.get(phase)!.push(s);
    this.names.set(s, { phase, creates: opts.creates ?? [], drops: opts.drops ?? [] });
  }

  /** has says whether any statement went into one of `phases`. */
  has(...phases: Phase[]): boolean {
    return phases.some((p) => this.phases.get(p)!.length > 0);
  }

  /** statements returns everything in phase order, each drop of a name ahead of its re-creation. */
  statements(): PlannedStatement[] {
    return dropsBeforeCreates(PHASES.flatMap((p) => this.phases.get(p)!), (s) => this.names.get(s));
  }
}

/**
 * dropsBeforeCreates moves every statement that drops a name in front of the first earlier
 * statement that creates the same name, together with the statements of the same change and
 * phase right before it (comments cleared, a default that uses a sequence dropped...).
 */
function dropsBeforeCreates(list: readonly PlannedStatement[], names: (s: PlannedStatement) => Names | undefined): PlannedStatement[] {
  const out = [...list];
  for (let i = 0; i < out.length; i++) {
    const dropped = names(out[i])?.drops ?? [];
    if (dropped.length === 0) continue;
    const at = out.findIndex((s, j) => j < i && (names(s)?.creates ?? []).some((k) => dropped.includes(k)));
    if (at < 0) continue;
    let start = i;
    const same = (s: PlannedStatement) => s.source === out[i].source && names(s)?.phase === names(out[i])?.phase && !names(s)?.creates.length;
    while (start - 1 > at && same(out[start - 1])) start--;
    out.splice(at, 0, ...out.splice(start, i - start + 1));
  }
  return out;
}
