/**
 * Test helpers for the SQLite schema engine: fresh databases, inspection as commands do it,
 * diff + plan as `cairn diff` does (planGated, with its gates), and applying a plan the way the
 * migration runner runs a file (one transaction, unless the plan frames its own). The case
 * table (test/schema/cases/sqlite.ts) runs on the shared runner, test/schema/cases/run.ts.
 */
import { connect } from '../../../src/dialects/registry.js';
import type { Connection } from '../../../src/dialects/types.js';
import type { Realm } from '../../../src/schema/model.js';
import { canonicalJson } from '../../../src/schema/build.js';
import { planGated } from '../../../src/diff/gated-plan.js';
import { parseRenameIn } from '../../../src/diff/renames.js';
import { needsNoTransaction, reversePlan } from '../../../src/plan/render.js';
import type { Plan } from '../../../src/plan/types.js';
import { sqliteSchemaEngine as engine } from '../../../src/dialects/sqlite/schema-engine.js';
import { scopedEngine } from '../../../src/engine/scoped.js';

export { engine };

/** open connects to a fresh in-memory database (or a file) and runs `sql` on it. */
export async function open(sql = '', url = 'sqlite::memory:'): Promise<Connection> {
  const conn = await connect(url);
  if (sql.trim()) await conn.exec(sql);
  return conn;
}

/** inspect reads a database as commands do (the revision table left out). */
export const inspect = (conn: Connection): Promise<Realm> => scopedEngine(engine).inspect(conn);

/** plan diffs and plans as `cairn diff` does; `renames` as `--rename` takes them. */
export function plan(from: Realm, to: Realm, opts: { renames?: readonly string[]; allowDrop?: boolean } = {}): { up: Plan; down: Plan } {
  const renames = (opts.renames ?? []).flatMap((r) => parseRenameIn(r, engine.soleSchema));
  const up = planGated(engine, from, to, { renames, allowDrop: opts.allowDrop ?? true }).plan;
  return { up, down: reversePlan(up) };
}

/**
 * apply runs a plan as the runner runs a migration file: in one transaction (rolled back on
 * failure), unless it frames its own (then statement by statement, as written).
 */
export async function apply(conn: Connection, p: Plan): Promise<void> {
  const own = needsNoTransaction(p);
  if (!own) await conn.exec('BEGIN');
  for (const s of p.statements) {
    try {
      await conn.exec(s.sql);
    } catch (e) {
      await conn.exec('ROLLBACK').catch(() => undefined);
      throw new Error(`${(e as Error).message}\n  in: ${s.sql}\n  (${s.comment})`);
    }
  }
  if (!own) await conn.exec('COMMIT');
}

export const json = (r: Realm): string => canonicalJson(r);

/** firstDifference shows the lines around where two JSON texts diverge. */
export function firstDifference(a: string, b: string): string {
  const al = a.split('\n');
  const bl = b.split('\n');
  const i = al.findIndex((l, n) => l !== bl[n]);
  return `got:\n${al.slice(Math.max(0, i - 8), i + 4).join('\n')}\nwant:\n${bl.slice(Math.max(0, i - 8), i + 4).join('\n')}`;
}
