/**
 * Turning plans into migration text: the up part in plan order and the down part as the
 * reverses in reverse order.
 */
import { reverseStatements, type Hazard, type Plan, type PlannedStatement } from './types.js';

/**
 * reversePlan is the down plan: the reverses in reverse order, one statement each, with sql and
 * reverse swapped (split markers dropped: split first). A reverse of several statements becomes
 * several down statements, which undo their up statement together: the last of them carries
 * it as its reverse and the others an empty one, so that reversing the down plan gives the up
 * plan back, statement for statement.
 */
export function reversePlan(plan: Plan): Plan {
  return Object.freeze({
    statements: Object.freeze([...plan.statements].reverse().flatMap((s) => {
      const { splitBefore: _, ...rest } = s;
      const undo = reverseStatements(s.reverse);
      return undo.map((sql, i) => Object.freeze({
        ...rest, sql, reverse: i === undo.length - 1 ? s.sql : Object.freeze([]), comment: `reverse: ${s.comment}${undo.length > 1 ? ` (${i + 1}/${undo.length})` : ''}`,
      }));
    })),
  });
}

/** splitPlan cuts a plan before each statement marked `splitBefore`: one plan per migration file, in order. */
export function splitPlan(plan: Plan): Plan[] {
  const parts: PlannedStatement[][] = [[]];
  for (const s of plan.statements) {
    if (s.splitBefore && parts[parts.length - 1].length > 0) parts.push([]);
    parts[parts.length - 1].push(s);
  }
  return parts.filter((p) => p.length > 0).map((statements) => Object.freeze({ statements: Object.freeze(statements) }));
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
