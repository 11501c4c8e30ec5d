/**
 * Data-dependent changes (MF1xx, Atlas's codes): statements whose success depends on the rows
 * already in the table. They pass on the empty dev database and fail in production on a
 * duplicate, a NULL, an orphan or a value out of range, leaving the deploy stuck half-way.
 *
 * A change cannot fail when the rows already satisfy it by construction, so none is reported
 * for: a table the change under review created (no rows); columns it added without values (all
 * NULL); a constraint added without checking existing rows (PostgreSQL NOT VALID, MySQL NOT
 * ENFORCED) and its later VALIDATE (the path the locking rules recommend); a constraint dropped
 * and added back as it was (being modified); uniqueness the table already had on fewer columns;
 * a NOT NULL behind a validated `CHECK (col IS NOT NULL)`. And the safe path each fix names: an
 * UPDATE or DELETE of the table earlier in the same file (the backfill or clean-up) counts as
 * having made the data fit.
 */
import type { AnyConstraint, Change } from '../../diff/changes.js';
import type { Check, Column, Index, ObjectRef, Table } from '../../schema/model.js';
import type { Finding, StatementPass } from '../types.js';
import { changeRule, columnRenames, earlier, existingColumn, quoteList, sameColumns, type Scope } from './context.js';
import { enumValuesOf, fillsItself, isNewTable, label, skipsExistingRows, tableIn, typesEnforced } from './model-facts.js';
import { isSessionSetting, updatesColumn, writesTable } from './sql-text.js';
import { classifyTypeChange } from './type-change.js';

/**
 * The table as the file under review found it (for a rebuild: before it), its key columns
 * spelled by the names the file's renames gave them since.
 */
function atFileStart(s: Scope, ref: ObjectRef): Table | undefined {
  const t = s.rebuild ? s.rebuild.old : tableIn(s.file.statements[0]!.before, ref);
  const renames = columnRenames(s, ref);
  if (!t || renames.size === 0) return t;
  const now = (c: string) => renames.get(c) ?? c;
  return {
    ...t,
    primaryKey: t.primaryKey && { ...t.primaryKey, columns: t.primaryKey.columns.map(now) },
    uniques: t.uniques.map((u) => ({ ...u, columns: u.columns.map(now) })),
    foreignKeys: t.foreignKeys.map((f) => ({ ...f, columns: f.columns.map(now) })),
    indexes: t.indexes.map((i) => ({ ...i, parts: i.parts.map((p) => (p.column ? { ...p, column: now(p.column) } : p)) })),
  };
}

/** The tables whose rows a fix-up statement may have touched: the table, and a rebuild's copy. */
const rowHolders = (s: Scope, ref: ObjectRef): ObjectRef[] => (s.rebuild ? [ref, s.rebuild.temporary] : [ref]);

/** prepared: an earlier statement of the file changed rows of the table (a clean-up or backfill). */
const prepared = (s: Scope, ref: ObjectRef, verbs: readonly ('UPDATE' | 'DELETE' | 'INSERT' | 'MERGE')[] = ['UPDATE', 'DELETE', 'MERGE']) =>
  earlier(s).some((p) => rowHolders(s, ref).some((t) => writesTable(p.statement.text, t, verbs)));

/** backfilled: an earlier UPDATE of the file assigned the column. */
const backfilled = (s: Scope, ref: ObjectRef, column: string) => earlier(s).some((p) => rowHolders(s, ref).some((t) => updatesColumn(p.statement.text, t, column)));

/** The column as the statement left it. */
const columnAfter = (p: StatementPass, ref: ObjectRef, name: string): Column | undefined => tableIn(p.after, ref)?.columns.find((c) => c.name === name);

/** A column the change under review added: it holds no values of its own yet (NULL, or its default). */
const isNewColumn = (s: Scope, ref: ObjectRef, name: string) => !existingColumn(s, ref, name);

/** The columns a unique key covers (expressions by their text). */
const indexColumns = (i: Index): string[] => i.parts.map((p) => p.column ?? p.expr ?? '');

/** The keys a table enforces uniqueness on, as column lists. */
function uniqueKeys(t: Table | undefined): string[][] {
  if (!t) return [];
  return [
    ...(t.primaryKey ? [[...t.primaryKey.columns]] : []),
    ...t.uniques.map((u) => [...u.columns]),
    // Expression parts count by their deparsed text: the same database spells the same expression the same way.
    ...t.indexes.filter((i) => i.unique && i.where === undefined).map(indexColumns),
  ];
}

