/**
 * The statements the SQLite planner writes once every change went through its handler: the
 * table rebuilds, the views, the triggers of other tables that must step aside, and the dropped
 * tables, each in the order they need.
 *
 * While a rebuild runs its old table is gone for a moment, and ALTER TABLE (the rebuild's last
 * step, and any ADD/DROP/RENAME COLUMN or RENAME TO of the plan) re-reads every view and trigger
 * of the schema and refuses to run while one names a missing table ("error in view v: no such
 * table"). So the views that read a rebuilt table, or a view the plan drops, are dropped before
 * and re-created after (src/plan/view-rebuild.ts), and so are the triggers of other tables whose
 * body names one. SQLite checks neither views nor triggers when it creates or drops them, so
 * their order only has to read well: dependents dropped first, created last.
 */
import type { ObjectRef, Trigger, View } from '../../schema/model.js';
import { nameKey } from '../../plan/builder.js';
import { dependencyOrder } from '../../plan/dependency-order.js';
import { addViewRebuild, viewsToRebuild, type StatementPair, type ViewRebuild, type ViewStatements } from '../../plan/view-rebuild.js';
import { attrOf } from './attrs.js';
import { SOLE_SCHEMA } from './inspect.js';
import { addIndex, addTrigger, createTable, dropIndex, dropTrigger, type HandlerContext } from './plan-handlers.js';
import type { Rebuild } from './plan-context.js';
import { createIndexSql, createTableSql, createViewSql, dropIndexSql, dropTableSql, dropTriggerSql, dropViewSql } from './plan-sql.js';
import { rebuildStatements } from './rebuild.js';
import { mentions } from './sql-text.js';

const key = (name: string) => nameKey({ schema: SOLE_SCHEMA, name });
const ref = (name: string): ObjectRef => ({ schema: SOLE_SCHEMA, name });

/** planDeferred writes what the handlers left (see the file comment). */
export function planDeferred(ctx: HandlerContext): void {
  const rebuilds = [...ctx.rebuilds.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const r of rebuilds) planRebuild(ctx, r);
  const views = ctx.altersTables ? viewsToRebuild(ctx.changes, ctx.from, ctx.to, rebuilds.map((r) => ref(r.name))) : { drop: [], create: [] };
  planViews(ctx, views);
  if (ctx.altersTables) planTriggersElsewhere(ctx, rebuilds, views);
  planAddedTables(ctx);
  planDroppedTables(ctx);
}

/**
 * planAddedTables creates new tables, each after the tables it references: SQLite would take
 * them in any order, but the down part drops them in reverse, and with foreign keys on, dropping
 * a parent before its children deletes (or fails on) their rows.
 */
function planAddedTables(ctx: HandlerContext): void {
  const refs = (t: { name: string; foreignKeys: readonly { refTable: ObjectRef }[] }) => t.foreignKeys.map((f) => f.refTable.name).filter((n) => n !== t.name);
  for (const t of dependencyOrder(ctx.deferred.addedTables, (x) => x.name, refs)) {
    ctx.b.source = ctx.changes.find((c) => c.kind === 'AddTable' && c.table.name === t.name) ?? ctx.b.source;
    createTable(ctx, t, `create table ${t.name}`);
  }
}

/** planRebuild: the old triggers and indexes go, the table is rebuilt, the new ones come. */
function planRebuild(ctx: HandlerContext, r: Rebuild): void {
  const { b } = ctx;
  b.source = r.source;
  for (const t of r.before.triggers) dropTrigger(ctx, t);
  for (const i of r.before.indexes) dropIndex(ctx, ref(r.name), i);
  const comment = `rebuild table ${r.name}: ${r.reason}`;
  if (attrOf(r.after.attrs, 'sqlite.virtual') || attrOf(r.before.attrs, 'sqlite.virtual')) {
    // A virtual table's rows belong to its module: it is created again, empty.
    b.add('rebuild', dropTableSql(r.name), createTableSql(r.beforeRenamed, r.name), `${comment} (dropped and created again)`, { hazards: ['data-loss'] });
    b.add('rebuild', createTableSql(r.after), dropTableSql(r.name), `${comment} (dropped and created again)`);
  } else {
    for (const s of rebuildStatements(r.name, r.beforeRenamed, r.after, r.sources)) b.add('rebuild', s.sql, s.reverse, comment, { hazards: s.hazards });
  }
  for (const i of r.after.indexes) addIndex(ctx, r.name, i);
  for (const t of r.after.triggers) addTrigger(ctx, t);
}

const byName = <T extends { name: string }>(xs: readonly T[]) => [...new Map(xs.map((x) => [x.name, x])).values()];

/** How SQLite drops and creates a view: its INSTEAD OF triggers go first and come back last. */
const VIEW_STATEMENTS: ViewStatements = {
  drop: (v) => [...v.triggers.map((t): StatementPair => [dropTriggerSql(t), t.def, `trigger ${t.name} of view ${v.name}`]), [dropViewSql(v), createViewSql(v)]],
  create: (v) => [[createViewSql(v), dropViewSql(v)], ...v.triggers.map((t): StatementPair => [t.def, dropTriggerSql(t), `trigger ${t.name} of view ${v.name}`])],
};

