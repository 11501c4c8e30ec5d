/**
 * planGated is the step `cairn diff` and `cairn push` share once both states are inspected:
 * the changes (renames, drop protection, extension versions), their plan, and the data-loss
 * gate on the plan. One function, so that the two commands cannot drift apart: a protection
 * added here protects both the migration written and the database pushed.
 *
 * @example
 * const { changes, plan } = planGated(engine, current, desired, { renames, allowDrop: false });
 * // CairnError UNSAFE_CHANGE when a drop, a suspected rename or a lossy statement needs consent
 */
import type { Plan } from '../plan/types.js';
import type { PlanSettings, SchemaEngine } from '../engine/types.js';
import type { Realm } from '../schema/model.js';
import type { Change } from './changes.js';
import { diffRealms, type DiffOptions } from './diff.js';
import { checkPlanSafety } from './safety.js';

export interface GatedPlanOptions extends Omit<DiffOptions, 'hooks'>, PlanSettings {}

export interface GatedPlan {
  readonly changes: readonly Change[];
  /** Statements in order; `splitBefore` marks where a part must be committed before the rest runs (see splitPlan). */
  readonly plan: Plan;
}

/** planGated diffs `from` against `to`, plans the changes, and refuses what loses data without `allowDrop`. */
export function planGated(engine: Pick<SchemaEngine, 'plan' | 'diffHooks'>, from: Realm, to: Realm, opts: GatedPlanOptions = {}): GatedPlan {
  const allowDrop = opts.allowDrop ?? false;
  const changes = diffRealms(from, to, { hooks: engine.diffHooks, renames: opts.renames, allowDrop, ignoreExtensionVersions: opts.ignoreExtensionVersions });
  const plan = engine.plan(changes, from, to, { concurrentIndexes: opts.concurrentIndexes });
  checkPlanSafety(plan.statements, allowDrop);
  return { changes, plan };
}
