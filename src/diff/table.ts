/**
 * Table-level diffing: columns, keys, constraints, indexes, triggers, policies and comments of tables
 * matched by name (or a rename hint). Column and type renames are applied to the old table's
 * keys, indexes and expressions before comparing (afterRenames), so renaming a column does not
 * re-create its index or checks.
 */
import type { Check, Column, ForeignKey, Index, ObjectRef, Policy, RowSecurity, Schema, Table, Trigger } from '../schema/model.js';
import type { AnyConstraint, Change, ColumnChangeKind, ConstraintKind } from './changes.js';
import { matchByName, schemaHint, tableHint, type Match, type RenameHint } from './renames.js';
import { comment, same } from './compare.js';
import { rewriteNames, type NameMap } from './rewrite.js';
import type { DiffHooks } from './hooks.js';
import { sameParents, type Inherited, type TableInheritance } from './inherits.js';

/** What the tables of each side inherit (see inherits.ts), looked up by table. */
export interface Inheritance {
  readonly from: (t: ObjectRef) => TableInheritance;
  readonly to: (t: ObjectRef) => TableInheritance;
  /** The tables of each side, by name (a partition's parent, for a table joining or leaving one). */
  readonly fromTable?: (t: ObjectRef) => Table | undefined;
  readonly toTable?: (t: ObjectRef) => Table | undefined;
  /** The dialect's answers to the differ's questions (identifier rules, renamed definitions). */
  readonly hooks: DiffHooks;
}

/** diffTables emits table changes of one schema. */
export function diffTables(from: Schema, to: Schema, hints: readonly RenameHint[], typeRenames: NonNullable<NameMap['qualified']>, inh: Inheritance, out: Change[]): void {
  const hint = schemaHint(hints, to.name);
  const m = matchByName(from.tables, to.tables, (t) => t.name, hint);
  for (const [f, t] of m.renamed) out.push({ kind: 'RenameTable', from: f, to: t });
  for (const table of m.added) out.push({ kind: 'AddTable', table });
  // Old table name -> new, so foreign keys pointing at a renamed table compare equal.
  const tableNames = new Map(m.renamed.map(([f, t]) => [f.name, t.name]));
  const moved = withNewPartitioning([...m.same, ...m.renamed], to.tables, hints, inh.hooks);
  // Each table's renamed columns (new table name -> old column -> new), so a foreign key that
  // points at a renamed column compares equal: the rename carries it along.
  const columnNames = new Map([...m.same, ...m.renamed].map(([f, t]) => [t.name, renamedColumns(f, t, hints)]));
  for (const [f, t] of [...m.same, ...m.renamed]) diffTable(f, t, hints, { tables: tableNames, columns: columnNames }, typeRenames, hint, inh, out, moved.has(t.name));
  // The down part re-creates a dropped table while the renames still stand: its columns may use
  // a renamed type, and a partition's parent may be a renamed table.
  for (const table of m.dropped) out.push({ kind: 'DropTable', table: afterRenames(table, { qualified: typeRenames }, inh.hooks, tableNames) });
}

/**
 * withNewPartitioning names the tables (new names) whose partition key changes, and the partitions
 * (at every level) of those: they are all re-created, so only ModifyPartitioning is emitted for them.
 */
function withNewPartitioning(pairs: readonly (readonly [Table, Table])[], tables: readonly Table[], hints: readonly RenameHint[], hooks: DiffHooks): Set<string> {
  // The old key as it reads once renamed columns are renamed.
  const key = (f: Table, t: Table) => {
    const cols = new Map(matchByName(f.columns, t.columns, (c) => c.name, tableHint(hints, t.schema, t.name)).renamed.map(([a, z]) => [a.name, z.name]));
    return f.partitionBy === undefined ? '' : rewriteNames(f.partitionBy, { bare: cols }, hooks.identifiers);
  };
  const out = new Set(pairs.filter(([f, t]) => !f.partitionOf && !t.partitionOf && key(f, t) !== (t.partitionBy ?? '')).map(([, t]) => t.name));
  for (let grew = out.size > 0; grew;) {
    grew = false;
    for (const t of tables) {
      const p = t.partitionOf?.parent;
      if (p && p.schema === t.schema && out.has(p.name) && !out.has(t.name)) { out.add(t.name); grew = true; }
    }
  }
  return out;
}

