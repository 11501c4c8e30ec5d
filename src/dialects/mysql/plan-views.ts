/**
 * Planning views and triggers, in passes over all their changes, since their order depends on
 * each other: a view is created after the views it reads, a trigger after the one it FOLLOWS,
 * and drops go the other way. MySQL does not tie views to what they read (a view over a dropped
 * column just stops working), so a changed view is dropped before the tables change and created
 * after: its old definition may name what a rename has renamed, and the down part re-creates it
 * once the names are back. Triggers cannot be altered or renamed: dropped and created again.
 */
import type { Change } from '../../diff/changes.js';
import type { Trigger, View } from '../../schema/model.js';
import { dependencyOrder } from '../../plan/dependency-order.js';
import { nameKey } from '../../plan/builder.js';
import { findTableIn } from '../../plan/table-groups.js';
import { CairnError } from '../../errors.js';
import { createView } from './plan-sql.js';
import { quoteIdent } from './sql-text.js';
import { mysqlDiffHooks } from './diff-hooks.js';
import type { Ctx } from './plan-context.js';

const q = quoteIdent;

interface Planned<T> { readonly item: T; readonly source: Change }

export function planViews(ctx: Ctx): void {
  const creates: Planned<View>[] = [];
  const drops: Planned<View>[] = [];
  const rebuilt = new Set(ctx.changes.flatMap((c) => (c.kind === 'ModifyView' ? [c.to.name] : [])));
  for (const c of ctx.changes) {
    if (c.kind === 'AddView') creates.push({ item: c.view, source: c });
    else if (c.kind === 'DropView') drops.push({ item: c.view, source: c });
    else if (c.kind === 'ModifyView') drops.push({ item: c.from, source: c }), creates.push({ item: c.to, source: c });
    else if (c.kind === 'RenameView' && !rebuilt.has(c.to.name)) {
      ctx.b.source = c;
      ctx.b.add('renameTable', `RENAME TABLE ${q(c.from.name)} TO ${q(c.to.name)}`, `RENAME TABLE ${q(c.to.name)} TO ${q(c.from.name)}`, `rename view ${c.from.name} to ${c.to.name}`,
        { creates: [nameKey(c.to)], drops: [nameKey(c.from)] });
    }
  }
  for (const { item: v, source } of ordered(drops, (v) => v.deps.map((d) => d.name)).reverse()) {
    ctx.b.source = source;
    ctx.b.add('dropView', `DROP VIEW ${q(v.name)}`, createView(v), `drop view ${v.name}`, { drops: [nameKey(v)] });
  }
  for (const { item: v, source } of ordered(creates, (v) => v.deps.map((d) => d.name))) {
    ctx.b.source = source;
    ctx.b.add('views', createView(v), `DROP VIEW ${q(v.name)}`, `create view ${v.name}`, { creates: [nameKey(v)] });
  }
}

/** ordered sorts planned items after those they depend on (by name). */
function ordered<T extends { readonly name: string }>(xs: readonly Planned<T>[], deps: (x: T) => readonly string[]): Planned<T>[] {
  return dependencyOrder(xs, (p) => p.item.name, (p) => deps(p.item));
}

/** The trigger a definition FOLLOWS (fires after), if any. */
const follows = (t: Trigger): string[] => {
  const m = /\bFOR EACH ROW FOLLOWS `((?:[^`]|``)+)`/.exec(t.def);
  return m ? [m[1].replace(/``/g, '`')] : [];
};

export function planTriggers(ctx: Ctx): void {
  const creates: Planned<Trigger>[] = [];
  const drops: Planned<Trigger>[] = [];
  for (const c of ctx.changes) {
    if (c.kind === 'AddTable') creates.push(...c.table.triggers.map((item) => ({ item, source: c })));
    else if (c.kind === 'DropTable') drops.push(...c.table.triggers.map((item) => ({ item, source: c })));
    else if (c.kind === 'AddTrigger') creates.push({ item: c.trigger, source: c });
    else if (c.kind === 'DropTrigger') drops.push({ item: c.trigger, source: c });
    else if (c.kind === 'ModifyTrigger') drops.push({ item: c.from, source: c }), creates.push({ item: c.to, source: c });
    else if (c.kind === 'RenameTrigger') {
      const to = findTableIn(ctx.to, c.table)?.triggers.find((t) => t.name === c.to);
      if (!to) throw new CairnError('INTERNAL', `renamed trigger ${c.to} not found on ${c.table.name}`);
      const def = mysqlDiffHooks.renamedDefinition('trigger', to.def, { schema: c.table.schema, name: c.to }, { schema: c.table.schema, name: c.from });
      drops.push({ item: { ...to, name: c.from, def }, source: c });
      creates.push({ item: to, source: c });
    }
  }
  for (const { item: t, source } of ordered(drops, follows).reverse()) {
    ctx.b.source = source;
    ctx.b.add('dropTrigger', `DROP TRIGGER ${q(t.name)}`, t.def, `drop trigger ${t.name}`);
  }
  for (const { item: t, source } of ordered(creates, follows)) {
    ctx.b.source = source;
    ctx.b.add('triggers', t.def, `DROP TRIGGER ${q(t.name)}`, `create trigger ${t.name}`);
  }
}
