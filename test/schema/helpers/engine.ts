/** Test shortcuts over the schema engine: diff + plan, apply a plan, compare schemas. */
import type { Realm } from '../../../src/schema/model.js';
import { canonicalJson, pickSchemas } from '../../../src/schema/build.js';
import { diffRealms, type DiffOptions } from '../../../src/diff/diff.js';
import { planChanges } from '../../../src/dialects/postgres/plan.js';
import { reversePlan } from '../../../src/plan/render.js';
import type { Plan } from '../../../src/plan/types.js';
import type { TestConn } from './conn.js';

export function plan(from: Realm, to: Realm, opts: DiffOptions = {}): { up: Plan; down: Plan } {
  const up = planChanges(diffRealms(from, to, opts), from, to);
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

/** schemaJson is the canonical form of one schema of a realm, for equality assertions. */
export function schemaJson(r: Realm, schema: string): string {
  return canonicalJson(pickSchemas(r, [schema]).schemas);
}
