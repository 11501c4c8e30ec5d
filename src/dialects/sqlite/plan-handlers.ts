/**
 * What the SQLite planner does with each kind of change (the planner kit's `ChangeHandlers`: a
 * handler, or the reason SQLite lacks the feature). Changes of a rebuilt table are left to its
 * rebuild (plan-rebuilds.ts), which writes the whole table, its indexes and its triggers at once.
 * Tables and views whose statements must be ordered among themselves (drops of tables that
 * reference each other, views that read each other) are collected here and written afterwards.
 */
import type { Change } from '../../diff/changes.js';
import type { Column, Index, ObjectRef, Table, Trigger, View } from '../../schema/model.js';
import { nameKey } from '../../plan/builder.js';
import { unsupported, type ChangeHandlers } from '../../plan/handlers.js';
import { CairnError } from '../../errors.js';
import { oldName, tableIn, type Builder, type PlanContext } from './plan-context.js';
import {
  columnSql, createIndexSql, createTableSql, createTriggerSql, dropIndexSql, dropTableSql, dropTriggerSql, quoteIdent, renameTableSql,
} from './plan-sql.js';
import { SOLE_SCHEMA } from './inspect.js';

/** What the handlers leave for plan-rebuilds.ts to write in order. */
export interface Deferred {
  /** New tables: created parents first, so that the down part drops children first. */
  readonly addedTables: Table[];
  readonly droppedTables: Table[];
  /** Views dropped (DropView, and the old side of ModifyView and RenameView), as they were. */
  readonly droppedViews: View[];
  /** Views created (AddView, and the new side of ModifyView and RenameView). */
  readonly createdViews: View[];
}

export interface HandlerContext extends PlanContext {
  readonly b: Builder;
  readonly deferred: Deferred;
}

const NO_SCHEMAS = 'SQLite has no schemas (attached databases are not managed)';
const NO_TYPES = 'SQLite has no user-defined types: use a column type and a CHECK';
const NO_ROUTINES = 'SQLite has no stored functions or procedures';
const NO_RLS = 'SQLite has no row-level security';

const key = (name: string) => nameKey({ schema: SOLE_SCHEMA, name });

/** rebuilt says whether a table's changes are its rebuild's. */
const rebuilt = (ctx: HandlerContext, t: ObjectRef) => ctx.rebuilds.has(t.name);

/** createTable writes a new table, then its indexes and triggers. */
export function createTable(ctx: HandlerContext, t: Table, comment: string): void {
  ctx.b.add('createTable', createTableSql(t), dropTableSql(t.name), comment, { creates: [key(t.name)] });
  for (const i of t.indexes) addIndex(ctx, t.name, i);
  for (const tr of t.triggers) addTrigger(ctx, tr);
}

export function addIndex(ctx: HandlerContext, table: string, i: Index): void {
  ctx.b.add('indexes', createIndexSql(i, table), dropIndexSql(i), `create index ${i.name} on ${table}`, { creates: [key(i.name)] });
}

/** dropIndex drops an index of `table` (desired name); the reverse re-creates it on the table as it was named. */
export function dropIndex(ctx: HandlerContext, table: ObjectRef, i: Index): void {
  ctx.b.add('dropIndex', dropIndexSql(i), createIndexSql(i, oldName(ctx, table)), `drop index ${i.name}`, { drops: [key(i.name)] });
}

export function addTrigger(ctx: HandlerContext, t: Trigger): void {
  ctx.b.add('triggers', createTriggerSql(t), dropTriggerSql(t), `create trigger ${t.name}`);
}

export function dropTrigger(ctx: HandlerContext, t: Trigger): void {
  ctx.b.add('dropTrigger', dropTriggerSql(t), createTriggerSql(t), `drop trigger ${t.name}`);
}

/** The table as the plan has it before (for reverses), found under its old name. */
function tableBefore(ctx: HandlerContext, t: ObjectRef): Table {
  const found = tableIn(ctx.from, oldName(ctx, t));
  if (!found) throw new CairnError('INTERNAL', `table ${t.name} is not in the current state`);
  return found;
}

function tableAfter(ctx: HandlerContext, t: ObjectRef): Table {
  const found = tableIn(ctx.to, t.name);
  if (!found) throw new CairnError('INTERNAL', `table ${t.name} is not in the desired state`);
  return found;
}

function addColumn(ctx: HandlerContext, t: ObjectRef, c: Column): void {
  const table = quoteIdent(t.name);
  ctx.b.add('addColumn', `ALTER TABLE ${table} ADD COLUMN ${columnSql(c, tableAfter(ctx, t))}`, `ALTER TABLE ${table} DROP COLUMN ${quoteIdent(c.name)}`, `add column ${t.name}.${c.name}`);
}

