/**
 * The constraints a statement adds to existing tables in a way that makes PostgreSQL check or
 * index every row: validated (not NOT VALID), and for keys not made from an existing index
 * (`USING INDEX`). Read from the schema changes, and from the ALTER TABLE text for what the
 * changes hide (a constraint dropped and added back with the same definition, which the model
 * sees as a rename or as nothing). A VALIDATE CONSTRAINT is not an addition, though the model
 * sees the NOT VALID constraint dropped and a valid one added.
 */
import type { Change } from '../../diff/changes.js';
import type { StatementPass } from '../../lint/types.js';
import type { ForeignKey, ObjectRef } from '../../schema/model.js';
import { addedConstraints, parseAlterTable, type AddedKind } from './lint-alter-table.js';
import { isWord, statementTokens } from './lint-sql.js';
import { findTable, isExisting, resolveTable, tableKey } from './lint-tables.js';
import { hasAttr } from './schema-types.js';

export interface Added {
  readonly table: ObjectRef;
  readonly kind: AddedKind;
  /** Absent only for an unnamed constraint seen in the text alone. */
  readonly name?: string;
  /** A foreign key's referenced table, when known. */
  readonly refTable?: ObjectRef;
  /** A key's columns, when known. */
  readonly columns?: readonly string[];
}

type AddConstraint = Extract<Change, { kind: 'AddConstraint' }>;

const KIND_OF: Readonly<Record<AddConstraint['type'], AddedKind>> = { unique: 'unique', check: 'check', foreignKey: 'foreignKey', exclusion: 'exclusion' };

/** isValidation: the differ's view of VALIDATE CONSTRAINT, the NOT VALID constraint dropped and the same one added. */
function isValidation(p: StatementPass, ch: AddConstraint): boolean {
  return p.changes.some((d) => d.kind === 'DropConstraint' && d.type === ch.type && tableKey(d.table) === tableKey(ch.table) &&
    d.constraint.name === ch.constraint.name && hasAttr(d.constraint.attrs, 'pg.notValid'));
}

/** The constraint named `name` on a table of `after`, with its kind. */
function constraintNamed(p: StatementPass, table: ObjectRef, name: string): Added | undefined {
  const t = findTable(p.after, table);
  if (t === undefined) return undefined;
  if (t.primaryKey?.name === name) return { table, kind: 'primaryKey', name, columns: t.primaryKey.columns };
  const u = t.uniques.find((c) => c.name === name);
  if (u) return hasAttr(u.attrs, 'pg.notValid') ? undefined : { table, kind: 'unique', name, columns: u.columns };
  const f = t.foreignKeys.find((c) => c.name === name);
  if (f) return hasAttr(f.attrs, 'pg.notValid') ? undefined : { table, kind: 'foreignKey', name, refTable: f.refTable, columns: f.columns };
  const k = t.checks.find((c) => c.name === name);
  if (k) return hasAttr(k.attrs, 'pg.notValid') ? undefined : { table, kind: 'check', name };
  const x = t.exclusions.find((c) => c.name === name);
  return x ? { table, kind: 'exclusion', name } : undefined;
}

/** addedToExisting lists the constraints of `kinds` a statement adds, validated, to existing tables. */
export function addedToExisting(p: StatementPass, kinds: readonly AddedKind[]): Added[] {
  const tokens = statementTokens(p.statement);
  const alter = parseAlterTable(tokens);
  const table = alter && resolveTable(p.before, alter.table);
  if (alter === undefined || table === undefined || !isExisting(p, table)) return [];
  const usingIndex = tokens.some((x, k) => isWord(x, 'using') && isWord(tokens[k + 1], 'index'));
  const out: Added[] = [];
  // Only the altered table's: DETACH PARTITION … CONCURRENTLY gives the partition a CHECK of its
  // bound, which PostgreSQL knows holds and does not scan for.
  for (const ch of p.changes.filter((c) => 'table' in c && tableKey(c.table) === tableKey(table))) {
    if (ch.kind === 'AddPrimaryKey' && !usingIndex) {
      out.push({ table: ch.table, kind: 'primaryKey', name: ch.primaryKey.name, columns: ch.primaryKey.columns });
    }
    if (ch.kind === 'AddConstraint' && !hasAttr(ch.constraint.attrs, 'pg.notValid') && !isValidation(p, ch)) {
      const kind = KIND_OF[ch.type];
      if (kind === 'unique' && usingIndex) continue;
      const fk = ch.type === 'foreignKey' ? (ch.constraint as ForeignKey) : undefined;
      out.push({ table: ch.table, kind, name: ch.constraint.name, ...(fk ? { refTable: fk.refTable } : {}), ...('columns' in ch.constraint ? { columns: ch.constraint.columns } : {}) });
    }
  }
  for (const c of addedConstraints(alter)) {
    if (c.notValid || c.usingIndex) continue;
    if (out.some((o) => (c.name !== undefined ? o.name === c.name : o.kind === c.kind))) continue;
    out.push((c.name !== undefined ? constraintNamed(p, table, c.name) : undefined) ?? { table, kind: c.kind, ...(c.name !== undefined ? { name: c.name } : {}) });
  }
  return out.filter((a) => kinds.includes(a.kind));
}
