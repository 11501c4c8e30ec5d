/**
 * Planning column renames and changes in place. What places a column (added, dropped,
 * re-created, moved) is planned per table in plan-positions.ts.
 *
 * MODIFY COLUMN repeats the whole definition. Until its SetComment runs (in the last phase), a
 * kept column has its old comment, so every MODIFY before that writes the old comment.
 */
import type { Change } from '../../diff/changes.js';
import type { Column, Table } from '../../schema/model.js';
import type { Hazard } from '../../plan/types.js';
import { hasAttr, attrOf } from './attrs.js';
import { columnDef, defaultSql } from './plan-sql.js';
import { quoteIdent } from './sql-text.js';
import { alterTable, type Ctx, type Phase } from './plan-context.js';
import { rewriteNames } from '../../diff/rewrite.js';
import { mysqlIdentifiers } from './diff-hooks.js';

type ModifyColumn = Extract<Change, { kind: 'ModifyColumn' }>;

const q = quoteIdent;
export const withoutAutoIncrement = (c: Column): Column => ({ ...c, attrs: c.attrs.filter((a) => a.kind !== 'mysql.autoIncrement') });

/** A generated column whose expression or storage changes is dropped and added again (MySQL cannot MODIFY that). */
export function isRecreated(c: ModifyColumn): boolean {
  return c.kinds.includes('generated') || attrOf(c.from.attrs, 'mysql.generated')?.storage !== attrOf(c.to.attrs, 'mysql.generated')?.storage;
}

/** renameColumn: RENAME COLUMN, or CHANGE COLUMN with the full definition on servers without it. */
export function renameColumn(ctx: Ctx, c: Extract<Change, { kind: 'RenameColumn' }>): void {
  const t = alterTable(c.table.name);
  const rename = (a: Column, z: Column) => (ctx.caps.renameColumn ? `${t} RENAME COLUMN ${q(a.name)} TO ${q(z.name)}` : `${t} CHANGE COLUMN ${q(a.name)} ${columnDef({ ...a, name: z.name })}`);
  ctx.b.add('renameColumn', rename(c.from, c.to), rename({ ...c.from, name: c.to.name }, { ...c.from }), `rename column ${c.table.name}.${c.from.name} to ${c.to.name}`);
}

/**
 * modifyColumn changes a column in place. AUTO_INCREMENT needs a key: it is taken off before keys
 * go (`columnsEarly`) and put on once they exist (`columnsLate`); a primary key column becoming
 * nullable waits for the key to go. A default alone changes with ALTER COLUMN (no table copy).
 */
export function modifyColumn(ctx: Ctx, c: ModifyColumn, before: Table | undefined): void {
  if (isRecreated(c)) return; // planned by planColumnPositions
  const t = alterTable(c.table.name);
  const what = `${c.table.name}.${c.to.name}`;
  const from: Column = afterColumnRenames(ctx, c.table.name, { ...c.from, name: c.to.name });
  const to: Column = { ...c.to, comment: c.from.comment };
  if (sameDefinition(from, to)) return; // the server already renamed what the column's check names
  if (c.kinds.every((k) => k === 'default') && plainDefault(from.default) && plainDefault(to.default)) {
    const set = (d: string | undefined) => `${t} ALTER COLUMN ${q(to.name)} ${d === undefined ? 'DROP DEFAULT' : `SET DEFAULT ${defaultSql(d)}`}`;
    ctx.b.add('modifyColumn', set(to.default), set(from.default), `${to.default === undefined ? 'drop' : 'set'} default of ${what}`);
    return;
  }
  const modify = (phase: Phase, a: Column, z: Column, label: string, hazards: readonly Hazard[]) =>
    ctx.b.add(phase, `${t} MODIFY COLUMN ${columnDef(z)}`, `${t} MODIFY COLUMN ${columnDef(a)}`, label, { hazards });
  const [fromAi, toAi] = [hasAttr(from.attrs, 'mysql.autoIncrement'), hasAttr(to.attrs, 'mysql.autoIncrement')];
  const leavesKey = !from.nullable && to.nullable && (before?.primaryKey?.columns.includes(c.from.name) ?? false);
  const hazards = columnHazards(c);
  if (fromAi && !toAi) {
    const middle = withoutAutoIncrement(from);
    modify('columnsEarly', from, middle, `remove AUTO_INCREMENT from ${what}`, []);
    if (sameDefinition(middle, to)) return;
    return modify(leavesKey ? 'columnsLate' : 'modifyColumn', middle, to, `change column ${what} (${kindsLabel(c)})`, hazards);
  }
  const phase: Phase = toAi && !fromAi ? 'columnsLate' : leavesKey ? 'columnsLate' : 'modifyColumn';
  modify(phase, from, to, `change column ${what} (${kindsLabel(c)})`, hazards);
}