/** The table was already unique on some of these columns: the new key cannot find duplicates. */
const alreadyUnique = (t: Table | undefined, columns: readonly string[]) => uniqueKeys(t).some((k) => k.length > 0 && k.every((c) => columns.includes(c)));

type UniqueAdd = { readonly table: ObjectRef; readonly what: string; readonly columns: string[]; readonly primary: boolean; readonly index?: Index };

function uniqueAdds(changes: readonly Change[]): UniqueAdd[] {
  return changes.flatMap((c): UniqueAdd[] => {
    if (c.kind === 'AddIndex' && c.index.unique) return [{ table: c.table, what: `unique index ${c.index.name}`, columns: indexColumns(c.index), primary: false, index: c.index }];
    if (c.kind === 'AddConstraint' && c.type === 'unique') return [{ table: c.table, what: `unique constraint ${c.constraint.name}`, columns: [...(c.constraint as { columns: readonly string[] }).columns], primary: false }];
    if (c.kind === 'AddPrimaryKey') return [{ table: c.table, what: 'a primary key', columns: [...c.primaryKey.columns], primary: true }];
    return [];
  });
}

/**
 * The unique key's new columns hold nothing that could collide: each was added by the change
 * under review and is NULL everywhere (or fills itself with distinct values); a primary key
 * needs values, so only self-filling columns count there.
 */
function keyOnEmptyColumns(s: Scope, u: UniqueAdd): boolean {
  return u.columns.every((name) => {
    if (!isNewColumn(s, u.table, name) || s.rebuild?.filled.has(name)) return false;
    const c = columnAfter(s.pass, u.table, name) ?? (s.rebuild?.rebuilt.columns.find((x) => x.name === name));
    if (!c) return false;
    return fillsItself(c) || (!u.primary && c.nullable && c.default === undefined);
  });
}

/** The non-unique index with these columns that the table had and no longer has: being made unique (MF102). */
function madeUnique(s: Scope, u: UniqueAdd): Index | undefined {
  if (!u.index) return undefined;
  const before = atFileStart(s, u.table);
  const now = s.rebuild ? s.rebuild.rebuilt : tableIn(s.pass.after, u.table);
  return before?.indexes.find((i) => !i.unique && sameColumns(indexColumns(i), u.columns) && !now?.indexes.some((n) => n.name === i.name && !n.unique));
}

const dedupeFix = (table: string, columns: readonly string[]) =>
  `look for duplicates first (SELECT ${columns.join(', ')}, count(*) FROM ${table} GROUP BY ${columns.join(', ')} HAVING count(*) > 1); remove or merge them in this migration, before the statement (a DELETE or UPDATE of ${table}), then add the key`;

/** uniqueCheck is MF101 (a new unique key) or MF102 (an existing index made unique). */
function uniqueCheck(s: Scope, which: 'MF101' | 'MF102'): Finding[] {
  return uniqueAdds(s.changes).flatMap((u): Finding[] => {
    if (isNewTable(s.pass, u.table) || keyOnEmptyColumns(s, u)) return [];
    if (alreadyUnique(atFileStart(s, u.table), u.columns) || prepared(s, u.table, ['DELETE', 'UPDATE', 'MERGE'])) return [];
    const old = madeUnique(s, u);
    if ((which === 'MF102') !== (old !== undefined)) return [];
    const name = label(s.pass.before, u.table);
    const cols = quoteList(u.columns);
    const message = old
      ? `makes index ${old.name} on ${name} (${cols}) unique: the statement fails if existing rows hold duplicate values of ${cols}, and the deploy stops there`
      : `adds ${u.what} on ${name} (${cols}): the statement fails if existing rows hold duplicate ${u.primary ? 'or NULL ' : ''}values of ${cols}, and the deploy stops there`;
    return [{ message, fix: dedupeFix(u.table.name, u.columns) }];
  });
}

export const MF101 = changeRule(
  { code: 'MF101', family: 'data-dependent', severity: 'warning', summary: 'Unique key added on existing rows: fails on duplicates' },
  (s) => uniqueCheck(s, 'MF101'),
);

export const MF102 = changeRule(
  { code: 'MF102', family: 'data-dependent', severity: 'warning', summary: 'Existing index made unique: fails on duplicates' },
  (s) => uniqueCheck(s, 'MF102'),
);

