/**
 * Which tables SQLite must rebuild, and the rebuild itself.
 *
 * SQLite's ALTER TABLE can add a column (not a key, not with a non-constant default, not STORED),
 * rename a column or the table, and drop a column nothing else depends on; anything else (a
 * type, NOT NULL, a default, a key, a check, a foreign key, STRICT...) needs the procedure of
 * https://www.sqlite.org/lang_altertable.html#otheralter: create the new table under a temporary
 * name, copy the rows, drop the old table, rename the new one, then re-create the indexes and
 * triggers (and the views that read it: see plan-rebuilds.ts). `rebuildReason` decides per table from its
 * changes (grouped by src/plan/table-groups.ts); a table is rebuilt once, whatever it gains.
 *
 * Column positions are part of the model (`SELECT *` and INSERT without column lists see them),
 * so ALTER TABLE is used only where the result has the desired order in both directions: added
 * columns must come after every kept column, dropped ones after every kept one too (the down part
 * adds them back at the end). Anything else is rebuilt, which writes the columns in order.
 *
 * The reverse of a rebuild is the rebuild back to the old definition: `rebuildStatements` writes
 * the core (create, keep the AUTOINCREMENT counter, copy, drop, rename) in both directions, and
 * pairs each statement of the up part with the statement at the same place, counted from the
 * end, of the down part, so that `reversePlan` (the reverses in reverse order) yields exactly the
 * rebuild back. The two cores always have the same length.
 */
import type { AnyConstraint, Change, ColumnChangeKind, ConstraintKind } from '../../diff/changes.js';
import type { Column, ForeignKey, PrimaryKey, Table } from '../../schema/model.js';
import { canonicalJson } from '../../schema/build.js';
import type { TableGroup } from '../../plan/table-groups.js';
import type { Hazard } from '../../plan/types.js';
import { attrOf, hasAttr } from './attrs.js';
import { isGeneratedName } from './constraints.js';
import { createTableSql, dropTableSql, isConstantDefault, literal, quoteIdent, renameTableSql, rowidColumn } from './plan-sql.js';
import { mentions } from './sql-text.js';

/** The temporary name a table is rebuilt under. */
export const rebuildName = (table: string): string => `_cairn_new_${table}`;

const isVirtual = (t: Table) => hasAttr(t.attrs, 'sqlite.virtual');
const stored = (c: Column) => attrOf(c.attrs, 'sqlite.generated')?.storage === 'STORED';

/**
 * canAddColumn: ALTER TABLE ADD COLUMN takes the column (SQLite's rules): not part of the
 * primary key, not STORED, a constant default (or none), and a non-NULL one when NOT NULL.
 */
export function canAddColumn(c: Column, t: Table): boolean {
  if (isVirtual(t) || t.primaryKey?.columns.includes(c.name) || stored(c)) return false;
  if (c.default !== undefined && !isConstantDefault(c.default)) return false;
  if (!c.nullable && c.generated === undefined && c.default === undefined) return false;
  return !t.uniques.some((u) => u.columns.includes(c.name)) && !t.foreignKeys.some((f) => f.columns.includes(c.name));
}

/**
 * canDropColumn: ALTER TABLE DROP COLUMN takes it (no key, unique, foreign key, check or other
 * generated column of the table uses it) and ADD COLUMN can put it back for the down part.
 */
export function canDropColumn(c: Column, t: Table): boolean {
  if (!canAddColumn(c, t)) return false;
  if (t.checks.some((k) => mentions(k.expr, c.name))) return false;
  return !t.columns.some((o) => o !== c && o.generated !== undefined && mentions(o.generated, c.name));
}

/** The columns of `after` that exist before (same name, or renamed), mapped to their old names. */
export function columnSources(g: TableGroup, before: Table, after: Table): Map<string, string> {
  const renamed = new Map(g.changes.flatMap((c) => (c.kind === 'RenameColumn' ? [[c.to.name, c.from.name] as const] : [])));
  const out = new Map<string, string>();
  for (const c of after.columns) {
    const old = renamed.get(c.name) ?? c.name;
    if (before.columns.some((b) => b.name === old)) out.set(c.name, old);
  }
  return out;
}

