/**
 * Runs the convergence case table on two databases at once: every case gets its own schema
 * (`c0`, `c1`...) in a `from` database and a `to` database, so the whole table costs four
 * inspections instead of four per case.
 */
import type { Realm } from '../../../src/schema/model.js';
import { pickSchemas } from '../../../src/schema/build.js';
import { inspectRealm } from '../../../src/dialects/postgres/inspect.js';
import { parseRename } from '../../../src/diff/renames.js';
import { diffRealms } from './pg-diff.js';
import type { Plan } from '../../../src/plan/types.js';
import type { SchemaCase } from './cases.js';
import type { TestConn } from './conn.js';
import { apply, plan, schemaJson } from './engine.js';

export interface CaseFailure { readonly name: string; readonly step: string; readonly error: string }

const schemaOf = (i: number) => `c${i}`;

async function load(conn: TestConn, cases: readonly SchemaCase[], side: 'from' | 'to'): Promise<void> {
  for (const [i, k] of cases.entries()) {
    const s = schemaOf(i);
    try {
      await conn.exec(`CREATE SCHEMA ${s}; SET search_path = ${s}; ${k[side]}`);
    } catch (e) {
      throw new Error(`case "${k.name}": its ${side} SQL fails: ${(e as Error).message}`);
    } finally {
      await conn.exec('SET search_path = public');
    }
  }
}

/** runCases returns the failures (empty when every case converges both ways). */
export async function runCases(from: TestConn, to: TestConn, cases: readonly SchemaCase[]): Promise<CaseFailure[]> {
  await load(from, cases, 'from');
  await load(to, cases, 'to');
  const schemas = cases.map((_, i) => schemaOf(i));
  const from0 = await inspectRealm(from, { schemas });
  const to0 = await inspectRealm(to, { schemas });
  const failures: CaseFailure[] = [];
  const downs = new Map<number, Plan>();
  // Extensions are database-wide: a case sees those installed into its own schema.
  const one = (r: Realm, i: number) => {
    const p = pickSchemas(r, [schemaOf(i)]);
    return { ...p, extensions: p.extensions.filter((e) => e.schema === schemaOf(i)) };
  };
  const hints = (k: SchemaCase, i: number) => (k.renames ?? []).map((r) => parseRename(r.replace(/^S\./, `${schemaOf(i)}.`)));

  for (const [i, k] of cases.entries()) {
    try {
      const p = plan(one(from0, i), one(to0, i), { renames: hints(k, i), allowDrop: true });
      if (p.up.statements.length === 0) throw new Error('the plan is empty');
      await apply(from, p.up);
      downs.set(i, p.down);
    } catch (e) {
      failures.push({ name: k.name, step: 'up', error: (e as Error).message });
    }
  }
  const from1 = await inspectRealm(from, { schemas });
  for (const [i, k] of cases.entries()) {
    if (!downs.has(i)) continue;
    const s = schemaOf(i);
    if (schemaJson(from1, s) !== schemaJson(to0, s)) failures.push({ name: k.name, step: 'inspect after up', error: firstDifference(schemaJson(from1, s), schemaJson(to0, s)) });
    const again = diffRealms(one(from1, i), one(to0, i), { allowDrop: true });
    if (again.length) failures.push({ name: k.name, step: 'second diff', error: JSON.stringify(again.map((c) => c.kind)) });
  }
  for (const [i, k] of [...cases.entries()].reverse()) {
    const down = downs.get(i);
    if (!down) continue;
    try {
      await apply(from, down);
    } catch (e) {
      downs.delete(i);
      failures.push({ name: k.name, step: 'down', error: (e as Error).message });
    }
  }
  const from2 = await inspectRealm(from, { schemas });
  for (const [i, k] of cases.entries()) {
    const s = schemaOf(i);
    if (downs.has(i) && schemaJson(from2, s) !== schemaJson(from0, s)) failures.push({ name: k.name, step: 'inspect after down', error: firstDifference(schemaJson(from2, s), schemaJson(from0, s)) });
  }
  return failures;
}

/** firstDifference shows the lines around where two JSON texts diverge. */
export function firstDifference(a: string, b: string): string {
  const al = a.split('\n');
  const bl = b.split('\n');
  const i = al.findIndex((l, n) => l !== bl[n]);
  return `got:\n${al.slice(Math.max(0, i - 6), i + 4).join('\n')}\nwant:\n${bl.slice(Math.max(0, i - 6), i + 4).join('\n')}`;
}
