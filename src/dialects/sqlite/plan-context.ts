/**
 * What the SQLite planner works out before it writes a statement: the changes grouped by table
 * (src/plan/table-groups.ts), which tables are rebuilt and why, how each table read before the
 * plan once its renames ran, and whether foreign keys must be off for the plan (a rebuilt table
 * that a foreign key references: see plan.ts).
 */
import type { Change } from '../../diff/changes.js';
import type { ForeignKey, ObjectRef, Realm, Table } from '../../schema/model.js';
import type { PhasedBuilder } from '../../plan/builder.js';
import { groupByTable, tablePair, type TableGroup } from '../../plan/table-groups.js';
import { columnSources, rebuildReason } from './rebuild.js';
import { SOLE_SCHEMA } from './inspect.js';

/**
 * The order statements run in: the foreign-key frame around everything (plan.ts), what must step
 * aside before tables change (triggers, views, indexes), renames, column changes, new tables,
 * rebuilds, then indexes, views and triggers again, and the dropped tables last.
 */
export const PHASES = [
  'foreignKeysOff', 'begin', 'dropTrigger', 'dropView', 'dropIndex', 'renameTable', 'renameColumn', 'dropColumn',
  'createTable', 'addColumn', 'rebuild', 'indexes', 'views', 'triggers', 'dropTable', 'end', 'foreignKeysOn',
] as const;
export type Phase = (typeof PHASES)[number];

/** The SQLite planner's statement collector: the kit's, with SQLite's phases. */
export type Builder = PhasedBuilder<Phase>;

/** A table the plan rebuilds. */
export interface Rebuild {
  readonly group: TableGroup;
  /** The change its statements implement (a ModifyTable of its own when only its column order changes). */
  readonly source: Change;
  /** Its name during the plan (the desired one: renames run first). */
  readonly name: string;
  /** As it is before the plan, under its old name. */
  readonly before: Table;
  /** As it reads once the plan's renames ran: what the down part rebuilds it back to. */
  readonly beforeRenamed: Table;
  readonly after: Table;
  /** The desired table's columns that exist before, to their old names. */
  readonly sources: ReadonlyMap<string, string>;
  readonly reason: string;
}

export interface PlanContext {
  readonly changes: readonly Change[];
  readonly from: Realm;
  readonly to: Realm;
  /** Rebuilt tables, by desired name. */
  readonly rebuilds: ReadonlyMap<string, Rebuild>;
  /** Renamed tables: new name → old name. */
  readonly renamedTables: ReadonlyMap<string, string>;
  /** Renamed columns per table (desired name): new name → old name. */
  readonly renamedColumns: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** Some statement is an ALTER TABLE, which needs every view and trigger to resolve while it runs. */
  readonly altersTables: boolean;
  /** Some rebuilt table is referenced by a foreign key (before or after): the plan runs with foreign keys off. */
  readonly foreignKeysOff: boolean;
}

const tablesOf = (r: Realm): readonly Table[] => r.schemas.find((s) => s.name === SOLE_SCHEMA)?.tables ?? r.schemas.flatMap((s) => s.tables);

/** tableIn finds a table of a realm by name. */
export const tableIn = (r: Realm, name: string): Table | undefined => tablesOf(r).find((t) => t.name === name);

/** referencedBy: the tables of `r` with a foreign key to `name` (SQLite compares names case-insensitively). */
export function referencedBy(r: Realm, name: string): Table[] {
  const n = name.toLowerCase();
  return tablesOf(r).filter((t) => t.foreignKeys.some((f) => f.refTable.name.toLowerCase() === n));
}

/**
 * renamedRefs is a table as it reads once the plan's renames ran: its foreign keys name renamed
 * tables, and renamed columns of their parents, by the new names (SQLite rewrites them so).
 */
function renamedRefs(t: Table, follow: (fk: ForeignKey) => ForeignKey): Table {
  return { ...t, foreignKeys: t.foreignKeys.map(follow) };
}

/** followRenames: a foreign key as it reads once the plan renamed its parent table and columns. */
function followRenames(tables: ReadonlyMap<string, string>, columns: ReadonlyMap<string, ReadonlyMap<string, string>>): (fk: ForeignKey) => ForeignKey {
  const newTable = new Map([...tables].map(([n, o]) => [o, n]));
  return (f) => {
    const parent = newTable.get(f.refTable.name) ?? f.refTable.name;
    const cols = new Map([...(columns.get(parent) ?? [])].map(([n, o]) => [o, n]));
    return { ...f, refTable: { ...f.refTable, name: parent }, refColumns: f.refColumns.map((c) => cols.get(c) ?? c) };
  };
}

export function planContext(changes: readonly Change[], from: Realm, to: Realm): PlanContext {
  const { tables } = groupByTable(changes);
  const renamedTables = new Map(changes.flatMap((c) => (c.kind === 'RenameTable' ? [[c.to.name, c.from.name] as const] : [])));
  const renamedColumns = new Map<string, Map<string, string>>();
  for (const c of changes) {
    if (c.kind !== 'RenameColumn') continue;
    (renamedColumns.get(c.table.name) ?? renamedColumns.set(c.table.name, new Map()).get(c.table.name)!).set(c.to.name, c.from.name);
  }
  const follow = followRenames(renamedTables, renamedColumns);
  const rebuilds = new Map<string, Rebuild>();
  let altersTables = tables.some((g) => g.changes.some((c) => ['RenameTable', 'AddColumn', 'DropColumn', 'RenameColumn'].includes(c.kind)));
  const groups = new Map(tables.filter((g) => !g.lifecycle).map((g) => [g.table.name, g]));
  // Every table in both states: a table without changes may still have its columns reordered.
  for (const after of tablesOf(to)) {
    const g = groups.get(after.name) ?? { table: { schema: after.schema, name: after.name }, changes: [] };
    const before = g.lifecycle ? undefined : tablePair(g, from, to).before ?? tableIn(from, renamedTables.get(after.name) ?? after.name);
    if (!before || changes.some((c) => c.kind === 'AddTable' && c.table.name === after.name)) continue;
    const reason = rebuildReason(g, before, after, follow);
    if (reason === undefined) continue;
    altersTables = true;
    const beforeRenamed = renamedRefs(before, follow);
    const source: Change = g.changes[0] ?? { kind: 'ModifyTable', from: before, to: after };
    rebuilds.set(after.name, { group: g, source, name: after.name, before, beforeRenamed, after, sources: columnSources(g, before, after), reason });
  }
  const foreignKeysOff = [...rebuilds.values()].some((r) => referencedBy(to, r.name).length > 0 || referencedBy(from, r.before.name).length > 0);
  return { changes, from, to, rebuilds, renamedTables, renamedColumns, altersTables, foreignKeysOff };
}

/** oldName is a table's name before the plan. */
export const oldName = (ctx: PlanContext, t: ObjectRef): string => ctx.renamedTables.get(t.name) ?? t.name;
