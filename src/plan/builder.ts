/**
 * The planner kit's statement collector, shared by every dialect's planner. A dialect declares
 * its phases (the order in which kinds of statements must run: renames, then drops of what
 * depends on changing objects, then creates, then the remaining drops...) and adds each planned
 * statement, with its reverse, to a phase; `statements()` returns them in phase order.
 *
 * Phases alone cannot order an object replaced by another of the same name (a table by a view,
 * a type by a table): the new one is created in its kind's phase, which may come before the old
 * one's drop. Statements that create or drop a named object say so (`creates`/`drops`), and
 * `statements()` moves each drop (with the statements of the same change just before it) ahead
 * of the create of the same name. The down part, the reverses in reverse order, then drops the
 * new object before re-creating the old one too.
 */
import type { Change } from '../diff/changes.js';
import { reverseStatements, type Hazard, type PlannedStatement, type Reverse } from './types.js';
import { CairnError } from '../errors.js';

export interface StatementOptions {
  readonly hazards?: readonly Hazard[];
  readonly transactional?: boolean;
  /** Names (`schema.name`; relations and types share one namespace here) this statement creates. */
  readonly creates?: readonly string[];
  /** Names this statement drops (frees for an object created in the same plan). */
  readonly drops?: readonly string[];
}

/** nameKey is the key of `creates`/`drops`. */
export const nameKey = (r: { readonly schema: string; readonly name: string }): string => `${r.schema}.${r.name}`;

interface Names<P extends string> { readonly phase: P; readonly creates: readonly string[]; readonly drops: readonly string[] }

/** PhasedBuilder collects statements by phase for one change at a time (`source`). */
export class PhasedBuilder<P extends string> {
  private readonly phases: Map<P, PlannedStatement[]>;
  private readonly names = new Map<PlannedStatement, Names<P>>();
  source!: Change;

  constructor(private readonly order: readonly P[]) {
    this.phases = new Map(order.map((p) => [p, []]));
  }

  /** add plans one statement; a reverse of several statements is a list (a one-item list is stored as its statement). */
  add(phase: P, sql: string, reverse: Reverse, comment: string, opts: StatementOptions = {}): void {
    const undo = reverseStatements(reverse);
    if (undo.length === 0 || undo.some((r) => r.trim() === '')) throw new CairnError('INTERNAL', `planner bug: the statement for "${comment}" has no reverse`, { details: { statement: sql } });
    const s: PlannedStatement = Object.freeze({
      sql, reverse: undo.length === 1 ? undo[0]! : Object.freeze([...undo]), comment, source: this.source,
      hazards: Object.freeze([...(opts.hazards ?? [])]), transactional: opts.transactional ?? true,
    });
    this.phases.get(phase)!.push(s);
    this.names.set(s, { phase, creates: opts.creates ?? [], drops: opts.drops ?? [] });
  }

  /** has says whether any statement went into one of `phases`. */
  has(...phases: P[]): boolean {
    return phases.some((p) => this.phases.get(p)!.length > 0);
  }

  /** statements returns everything in phase order, each drop of a name ahead of its re-creation. */
  statements(): PlannedStatement[] {
    return dropsBeforeCreates(this.order.flatMap((p) => this.phases.get(p)!), (s) => this.names.get(s));
  }
}

/**
 * dropsBeforeCreates moves every statement that drops a name in front of the first earlier
 * statement that creates the same name, together with the statements of the same change and
 * phase right before it (comments cleared, a default that uses a sequence dropped...).
 */
function dropsBeforeCreates<P extends string>(list: readonly PlannedStatement[], names: (s: PlannedStatement) => Names<P> | undefined): PlannedStatement[] {
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
