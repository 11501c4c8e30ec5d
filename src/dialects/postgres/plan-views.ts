/**
 * Planning views and materialized views. PostgreSQL refuses to change a column that a view
 * reads and CREATE OR REPLACE VIEW cannot drop or retype columns, so views are dropped before
 * the tables change and re-created after, dependents first on the way down and last on the way
 * up. A view is re-built when it changes, or when something it reads (transitively) changes shape.
 */
import type { ObjectRef, Realm, View } from '../../schema/model.js';
import type { Change } from '../../diff/changes.js';
import { findView } from '../../schema/build.js';
import { nameKey, type Builder } from './plan-builder.js';
import { setComment } from './plan-comments.js';
import { addIndex, addTrigger, dropIndex, dropTrigger } from './plan-table.js';
import { q, quoteIdent } from './plan-sql.js';
import { attr } from './schema-types.js';
import { enumUsages, enumViews } from './plan-enum.js';
import { dependencyOrder } from '../../plan/dependency-order.js';
import { partitionsOf } from './plan-partitions.js';

const key = (r: ObjectRef) => `${r.schema}.${r.name}`;

function createView(v: View): string {
  const opts = attr(v.attrs, 'pg.with');
  return `CREATE ${v.materialized ? 'MATERIALIZED ' : ''}VIEW ${q(v)}${opts ? ` WITH (${opts.options.join(', ')})` : ''} AS ${v.def}`;
}
const dropViewSql = (v: View) => `DROP ${v.materialized ? 'MATERIALIZED ' : ''}VIEW ${q(v)}`;
const viewTarget = (v: View) => ({ on: v.materialized ? 'materialized view' as const : 'view' as const, ref: v });

/** ViewWork is what the view pass needs: the changes and both realms. */
export interface ViewWork {
  readonly changes: readonly Change[];
  readonly from: Realm;
  readonly to: Realm;
}

type ViewItem = { view: View; source: Change };

/**
 * viewRebuilds lists the views the plan drops (by old name) and creates (by new name): those
 * changed, and those that read (transitively) a relation whose shape changes.
 */
export function viewRebuilds(w: ViewWork): { drops: Map<string, ViewItem>; creates: Map<string, ViewItem> } {
  const drops = new Map<string, ViewItem>();
  const creates = new Map<string, ViewItem>();
  const touched = new Map<string, Change>(); // relations whose shape changes, by old and new name
  const renamedTo = new Map<string, string>();
  // A view on a partition reads its parent's columns.
  const touch = (t: ObjectRef, c: Change) => [t, ...partitionsOf(w.from, t)].forEach((r) => touched.set(key(r), c));
  for (const c of w.changes) {
    switch (c.kind) {
      case 'DropView': drops.set(key(c.view), { view: c.view, source: c }); break;
      case 'AddView': creates.set(key(c.view), { view: c.view, source: c }); break;
      case 'ModifyView':
        drops.set(key(c.from), { view: c.from, source: c });
        creates.set(key(c.to), { view: c.to, source: c });
        break;
      case 'RenameView': case 'RenameTable': renamedTo.set(key(c.from), key(c.to)); break;
      case 'ModifyColumn': if (c.kinds.some((k) => k === 'type' || k === 'collation' || k === 'generated')) touch(c.table, c); break;
      case 'DropColumn': touch(c.table, c); break;
      case 'DropTable': touched.set(key(c.table), c); break;
      // A table re-created with a new partitioning (a new partition bound leaves its views alone).
      case 'ModifyPartitioning': if ((c.from.partitionBy ?? '') !== (c.to.partitionBy ?? '')) touch(c.table, c); break;
      case 'ModifyEnum': case 'AddEnumValue': {
        const e = c.kind === 'ModifyEnum' ? c.from : c.enum;
        for (const u of enumUsages(w.from, e)) touch(u.table, c);
        // A view using the type itself, or a routine re-created with it (plan-enum.ts).
        for (const v of enumViews(w.from, e)) {
          drops.set(key(v), { view: v, source: c });
          const target = findView(w.to, v.schema, v.name);
          if (target && !creates.has(key(v))) creates.set(key(v), { view: target, source: c });
        }
        break;
      }
      default: break;
    }
  }
  for (const [k, d] of drops) touched.set(k, d.source);
  // Re-build every old view that reads a touched relation, to a fixed point.
  const fromViews = w.from.schemas.flatMap((s) => s.views);
  for (let grew = true; grew;) {
    grew = false;
    for (const v of fromViews) {
      const newKey = renamedTo.get(key(v)) ?? key(v);
      if (drops.has(key(v))) continue;
      const cause = v.deps.map((d) => touched.get(key(d)) ?? touched.get(renamedTo.get(key(d)) ?? '')).find(Boolean);
      if (!cause) continue;
      drops.set(key(v), { view: v, source: cause });
      touched.set(key(v), cause);
      touched.set(newKey, cause);
      const [schema, ...rest] = newKey.split('.');
      const target = findView(w.to, schema, rest.join('.'));
      if (target && !creates.has(newKey)) creates.set(newKey, { view: target, source: cause });
      grew = true;
    }
  }
  return { drops, creates };
}