/** renamedColumns maps a table's renamed columns, old name to new. */
function renamedColumns(f: Table, t: Table, hints: readonly RenameHint[]): Map<string, string> {
  return new Map(matchByName(f.columns, t.columns, (c) => c.name, tableHint(hints, t.schema, t.name)).renamed.map(([a, z]) => [a.name, z.name]));
}

/** The renames of a schema's tables, and of each table's columns (by new table name). */
interface SchemaRenames {
  readonly tables: Map<string, string>;
  readonly columns: ReadonlyMap<string, ReadonlyMap<string, string>>;
}

function diffTable(original: Table, to0: Table, hints: readonly RenameHint[], renamed: SchemaRenames, typeRenames: NonNullable<NameMap['qualified']>, indexHint: (n: string) => string | undefined, inh: Inheritance, out: Change[], recreated = false): void {
  let to = to0;
  const ref: ObjectRef = { schema: to.schema, name: to.name };
  const tableNames = renamed.tables;
  const local = tableHint(hints, to.schema, to.name);
  const renamedCols = renamedColumns(original, to, hints);
  let from = afterRenames(original, { bare: renamedCols, qualified: typeRenames }, inh.hooks, tableNames);
  if (recreated) {
    out.push({ kind: 'ModifyPartitioning', table: ref, from, to });
    return;
  }
  if (partitioningChanges(ref, from, to, out)) {
    // A table that joins or leaves a partitioned table (ATTACH / DETACH) keeps its rows: compared as a plain table.
    const plain = asPlainTables(original, from, to, inh);
    if (!plain) return;
    [from, to] = plain;
  }
  const inherited = inheritedDiff(from, to, inh.from(original), inh.to(to), tableNames);
  const cols = matchByName(from.columns, to.columns, (c) => c.name, local);
  // A column the table stops declaring but still inherits stays; one it starts declaring but
  // had through a parent is compared with the parent's; one it had only through a parent it
  // stops inheriting is dropped (NO INHERIT leaves it on the table).
  // Own columns last first: the down part adds them back in reverse, so each lands where it was.
  const dropped = [...cols.dropped.filter((c) => !inherited.to.columns.has(c.name)).reverse(), ...inherited.lostColumns];
  const added = cols.added.filter((c) => !inherited.from.columns.has(c.name));
  // The parent's column as the table has it: not its comment, and not its dialect attributes (a
  // parent's serial column is, on the child, a plain column whose default takes the parent's sequence).
  const becameOwn = cols.added.filter((c) => inherited.from.columns.has(c.name))
    .map((c): [Column, Column] => [{ ...inherited.from.columns.get(c.name)!.item, comment: undefined, attrs: c.attrs }, c]);

  for (const [f, t] of cols.renamed) out.push({ kind: 'RenameColumn', table: ref, from: f, to: t });
  for (const c of dropped) out.push({ kind: 'DropColumn', table: ref, column: c });
  for (const c of added) out.push({ kind: 'AddColumn', table: ref, column: c });
  for (const [f, t] of [...cols.same, ...cols.renamed, ...becameOwn]) {
    const kinds = columnChanges(f, t);
    if (kinds.length) out.push({ kind: 'ModifyColumn', table: ref, from: f, to: t, kinds });
  }

  const fpk = from.primaryKey;
  if (fpk && to.primaryKey && fpk.name !== to.primaryKey.name && same({ ...fpk, name: '' }, { ...to.primaryKey, name: '' })) {
    out.push({ kind: 'RenameConstraint', table: ref, from: fpk.name, to: to.primaryKey.name });
  } else if (!same(fpk, to.primaryKey)) {
    if (from.primaryKey) out.push({ kind: 'DropPrimaryKey', table: ref, primaryKey: from.primaryKey });
    if (to.primaryKey) out.push({ kind: 'AddPrimaryKey', table: ref, primaryKey: to.primaryKey });
  }

  const mapFk = (fk: ForeignKey): ForeignKey => {
    if (fk.refTable.schema !== from.schema) return fk;
    const refName = tableNames.get(fk.refTable.name) ?? fk.refTable.name;
    const refCols = renamed.columns.get(refName);
    return { ...fk, refTable: { schema: fk.refTable.schema, name: refName }, refColumns: fk.refColumns.map((c) => refCols?.get(c) ?? c) };
  };
  constraints(ref, 'unique', from.uniques, to.uniques, local, out);
  constraints(ref, 'check', inherited.fromChecks, inherited.toChecks, local, out);
  constraints(ref, 'foreignKey', from.foreignKeys.map(mapFk), to.foreignKeys, local, out);
  constraints(ref, 'exclusion', from.exclusions, to.exclusions, local, out);
  diffIndexes(ref, from.indexes, to.indexes, indexHint, out);

  const trg = matchByName(from.triggers, to.triggers, (t) => t.name, local);
  trg.added.forEach((trigger) => out.push({ kind: 'AddTrigger', table: ref, trigger }));
  const fromTable = { schema: from.schema, name: from.name };
  trg.dropped.forEach((trigger) => out.push({ kind: 'DropTrigger', table: ref, fromTable, trigger }));
  const renamedTrg: [Trigger, Trigger][] = [];
  for (const [f0, t] of trg.renamed) {
    // Triggers are dropped before renames run: a renamed trigger that also changed is simply
    // dropped under its old name and created under the new one.
    const f = { ...f0, name: t.name, def: inh.hooks.renamedDefinition('trigger', f0.def, { schema: from.schema, name: f0.name }, { schema: to.schema, name: t.name }) };
    if (f.def !== t.def) {
      out.push({ kind: 'DropTrigger', table: ref, fromTable, trigger: f0 }, { kind: 'AddTrigger', table: ref, trigger: t });
      continue;
    }
    out.push({ kind: 'RenameTrigger', table: ref, from: f0.name, to: t.name });
    renamedTrg.push([f, t]);
  }
  for (const [f, t] of [...trg.same, ...renamedTrg]) {
    if (f.def !== t.def || f.firing !== t.firing) out.push({ kind: 'ModifyTrigger', table: ref, fromTable, from: f, to: t });
    else comment(out, { on: 'trigger', ref, name: t.name }, f.comment, t.comment);
  }

  // Policies read like expressions elsewhere, but may also name renamed tables (sub-selects).
  const tableRenames = new Map([...(typeRenames.get(to.schema) ?? []), ...tableNames]);
  const policyNames: NameMap = { bare: renamedCols, qualified: new Map([...typeRenames, [to.schema, tableRenames]]) };
  diffPolicies(ref, fromTable, original.policies, to.policies, policyNames, local, inh.hooks, out);
  if (!same(original.rowSecurity, to.rowSecurity)) {
    out.push({ kind: 'SetRowSecurity', table: ref, from: original.rowSecurity ?? NO_ROW_SECURITY, to: to.rowSecurity ?? NO_ROW_SECURITY });
  }

  if (!same(original.attrs, to.attrs) || !sameParents(from, to)) out.push({ kind: 'ModifyTable', from: { ...original, inherits: from.inherits }, to });
  comment(out, { on: 'table', ref }, from.comment, to.comment);
  for (const [f, t] of [...cols.same, ...cols.renamed, ...becameOwn]) comment(out, { on: 'column', ref, column: t.name }, f.comment, t.comment);
}

