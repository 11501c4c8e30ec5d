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
import type { PlannedStatement } from '../plan/types.js';
import { CairnError } from '../errors.js';

export interface GatedPlanOptions extends Omit<DiffOptions, 'hooks'>, PlanSettings {}

export interface GatedPlan {
  readonly changes: readonly Change[];
  /** Statements in order; `splitBefore` marks where a part must be committed before the rest runs (see splitPlan). */
  readonly plan: Plan;
}

/** planGated diffs `from` against `to`, plans the changes, and refuses what loses data without `allowDrop`. */
export function planGated(engine: Pick<SchemaEngine, 'plan' | 'diffHooks' | 'soleSchema'>, from: Realm, to: Realm, opts: GatedPlanOptions = {}): GatedPlan {
  const allowDrop = opts.allowDrop ?? false;
  const changes = diffRealms(from, to, { hooks: engine.diffHooks, soleSchema: engine.soleSchema, renames: opts.renames, allowDrop, ignoreExtensionVersions: opts.ignoreExtensionVersions });
  const plan = engine.plan(changes, from, to, { concurrentIndexes: opts.concurrentIndexes });
  checkPlanSafety(plan.statements, allowDrop);
  return { changes, plan };
}

/**
 * checkPlanSafety is the same gate applied to the plan: a statement that loses data (its
 * `data-loss` hazard) needs --allow-drop whatever change it implements. checkSafety catches the
 * drops the differ names (and suspected renames); this catches what the planner had to do
 * destructively: a column re-created because it becomes generated, a table re-created with a
 * new partitioning, enum values removed. The error names the statement (which object, and why).
 */
export function checkPlanSafety(statements: readonly PlannedStatement[], allowDrop: boolean): void {
  if (allowDrop) return;
  const lossy = statements.filter((s) => s.hazards.includes('data-loss'));
  if (lossy.length === 0) return;
  const what = lossy.map((s) => s.comment);
  throw new CairnError('UNSAFE_CHANGE', `the plan loses data: ${what.join('; ')}. Pass --allow-drop to allow it`, {
    details: { dropped: what[0], statements: what, flags: ['--allow-drop'] },
    hint: '--allow-drop',
  });
}
