/** Test shortcuts over the schema engine: diff + plan, apply a plan, compare schemas. */
import type { Realm } from '../../../src/schema/model.js';
import { canonicalJson, pickSchemas } from '../../../src/schema/build.js';
import type { DiffOptions } from '../../../src/diff/diff.js';
import { planGated } from '../../../src/diff/gated-plan.js';
import { planChanges } from '../../../src/dialects/postgres/plan.js';
import { postgresDiffHooks } from '../../../src/dialects/postgres/diff-hooks.js';
import { reversePlan } from '../../../src/plan/render.js';
import type { Plan } from '../../../src/plan/types.js';
import type { TestConn } from './conn.js';

/** plan diffs and plans as `cairn diff` and `cairn push` do (planGated), with their gates (a drop or any data loss needs allowDrop). */
export function plan(from: Realm, to: Realm, opts: Omit<DiffOptions, 'hooks'> = {}): { up: Plan; down: Plan } {
  const up = planGated({ plan: planChanges, diffHooks: postgresDiffHooks }, from, to, opts).plan;
  return { up, down: reversePlan(up) };
}

/** apply runs a plan's statements in order; on failure the error names the statement. */
export async function apply(conn: TestConn, p: Plan): Promise<void> {
  for (const s of p.statements) {
    try {
      await conn.exec(s.sql);
    } catch (e) {
      throw new Error(`${(e as Error).message}\n  in: ${s.sql}\n  (${s.comment})`);
    }
  }
}

/** schemaJson is the canonical form of one schema of a realm and the extensions installed into it, for equality assertions. */
export function schemaJson(r: Realm, schema: string): string {
  return canonicalJson({ schemas: pickSchemas(r, [schema]).schemas, extensions: r.extensions.filter((e) => e.schema === schema) });
}
