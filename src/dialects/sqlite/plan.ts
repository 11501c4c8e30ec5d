/**
 * The SQLite planner: the differ's changes as a plan of single statements, each with its
 * reverse, on the planner kit (src/plan: phases, exhaustive change handlers, view rebuilds).
 *
 * Per table, ALTER TABLE where SQLite allows it, else one rebuild (rebuild.ts), decided in
 * plan-context.ts. The handlers (plan-handlers.ts) write the ALTER TABLE, index, trigger and
 * table statements and leave the changes of a rebuilt table to its rebuild; plan-rebuilds.ts
 * writes the rebuilds, the views (changed ones, and unchanged ones reading a rebuilt table) and
 * the triggers of other tables that must step aside while a table is momentarily missing.
 *
 * Foreign keys. With foreign keys on, DROP TABLE deletes the table's rows first, and a child's
 * ON DELETE CASCADE / SET NULL then destroys the child's rows; `PRAGMA defer_foreign_keys` does
 * not stop those actions, and `PRAGMA foreign_keys = OFF` does nothing inside a transaction. So a
 * plan that rebuilds a table some foreign key references (or that references itself) runs the
 * way https://www.sqlite.org/lang_altertable.html#otheralter prescribes, as its own transaction
 * with foreign keys off:
 *
 *   PRAGMA foreign_keys = OFF; BEGIN; <guard: fail unless foreign keys are off>; ...plan...;
 *   <guard: fail if a rebuilt table or a table referencing one breaks a foreign key>; COMMIT;
 *   PRAGMA foreign_keys = ON
 *
 * Those statements are marked non-transactional, so `cairn diff` writes the file to run as it is
 * (the runner runs files that open their own transaction statement by statement) and `cairn
 * push` does not wrap it. A failure anywhere rolls the whole plan back, rows included. SQL
 * cannot raise an error at will outside a trigger, so the guards insert into a TEMP table whose
 * named CHECK constraints fail with a message saying what went wrong (`CHECK constraint failed:
 * foreign keys violated...`); `PRAGMA foreign_key_check` lists the offending rows. The up and down
 * parts are both framed so (the reverses of the frame are the frame).
 *
 * A plan whose rebuilds no foreign key points at needs none of this: DROP TABLE of a table
 * nothing references deletes nothing elsewhere, and with foreign keys on, the copy itself
 * checks the rebuilt table's own foreign keys. It stays an ordinary transactional migration.
 */
import type { Change } from '../../diff/changes.js';
import type { Plan } from '../../plan/types.js';
import type { Realm } from '../../schema/model.js';
import { PhasedBuilder } from '../../plan/builder.js';
import { dispatch } from '../../plan/handlers.js';
import { PHASES, planContext, referencedBy, type Builder, type PlanContext } from './plan-context.js';
import { HANDLERS, type HandlerContext } from './plan-handlers.js';
import { planDeferred } from './plan-rebuilds.js';
import { literal, quoteIdent } from './plan-sql.js';

/** planChanges plans `changes`, computed by diffRealms(from, to). */
export function planChanges(changes: readonly Change[], from: Realm, to: Realm): Plan {
  const ctx = planContext(changes, from, to);
  const b: Builder = new PhasedBuilder(PHASES);
  const h: HandlerContext = { ...ctx, b, deferred: { addedTables: [], droppedTables: [], droppedViews: [], createdViews: [] } };
  for (const c of dropColumnsLastFirst(changes, from, ctx)) {
    b.source = c;
    dispatch(HANDLERS, c, h, 'SQLite');
  }
  planDeferred(h);
  if (ctx.foreignKeysOff) frameWithForeignKeysOff(b, ctx);
  return Object.freeze({ statements: Object.freeze(b.statements()) });
}

/**
 * dropColumnsLastFirst orders the columns ALTER TABLE drops from a table last first, so that the
 * down part, which adds them back at the end in reverse, restores their order.
 */
