/**
 * Planning plain table inheritance (`INHERITS`). A table is created with its parents
 * (createTable in plan-sql.ts) after them and dropped before them (partitionOrder); what this
 * file adds is a change of parents on an existing table:
 *
 * - `ALTER TABLE child NO INHERIT parent` keeps the child's rows and every column it had through
 *   the parent (they become its own); it runs early, so that what the child should lose can then
 *   be dropped from it;
 * - a column dropped from a parent while a child declares it is dropped ONLY from the parent
 *   (childrenKeeping), so that the child keeps it and its values;
 * - `ALTER TABLE child INHERIT parent` needs the child to have the parent's columns (same types)
 *   and CHECK constraints (same names) already; it runs once columns and checks are added.
 */
import type { ObjectRef, Realm, Table } from '../../schema/model.js';
import type { Builder } from './plan-builder.js';
import { q } from './plan-sql.js';

const key = (r: ObjectRef) => `${r.schema}.${r.name}`;

/** modifyInheritance emits INHERIT / NO INHERIT for the parents `t` gains or loses (in `f`, names are as after renames). */
export function modifyInheritance(b: Builder, f: Table, t: Table): void {
  const [before, after] = [f.inherits ?? [], t.inherits ?? []];
  const what = `${t.schema}.${t.name}`;
  const sql = (p: ObjectRef, on: boolean) => `ALTER TABLE ${q(t)} ${on ? '' : 'NO '}INHERIT ${q(p)}`;
  for (const p of before.filter((x) => !after.some((y) => key(y) === key(x)))) {
    b.add('noInherit', sql(p, false), sql(p, true), `stop ${what} inheriting from ${key(p)} (its rows and columns stay)`);
  }
  for (const p of after.filter((x) => !before.some((y) => key(y) === key(x)))) {
    // INHERIT takes an exclusive lock on both tables and fails when the child lacks a column or check of the parent.
    b.add('inherit', sql(p, true), sql(p, false), `make ${what} inherit from ${key(p)}`, { hazards: ['locks-table', 'may-fail'] });
  }
}

/**
 * childrenKeeping lists the tables that inherit `table` directly in `to` and declare `column`
 * themselves there: dropping the column from `table` must leave it on them (ALTER TABLE ONLY).
 */
export function childrenKeeping(to: Realm, table: ObjectRef, column: string): ObjectRef[] {
  return to.schemas.flatMap((s) => s.tables)
    .filter((t) => (t.inherits ?? []).some((p) => key(p) === key(table)) && t.columns.some((c) => c.name === column))
    .map((t) => ({ schema: t.schema, name: t.name }));
}