/**
 * inheritedDiff sets what plain inheritance changes about a table's columns and checks: what it
 * inherits on each side, the columns and checks it had only through a parent it no longer
 * inherits from (lost, unless it declares them now), and the checks to compare. A check the
 * table stops declaring but still inherits, or starts declaring but already had, is no change:
 * PostgreSQL can neither drop an inherited check from the child nor make one the child's own.
 */
function inheritedDiff(from: Table, to: Table, inhFrom: TableInheritance, inhTo: TableInheritance, tableNames: ReadonlyMap<string, string>) {
  const parentsNow = new Set((to.inherits ?? []).map((p) => `${p.schema}.${p.name}`));
  // `via` names parents as they were: a renamed parent (same schema) is still a parent.
  const stillVia = (via: readonly ObjectRef[]) => via.some((v) => parentsNow.has(`${v.schema}.${v.schema === from.schema ? tableNames.get(v.name) ?? v.name : v.name}`));
  const lost = <T extends { readonly name: string; readonly comment?: string }>(m: ReadonlyMap<string, Inherited<T>>, own: readonly T[], want: readonly T[], still: ReadonlyMap<string, unknown>): T[] =>
    [...m].filter(([n, i]) => !own.some((c) => c.name === n) && !want.some((c) => c.name === n) && !still.has(n) && !stillVia(i.via))
      .map(([, i]) => ({ ...i.item, comment: undefined }));
  const lostChecks = lost<Check>(inhFrom.checks, from.checks, to.checks, inhTo.checks);
  return {
    from: inhFrom,
    to: inhTo,
    lostColumns: lost<Column>(inhFrom.columns, from.columns, to.columns, inhTo.columns),
    fromChecks: [...from.checks.filter((c) => to.checks.some((x) => x.name === c.name) || !inhTo.checks.has(c.name)), ...lostChecks],
    toChecks: to.checks.filter((c) => from.checks.some((x) => x.name === c.name) || !inhFrom.checks.has(c.name)),
  };
}