export const MF103 = changeRule(
  { code: 'MF103', family: 'data-dependent', severity: 'warning', summary: 'NOT NULL column without default added to an existing table' },
  (s) =>
    s.changes.flatMap((c): Finding[] => {
      if (c.kind !== 'AddColumn' || isNewTable(s.pass, c.table)) return [];
      const col = c.column;
      // A rebuild's copy that fills the column gives every existing row a value.
      if (col.nullable || col.default !== undefined || fillsItself(col) || s.rebuild?.filled.has(col.name)) return [];
      const name = label(s.pass.before, c.table, col.name);
      return [{
        message: `adds NOT NULL column ${name} without a default: existing rows have no value for it, so the statement fails as soon as ${c.table.name} has rows (MySQL and MariaDB instead fill them with the type's zero value, 0, '' or a zero date)`,
        fix: `give it a default (ADD COLUMN ${col.name} ${col.type.sql} NOT NULL DEFAULT …), or add it nullable, fill it with an UPDATE, and make it NOT NULL afterwards`,
      }];
    }),
);

/** A validated `CHECK (col IS NOT NULL)` on the table: SET NOT NULL can no longer fail (PostgreSQL 12+ even skips the scan). */
function provenNotNull(t: Table | undefined, column: string): boolean {
  const norm = (x: string) => x.replace(/["`()\s]/g, '').toLowerCase();
  return (t?.checks ?? []).some((k: Check) => !skipsExistingRows(k.attrs) && norm(k.expr) === `${column.toLowerCase()}isnotnull`);
}

export const MF104 = changeRule(
  { code: 'MF104', family: 'data-dependent', severity: 'warning', summary: 'Existing column made NOT NULL: fails on NULLs' },
  (s) =>
    s.changes.flatMap((c): Finding[] => {
      if (c.kind !== 'ModifyColumn' || !c.kinds.includes('nullable') || c.to.nullable || isNewTable(s.pass, c.table)) return [];
      if (!existingColumn(s, c.table, c.from.name) || !c.from.nullable) return []; // added by the change under review
      // A primary key added by the statement makes its columns NOT NULL: MF101 says it fails on NULLs.
      if (s.changes.some((x) => x.kind === 'AddPrimaryKey' && x.primaryKey.columns.includes(c.to.name))) return [];
      if (backfilled(s, c.table, c.to.name) || provenNotNull(s.rebuild ? s.rebuild.old : tableIn(s.pass.before, c.table), c.to.name)) return [];
      const name = label(s.pass.before, c.table, c.to.name);
      return [{
        message: `makes ${name} NOT NULL${s.rebuild ? ' (in the rebuilt table)' : ''}: the statement fails if any existing row has no ${c.to.name}, and it reads the whole table to check`,
        fix: `fill the NULLs first, in this migration before the statement: UPDATE ${c.table.name} SET ${c.to.name} = … WHERE ${c.to.name} IS NULL`,
      }];
    }),
);

export const MF105 = changeRule(
  { code: 'MF105', family: 'data-dependent', severity: 'warning', summary: 'Column type narrowed or converted: fails on values that do not fit' },
  (s) => {
    // One finding per table and statement, naming each column (an ORM's baseline changes many at once).
    const byTable = new Map<string, { table: ObjectRef; narrowed: string[]; converted: string[]; columns: string[]; type: string }>();
    for (const c of s.changes) {
      if (c.kind !== 'ModifyColumn' || !c.kinds.includes('type') || isNewTable(s.pass, c.table) || isNewColumn(s, c.table, c.from.name)) continue;
      const verdict = classifyTypeChange({ sql: c.from.type.sql, enumValues: enumValuesOf(s.pass.before, c.from) }, { sql: c.to.type.sql, enumValues: enumValuesOf(s.pass.after, c.to) });
      if (verdict !== 'narrowing' && verdict !== 'lossy') continue;
      if (backfilled(s, c.table, c.to.name) || !typesEnforced(s.pass, s.rebuild ? s.rebuild.rebuilt : tableIn(s.pass.after, c.table))) continue;
      const k = `${c.table.schema}.${c.table.name}`;
      const entry = byTable.get(k) ?? { table: c.table, narrowed: [], converted: [], columns: [], type: c.to.type.sql };
      (verdict === 'narrowing' ? entry.narrowed : entry.converted).push(`${c.to.name} from ${c.from.type.sql} to ${c.to.type.sql}`);
      entry.columns.push(c.to.name);
      byTable.set(k, entry);
    }
    return [...byTable.values()].map((e): Finding => {
      const name = label(s.pass.before, e.table);
      const parts = [
        ...(e.narrowed.length ? [`narrows ${quoteList(e.narrowed.map((x) => `${name}.${x}`))}: existing values that do not fit make the statement fail (or get cut or rounded, depending on the server and its SQL mode)`] : []),
        ...(e.converted.length ? [`converts ${quoteList(e.converted.map((x) => `${name}.${x}`))}: the statement fails on any existing value that does not convert`] : []),
      ];
      const one = e.columns.length === 1;
      return {
        message: parts.join('; it also '),
        fix: `add ${one ? `a new column of type ${e.type}` : 'new columns of the new types'}, copy the values into ${one ? 'it' : 'them'} with an explicit conversion that handles the ones that do not fit (UPDATE ${e.table.name} SET … = …), move the application to ${one ? 'it' : 'them'}, and drop ${quoteList(e.columns)} in a later migration`,
      };
    });
  },
);

/** Foreign-key checking switched off earlier in the file (MySQL `foreign_key_checks = 0`, SQLite `foreign_keys = OFF`) and not back on. */
function foreignKeysOff(s: Scope): boolean {
  let off = false;
  for (const p of earlier(s)) {
    if (!isSessionSetting(p.statement.text)) continue;
    const m = /\bforeign_key(?:_check)?s\s*=\s*'?(\w+)'?/i.exec(p.statement.text);
    if (m) off = /^(0|off|false|no)$/i.test(m[1]!);
  }
  return off;
}

/** A constraint of the same kind and definition the table had when the file started: dropped and added back, or validated. */
function hadSame(s: Scope, table: ObjectRef, type: 'foreignKey' | 'check', c: AnyConstraint): boolean {
  const t = atFileStart(s, table);
  if (type === 'foreignKey') {
    const fk = c as Table['foreignKeys'][number];
    return (t?.foreignKeys ?? []).some((o) => !skipsExistingRows(o.attrs) && sameColumns(o.columns, fk.columns) && o.refTable.schema === fk.refTable.schema && o.refTable.name === fk.refTable.name && sameColumns(o.refColumns, fk.refColumns));
  }
  const ck = c as Check;
  return (t?.checks ?? []).some((o) => !skipsExistingRows(o.attrs) && o.expr === ck.expr);
}

/** ALTER TABLE … VALIDATE CONSTRAINT: the not-yet-checked constraint of the same name is replaced by its checked self. */
const validates = (s: Scope, table: ObjectRef, name: string) =>
  s.changes.some((c) => c.kind === 'DropConstraint' && c.table.schema === table.schema && c.table.name === table.name && c.constraint.name === name && skipsExistingRows(c.constraint.attrs));

export const MF106 = changeRule(
  { code: 'MF106', family: 'data-dependent', severity: 'warning', summary: 'Foreign key added to existing rows: fails on orphans' },
  (s) =>
    s.changes.flatMap((c): Finding[] => {
      if (c.kind !== 'AddConstraint' || c.type !== 'foreignKey' || isNewTable(s.pass, c.table)) return [];
      const fk = c.constraint as Table['foreignKeys'][number];
      if (skipsExistingRows(fk.attrs) || validates(s, c.table, fk.name) || hadSame(s, c.table, 'foreignKey', fk) || foreignKeysOff(s)) return [];
      if (fk.columns.every((n) => isNewColumn(s, c.table, n) && (columnAfter(s.pass, c.table, n)?.default === undefined))) return [];
      if (prepared(s, c.table)) return [];
      const name = label(s.pass.before, c.table);
      const ref = label(s.pass.before, fk.refTable);
      return [{
        message: `adds foreign key ${fk.name} on ${name} (${quoteList([...fk.columns])}) → ${ref} (${quoteList([...fk.refColumns])}): the statement fails if any existing row of ${name} points at a row of ${ref} that does not exist, and it reads the whole table to check`,
        fix: `delete or fix the orphan rows first, in this migration before the statement (DELETE FROM ${c.table.name} WHERE ${fk.columns[0]} NOT IN (SELECT ${fk.refColumns[0]} FROM ${fk.refTable.name})); on PostgreSQL, add it NOT VALID and VALIDATE CONSTRAINT it in a later migration`,
      }];
    }),
);

export const MF107 = changeRule(
  { code: 'MF107', family: 'data-dependent', severity: 'warning', summary: 'CHECK constraint added to existing rows: fails on rows that break it' },
  (s) =>
    s.changes.flatMap((c): Finding[] => {
      if (c.kind !== 'AddConstraint' || c.type !== 'check' || isNewTable(s.pass, c.table)) return [];
      const ck = c.constraint as Check;
      if (skipsExistingRows(ck.attrs) || validates(s, c.table, ck.name) || hadSame(s, c.table, 'check', ck) || prepared(s, c.table)) return [];
      // A check that reads only columns the change under review added sees their defaults or NULLs: it is judged on them at once.
      const old = atFileStart(s, c.table);
      if (old && !old.columns.some((col) => new RegExp(`(^|[^\\w$])["\`]?${col.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["\`]?($|[^\\w$])`, 'i').test(ck.expr))) return [];
      const name = label(s.pass.before, c.table);
      return [{
        message: `adds CHECK (${ck.expr}) to ${name}: the statement fails if any existing row breaks it, and it reads the whole table to check`,
        fix: `fix the rows that break it first, in this migration before the statement (UPDATE ${c.table.name} SET … WHERE NOT (${ck.expr})); on PostgreSQL, add it NOT VALID and VALIDATE CONSTRAINT it in a later migration`,
      }];
    }),
);

export const MF108 = changeRule(
  { code: 'MF108', family: 'data-dependent', severity: 'warning', summary: 'Enum value removed: fails on rows that hold it' },
  (s) => {
    const out: Finding[] = [];
    for (const c of s.changes) {
      if (c.kind === 'ModifyEnum') {
        // Values renamed in place (PostgreSQL's RENAME VALUE keeps their number and order): the rows follow, nothing can fail.
        if (c.from.values.length === c.to.values.length && c.from.values.every((v, i) => v === c.to.values[i] || !c.to.values.includes(v))) continue;
        const removed = c.from.values.filter((v) => !c.to.values.includes(v));
        const users = s.pass.before.schemas.flatMap((sc) => sc.tables).filter((t) => !isNewTable(s.pass, t)).flatMap((t) =>
          t.columns.filter((col) => col.type.ref?.schema === c.from.schema && col.type.ref?.name === c.from.name).map((col) => ({ t, col })));
        if (removed.length === 0 || users.length === 0) continue;
        const used = quoteList(users.map(({ t, col }) => label(s.pass.before, t, col.name)));
        if (users.every(({ t, col }) => backfilled(s, t, col.name))) continue;
        out.push(enumFinding(label(s.pass.before, c.from), removed, used, users[0]!.t.name, users[0]!.col.name));
      } else if (c.kind === 'ModifyColumn' && c.kinds.includes('type') && !isNewTable(s.pass, c.table) && !isNewColumn(s, c.table, c.from.name)) {
        const fromValues = enumValuesOf(s.pass.before, c.from);
        const toValues = enumValuesOf(s.pass.after, c.to);
        if (classifyTypeChange({ sql: c.from.type.sql, enumValues: fromValues }, { sql: c.to.type.sql, enumValues: toValues }) !== 'enum-shrunk') continue;
        if (backfilled(s, c.table, c.to.name)) continue;
        const values = (t: string, known?: readonly string[]) => known ?? [...t.matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1]!);
        const removed = values(c.from.type.sql, fromValues).filter((v) => !values(c.to.type.sql, toValues).includes(v));
        const name = label(s.pass.before, c.table, c.to.name);
        out.push(enumFinding(`of ${name}`, removed, undefined, c.table.name, c.to.name));
      }
    }
    return out;
  },
);

function enumFinding(what: string, removed: readonly string[], usedBy: string | undefined, table: string, column: string): Finding {
  const vals = quoteList(removed.map((v) => `'${v}'`));
  return {
    message: `removes ${removed.length === 1 ? 'value' : 'values'} ${vals} from the enum ${what}${usedBy ? ` (used by ${usedBy})` : ''}: the statement fails if any row still holds ${removed.length === 1 ? 'it' : 'them'}, and a deployed version that still writes ${removed.length === 1 ? 'it' : 'them'} fails afterwards`,
    fix: `move the rows off ${removed.length === 1 ? 'it' : 'them'} first, in this migration before the statement (UPDATE ${table} SET ${column} = … WHERE ${column} IN (${removed.map((v) => `'${v}'`).join(', ')})), after releasing an application version that no longer writes ${removed.length === 1 ? 'it' : 'them'}`,
  };
}
