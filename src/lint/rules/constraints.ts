/**
 * Constraint deletion (CD1xx): a constraint dropped from a table that keeps serving traffic. The
 * database stops guarding the rule from that statement on, rows that break it can be written,
 * and adding it back later fails on them. Not reported: a constraint added back in the same
 * statement or later in the same file (being modified: new actions, a new name, VALIDATE), one
 * that goes with a dropped column or table (the drop is the finding, DS103/DS102), and
 * constraints of tables the change under review created.
 */
import type { Change } from '../../diff/changes.js';
import type { Check, ForeignKey, ObjectRef, Unique } from '../../schema/model.js';
import type { Finding } from '../types.js';
import { changeRule, later, quoteList, sameColumns, type Scope } from './context.js';
import { isNewTable, label, tableIn } from './model-facts.js';
import { mentions } from './sql-text.js';

const onTable = (c: { table: ObjectRef }, t: ObjectRef) => c.table.schema === t.schema && c.table.name === t.name;

/**
 * Columns of the table dropped by the same statement or later in the file: a constraint on them
 * goes with them (a file often drops the index or constraint first, then the column), and the
 * drop of the column is the finding (DS103).
 */
const droppedColumns = (s: Scope, t: ObjectRef) => fromHereOn(s).flatMap((c) => (c.kind === 'DropColumn' && onTable(c, t) ? [c.column.name] : []));

/** Tables dropped by the same statement or later in the file: their constraints go with them (DS102). */
const droppedTable = (s: Scope, t: ObjectRef) => fromHereOn(s).some((c) => c.kind === 'DropTable' && c.table.schema === t.schema && c.table.name === t.name);

/** Changes of this statement and the rest of the file: where a constraint being modified comes back. */
const fromHereOn = (s: Scope): readonly Change[] => [...s.changes, ...later(s).flatMap((p) => p.changes)];

/** The table existed before (not created by the change under review) and is not itself going away. */
const guarded = (s: Scope, t: ObjectRef) => !isNewTable(s.pass, t) && !droppedTable(s, t);

/**
 * The deployed version's table had this constraint or index (for a rebuild: the old table): one
 * the change under review added and dropped again guarded nothing yet.
 */
function deployedHad(s: Scope, t: ObjectRef, kind: 'foreignKey' | 'primaryKey' | 'unique' | 'index' | 'check', name: string): boolean {
  const table = s.rebuild ? s.rebuild.old : tableIn(s.pass.deployed, t);
  if (!table) return false;
  switch (kind) {
    case 'foreignKey': return table.foreignKeys.some((x) => x.name === name);
    case 'primaryKey': return table.primaryKey !== undefined;
    case 'unique': return table.uniques.some((x) => x.name === name);
    case 'index': return table.indexes.some((x) => x.name === name);
    case 'check': return table.checks.some((x) => x.name === name);
  }
}

export const CD101 = changeRule(
  { code: 'CD101', family: 'constraint-deletion', severity: 'warning', summary: 'Foreign key dropped' },
  (s) =>
    s.changes.flatMap((c): Finding[] => {
      if (c.kind !== 'DropConstraint' || c.type !== 'foreignKey' || !guarded(s, c.table)) return [];
      const fk = c.constraint as ForeignKey;
      if (!deployedHad(s, c.table, 'foreignKey', fk.name)) return [];
      if (fk.columns.some((col) => droppedColumns(s, c.table).includes(col)) || droppedTable(s, fk.refTable)) return [];
      const back = fromHereOn(s).some((x) => x.kind === 'AddConstraint' && x.type === 'foreignKey' && onTable(x, c.table) && sameColumns((x.constraint as ForeignKey).columns, fk.columns));
      if (back) return [];
      const [name, ref] = [label(s.pass.before, c.table), label(s.pass.before, fk.refTable)];
      return [{
        message: `drops foreign key ${fk.name} (${name}.${quoteList([...fk.columns])} → ${ref}): the database stops checking the reference, so rows written from now on may point at ${ref} rows that do not exist, and adding the key back later fails on them`,
        fix: `keep the foreign key; to change it (its actions, columns or target), add the new one in the same migration (drop and add in one ALTER TABLE)`,
      }];
    }),
);