const NO_ROW_SECURITY: RowSecurity = Object.freeze({ enabled: false, forced: false });

/**
 * partitioningChanges emits ModifyPartitioning when the partition key, parent or bound differs,
 * and says whether more than the bound differs. Then the rest of the table is not compared:
 * a table that becomes (or stops being) a partition gains or loses all its columns in the
 * model, which would read as column drops, while the real problem is the partitioning.
 */
function partitioningChanges(ref: ObjectRef, from: Table, to: Table, out: Change[]): boolean {
  const shape = (t: Table) => ({ by: t.partitionBy, parent: t.partitionOf?.parent });
  const structural = !same(shape(from), shape(to));
  if (structural || from.partitionOf?.bound !== to.partitionOf?.bound) out.push({ kind: 'ModifyPartitioning', table: ref, from, to });
  return structural;
}

/**
 * asPlainTables: a table that becomes a partition (ATTACH), stops being one (DETACH) or moves
 * to another parent, its own partitioning unchanged, is compared as the plain table it is
 * between the two: a partition (which the model lists without the columns and constraints it
 * has through its parent) with its parent's columns and CHECK constraints, and its primary key
 * under the name PostgreSQL gives it (`<table>_pkey`), which DETACH leaves on it. So the
 * columns of a table that joins are changed to the parent's before it is attached (which
 * needs the same columns, NOT NULL and checks), and those of a table that leaves after. A key
 * the table has that matches the parent's is kept (ATTACH takes it as the partition's), else
 * the parent's is added first. The parent's other indexes and unique keys are not modelled:
 * ATTACH creates them, DETACH leaves them.
 * Undefined when the partitioning changes otherwise (or a parent is not found).
 */
function asPlainTables(original: Table, from: Table, to: Table, inh: Inheritance): [Table, Table] | undefined {
  if ((from.partitionBy ?? '') !== (to.partitionBy ?? '') || !inh.fromTable || !inh.toTable) return undefined;
  // The root of a partition's tree has the columns, the checks and the key.
  const root = (t: Table, look: (r: ObjectRef) => Table | undefined, seen = 0): Table | undefined =>
    (t.partitionOf ? (seen > 32 ? undefined : ((p) => p && root(p, look, seen + 1))(look(t.partitionOf.parent))) : t);
  const checks = (own: readonly Check[], p: Table) => [...own, ...p.checks.filter((c) => !own.some((o) => o.name === c.name))];
  const columns = (p: Table) => p.columns.map((c) => inh.hooks.partitionColumn?.(p, c) ?? { ...c, comment: undefined });
  let f = from;
  if (original.partitionOf) {
    const p = root(original, inh.fromTable);
    if (!p) return undefined;
    const pk = p.primaryKey && { ...p.primaryKey, name: `${from.name}_pkey` };
    f = { ...from, partitionOf: undefined, columns: columns(p), checks: checks(from.checks, p), primaryKey: from.primaryKey ?? pk };
  }
  let t = to;
  if (to.partitionOf) {
    const p = root(to, inh.toTable);
    if (!p) return undefined;
    // The parent's key, added before the ATTACH (so that DETACH, in the down part, is followed by its drop).
    const pk = p.primaryKey && (f.primaryKey?.columns.join() === p.primaryKey.columns.join() ? f.primaryKey : { ...p.primaryKey, name: `${to.name}_pkey` });
    t = { ...to, partitionOf: undefined, columns: columns(p), checks: checks(to.checks, p), primaryKey: to.primaryKey ?? pk };
  }
  return [f, t];
}

