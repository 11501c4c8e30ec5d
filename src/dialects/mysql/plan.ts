/**
 * The MySQL/MariaDB planner: every change kind mapped to a handler or an explicit refusal
 * (ChangeHandlers), statements collected into phases (plan-context.ts), and passes for what is
 * planned per table or across objects: column positions (plan-columns.ts), keys dropped and added
 * under one name, views and triggers (plan-views.ts). One SQL statement per planned statement,
 * names unqualified, each with the statement that undoes it.
 */
import type { Change } from '../../diff/changes.js';
import type { Realm, Table } from '../../schema/model.js';
import type { Plan } from '../../plan/types.js';
import type { PlanSettings } from '../../engine/types.js';
import { dispatch, unsupported, type ChangeHandlers } from '../../plan/handlers.js';
import { findTableIn, groupByTable } from '../../plan/table-groups.js';
import { newContext, type Ctx } from './plan-context.js';
import { addTable, dropTable, modifyTable, renameTable, setComment } from './plan-table.js';
import { isRecreated, modifyColumn, renameColumn } from './plan-columns.js';
import { planColumnPositions } from './plan-positions.js';
import { addConstraint, addIndex, addPrimaryKey, dropConstraint, dropIndex, dropPrimaryKey, pairKeyChanges, rebuildForeignKeysAroundTypeChanges, renameConstraint, renameIndex } from './plan-keys.js';
import { planTriggers, planViews } from './plan-views.js';

const noSchemas = unsupported('a MySQL/MariaDB realm is the one database of the connection: Cairn does not create or drop databases in a plan');
const none = (what: string) => unsupported(`MySQL/MariaDB has no ${what}`);
const notModelled = unsupported('MySQL/MariaDB routines are not managed by the schema engine yet');
/** Planned by a pass (positions, views, triggers) rather than one change at a time. */
const inPass = () => {};

const HANDLERS: ChangeHandlers<Ctx> = {
  AddSchema: noSchemas,
  DropSchema: noSchemas,
  AddExtension: none('extensions'),
  DropExtension: none('extensions'),
  ModifyExtension: none('extensions'),
  RenameType: none('user-defined types'),
  AddEnum: none('enum types (an ENUM is a column type)'),
  DropEnum: none('enum types (an ENUM is a column type)'),
  AddEnumValue: none('enum types (an ENUM is a column type)'),
  ModifyEnum: none('enum types (an ENUM is a column type)'),
  AddDomain: none('domains'),
  DropDomain: none('domains'),
  ModifyDomain: none('domains'),
  AddComposite: none('composite types'),
  DropComposite: none('composite types'),
  ModifyComposite: none('composite types'),
  AddSequence: none('sequences managed by the schema engine'),
  DropSequence: none('sequences managed by the schema engine'),
  RenameSequence: none('sequences managed by the schema engine'),
  ModifySequence: none('sequences managed by the schema engine'),
  AddFunction: notModelled,
  DropFunction: notModelled,
  ModifyFunction: notModelled,
  RenameFunction: notModelled,
  AddCollation: none('user-defined collations'),
  DropCollation: none('user-defined collations'),
  ModifyCollation: none('user-defined collations'),
  AddAggregate: none('user-defined aggregates'),
  DropAggregate: none('user-defined aggregates'),
  ModifyAggregate: none('user-defined aggregates'),
  AddTextSearchConfig: none('text search configurations'),
  DropTextSearchConfig: none('text search configurations'),
  ModifyTextSearchConfig: none('text search configurations'),
  AddTable: (c, ctx) => addTable(ctx, c.table),
  DropTable: (c, ctx) => dropTable(ctx, c.table),
  RenameTable: (c, ctx) => renameTable(ctx, c.from, c.to),
  ModifyTable: (c, ctx) => modifyTable(ctx, c.from, c.to),
  ModifyPartitioning: unsupported('partitioned tables are not supported by the MySQL/MariaDB schema engine yet'),
  AddColumn: inPass,
  DropColumn: inPass,
  RenameColumn: (c, ctx) => renameColumn(ctx, c),
  ModifyColumn: (c, ctx) => modifyColumn(ctx, c, tableBefore(ctx, c.table)),
  AddPrimaryKey: (c, ctx) => addPrimaryKey(ctx, c.table, c.primaryKey),
  DropPrimaryKey: (c, ctx) => dropPrimaryKey(ctx, c.table, c.primaryKey),
  AddConstraint: (c, ctx) => addConstraint(ctx, c.table, c.type, c.constraint),
  DropConstraint: (c, ctx) => dropConstraint(ctx, c.table, c.type, c.constraint),
  RenameConstraint: (c, ctx) => renameConstraint(ctx, c.table, c.from, c.to),
  AddIndex: (c, ctx) => addIndex(ctx, c.table, c.index),
  DropIndex: (c, ctx) => dropIndex(ctx, c.table, c.index),
  RenameIndex: (c, ctx) => renameIndex(ctx, c.table, c.from, c.to),
  AddView: inPass,
  DropView: inPass,
  ModifyView: inPass,
  RenameView: inPass,
  AddTrigger: inPass,
  DropTrigger: inPass,
  RenameTrigger: inPass,
  ModifyTrigger: inPass,
  AddPolicy: none('row-level security policies'),
  DropPolicy: none('row-level security policies'),
  RenamePolicy: none('row-level security policies'),
  ModifyPolicy: none('row-level security policies'),
  SetRowSecurity: none('row-level security'),
  SetComment: (c, ctx) => setComment(ctx, c),
};

