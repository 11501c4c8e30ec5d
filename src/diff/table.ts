/**
 * Table-level diffing: columns, keys, constraints, indexes, triggers and comments of tables
 * matched by name (or a rename hint). Column renames are applied to the old table's keys and
 * indexes before comparing, so renaming a column does not re-create its index.
 */
import type { Column, ForeignKey, Index, ObjectRef, Schema, Table } from '../schema/model.js';
import type { AnyConstraint, Change, ColumnChangeKind, ConstraintKind } from './changes.js';
import { matchByName, type Match, type RenameHint } from './renames.js';
import { comment, same } from './diff.js';
import { CairnError } from '../errors.js';

/** diffTables emits table changes of one schema. */
export function diffTables(from: Schema, to: Schema, hints: readonly RenameHint[], out: Change[]): void {
  const schemaHint = (n: string) => hints.find((h) => h.schema === to.name && h.table === undefined && h.to === n)?.from;
  const m = matchByName(from.tables, to.tables, (t) => t.name, schemaHint);
  for (const [f, t] of m.renamed) out.push({ kind: 'RenameTable', from: f, to: t });
  for (const table of m.added) out.push({ kind: 'AddTable', table });
  // Old table name -> new, so foreign keys pointing at a renamed table compare equal.
  const tableNames = new Map(m.renamed.map(([f, t]) => [f.name, t.name]));
  for (const [f, t] of [...m.same, ...m.renamed]) diffTable(f, t, hints, tableNames, schemaHint, out);
  for (const table of m.dropped) out.push({ kind: 'DropTable', table });
}

function diffTable(from: Table, to: Table, hints: readonly RenameHint[], tableNames: Map<string, string>, schemaHint: (n: string) => string | undefined, out: Change[]): void {
  const ref: ObjectRef = { schema: to.schema, name: to.name };
  const local = (n: string) => hints.find((h) => h.schema === to.schema && h.table === to.name && h.to === n)?.from;
  const cols = matchByName(from.columns, to.columns, (c) => c.name, local);
  const renamedCols = new Map(cols.renamed.map(([f, t]) => [f.name, t.name]));
  const col = (n: string) => renamedCols.get(n) ?? n;
  const cs = (xs: readonly string[]) => xs.map(col);

  for (const [f, t] of cols.renamed) out.push({ kind: 'RenameColumn', table: ref, from: f, to: t });
  for (const c of cols.dropped) out.push({ kind: 'DropColumn', table: ref, column: c });
  for (const c of cols.added) out.push({ kind: 'AddColumn', table: ref, column: c });
  for (const [f, t] of [...cols.same, ...cols.renamed]) {
    const kinds = columnChanges(f, t);
    if (kinds.length) out.push({ kind: 'ModifyColumn', table: ref, from: f, to: t, kinds });
  }

  const fpk = from.primaryKey && { ...from.primaryKey, columns: cs(from.primaryKey.columns) };
  if (fpk && to.primaryKey && fpk.name !== to.primaryKey.name && same({ ...fpk, name: '' }, { ...to.primaryKey, name: '' })) {
    out.push({ kind: 'RenameConstraint', table: ref, from: fpk.name, to: to.primaryKey.name });
  } else if (!same(fpk, to.primaryKey)) {
    if (from.primaryKey) out.push({ kind: 'DropPrimaryKey', table: ref, primaryKey: from.primaryKey });
    if (to.primaryKey) out.push({ kind: 'AddPrimaryKey', table: ref, primaryKey: to.primaryKey });
  }

  const mapFk = (fk: ForeignKey): ForeignKey => {
    const refName = fk.refTable.schema === from.schema ? tableNames.get(fk.refTable.name) ?? fk.refTable.name : fk.refTable.name;
    return { ...fk, columns: cs(fk.columns), refTable: { schema: fk.refTable.schema, name: refName } };
  };
  constraints(ref, 'unique', from.uniques.map((u) => ({ ...u, columns: cs(u.columns) })), to.uniques, local, out);
  constraints(ref, 'check', from.checks, to.checks, local, out);
  constraints(ref, 'foreignKey', from.foreignKeys.map(mapFk), to.foreignKeys, local, out);
  diffIndexes(ref, from.indexes.map((i) => ({ ...i, parts: i.parts.map((p) => ({ ...p, column: p.column && col(p.column) })), include: cs(i.include) })), to.indexes, schemaHint, false, out);

  const trg = matchByName(from.triggers, to.triggers, (t) => t.name);
  trg.added.forEach((trigger) => out.push({ kind: 'AddTrigger', table: ref, trigger }));
  const fromTable = { schema: from.schema, name: from.name };
  trg.dropped.forEach((trigger) => out.push({ kind: 'DropTrigger', table: ref, fromTable, trigger }));
  for (const [f, t] of trg.same) {
    if (f.def !== t.def) out.push({ kind: 'ModifyTrigger', table: ref, fromTable, from: f, to: t });
    else comment(out, { on: 'trigger', ref, name: t.name }, f.comment, t.comment);
  }

  if (!same(from.attrs, to.attrs)) throw unsupportedTableChange(to);
  comment(out, { on: 'table', ref }, from.comment, to.comment);
  for (const [f, t] of [...cols.same, ...cols.renamed]) comment(out, { on: 'column', ref, column: t.name }, f.comment, t.comment);
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
export function diffIndexes(ref: ObjectRef, from: readonly Index[], to: readonly Index[], hint: (n: string) => string | undefined, newTable: boolean, out: Change[]): void {
  const body = (i: Index) => ({ ...i, name: '', comment: undefined });
  const m = pairByBody(matchByName(from, to, (i) => i.name, hint), body);
  for (const [f, t] of m.renamed) out.push({ kind: 'RenameIndex', table: ref, from: f, to: t });
  for (const index of m.dropped) out.push({ kind: 'DropIndex', table: ref, index });
  for (const index of m.added) out.push({ kind: 'AddIndex', table: ref, index, newTable });
  for (const [f, t] of [...m.same, ...m.renamed]) {
    if (!same(body(f), body(t))) {
      out.push({ kind: 'DropIndex', table: ref, index: { ...f, name: t.name } });
      out.push({ kind: 'AddIndex', table: ref, index: t, newTable });
    } else comment(out, { on: 'index', ref: { schema: ref.schema, name: t.name } }, f.comment, t.comment);
  }
}

function unsupportedTableChange(t: Table): CairnError {
  return new CairnError('SCHEMA', `changing the storage attributes of table ${t.schema}.${t.name} (UNLOGGED, WITH (...)) is not supported`, { details: { table: `${t.schema}.${t.name}` } });
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