function dropColumn(ctx: HandlerContext, t: ObjectRef, c: Column): void {
  const table = quoteIdent(t.name);
  ctx.b.add('dropColumn', `ALTER TABLE ${table} DROP COLUMN ${quoteIdent(c.name)}`, `ALTER TABLE ${table} ADD COLUMN ${columnSql(c, tableBefore(ctx, t))}`, `drop column ${t.name}.${c.name}`, { hazards: ['data-loss', 'table-rewrite'] });
}

function renameColumn(ctx: HandlerContext, t: ObjectRef, from: string, to: string): void {
  const rename = (a: string, z: string) => `ALTER TABLE ${quoteIdent(t.name)} RENAME COLUMN ${quoteIdent(a)} TO ${quoteIdent(z)}`;
  ctx.b.add('renameColumn', rename(from, to), rename(to, from), `rename column ${t.name}.${from} to ${to}`);
}

/** A change only a rebuild can make: the table must be in the rebuild set. */
const onlyByRebuild = (ctx: HandlerContext, t: ObjectRef, what: string): void => {
  if (!rebuilt(ctx, t)) throw new CairnError('INTERNAL', `SQLite: ${what} on ${t.name} needs a rebuild, which was not planned`);
};

/** triggerOf finds a trigger by name on a table of a realm. */
function triggerOf(tables: readonly Table[], table: string, name: string): Trigger {
  const t = tables.find((x) => x.name === table)?.triggers.find((x) => x.name === name);
  if (!t) throw new CairnError('INTERNAL', `trigger ${name} is not on ${table}`);
  return t;
}

const allTables = (ctx: HandlerContext, side: 'from' | 'to') => ctx[side].schemas.flatMap((s) => s.tables);