export const CD102 = changeRule(
  { code: 'CD102', family: 'constraint-deletion', severity: 'warning', summary: 'Primary key dropped' },
  (s) =>
    s.changes.flatMap((c): Finding[] => {
      if (c.kind !== 'DropPrimaryKey' || !guarded(s, c.table) || !deployedHad(s, c.table, 'primaryKey', c.primaryKey.name)) return [];
      if (c.primaryKey.columns.some((col) => droppedColumns(s, c.table).includes(col))) return [];
      if (fromHereOn(s).some((x) => x.kind === 'AddPrimaryKey' && onTable(x, c.table))) return [];
      const name = label(s.pass.before, c.table);
      return [{
        message: `drops the primary key of ${name} (${quoteList([...c.primaryKey.columns])}): rows are no longer identified uniquely, duplicates can be written from now on, and whatever needs a key (foreign keys pointing here, replication, ORMs) loses it`,
        fix: `to change the key, drop the old one and add the new one in the same statement (ALTER TABLE ${c.table.name} DROP PRIMARY KEY, ADD PRIMARY KEY (…); on PostgreSQL build the new key's unique index CONCURRENTLY first and use DROP CONSTRAINT …, ADD PRIMARY KEY USING INDEX …)`,
      }];
    }),
);

type UniqueDrop = { readonly table: ObjectRef; readonly kind: 'unique' | 'index'; readonly name: string; readonly what: string; readonly columns: readonly string[] };

/** Unique keys a statement removes: unique constraints, unique indexes, and indexes that stop being unique. */
function uniqueDrops(s: Scope): UniqueDrop[] {
  return s.changes.flatMap((c): UniqueDrop[] => {
    if (c.kind === 'DropConstraint' && c.type === 'unique') return [{ table: c.table, kind: 'unique', name: c.constraint.name, what: `unique constraint ${c.constraint.name}`, columns: (c.constraint as Unique).columns }];
    if (c.kind === 'DropIndex' && c.index.unique && c.index.where === undefined) return [{ table: c.table, kind: 'index', name: c.index.name, what: `unique index ${c.index.name}`, columns: c.index.parts.map((p) => p.column ?? p.expr ?? '') }];
    return [];
  });
}

/**
 * A unique key on the same columns remains after the statement (added before it, or by it) or
 * is added later in the file; a primary key counts.
 */
function uniqueBack(s: Scope, d: UniqueDrop): boolean {
  const after = s.rebuild ? s.rebuild.rebuilt : tableIn(s.pass.after, d.table);
  const keys = after ? [
    ...(after.primaryKey ? [after.primaryKey.columns] : []),
    ...after.uniques.map((u) => u.columns),
    ...after.indexes.filter((i) => i.unique && i.where === undefined).map((i) => i.parts.map((p) => p.column ?? p.expr ?? '')),
  ] : [];
  if (keys.some((k) => sameColumns(k, d.columns))) return true;
  return fromHereOn(s).some((x) =>
    (x.kind === 'AddConstraint' && x.type === 'unique' && onTable(x, d.table) && sameColumns((x.constraint as Unique).columns, d.columns)) ||
    (x.kind === 'AddIndex' && x.index.unique && onTable(x, d.table) && sameColumns(x.index.parts.map((p) => p.column ?? p.expr ?? ''), d.columns)) ||
    (x.kind === 'AddPrimaryKey' && onTable(x, d.table) && sameColumns(x.primaryKey.columns, d.columns)));
}

export const CD103 = changeRule(
  { code: 'CD103', family: 'constraint-deletion', severity: 'warning', summary: 'Unique constraint or unique index dropped' },
  (s) =>
    uniqueDrops(s).flatMap((d): Finding[] => {
      if (!guarded(s, d.table) || !deployedHad(s, d.table, d.kind, d.name)) return [];
      if (d.columns.some((col) => droppedColumns(s, d.table).includes(col)) || uniqueBack(s, d)) return [];
      const name = label(s.pass.before, d.table);
      const cols = quoteList([...d.columns]);
      return [{
        message: `drops ${d.what} on ${name} (${cols}): duplicate ${cols} values can be written from now on, and adding the key back later fails on them`,
        fix: `keep it; to change it, create the new unique key before dropping the old one in the same migration`,
      }];
    }),
);

export const CD104 = changeRule(
  { code: 'CD104', family: 'constraint-deletion', severity: 'warning', summary: 'CHECK constraint dropped' },
  (s) =>
    s.changes.flatMap((c): Finding[] => {
      if (c.kind !== 'DropConstraint' || c.type !== 'check' || !guarded(s, c.table)) return [];
      const ck = c.constraint as Check;
      if (!deployedHad(s, c.table, 'check', ck.name)) return [];
      if (droppedColumns(s, c.table).some((col) => mentions(ck.expr, col))) return [];
      if (fromHereOn(s).some((x) => x.kind === 'AddConstraint' && x.type === 'check' && onTable(x, c.table) && x.constraint.name === ck.name)) return [];
      const name = label(s.pass.before, c.table);
      return [{
        message: `drops CHECK ${ck.name} (${ck.expr}) from ${name}: rows that break it can be written from now on, and adding it back later fails on them`,
        fix: `keep it; to change the condition, drop it and add the new one in the same migration`,
      }];
    }),
);