function dropColumnsLastFirst(changes: readonly Change[], from: Realm, ctx: PlanContext): Change[] {
  const out = [...changes];
  const at = out.flatMap((c, i) => (c.kind === 'DropColumn' ? [i] : []));
  const position = (c: Change) => {
    if (c.kind !== 'DropColumn') return 0;
    const t = from.schemas.flatMap((s) => s.tables).find((x) => x.name === (ctx.renamedTables.get(c.table.name) ?? c.table.name));
    return t?.columns.findIndex((x) => x.name === c.column.name) ?? 0;
  };
  const drops = at.map((i) => out[i]).sort((a, b) => position(b) - position(a));
  at.forEach((i, k) => { out[i] = drops[k]; });
  return out;
}

/** The TEMP table whose named CHECK constraints make the frame's guards fail with a message. */
const GUARD = `temp.${quoteIdent('_cairn_rebuild_guard')}`;
const FK_ON_MESSAGE = 'rebuilding a table that foreign keys reference needs PRAGMA foreign_keys = OFF before BEGIN: run the migration from its first statement, outside any transaction (a partly applied one: cairn set the version before it, then apply)';
const VIOLATION_MESSAGE = 'foreign keys violated after the table rebuild (PRAGMA foreign_key_check lists the rows)';

const [FK, VIOLATIONS] = [quoteIdent('foreign_keys'), quoteIdent('violations')];
const guardTable = `CREATE TEMP TABLE ${quoteIdent('_cairn_rebuild_guard')} (${FK} INTEGER CONSTRAINT ${quoteIdent(FK_ON_MESSAGE)} CHECK (${FK} = 0), ${VIOLATIONS} INTEGER CONSTRAINT ${quoteIdent(VIOLATION_MESSAGE)} CHECK (${VIOLATIONS} = 0))`;
const dropGuardTable = `DROP TABLE ${GUARD}`;
const foreignKeysAreOff = `INSERT INTO ${GUARD} (${FK}) SELECT foreign_keys FROM pragma_foreign_keys`;

/** The guard counting the foreign key violations of `tables` (names as they are at that point). */
function violations(tables: readonly string[]): string {
  const counts = [...new Set(tables)].sort().map((t) => `(SELECT count(*) FROM pragma_foreign_key_check(${literal(t)}))`);
  return `INSERT INTO ${GUARD} (${VIOLATIONS}) SELECT ${counts.join(' + ') || '0'}`;
}

/** frameWithForeignKeysOff wraps the plan (see the file comment). */
function frameWithForeignKeysOff(b: Builder, ctx: PlanContext): void {
  const rebuilt = [...ctx.rebuilds.values()];
  // A rebuild for a new column order has no change of its own: its source is a ModifyTable.
  const source = rebuilt[0]!.source;
  const after = [...rebuilt.map((r) => r.name), ...rebuilt.flatMap((r) => referencedBy(ctx.to, r.name).map((t) => t.name))];
  const before = [...rebuilt.map((r) => r.before.name), ...rebuilt.flatMap((r) => referencedBy(ctx.from, r.before.name).map((t) => t.name))];
  const why = `rebuild ${rebuilt.filter((r) => referencedBy(ctx.to, r.name).length || referencedBy(ctx.from, r.before.name).length).map((r) => r.name).join(', ')} with foreign keys off`;
  b.source = source;
  b.add('foreignKeysOff', 'PRAGMA foreign_keys = OFF', 'PRAGMA foreign_keys = ON', `${why}: switch them off (only possible outside a transaction)`, { transactional: false });
  b.add('begin', 'BEGIN', 'COMMIT', `${why}: all in one transaction`, { transactional: false });
  b.add('begin', guardTable, dropGuardTable, `${why}: the guards' table`);
  // Each guard's reverse is the other guard: the down part checks, in turn, that foreign keys are off and none broke.
  const guard = `${why}: guard (foreign keys off at the start, none broken at the end)`;
  b.add('begin', foreignKeysAreOff, violations(before), guard);
  b.add('end', violations(after), foreignKeysAreOff, guard, { hazards: ['may-fail'] });
  b.add('end', dropGuardTable, guardTable, `${why}: drop the guards' table`);
  b.add('end', 'COMMIT', 'BEGIN', `${why}: commit`, { transactional: false });
  b.add('foreignKeysOn', 'PRAGMA foreign_keys = ON', 'PRAGMA foreign_keys = OFF', `${why}: switch them back on`, { transactional: false });
}
