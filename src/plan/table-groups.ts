/**
 * Grouping a plan's changes by table, in the spirit of Atlas's nested `ModifyTable{T, Changes}`:
 * the differ emits flat changes, but some planners decide per table. MySQL writes one ALTER TABLE
 * with several clauses where the server needs them together (an index replaced under its own
 * name, a primary key swapped); SQLite chooses between ALTER TABLE and a rebuild of the table.
 * Dialect-neutral: it only reads which table each change is about.
 *
 * @example
 * const { tables, rest } = groupByTable(changes);
 * for (const g of tables) if (g.changes.some((c) => c.kind === 'ModifyColumn')) rebuild(g.table);
 */
import type { Change } from '../diff/changes.js';
import type { ObjectRef, Realm, Table } from '../schema/model.js';

/** The changes of one table, in the differ's order. */
export interface TableGroup {
  /** The table as the desired state names it (changes inside a table name it so); for a dropped table, its old name. */
  readonly table: ObjectRef;
  /** Its name before the plan, when the plan renames it. */
  readonly renamedFrom?: ObjectRef;
  /** Set when the plan creates the table (AddTable) or drops it (DropTable). */
  readonly lifecycle?: 'added' | 'dropped';
  readonly changes: readonly Change[];
}

/** tableOf names the table a change is about, or undefined for a change outside tables (views, types, comments on them...). */
export function tableOf(c: Change): ObjectRef | undefined {
  switch (c.kind) {
    case 'AddTable': case 'DropTable': return ref(c.table);
    case 'RenameTable': case 'ModifyTable': return ref(c.to);
    case 'ModifyPartitioning': case 'AddColumn': case 'DropColumn': case 'RenameColumn': case 'ModifyColumn':
    case 'AddPrimaryKey': case 'DropPrimaryKey': case 'AddConstraint': case 'DropConstraint': case 'RenameConstraint':
    case 'AddIndex': case 'DropIndex': case 'RenameIndex': case 'AddTrigger': case 'DropTrigger': case 'RenameTrigger': case 'ModifyTrigger':
    case 'AddPolicy': case 'DropPolicy': case 'RenamePolicy': case 'ModifyPolicy': case 'SetRowSecurity':
      return ref(c.table);
    case 'SetComment': {
      const t = c.target;
      return t.on === 'table' || t.on === 'column' || (t.on === 'constraint' || t.on === 'trigger' || t.on === 'policy') ? ref(t.ref) : undefined;
    }
    default: return undefined;
  }
}

const ref = (r: ObjectRef): ObjectRef => ({ schema: r.schema, name: r.name });
const key = (r: ObjectRef) => `${r.schema}.${r.name}`;

/**
 * groupByTable splits changes into one group per table (in the order each table is first
 * changed) and the rest (in their order). Indexes of materialized views group under the view.
 */
export function groupByTable(changes: readonly Change[]): { readonly tables: readonly TableGroup[]; readonly rest: readonly Change[] } {
  const groups = new Map<string, { table: ObjectRef; renamedFrom?: ObjectRef; lifecycle?: 'added' | 'dropped'; changes: Change[] }>();
  const rest: Change[] = [];
  for (const c of changes) {
    const t = tableOf(c);
    if (!t) { rest.push(c); continue; }
    // A dropped table keeps its own group: another table may take its name in the same plan.
    const k = (c.kind === 'DropTable' ? 'drop:' : '') + key(t);
    const g = groups.get(k) ?? groups.set(k, { table: t, changes: [] }).get(k)!;
    g.changes.push(c);
    if (c.kind === 'RenameTable') g.renamedFrom = ref(c.from);
    if (c.kind === 'AddTable') g.lifecycle = 'added';
    if (c.kind === 'DropTable') g.lifecycle = 'dropped';
  }
  return { tables: [...groups.values()], rest };
}

/** findTableIn looks a table up in a realm. */
export function findTableIn(r: Realm, t: ObjectRef): Table | undefined {
  return r.schemas.find((s) => s.name === t.schema)?.tables.find((x) => x.name === t.name);
}

/** tablePair is a group's table before the plan (under its old name when renamed) and after. */
export function tablePair(g: TableGroup, from: Realm, to: Realm): { readonly before?: Table; readonly after?: Table } {
  return {
    before: g.lifecycle === 'added' ? undefined : findTableIn(from, g.renamedFrom ?? g.table),
    after: g.lifecycle === 'dropped' ? undefined : findTableIn(to, g.table),
  };
}

/**
 * pairedChanges finds, among a table's changes, drops and adds of the same named object
 * (`same(drop, add)`), which some databases must run as one statement: the pairs, and the
 * changes left unpaired.
 */
export function pairedChanges<D extends Change, A extends Change>(
  changes: readonly Change[], isDrop: (c: Change) => c is D, isAdd: (c: Change) => c is A, same: (d: D, a: A) => boolean,
): { readonly pairs: readonly (readonly [D, A])[]; readonly paired: ReadonlySet<Change> } {
  const pairs: [D, A][] = [];
  const paired = new Set<Change>();
  for (const d of changes.filter(isDrop)) {
    const a = changes.filter(isAdd).find((x) => !paired.has(x) && same(d, x));
    if (!a) continue;
    pairs.push([d, a]);
    paired.add(d).add(a);
  }
  return { pairs, paired };
}
