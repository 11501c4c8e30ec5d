/**
 * What tables have through plain inheritance (`Table.inherits`): the columns and CHECK
 * constraints of their parents, recursively, which the model lists on the parent only. The
 * differ reads these to tell a column that a child stops declaring (it keeps it through its
 * parent) from one it loses, and a column it starts declaring from one it already had.
 */
import type { Check, Column, ObjectRef, Realm, Table } from '../schema/model.js';

/** A column or check a table has through its parents, and the direct parents it comes through. */
export interface Inherited<T> {
  readonly item: T;
  /** The direct parents that pass it on. */
  readonly via: readonly ObjectRef[];
}

/** What one table inherits, by name. */
export interface TableInheritance {
  readonly columns: ReadonlyMap<string, Inherited<Column>>;
  readonly checks: ReadonlyMap<string, Inherited<Check>>;
}

const key = (r: ObjectRef) => `${r.schema}.${r.name}`;
const NONE: TableInheritance = Object.freeze({ columns: new Map(), checks: new Map() });

/**
 * inheritance returns a lookup of what each table of a realm inherits (nothing for a table
 * without parents, or whose parents are not in the realm). A parent's own columns come first,
 * then what it inherits itself, as PostgreSQL merges them; a cycle (impossible in a database) is cut.
 */
export function inheritance(r: Realm): (t: ObjectRef) => TableInheritance {
  const tables = new Map<string, Table>(r.schemas.flatMap((s) => s.tables.map((t) => [key(t), t] as const)));
  if (![...tables.values()].some((t) => t.inherits?.length)) return () => NONE;
  const memo = new Map<string, TableInheritance>();
  const of = (k: string, seen: Set<string>): TableInheritance => {
    const t = tables.get(k);
    if (!t?.inherits?.length || seen.has(k)) return NONE;
    if (memo.has(k)) return memo.get(k)!;
    const columns = new Map<string, Inherited<Column>>();
    const checks = new Map<string, Inherited<Check>>();
    const add = <T>(m: Map<string, Inherited<T>>, name: string, item: T, via: ObjectRef) => {
      const had = m.get(name);
      m.set(name, had ? { item: had.item, via: had.via.some((v) => key(v) === key(via)) ? had.via : [...had.via, via] } : { item, via: [via] });
    };
    for (const p of t.inherits) {
      const parent = tables.get(key(p));
      if (!parent) continue;
      const up = of(key(p), new Set([...seen, k]));
      for (const c of parent.columns) add(columns, c.name, c, p);
      for (const [n, c] of up.columns) add(columns, n, c.item, p);
      for (const c of parent.checks) add(checks, c.name, c, p);
      for (const [n, c] of up.checks) add(checks, n, c.item, p);
    }
    const out = { columns, checks };
    memo.set(k, out);
    return out;
  };
  return (t) => of(key(t), new Set());
}

/** sameParents compares two tables' parents as sets (the order only decides inherited columns' positions). */
export function sameParents(a: Table, b: Table): boolean {
  const ks = (t: Table) => (t.inherits ?? []).map(key).sort().join('\n');
  return ks(a) === ks(b);
}