/** rebuildReason says why a table's changes need a rebuild (for the comment), or undefined when ALTER TABLE will do. */
export function rebuildReason(g: TableGroup, before: Table, after: Table, followsRenames: (fk: ForeignKey) => ForeignKey = (fk) => fk): string | undefined {
  if (isVirtual(before) || isVirtual(after)) return g.changes.some((c) => c.kind === 'ModifyTable') ? 'its module arguments change' : undefined;
  const sources = columnSources(g, before, after);
  const kept = new Set(sources.values());
  const lastKeptAfter = Math.max(-1, ...after.columns.map((c, i) => (sources.has(c.name) ? i : -1)));
  const lastKeptBefore = Math.max(-1, ...before.columns.map((c, i) => (kept.has(c.name) ? i : -1)));
  for (const c of g.changes) {
    const why = reasonFor(c);
    if (why) return why;
  }
  // Column order is part of the table (SELECT *, INSERT without a column list): the differ has
  // no change for it, and only a rebuild can move a column.
  const keptAfter = after.columns.filter((c) => sources.has(c.name)).map((c) => sources.get(c.name));
  const keptBefore = before.columns.filter((c) => kept.has(c.name)).map((c) => c.name);
  if (keptAfter.join('\0') !== keptBefore.join('\0')) return 'its columns are reordered';
  return undefined;

  /** The foreign key is dropped and added under one name, and the old one, renames followed, is the new one. */
  function renamedParentOnly(fk: ForeignKey): boolean {
    const pair = (kind: Change['kind']) => g.changes.find((x): x is Extract<Change, { kind: 'AddConstraint' | 'DropConstraint' }> =>
      x.kind === kind && (x.kind === 'AddConstraint' || x.kind === 'DropConstraint') && x.type === 'foreignKey' && x.constraint.name === fk.name);
    const dropped = pair('DropConstraint');
    const added = pair('AddConstraint');
    return dropped !== undefined && added !== undefined && canonicalJson(followsRenames(dropped.constraint as ForeignKey)) === canonicalJson(added.constraint);
  }

  function reasonFor(c: Change): string | undefined {
    switch (c.kind) {
      case 'ModifyTable': return 'its options change (STRICT, WITHOUT ROWID)';
      case 'ModifyColumn': return `column ${c.to.name} changes (${c.kinds.map(describeKind).join(', ')})`;
      case 'AddPrimaryKey': case 'DropPrimaryKey': return 'its primary key changes';
      case 'AddConstraint': case 'DropConstraint': {
        // A foreign key whose parent table or column the plan renames: SQLite rewrites it itself.
        if (c.type === 'foreignKey' && renamedParentOnly(c.constraint as ForeignKey)) return undefined;
        return `${describeType(c.type)} ${c.constraint.name} is ${c.kind === 'AddConstraint' ? 'added' : 'dropped'}`;
      }
      case 'RenameConstraint': {
        // Both names are the ones SQLite shows unnamed constraints under: only the table was renamed.
        const a = constraintNamed(after, c.to);
        const b = constraintNamed(before, c.from);
        if (a && b && a.type === b.type && isGeneratedName(after.name, a.type, a.c) && isGeneratedName(before.name, b.type, b.c)) return undefined;
        return `constraint ${c.from} is renamed ${c.to}`;
      }
      case 'AddColumn': {
        const at = after.columns.findIndex((x) => x.name === c.column.name);
        if (at < lastKeptAfter) return `column ${c.column.name} is added before existing columns`;
        return canAddColumn(c.column, after) ? undefined : `column ${c.column.name} cannot be added by ALTER TABLE`;
      }
      case 'DropColumn': {
        const col = before.columns.find((x) => x.name === c.column.name) ?? c.column;
        if (before.columns.indexOf(col) < lastKeptBefore) return `column ${col.name} is dropped from before other columns`;
        return canDropColumn(col, before) ? undefined : `column ${col.name} cannot be dropped by ALTER TABLE`;
      }
      default: return undefined;
    }
  }
}

/** constraintNamed finds a table's key or constraint by name, with its kind. */
function constraintNamed(t: Table, name: string): { type: ConstraintKind | 'primaryKey'; c: AnyConstraint | PrimaryKey } | undefined {
  if (t.primaryKey?.name === name) return { type: 'primaryKey', c: t.primaryKey };
  const u = t.uniques.find((x) => x.name === name);
  if (u) return { type: 'unique', c: u };
  const f = t.foreignKeys.find((x) => x.name === name);
  if (f) return { type: 'foreignKey', c: f };
  const k = t.checks.find((x) => x.name === name);
  return k ? { type: 'check', c: k } : undefined;
}

const describeKind = (k: ColumnChangeKind): string => (k === 'nullable' ? 'NOT NULL' : k === 'attrs' ? 'AUTOINCREMENT or storage' : k);
const describeType = (t: string): string => (t === 'foreignKey' ? 'foreign key' : t);

/** One statement of a rebuild with its reverse. */
export interface RebuildStatement {
  readonly sql: string;
  readonly reverse: string;
  readonly hazards: readonly Hazard[];
}

/**
 * copySql copies the rows of `src` (under `name`) into the new table: the columns of `dst` that
 * exist in `src` (`sources`: new name to old), except generated ones, which compute themselves
 * (a column that stops being generated keeps the values it had), and the rowid where both tables
 * have one and no column carries it, so that rowids survive. A new column gets its default.
 */
