/**
 * Planning where columns go. MySQL keeps columns in the order they are declared (`SELECT *`,
 * `AFTER`), so everything that places a column is planned per table in one pass that follows the
 * table's column list through the plan: added columns land where the desired table declares them
 * (`AFTER prev` / `FIRST`), a dropped column's reverse puts it back exactly where it was, and kept
 * columns out of order are moved last (`MODIFY ... AFTER`, the fewest moves).
 */
import type { Change } from '../../diff/changes.js';
import type { Column, Table } from '../../schema/model.js';
import { hasAttr } from './attrs.js';
import { columnDef, indexClause, primaryKeyClause } from './plan-sql.js';
import { quoteIdent } from './sql-text.js';
import { alterTable, type Ctx } from './plan-context.js';
import { afterColumnRenames, isRecreated, withoutAutoIncrement } from './plan-columns.js';

type ModifyColumn = Extract<Change, { kind: 'ModifyColumn' }>;
type AddColumn = Extract<Change, { kind: 'AddColumn' }>;
type DropColumn = Extract<Change, { kind: 'DropColumn' }>;

const q = quoteIdent;
const after = (prev: string | undefined) => (prev === undefined ? 'FIRST' : `AFTER ${q(prev)}`);

/**
 * planColumnPositions plans the changes that place columns in one table, following its column
 * list: added columns (an AUTO_INCREMENT one gets it once its key exists), generated columns
 * re-created, dropped columns (AUTO_INCREMENT taken off first, so the reverse can add the column
 * back before its key), then moves of kept columns into the desired order. `source` names the
 * change that stands for a pure reorder (a table whose only difference is the order).
 */
export function planColumnPositions(ctx: Ctx, before: Table, afterT: Table, changes: readonly Change[], source: Change): void {
  const { b } = ctx;
  const t = alterTable(afterT.name);
  const renamed = new Map(changes.flatMap((c) => (c.kind === 'RenameColumn' ? [[c.from.name, c.to.name] as const] : [])));
  const list = before.columns.map((c) => renamed.get(c.name) ?? c.name);
  const target = afterT.columns.map((c) => c.name);
  const prevIn = (names: readonly string[], n: string) => names[names.indexOf(n) - 1];
  const insertAfter = (n: string, prev: string | undefined) => list.splice(prev === undefined ? 0 : list.indexOf(prev) + 1, 0, n);
  const remove = (n: string) => list.splice(list.indexOf(n), 1);
  const toPrev = (n: string) => { const p = prevIn(target, n); return p !== undefined && list.includes(p) ? p : list[list.length - 1]; };
  const fromColumn = (name: string) => before.columns.find((c) => (renamed.get(c.name) ?? c.name) === name);
  const order = (n: string) => target.indexOf(n);
  const what = (n: string) => `${afterT.name}.${n}`;

  const adds = changes.filter((c): c is AddColumn => c.kind === 'AddColumn').sort((x, y) => order(x.column.name) - order(y.column.name));
  for (const c of adds) {
    b.source = c;
    const ai = hasAttr(c.column.attrs, 'mysql.autoIncrement');
    // AUTO_INCREMENT numbers existing rows only if the column has it, and its key, as it is added.
    const key = ai ? soleKey(ctx, changes, c.column.name, 'add') : undefined;
    const col = ai && !key ? withoutAutoIncrement(c.column) : c.column;
    const prev = prevIn(target, col.name) === undefined ? undefined : toPrev(col.name);
    const last = list[list.length - 1] === prev && prev !== undefined;
    insertAfter(col.name, prev);
    const instant = ctx.caps.instantAddColumn === 'any' || (ctx.caps.instantAddColumn === 'last' && last);
    b.add('addColumn', `${t} ADD COLUMN ${columnDef(col)} ${after(prev)}${key ? `, ADD ${key.clause}` : ''}`, `${t} DROP COLUMN ${q(col.name)}`, `add column ${what(col.name)}${key ? ` with its ${key.what}` : ''}`,
      { hazards: instant && col.generated === undefined && !key ? [] : ['table-rewrite'] });
    if (col !== c.column) b.add('columnsLate', `${t} MODIFY COLUMN ${columnDef(c.column)}`, `${t} MODIFY COLUMN ${columnDef(col)}`, `make ${what(col.name)} AUTO_INCREMENT`, { hazards: ['table-rewrite'] });
  }

  const recreated = changes.filter((c): c is ModifyColumn => c.kind === 'ModifyColumn' && isRecreated(c)).sort((x, y) => order(x.to.name) - order(y.to.name));
  for (const c of recreated) {
    b.source = c;
    const name = c.to.name;
    const old: Column = afterColumnRenames(ctx, afterT.name, { ...c.from, name });
    const why = c.from.generated === undefined ? `re-create column ${what(name)} as generated, losing its values` : `re-create generated column ${what(name)}`;
    const was = prevIn(list, name);
    remove(name);
    b.add('modifyColumn', `${t} DROP COLUMN ${q(name)}`, `${t} ADD COLUMN ${columnDef(old)} ${after(was)}`, `${why}: drop`, { hazards: c.from.generated === undefined ? ['data-loss'] : [] });
    const prev = prevIn(target, name) === undefined ? undefined : toPrev(name);
    insertAfter(name, prev);
    b.add('modifyColumn', `${t} ADD COLUMN ${columnDef({ ...c.to, comment: c.from.comment })} ${after(prev)}`, `${t} DROP COLUMN ${q(name)}`, `${why}: add`, { hazards: ['table-rewrite'] });
  }

  const drops = changes.filter((c): c is DropColumn => c.kind === 'DropColumn').sort((x, y) => before.columns.indexOf(x.column) - before.columns.indexOf(y.column));
  for (const c of drops) {
    b.source = c;
    const full = afterColumnRenames(ctx, afterT.name, c.column);
    let col = full;
    const ai = hasAttr(col.attrs, 'mysql.autoIncrement');
    // Its key goes with the column; the reverse adds both at once, numbering the rows again.
    const key = ai ? soleKey(ctx, changes, col.name, 'drop') : undefined;
    if (ai && !key) {
      col = withoutAutoIncrement(col);
      b.add('columnsEarly', `${t} MODIFY COLUMN ${columnDef(col)}`, `${t} MODIFY COLUMN ${columnDef(full)}`, `remove AUTO_INCREMENT from ${what(col.name)} before it is dropped`);
    }
    const was = prevIn(list, col.name);
    remove(col.name);
    b.add('dropColumn', `${t} DROP COLUMN ${q(col.name)}`, `${t} ADD COLUMN ${columnDef(col)} ${after(was)}${key ? `, ADD ${key.clause}` : ''}`, `drop column ${what(col.name)}${key ? ` and its ${key.what}` : ''}`,
      { hazards: ctx.caps.instantDropColumn && !key ? ['data-loss'] : ['data-loss', 'table-rewrite'] });
  }

  if (list.length !== target.length || !target.every((n) => list.includes(n))) return;
  const keep = longestInOrder(list.map(order));
  const added = new Set(adds.map((c) => c.column.name));
  const current = (n: string): Column => {
    const col = afterT.columns.find((c) => c.name === n)!;
    return added.has(n) ? col : { ...col, comment: fromColumn(n)?.comment };
  };
  for (const n of target) {
    if (keep.has(order(n))) continue;
    b.source = changes.find((c) => c.kind === 'ModifyColumn' && c.to.name === n) ?? source;
    const was = prevIn(list, n);
    const prev = prevIn(target, n);
    remove(n);
    insertAfter(n, prev);
    b.add('reorder', `${t} MODIFY COLUMN ${columnDef(current(n))} ${after(prev)}`, `${t} MODIFY COLUMN ${columnDef(current(n))} ${after(was)}`,
      `move column ${what(n)} ${prev === undefined ? 'first' : `after ${prev}`}`, { hazards: ['table-rewrite'] });
  }
}

