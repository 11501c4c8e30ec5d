/**
 * Turning plans into migration text: the up part in plan order and the down part as the
 * reverses in reverse order.
 */
import type { Hazard, Plan, PlannedStatement } from './types.js';

/** reversePlan is the down plan: reverses in reverse order, with sql and reverse swapped. */
export function reversePlan(plan: Plan): Plan {
  return Object.freeze({
    statements: Object.freeze([...plan.statements].reverse().map((s) => Object.freeze({ ...s, sql: s.reverse, reverse: s.sql, comment: `reverse: ${s.comment}` }))),
  });
}

/** renderStatements writes each statement under its comment line, `;`-terminated. */
export function renderStatements(statements: readonly PlannedStatement[]): string {
  return statements.map((s) => `-- ${s.comment}\n${s.sql};\n`).join('');
}

/** planHazards lists the distinct hazards of a plan, sorted. */
export function planHazards(plan: Plan): Hazard[] {
  return [...new Set(plan.statements.flatMap((s) => s.hazards))].sort();
}

/** needsNoTransaction says whether any statement must run outside a transaction block. */
export function needsNoTransaction(plan: Plan): boolean {
  return plan.statements.some((s) => !s.transactional);
}
