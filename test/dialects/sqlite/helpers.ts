/**
 * Test helpers for the SQLite schema engine: fresh databases, diff + plan as `cairn diff` does
 * (planGated, with its gates), applying a plan the way the migration runner runs a file (one
 * transaction, unless the plan frames its own), and the convergence check of one case of the
 * schema-change case table (test/schema/cases/sqlite.ts).
 */
import { connect } from '../../../src/dialects/registry.js';
import type { Connection } from '../../../src/dialects/types.js';
import type { Realm } from '../../../src/schema/model.js';
import { canonicalJson } from '../../../src/schema/build.js';
import { planGated } from '../../../src/diff/gated-plan.js';
import { diffRealms } from '../../../src/diff/diff.js';
import { parseRenameIn } from '../../../src/diff/renames.js';
import { needsNoTransaction, reversePlan } from '../../../src/plan/render.js';
import type { Plan } from '../../../src/plan/types.js';
import { sqliteSchemaEngine as engine } from '../../../src/dialects/sqlite/schema-engine.js';
import type { DialectCase } from '../../schema/cases/types.js';

export { engine };

/** open connects to a fresh in-memory database (or a file) and runs `sql` on it. */
export async function open(sql = '', url = 'sqlite::memory:'): Promise<Connection> {
  const conn = await connect(url);
  if (sql.trim()) await conn.exec(sql);
  return conn;
}

export const inspect = (conn: Connection): Promise<Realm> => engine.inspect(conn);

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

/** rows reads a query's rows as JSON, for "rows intact" comparisons. */
export async function rows(conn: Connection, sql: string): Promise<string> {
  const out: unknown[] = [];
  for (const q of sql.split(';').map((s) => s.trim()).filter(Boolean)) out.push(await conn.query(q));
  return JSON.stringify(out);
}

/** firstDifference shows the lines around where two JSON texts diverge. */
export function firstDifference(a: string, b: string): string {
  const al = a.split('\n');
  const bl = b.split('\n');
  const i = al.findIndex((l, n) => l !== bl[n]);
  return `got:\n${al.slice(Math.max(0, i - 8), i + 4).join('\n')}\nwant:\n${bl.slice(Math.max(0, i - 8), i + 4).join('\n')}`;
}

/**
 * checkCase runs one case: up → inspect equals `to` → second diff empty → rows intact → down →
 * inspect equals `from` → rows intact. Returns the failures (empty when it converges).
 */
export async function checkCase(c: DialectCase): Promise<string[]> {
  const fails: string[] = [];
  const db = await open(c.from);
  const want = await open(c.to);
  try {
    if (c.rows) await db.exec(c.rows);
    const data0 = c.data ? await rows(db, c.data) : '';
    const from0 = await inspect(db);
    const to0 = await inspect(want);
    const p = plan(from0, to0, { renames: c.renames });
    if (p.up.statements.length === 0) return ['the plan is empty'];
    try {
      await apply(db, p.up);
    } catch (e) {
      return [`up: ${(e as Error).message}`];
    }
    const from1 = await inspect(db);
    if (json(from1) !== json(to0)) fails.push(`inspect after up: ${firstDifference(json(from1), json(to0))}`);
    const again = diffRealms(from1, to0, { hooks: engine.diffHooks, allowDrop: true });
    if (again.length) fails.push(`second diff: ${JSON.stringify(again.map((x) => x.kind))}`);
    if (c.data && (await rows(db, c.data)) !== data0) fails.push(`rows after up: ${await rows(db, c.data)} (before: ${data0})`);
    try {
      await apply(db, p.down);
    } catch (e) {
      return [...fails, `down: ${(e as Error).message}`];
    }
    const from2 = await inspect(db);
    if (json(from2) !== json(from0)) fails.push(`inspect after down: ${firstDifference(json(from2), json(from0))}`);
    if (c.data && (await rows(db, c.data)) !== data0) fails.push(`rows after down: ${await rows(db, c.data)} (before: ${data0})`);
    return fails;
  } finally {
    await db.close();
    await want.close();
  }
}