/**
 * diffPolicies: ALTER POLICY can change roles and expressions but neither the command nor the
 * permissive/restrictive kind, nor remove a USING or WITH CHECK clause (and the down part must
 * be able to put one back), so those changes drop and re-create the policy.
 */
function diffPolicies(ref: ObjectRef, fromTable: ObjectRef, from: readonly Policy[], to: readonly Policy[], names: NameMap, hint: (n: string) => string | undefined, hooks: DiffHooks, out: Change[]): void {
  const m = matchByName(from, to, (p) => p.name, hint);
  for (const policy of m.dropped) out.push({ kind: 'DropPolicy', table: ref, fromTable, policy });
  for (const policy of m.added) out.push({ kind: 'AddPolicy', table: ref, policy });
  const text = (s: string | undefined) => (s === undefined ? undefined : rewriteNames(s, names, hooks.identifiers));
  const body = (p: Policy) => ({ roles: p.roles, using: p.using, withCheck: p.withCheck });
  for (const [f0, t] of [...m.same, ...m.renamed]) {
    const f: Policy = { ...f0, name: t.name, using: text(f0.using), withCheck: text(f0.withCheck) };
    const has = (p: Policy) => [p.command, p.permissive, p.using !== undefined, p.withCheck !== undefined];
    if (!same(has(f), has(t))) {
      out.push({ kind: 'DropPolicy', table: ref, fromTable, policy: f0 }, { kind: 'AddPolicy', table: ref, policy: t });
      continue;
    }
    if (f0.name !== t.name) out.push({ kind: 'RenamePolicy', table: ref, fromTable, from: f0.name, to: t.name });
    if (!same(body(f), body(t))) out.push({ kind: 'ModifyPolicy', table: ref, fromTable, from: f, to: t });
    comment(out, { on: 'policy', ref, name: t.name }, f.comment, t.comment);
  }
}

/** columnChanges lists what differs between two versions of a column. */
function columnChanges(f: Column, t: Column): ColumnChangeKind[] {
  const kinds: ColumnChangeKind[] = [];
  if (f.type.sql !== t.type.sql) kinds.push('type');
  if ((f.collation ?? '') !== (t.collation ?? '')) kinds.push('collation');
  if (f.nullable !== t.nullable) kinds.push('nullable');
  if ((f.default ?? '') !== (t.default ?? '')) kinds.push('default');
  if ((f.generated ?? '') !== (t.generated ?? '')) kinds.push('generated');
  if (!same(f.attrs, t.attrs)) kinds.push('attrs');
  return kinds;
}

/** constraints diffs one kind of named table constraint; a changed definition is dropped and re-added. */
function constraints(ref: ObjectRef, type: ConstraintKind, from: readonly AnyConstraint[], to: readonly AnyConstraint[], hint: (n: string) => string | undefined, out: Change[]): void {
  const body = (c: AnyConstraint) => ({ ...c, name: '', comment: undefined });
  const m = pairByBody(matchByName(from, to, (c) => c.name, hint), body);
  for (const [f, t] of m.renamed) {
    out.push({ kind: 'RenameConstraint', table: ref, from: f.name, to: t.name });
  }
  for (const c of m.dropped) out.push({ kind: 'DropConstraint', table: ref, type, constraint: c });
  for (const c of m.added) out.push({ kind: 'AddConstraint', table: ref, type, constraint: c });
  for (const [f, t] of [...m.same, ...m.renamed]) {
    if (!same(body(f), body(t))) {
      out.push({ kind: 'DropConstraint', table: ref, type, constraint: { ...f, name: t.name } });
      out.push({ kind: 'AddConstraint', table: ref, type, constraint: t });
    } else comment(out, { on: 'constraint', ref, name: t.name }, f.comment, t.comment);
  }
}

