/**
 * The shared runner of the cross-dialect case table (types.ts). For one case on one database:
 * create `from` (and its rows) in a fresh database and `to` in another, inspect both, diff and
 * plan as `cairn diff` does, run the up part as the runner would (in a transaction where the
 * database has transactional DDL), check that the database now inspects as `to` and that a
 * second diff is empty, run the down part and check that it inspects as `from` again. Rows read
 * by the case's `data` query must be the same before, after up and after down.
 */
import type { Connection } from '../../../src/dialects/types.js';
import { connect } from '../../../src/dialects/registry.js';
import { schemaEngineFor } from '../../../src/commands/inspect.js';
import { diffRealms } from '../../../src/diff/diff.js';
import { parseRenameIn } from '../../../src/diff/renames.js';
import { reversePlan } from '../../../src/plan/render.js';
import type { Plan } from '../../../src/plan/types.js';
import { canonicalJson } from '../../../src/schema/build.js';
import type { SchemaEngine } from '../../../src/schema/engine.js';
import type { Realm } from '../../../src/schema/model.js';
import { splitStatements } from '../../../src/sql/lexer.js';
import { TARGETS, type TargetName, type TestDb } from '../../helpers/db.js';
import { isNotSupported, type CaseEntry, type CaseTable, type DialectCase } from './types.js';

/** exec runs a SQL script statement by statement, naming the failing one. */
async function exec(conn: Connection, script: string, what: string): Promise<void> {
  for (const s of splitStatements(script, conn.dialect.lexer).statements) {
    try {
      await conn.exec(s.text);
    } catch (e) {
      throw new Error(`${what} fails at: ${s.text}\n  ${(e as Error).message}`);
    }
  }
}

/** applyPlan runs a plan as the runner runs one migration file: in one transaction where DDL is transactional. */
async function applyPlan(conn: Connection, plan: Plan, what: string): Promise<void> {
  const inTx = conn.dialect.capabilities.transactionalDdl && plan.statements.every((s) => s.transactional);
  if (inTx) await conn.exec('BEGIN');
  try {
    for (const s of plan.statements) {
      try {
        await conn.exec(s.sql);
      } catch (e) {
        throw new Error(`${what} fails at: ${s.sql}\n  (${s.comment})\n  ${(e as Error).message}\n${what}:\n${plan.statements.map((x) => `  ${x.sql};`).join('\n')}`);
      }
    }
    if (inTx) await conn.exec('COMMIT');
  } catch (e) {
    if (inTx) await conn.exec('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

/** A database of one case, open, with its cleanup. */
interface Opened { readonly conn: Connection; close(): Promise<void> }

async function open(target: TargetName): Promise<Opened> {
  const db: TestDb = await TARGETS[target]();
  const conn = await connect(db.url);
  return { conn, close: async () => { await conn.close().catch(() => undefined); await db.drop(); } };
}

/** firstDifference shows where two JSON documents part, for a readable failure. */
function firstDifference(got: string, want: string): string {
  let i = 0;
  while (i < got.length && got[i] === want[i]) i++;
  const at = Math.max(0, i - 160);
  return `\n  got:  …${got.slice(at, i + 160)}\n  want: …${want.slice(at, i + 160)}`;
}

const rowsOf = async (conn: Connection, query: string | undefined) => (query === undefined ? undefined : JSON.stringify(await conn.query(query)));

/**
 * runCase runs one case on a fresh database of `target`; throws an Error naming the step that
 * failed. `engine` is the dialect's scoped schema engine (as commands use it).
 */
export async function runCase(target: TargetName, engine: SchemaEngine, k: DialectCase): Promise<void> {
  const [a, b] = await Promise.all([open(target), open(target)]);
  try {
    await exec(a.conn, k.from, 'the from SQL');
    if (k.rows) await exec(a.conn, k.rows, 'the rows');
    await exec(b.conn, k.to, 'the to SQL');
    const from: Realm = await engine.inspect(a.conn);
    const to: Realm = await engine.inspect(b.conn);
    const rows0 = await rowsOf(a.conn, k.data);
    const renames = (k.renames ?? []).flatMap((r) => parseRenameIn(r, engine.soleSchema));
    const changes = diffRealms(from, to, { hooks: engine.diffHooks, renames, allowDrop: true });
    const up = engine.plan(changes, from, to);
    if (up.statements.length === 0) throw new Error(`the plan is empty (changes: ${JSON.stringify(changes.map((c) => c.kind))})`);
    await applyPlan(a.conn, up, 'the up part');
    const after = await engine.inspect(a.conn);
    if (canonicalJson(after) !== canonicalJson(to)) throw new Error(`after up, the database does not inspect as \`to\`:${firstDifference(canonicalJson(after), canonicalJson(to))}`);
    const again = diffRealms(after, to, { hooks: engine.diffHooks, allowDrop: true });
    if (again.length > 0) throw new Error(`a second diff is not empty: ${JSON.stringify(again.map((c) => c.kind))}`);
    const rows1 = await rowsOf(a.conn, k.data);
    if (rows1 !== rows0) throw new Error(`rows changed by the up part:\n  before: ${rows0}\n  after:  ${rows1}`);
    await applyPlan(a.conn, reversePlan(up), 'the down part');
    const back = await engine.inspect(a.conn);
    if (canonicalJson(back) !== canonicalJson(from)) throw new Error(`after down, the database does not inspect as \`from\`:${firstDifference(canonicalJson(back), canonicalJson(from))}`);
    const rows2 = await rowsOf(a.conn, k.data);
    if (rows2 !== rows0) throw new Error(`rows changed by the down part:\n  before: ${rows0}\n  after:  ${rows2}`);
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
}

/** engineFor is the scoped schema engine of a target's dialect. */
export async function engineFor(target: TargetName): Promise<SchemaEngine> {
  const db = await TARGETS[target]();
  try {
    const conn = await connect(db.url);
    try {
      return await schemaEngineFor(conn.dialect);
    } finally {
      await conn.close();
    }
  } finally {
    await db.drop();
  }
}

/** The cases of a table that a dialect supports, by id. */
export function supported(table: CaseTable): [string, DialectCase][] {
  return Object.entries(table).filter((e): e is [string, DialectCase] => !isNotSupported(e[1] as CaseEntry)).sort(([x], [y]) => x.localeCompare(y));
}