/** planViews adds the statements of every view change, plus re-builds, in dependency order. */
export function planViews(b: Builder, w: ViewWork): void {
  const { drops, creates } = viewRebuilds(w);
  // Views are dropped before renames run (their definitions name the old tables), so a view
  // that is both renamed and re-built needs no rename.
  for (const c of w.changes) {
    if (c.kind !== 'RenameView' || drops.has(key(c.from))) continue;
    b.source = c;
    renameView(b, c.from, c.to);
  }
  for (const { view, source } of order([...drops.values()], w.from).reverse()) {
    b.source = source;
    for (const i of view.indexes) dropIndex(b, view, i, false, 'dropView');
    // Dropped explicitly (DROP VIEW would take them), so that the down part re-creates them.
    for (const tr of view.triggers) dropTrigger(b, view, tr, 'dropView');
    setComment(b, 'dropView', viewTarget(view), view.comment, undefined);
    for (const [column, text] of Object.entries(view.columnComments)) setComment(b, 'dropView', { on: 'column', ref: view, column }, text, undefined);
    b.add('dropView', dropViewSql(view), createView(view), `drop view ${key(view)}`, { drops: [nameKey(view)] });
  }
  for (const { view, source } of order([...creates.values()], w.to)) {
    b.source = source;
    b.add('views', createView(view), dropViewSql(view), `create view ${key(view)}`, { creates: [nameKey(view)] });
    for (const i of view.indexes) addIndex(b, view, i, false, 'views', true);
    for (const tr of view.triggers) addTrigger(b, view, tr);
    setComment(b, 'comments', viewTarget(view), undefined, view.comment);
    for (const [column, text] of Object.entries(view.columnComments)) setComment(b, 'comments', { on: 'column', ref: view, column }, undefined, text);
  }
}

/** renameView is planned with the other renames. */
export function renameView(b: Builder, from: View, to: View): void {
  const kind = from.materialized ? 'MATERIALIZED VIEW' : 'VIEW';
  b.add('rename', `ALTER ${kind} ${q(from)} RENAME TO ${quoteIdent(to.name)}`, `ALTER ${kind} ${q(to)} RENAME TO ${quoteIdent(from.name)}`, `rename view ${key(from)} to ${to.name}`);
}

/** order sorts views so that every view comes after the views it reads (names break ties). */
function order<T extends { view: View }>(items: T[], realm: Realm): T[] {
  return dependencyOrder(items, (i) => key(i.view), (i) => {
    const deps = findView(realm, i.view.schema, i.view.name)?.deps ?? i.view.deps;
    return [...deps, ...i.view.deps].map(key);
  });
}