/** tableBefore is a table of the desired state as it was before the plan (under its old name if renamed). */
function tableBefore(ctx: Ctx, t: { schema: string; name: string }): Table | undefined {
  const renamed = ctx.changes.find((c): c is Extract<Change, { kind: 'RenameTable' }> => c.kind === 'RenameTable' && c.to.name === t.name);
  return findTableIn(ctx.from, renamed ? renamed.from : t);
}

/** planChanges plans `changes`, computed by diffRealms(from, to); `from` and `to` give whole tables. */
export function planChanges(changes: readonly Change[], from: Realm, to: Realm, _opts: PlanSettings = {}): Plan {
  const ctx = newContext(changes, from, to);
  pairKeyChanges(ctx);
  planPositions(ctx);
  for (const c of changes) {
    if (ctx.done.has(c)) continue;
    ctx.b.source = c;
    dispatch(HANDLERS, c, ctx, 'MySQL/MariaDB');
  }
  rebuildForeignKeysAroundTypeChanges(ctx);
  planViews(ctx);
  planTriggers(ctx);
  return Object.freeze({ statements: Object.freeze(ctx.b.statements()) });
}

/**
 * planPositions runs the column pass on every table both sides have, changed or not: a table
 * whose columns differ only in order has no change of its own, and is moved under a ModifyTable.
 */
function planPositions(ctx: Ctx): void {
  const groups = new Map(groupByTable(ctx.changes).tables.filter((g) => g.lifecycle === undefined).map((g) => [g.table.name, g]));
  for (const s of ctx.to.schemas) {
    for (const after of s.tables) {
      const g = groups.get(after.name);
      const before = tableBefore(ctx, after);
      if (!before) continue; // created by the plan, columns in order
      const changes = g?.changes ?? [];
      const positional = changes.some((c) => c.kind === 'AddColumn' || c.kind === 'DropColumn' || (c.kind === 'ModifyColumn' && isRecreated(c)));
      const renamed = new Map(changes.flatMap((c) => (c.kind === 'RenameColumn' ? [[c.from.name, c.to.name] as const] : [])));
      const sameOrder = before.columns.map((c) => renamed.get(c.name) ?? c.name).join('\0') === after.columns.map((c) => c.name).join('\0');
      if (!positional && sameOrder) continue;
      planColumnPositions(ctx, before, after, changes, changes[0] ?? { kind: 'ModifyTable', from: before, to: after });
    }
  }
}