/**
 * soleKey finds the key an AUTO_INCREMENT column gets (`add`) or loses (`drop`) with it in this
 * plan: a primary key or index on that one column, not itself paired with another change. It is
 * planned with the column (and marked done): MySQL wants an AUTO_INCREMENT column to be a key.
 */
function soleKey(ctx: Ctx, changes: readonly Change[], column: string, side: 'add' | 'drop'): { clause: string; what: string } | undefined {
  const only = (cols: readonly (string | undefined)[]) => cols.length === 1 && cols[0] === column;
  const pkKind = side === 'add' ? 'AddPrimaryKey' : 'DropPrimaryKey';
  const idxKind = side === 'add' ? 'AddIndex' : 'DropIndex';
  for (const c of changes) {
    if (ctx.done.has(c)) continue;
    if (c.kind === pkKind && (c.kind === 'AddPrimaryKey' || c.kind === 'DropPrimaryKey') && only(c.primaryKey.columns)) {
      ctx.done.add(c);
      return { clause: primaryKeyClause(c.primaryKey), what: 'primary key' };
    }
    if (c.kind === idxKind && (c.kind === 'AddIndex' || c.kind === 'DropIndex') && only(c.index.parts.map((p) => p.column)) && !c.index.parts[0].attrs.length) {
      ctx.done.add(c);
      return { clause: indexClause(c.index, ctx.caps), what: `index ${c.index.name}` };
    }
  }
  return undefined;
}

/** longestInOrder: the values of the longest strictly increasing subsequence (the columns that need not move). */
export function longestInOrder(xs: readonly number[]): Set<number> {
  const tails: number[] = [];
  const prev: number[] = new Array(xs.length).fill(-1);
  const tailIdx: number[] = [];
  xs.forEach((x, i) => {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (tails[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    tails[lo] = x;
    tailIdx[lo] = i;
    prev[i] = lo > 0 ? tailIdx[lo - 1] : -1;
  });
  const out = new Set<number>();
  for (let i = tails.length ? tailIdx[tails.length - 1] : -1; i >= 0; i = prev[i]) out.add(xs[i]);
  return out;
}