/** diffIndexes diffs the indexes of a table or materialized view. Index names are schema-level. */
export function diffIndexes(ref: ObjectRef, from: readonly Index[], to: readonly Index[], hint: (n: string) => string | undefined, out: Change[]): void {
  const body = (i: Index) => ({ ...i, name: '', comment: undefined });
  const m = pairByBody(matchByName(from, to, (i) => i.name, hint), body);
  for (const [f, t] of m.renamed) out.push({ kind: 'RenameIndex', table: ref, from: f, to: t });
  for (const index of m.dropped) out.push({ kind: 'DropIndex', table: ref, index });
  for (const index of m.added) out.push({ kind: 'AddIndex', table: ref, index });
  for (const [f, t] of [...m.same, ...m.renamed]) {
    if (!same(body(f), body(t))) {
      out.push({ kind: 'DropIndex', table: ref, index: { ...f, name: t.name } });
      out.push({ kind: 'AddIndex', table: ref, index: t });
    } else comment(out, { on: 'index', ref: { schema: ref.schema, name: t.name } }, f.comment, t.comment);
  }
}


/**
 * pairByBody turns a dropped and an added object with the same definition into a rename. Only
 * used for indexes and constraints, whose renames lose nothing: PostgreSQL keeps their names
 * when a table or column is renamed, so without this a table rename would re-build every index.
 */
function pairByBody<T extends { readonly name: string }>(m: Match<T>, body: (x: T) => unknown): Match<T> {
  const added = [...m.added];
  const renamed = [...m.renamed];
  const dropped: T[] = [];
  for (const d of m.dropped) {
    const i = added.findIndex((a) => same(body(a), body(d)));
    if (i < 0) { dropped.push(d); continue; }
    renamed.push([d, added[i]]);
    added.splice(i, 1);
  }
  return { added, dropped, same: m.same, renamed };
}

/**
 * afterRenames is the old table as the database shows it once renamed columns and types are
 * renamed: column lists, expressions, defaults and types all use the new names.
 */
function afterRenames(t: Table, map: NameMap, hooks: DiffHooks, tableNames: ReadonlyMap<string, string> = new Map()): Table {
  const rules = hooks.identifiers;
  // A partition names its parent, which may be renamed (same schema, like foreign keys).
  const parent = t.partitionOf?.parent;
  const newParent = parent && parent.schema === t.schema ? tableNames.get(parent.name) : undefined;
  if (newParent !== undefined) t = { ...t, partitionOf: { ...t.partitionOf!, parent: { schema: parent!.schema, name: newParent } } };
  // So does a table that inherits (plain inheritance).
  if (t.inherits?.some((p) => p.schema === t.schema && tableNames.has(p.name))) {
    t = { ...t, inherits: t.inherits.map((p) => (p.schema === t.schema ? { schema: p.schema, name: tableNames.get(p.name) ?? p.name } : p)) };
  }
  if (!map.bare?.size && ![...(map.qualified?.values() ?? [])].some((m) => m.size)) return t;
  const col = (n: string) => map.bare?.get(n) ?? n;
  const cols = (xs: readonly string[]) => xs.map(col);
  const text = (s: string | undefined) => (s === undefined ? undefined : rewriteNames(s, map, rules));
  const types = { qualified: map.qualified };
  return {
    ...t,
    columns: t.columns.map((c) => {
      const ref = c.type.ref && { schema: c.type.ref.schema, name: map.qualified?.get(c.type.ref.schema)?.get(c.type.ref.name) ?? c.type.ref.name };
      return { ...c, type: { sql: rewriteNames(c.type.sql, types, rules), ref }, default: c.default === undefined ? undefined : rewriteNames(c.default, types, rules), generated: text(c.generated) };
    }),
    primaryKey: t.primaryKey && { ...t.primaryKey, columns: cols(t.primaryKey.columns) },
    uniques: t.uniques.map((u) => ({ ...u, columns: cols(u.columns) })),
    checks: t.checks.map((c) => ({ ...c, expr: rewriteNames(c.expr, map, rules) })),
    partitionBy: text(t.partitionBy),
    foreignKeys: t.foreignKeys.map((f) => ({ ...f, columns: cols(f.columns) })),
    indexes: t.indexes.map((i) => ({
      ...i,
      parts: i.parts.map((p) => ({ ...p, column: p.column && col(p.column), expr: text(p.expr) })),
      include: cols(i.include),
      where: text(i.where),
    })),
  };
}