export const HANDLERS: ChangeHandlers<HandlerContext> = {
  AddSchema: unsupported(NO_SCHEMAS),
  DropSchema: unsupported(NO_SCHEMAS),
  AddExtension: unsupported('SQLite has no extensions to install (loadable extensions are loaded per connection)'),
  DropExtension: unsupported('SQLite has no extensions to install (loadable extensions are loaded per connection)'),
  ModifyExtension: unsupported('SQLite has no extensions to install (loadable extensions are loaded per connection)'),
  RenameType: unsupported(NO_TYPES),
  AddEnum: unsupported(NO_TYPES),
  DropEnum: unsupported(NO_TYPES),
  AddEnumValue: unsupported(NO_TYPES),
  ModifyEnum: unsupported(NO_TYPES),
  AddDomain: unsupported(NO_TYPES),
  DropDomain: unsupported(NO_TYPES),
  ModifyDomain: unsupported(NO_TYPES),
  AddComposite: unsupported(NO_TYPES),
  DropComposite: unsupported(NO_TYPES),
  ModifyComposite: unsupported(NO_TYPES),
  AddSequence: unsupported('SQLite has no sequences (AUTOINCREMENT keeps its counter in sqlite_sequence)'),
  DropSequence: unsupported('SQLite has no sequences (AUTOINCREMENT keeps its counter in sqlite_sequence)'),
  RenameSequence: unsupported('SQLite has no sequences (AUTOINCREMENT keeps its counter in sqlite_sequence)'),
  ModifySequence: unsupported('SQLite has no sequences (AUTOINCREMENT keeps its counter in sqlite_sequence)'),
  AddFunction: unsupported(NO_ROUTINES),
  DropFunction: unsupported(NO_ROUTINES),
  ModifyFunction: unsupported(NO_ROUTINES),
  RenameFunction: unsupported(NO_ROUTINES),
  AddCollation: unsupported('SQLite collations are registered by the application, not created in SQL'),
  DropCollation: unsupported('SQLite collations are registered by the application, not created in SQL'),
  ModifyCollation: unsupported('SQLite collations are registered by the application, not created in SQL'),
  AddAggregate: unsupported(NO_ROUTINES),
  DropAggregate: unsupported(NO_ROUTINES),
  ModifyAggregate: unsupported(NO_ROUTINES),
  AddTextSearchConfig: unsupported('SQLite has no text search configurations (full-text search is the fts5 virtual table)'),
  DropTextSearchConfig: unsupported('SQLite has no text search configurations (full-text search is the fts5 virtual table)'),
  ModifyTextSearchConfig: unsupported('SQLite has no text search configurations (full-text search is the fts5 virtual table)'),

  AddTable: (c, ctx) => { ctx.deferred.addedTables.push(c.table); },
  DropTable: (c, ctx) => { ctx.deferred.droppedTables.push(c.table); },
  RenameTable: (c, ctx) => {
    ctx.b.add('renameTable', renameTableSql(c.from.name, c.to.name), renameTableSql(c.to.name, c.from.name), `rename table ${c.from.name} to ${c.to.name}`,
      { creates: [key(c.to.name)], drops: [key(c.from.name)] });
  },
  ModifyTable: (c, ctx) => onlyByRebuild(ctx, c.to, 'a change of table options'),
  ModifyPartitioning: unsupported('SQLite has no partitioned tables'),

  AddColumn: (c, ctx) => { if (!rebuilt(ctx, c.table)) addColumn(ctx, c.table, c.column); },
  DropColumn: (c, ctx) => { if (!rebuilt(ctx, c.table)) dropColumn(ctx, c.table, c.column); },
  RenameColumn: (c, ctx) => { if (!rebuilt(ctx, c.table)) renameColumn(ctx, c.table, c.from.name, c.to.name); },
  ModifyColumn: (c, ctx) => onlyByRebuild(ctx, c.table, `a change of column ${c.to.name}`),
  AddPrimaryKey: (c, ctx) => onlyByRebuild(ctx, c.table, 'a new primary key'),
  DropPrimaryKey: (c, ctx) => onlyByRebuild(ctx, c.table, 'dropping the primary key'),
  // A foreign key that changes only because the plan renames its parent (table or column) is
  // rewritten by SQLite's RENAME itself: no rebuild was planned for it (rebuild.ts).
  AddConstraint: (c, ctx) => { if (c.type !== 'foreignKey') onlyByRebuild(ctx, c.table, `adding ${c.constraint.name}`); },
  DropConstraint: (c, ctx) => { if (c.type !== 'foreignKey') onlyByRebuild(ctx, c.table, `dropping ${c.constraint.name}`); },
  // Outside a rebuild, only a rename between two names SQLite shows unnamed constraints under: nothing to do.
  RenameConstraint: () => undefined,

  AddIndex: (c, ctx) => { if (!rebuilt(ctx, c.table)) addIndex(ctx, c.table.name, c.index); },
  DropIndex: (c, ctx) => { if (!rebuilt(ctx, c.table)) dropIndex(ctx, c.table, c.index); },
  // SQLite cannot rename an index: it is dropped and created under the new name.
  RenameIndex: (c, ctx) => {
    if (rebuilt(ctx, c.table)) return;
    dropIndex(ctx, c.table, c.from);
    addIndex(ctx, c.table.name, c.to);
  },

  AddView: (c, ctx) => { ctx.deferred.createdViews.push(c.view); },
  DropView: (c, ctx) => { ctx.deferred.droppedViews.push(c.view); },
  ModifyView: (c, ctx) => { ctx.deferred.droppedViews.push(c.from); ctx.deferred.createdViews.push(c.to); },
  // SQLite cannot rename a view: it is dropped and created under the new name.
  RenameView: (c, ctx) => { ctx.deferred.droppedViews.push(c.from); ctx.deferred.createdViews.push(c.to); },

  AddTrigger: (c, ctx) => { if (!rebuilt(ctx, c.table)) addTrigger(ctx, c.trigger); },
  DropTrigger: (c, ctx) => { if (!rebuilt(ctx, c.table)) dropTrigger(ctx, c.trigger); },
  // SQLite cannot rename or alter a trigger: it is dropped and created again.
  RenameTrigger: (c, ctx) => {
    if (rebuilt(ctx, c.table)) return;
    dropTrigger(ctx, triggerOf(allTables(ctx, 'from'), oldName(ctx, c.table), c.from));
    addTrigger(ctx, triggerOf(allTables(ctx, 'to'), c.table.name, c.to));
  },
  ModifyTrigger: (c, ctx) => {
    if (rebuilt(ctx, c.table)) return;
    dropTrigger(ctx, c.from);
    addTrigger(ctx, c.to);
  },

  AddPolicy: unsupported(NO_RLS),
  DropPolicy: unsupported(NO_RLS),
  RenamePolicy: unsupported(NO_RLS),
  ModifyPolicy: unsupported(NO_RLS),
  SetRowSecurity: unsupported(NO_RLS),
  SetComment: unsupported('SQLite has no comments on objects'),
} satisfies ChangeHandlers<HandlerContext> & Record<Change['kind'], unknown>;