/**
 * afterColumnRenames: a column as the server shows it once the plan's column renames have run.
 * MariaDB renames the columns a column-level CHECK names, which the differ does not see (it is
 * an attribute), so the check reads with the new names.
 */
export function afterColumnRenames(ctx: Ctx, table: string, c: Column): Column {
  const check = attrOf(c.attrs, 'mysql.columnCheck');
  if (!check) return c;
  const bare = new Map(ctx.changes.flatMap((r) => (r.kind === 'RenameColumn' && r.table.name === table ? [[r.from.name, r.to.name] as const] : [])));
  const expr = rewriteNames(check.expr, { bare }, mysqlIdentifiers);
  return expr === check.expr ? c : { ...c, attrs: c.attrs.map((a) => (a.kind === 'mysql.columnCheck' ? { ...check, expr } : a)) };
}

/** A literal (or no) default: ALTER COLUMN SET DEFAULT takes those on every server. */
const plainDefault = (d: string | undefined) => d === undefined || defaultSql(d) === d;
const sameDefinition = (a: Column, b: Column) => columnDef(a) === columnDef(b);
const kindsLabel = (c: ModifyColumn) => c.kinds.join(', ');

/**
 * columnHazards: what a MODIFY risks. Appending ENUM/SET values, widening a VARCHAR within the
 * same length-prefix size and changing a default are in place; other type and collation changes
 * copy the table, and narrowing or NOT NULL can fail on existing rows.
 */
export function columnHazards(c: ModifyColumn): Hazard[] {
  const h = new Set<Hazard>();
  if (c.kinds.includes('type')) typeChangeHazards(c.from.type.sql, c.to.type.sql).forEach((x) => h.add(x));
  if (c.kinds.includes('collation')) h.add('table-rewrite');
  if (c.kinds.includes('nullable') && !c.to.nullable) h.add('may-fail').add('table-rewrite');
  if (c.kinds.includes('attrs') && hasAttr(c.to.attrs, 'mysql.autoIncrement') !== hasAttr(c.from.attrs, 'mysql.autoIncrement')) h.add('table-rewrite');
  return [...h].sort();
}

const INT_RANK = ['tinyint', 'smallint', 'mediumint', 'int', 'bigint'];

function typeChangeHazards(a: string, b: string): Hazard[] {
  const list = (t: string) => /^(enum|set)\((.*)\)$/s.exec(t);
  const [la, lb] = [list(a), list(b)];
  if (la && lb && la[1] === lb[1]) return lb[2].startsWith(la[2]) ? [] : ['may-fail', 'table-rewrite'];
  const len = (t: string) => /^varchar\((\d+)\)$/.exec(t);
  const [va, vb] = [len(a), len(b)];
  if (va && vb) {
    const [x, y] = [Number(va[1]), Number(vb[1])];
    if (y < x) return ['may-fail', 'table-rewrite'];
    // A length prefix of one byte holds up to 255 bytes: 63 characters of utf8mb4.
    return (x <= 63) === (y <= 63) ? [] : ['table-rewrite'];
  }
  const int = (t: string) => /^(tinyint|smallint|mediumint|int|bigint)(\(\d+\))?( unsigned)?$/.exec(t);
  const [ia, ib] = [int(a), int(b)];
  if (ia && ib && Boolean(ia[3]) === Boolean(ib[3]) && INT_RANK.indexOf(ib[1]) >= INT_RANK.indexOf(ia[1])) return ['table-rewrite'];
  return ['may-fail', 'table-rewrite'];
}