/**
 * planViews drops the views the plan drops or changes (dependents first), rebuilds the unchanged
 * ones that must step aside, and creates the new and changed ones (dependencies first).
 */
function planViews(ctx: HandlerContext, rebuilt: ViewRebuild): void {
  const { b, deferred } = ctx;
  const deps = (v: View) => v.deps.map((d) => d.name);
  // The change a view's statements implement.
  const sourceOf = (v: View, side: 'from' | 'to') => ctx.changes.find((c) => {
    if (c.kind === 'AddView' || c.kind === 'DropView') return c.view.name === v.name;
    return (c.kind === 'ModifyView' || c.kind === 'RenameView') && c[side].name === v.name;
  }) ?? b.source;
  for (const v of dependencyOrder(byName(deferred.droppedViews), (x) => x.name, deps).reverse()) {
    b.source = sourceOf(v, 'from');
    for (const [sql, reverse, what] of VIEW_STATEMENTS.drop(v)) b.add('dropView', sql, reverse, `drop ${what ?? `view ${v.name}`}`, { drops: what ? [] : [key(v.name)] });
  }
  addViewRebuild(b, rebuilt, { drop: 'dropView', create: 'views' }, VIEW_STATEMENTS, 'it reads a table that is rebuilt or a view that is re-created');
  for (const v of dependencyOrder(byName(deferred.createdViews), (x) => x.name, deps)) {
    b.source = sourceOf(v, 'to');
    for (const [sql, reverse, what] of VIEW_STATEMENTS.create(v)) b.add('views', sql, reverse, `create ${what ?? `view ${v.name}`}`, { creates: what ? [] : [key(v.name)] });
  }
}

/**
 * planTriggersElsewhere drops and re-creates the unchanged triggers (of tables not rebuilt, and
 * of views not re-created) whose body names a rebuilt table or a view that is dropped.
 */
function planTriggersElsewhere(ctx: HandlerContext, rebuilds: readonly Rebuild[], views: ViewRebuild): void {
  const gone = [
    ...rebuilds.flatMap((r) => [r.name, r.before.name]),
    ...ctx.deferred.droppedViews.map((v) => v.name),
    ...views.drop.map((v) => v.name),
  ];
  if (gone.length === 0) return;
  const own = new Set<string>();
  for (const c of ctx.changes) {
    if (c.kind === 'AddTrigger' || c.kind === 'DropTrigger') own.add(c.trigger.name);
    if (c.kind === 'ModifyTrigger') own.add(c.from.name).add(c.to.name);
    if (c.kind === 'RenameTrigger') own.add(c.from).add(c.to);
    if (c.kind === 'AddTable' || c.kind === 'DropTable') c.table.triggers.forEach((t) => own.add(t.name));
  }
  for (const r of rebuilds) [...r.before.triggers, ...r.after.triggers].forEach((t) => own.add(t.name));
  for (const v of [...ctx.deferred.droppedViews, ...ctx.deferred.createdViews, ...views.drop]) v.triggers.forEach((t) => own.add(t.name));
  const triggers = (side: 'from' | 'to') => new Map(ctx[side].schemas.flatMap((s) => [...s.tables.flatMap((t) => t.triggers), ...s.views.flatMap((v) => v.triggers)]).map((t) => [t.name, t]));
  const before = triggers('from');
  for (const t of [...triggers('to').values()].sort((a, z) => (a.name < z.name ? -1 : 1))) {
    const was: Trigger | undefined = before.get(t.name);
    if (own.has(t.name) || !was || was.def !== t.def || !gone.some((n) => mentions(t.def, n))) continue;
    ctx.b.add('dropTrigger', dropTriggerSql(was), was.def, `drop trigger ${t.name} (re-created: it names a table or view that is rebuilt)`);
    ctx.b.add('triggers', t.def, dropTriggerSql(t), `create trigger ${t.name} (again)`);
  }
}

/**
 * planDroppedTables drops tables, each before the tables it references (with foreign keys on,
 * dropping a parent first would delete or check its children's rows), with their triggers and
 * indexes first so that the down part re-creates the table before them.
 */
function planDroppedTables(ctx: HandlerContext): void {
  const { b } = ctx;
  const dropped = ctx.deferred.droppedTables;
  const order = dependencyOrder(dropped, (t) => t.name, (t) => t.foreignKeys.map((f) => f.refTable.name).filter((n) => n !== t.name)).reverse();
  for (const t of order) {
    b.source = ctx.changes.find((c) => c.kind === 'DropTable' && c.table.name === t.name) ?? b.source;
    for (const tr of t.triggers) b.add('dropTrigger', dropTriggerSql(tr), tr.def, `drop trigger ${tr.name} (its table ${t.name} is dropped)`);
    for (const i of t.indexes) b.add('dropIndex', dropIndexSql(i), createIndexSql(i, t.name), `drop index ${i.name} (its table ${t.name} is dropped)`, { drops: [key(i.name)] });
    b.add('dropTable', dropTableSql(t.name), createTableSql(t), `drop table ${t.name}`, { hazards: ['data-loss'], drops: [key(t.name)] });
  }
}
