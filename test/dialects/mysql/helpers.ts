/** Shared steps of the MySQL engine tests: a throwaway MariaDB database built from SQL, inspected and planned as `cairn diff` does. */
import { connect } from '../../../src/dialects/registry.js';
import type { Connection } from '../../../src/dialects/types.js';
import { splitStatements } from '../../../src/sql/lexer.js';
import { MYSQL_LEXER } from '../../../src/sql/presets.js';
import { mysqlSchemaEngine } from '../../../src/dialects/mysql/schema-engine.js';
import { scopedEngine } from '../../../src/engine/scoped.js';
import { diffRealms } from '../../../src/diff/diff.js';
import { parseRenameIn } from '../../../src/diff/renames.js';
import type { Change } from '../../../src/diff/changes.js';
import type { Plan } from '../../../src/plan/types.js';
import type { Realm } from '../../../src/schema/model.js';
import { freshMysql, type TestDb } from '../../helpers/db.js';

/** The engine as commands get it: the revision table and `exclude` patterns filtered out. */
export const engine = scopedEngine(mysqlSchemaEngine);

/** run executes a script statement by statement. */
export async function run(conn: Connection, sql: string): Promise<void> {
  for (const s of splitStatements(sql, MYSQL_LEXER).statements) await conn.exec(s.text);
}

export interface Built { readonly db: TestDb; readonly conn: Connection; readonly realm: Realm; close(): Promise<void> }

/** built creates a database from SQL and inspects it; `close` drops it. */
export async function built(sql: string): Promise<Built> {
  const db = await freshMysql();
  const conn = await connect(db.url);
  try {
    await run(conn, sql);
    const realm = await engine.inspect(conn);
    return { db, conn, realm, close: async () => { await conn.close(); await db.drop(); } };
  } catch (e) {
    await conn.close();
    await db.drop();
    throw e;
  }
}

/** applyPlan runs a plan's statements in order. */
export async function applyPlan(conn: Connection, plan: Plan): Promise<void> {
  for (const s of plan.statements) {
    try {
      await conn.exec(s.sql);
    } catch (e) {
      throw new Error(`${(e as Error).message}\n  in: ${s.sql}`);
    }
  }
}

export interface Planned { readonly from: Built; readonly to: Built; readonly changes: Change[]; readonly plan: Plan; close(): Promise<void> }

/** planned builds both sides and plans from → to (drops allowed); `close` drops both databases. */
export async function planned(fromSql: string, toSql: string, renames: readonly string[] = []): Promise<Planned> {
  const [from, to] = [await built(fromSql), await built(toSql)];
  const hints = renames.flatMap((r) => parseRenameIn(r, engine.soleSchema));
  const changes = diffRealms(from.realm, to.realm, { hooks: engine.diffHooks, renames: hints, allowDrop: true });
  const plan = engine.plan(changes, from.realm, to.realm);
  return { from, to, changes, plan, close: async () => { await from.close(); await to.close(); } };
}

/** sqlOf lists a plan's statements (up, or each statement's reverse with `down`). */
export const sqlOf = (p: Plan, down = false): string[] => p.statements.map((s) => (!down ? s.sql : typeof s.reverse === 'string' ? s.reverse : s.reverse.join(';\n')));