function copySql(name: string, src: Table, dst: Table, sources: ReadonlyMap<string, string>): string {
  const into: string[] = [];
  const from: string[] = [];
  for (const c of dst.columns) {
    const old = sources.get(c.name);
    const s = old === undefined ? undefined : src.columns.find((x) => x.name === old);
    if (!s || c.generated !== undefined) continue;
    into.push(quoteIdent(c.name));
    from.push(quoteIdent(s.name));
  }
  // A column named like the rowid hides it: then the rows keep their values but not their rowids.
  const hidesRowid = (t: Table) => t.columns.some((c) => ['rowid', 'oid', '_rowid_'].includes(c.name.toLowerCase()));
  const rowids = !hasAttr(src.attrs, 'sqlite.withoutRowid') && !hasAttr(dst.attrs, 'sqlite.withoutRowid') && !hidesRowid(src) && !hidesRowid(dst);
  const alias = rowidColumn(dst);
  if (rowids && (!alias || !into.includes(quoteIdent(alias.name)))) {
    into.unshift(alias ? quoteIdent(alias.name) : 'rowid');
    from.unshift('rowid');
  }
  // Nothing in common (and no rowid): the old rows cannot be carried over.
  if (into.length === 0) return `DELETE FROM ${quoteIdent(rebuildName(name))}`;
  return `INSERT INTO ${quoteIdent(rebuildName(name))} (${into.join(', ')}) SELECT ${from.join(', ')} FROM ${quoteIdent(name)}`;
}

/** The core of a rebuild from `src` to `dst`, both named `name`: create, keep the counter, copy, drop, rename. */
function core(name: string, src: Table, dst: Table, sources: ReadonlyMap<string, string>): string[] {
  const autoincrement = (t: Table) => t.columns.some((c) => hasAttr(c.attrs, 'sqlite.autoincrement'));
  const tmp = rebuildName(name);
  return [
    createTableSql(dst, tmp),
    // The counter (the largest id ever given) outlives the rows: copied first, the copy keeps it.
    ...(autoincrement(src) && autoincrement(dst) ? [`INSERT INTO sqlite_sequence ("name", "seq") SELECT ${literal(tmp)}, "seq" FROM sqlite_sequence WHERE "name" = ${literal(name)}`] : []),
    copySql(name, src, dst, sources),
    dropTableSql(name),
    renameTableSql(tmp, name),
  ];
}

/**
 * What makes the copy fail on existing rows: a column becoming NOT NULL (or a new one NOT NULL
 * without a default), a changed primary key, a new unique, check or foreign key, or a type
 * change (or STRICT itself) in a STRICT table.
 */
function mayFail(src: Table, dst: Table, sources: ReadonlyMap<string, string>): boolean {
  const old = (c: Column) => src.columns.find((x) => x.name === sources.get(c.name));
  const strict = hasAttr(dst.attrs, 'sqlite.strict');
  const tighter = dst.columns.some((c) => {
    const o = old(c);
    if (!o) return !c.nullable && c.default === undefined && c.generated === undefined;
    return (!c.nullable && o.nullable) || (strict && o.type.sql !== c.type.sql);
  });
  const renamedKey = (dst.primaryKey?.columns ?? []).map((n) => sources.get(n) ?? n).join('\0');
  return tighter || renamedKey !== (src.primaryKey?.columns ?? []).join('\0') || (strict && !hasAttr(src.attrs, 'sqlite.strict'))
    || dst.uniques.some((u) => !src.uniques.some((x) => x.columns.join('\0') === u.columns.map((n) => sources.get(n) ?? n).join('\0')))
    || dst.checks.some((k) => !src.checks.some((x) => x.expr === k.expr))
    || dst.foreignKeys.length > src.foreignKeys.length;
}

/**
 * rebuildStatements: the rebuild of `name` from `before` to `after` and back. `before` must read
 * as the table does once the plan's renames ran (its foreign keys naming renamed tables and
 * columns by their new names), since that is what the down part rebuilds it to before renaming
 * back.
 */
export function rebuildStatements(name: string, before: Table, after: Table, sources: ReadonlyMap<string, string>): RebuildStatement[] {
  const back = new Map([...sources].map(([n, o]) => [o, n]));
  const up = core(name, before, after, sources);
  const down = core(name, after, before, back);
  const lost = before.columns.some((c) => c.generated === undefined && ![...sources.values()].includes(c.name));
  const failing = mayFail(before, after, sources);
  // The copy (third from the end) rewrites the table and may fail; the old table's drop (second) loses dropped columns.
  return up.map((sql, i) => {
    const hazards: Hazard[] = [];
    if (i === up.length - 3) hazards.push('table-rewrite', ...(failing ? ['may-fail' as const] : []));
    if (i === up.length - 2 && lost) hazards.push('data-loss');
    return { sql, reverse: down[down.length - 1 - i], hazards };
  });
}
