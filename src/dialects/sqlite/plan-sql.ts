/**
 * SQLite DDL writers: a table (columns, keys, checks, foreign keys, options), an index, a view,
 * a trigger. Every identifier goes through the dialect's quoting. What they write reads back,
 * through the inspector, as the model they were given: constraint names the inspector would
 * give anyway are left out (constraints.ts), defaults are written bare when SQLite takes them so
 * and in parentheses otherwise, expressions as the model keeps them.
 */
import type { Column, ForeignKey, Index, IndexPart, Table, Trigger, View } from '../../schema/model.js';
import { attrOf, hasAttr } from './attrs.js';
import { isGeneratedName } from './constraints.js';
import { quoteIdent } from './dialect.js';
import { literal, tokenize } from './sql-text.js';

export { quoteIdent, literal };

const cols = (names: readonly string[]) => names.map(quoteIdent).join(', ');

/**
 * isConstantDefault: a default SQLite takes without parentheses and that ALTER TABLE ADD COLUMN
 * accepts: one literal (a signed number, a string, a blob, NULL, TRUE/FALSE) or one bare name
 * (SQLite reads it as a string). Not CURRENT_TIME/DATE/TIMESTAMP, which ADD COLUMN refuses.
 */
export function isConstantDefault(d: string): boolean {
  const ts = tokenize(d);
  const body = ts.length === 2 && ts[0].kind === 'op' && ['-', '+'].includes(ts[0].text) && ts[1].kind === 'number' ? [ts[1]] : ts;
  if (body.length !== 1) return false;
  return body[0].kind !== 'op' && !/^current_(time|date|timestamp)$/i.test(body[0].text);
}

/** defaultSql writes a default: bare when it is one literal or CURRENT_* keyword, else in parentheses. */
export function defaultSql(d: string): string {
  return isConstantDefault(d) || /^current_(time|date|timestamp)$/i.test(d) ? d : `(${d})`;
}

/** The rowid of a table, when a column is it: a rowid table's single INTEGER PRIMARY KEY. */
export function rowidColumn(t: Table): Column | undefined {
  if (hasAttr(t.attrs, 'sqlite.withoutRowid') || t.primaryKey?.columns.length !== 1) return undefined;
  const c = t.columns.find((x) => x.name === t.primaryKey!.columns[0]);
  return c && c.type.sql === 'INTEGER' ? c : undefined;
}

const constraintName = (t: Table, type: Parameters<typeof isGeneratedName>[1], c: Parameters<typeof isGeneratedName>[2]) =>
  (isGeneratedName(t.name, type, c) ? '' : `CONSTRAINT ${quoteIdent(c.name)} `);

const onConflict = (attrs: Table['attrs']) => {
  const a = attrOf(attrs, 'sqlite.onConflict');
  return a ? ` ON CONFLICT ${a.action}` : '';
};

/** columnSql writes a column definition; `table` decides whether its primary key goes inline. */
export function columnSql(c: Column, table: Table): string {
  const parts = [quoteIdent(c.name)];
  if (c.type.sql !== '') parts.push(c.type.sql);
  const pk = table.primaryKey;
  const inlinePk = pk?.columns.length === 1 && pk.columns[0] === c.name;
  if (inlinePk) {
    parts.push(`${constraintName(table, 'primaryKey', pk)}PRIMARY KEY${onConflict(pk.attrs)}`);
    if (hasAttr(c.attrs, 'sqlite.autoincrement')) parts.push('AUTOINCREMENT');
  }
  if (!c.nullable && rowidColumn(table) !== c) parts.push('NOT NULL');
  if (c.default !== undefined) parts.push(`DEFAULT ${defaultSql(c.default)}`);
  if (c.collation !== undefined) parts.push(`COLLATE ${c.collation}`);
  if (c.generated !== undefined) parts.push(`GENERATED ALWAYS AS (${c.generated}) ${attrOf(c.attrs, 'sqlite.generated')?.storage ?? 'VIRTUAL'}`);
  return parts.join(' ');
}

/** foreignKeySql writes a table-level FOREIGN KEY clause. */
export function foreignKeySql(t: Table, fk: ForeignKey): string {
  let s = `${constraintName(t, 'foreignKey', fk)}FOREIGN KEY (${cols(fk.columns)}) REFERENCES ${quoteIdent(fk.refTable.name)}`;
  if (fk.refColumns.length) s += ` (${cols(fk.refColumns)})`;
  if (fk.onUpdate !== 'NO ACTION') s += ` ON UPDATE ${fk.onUpdate}`;
  if (fk.onDelete !== 'NO ACTION') s += ` ON DELETE ${fk.onDelete}`;
  if (fk.deferrable === 'deferred') s += ' DEFERRABLE INITIALLY DEFERRED';
  return s;
}

/** createTableSql writes CREATE TABLE for `t` under `name` (default: its own), or CREATE VIRTUAL TABLE. */
export function createTableSql(t: Table, name = t.name): string {
  const virtual = attrOf(t.attrs, 'sqlite.virtual');
  if (virtual) return `CREATE VIRTUAL TABLE ${quoteIdent(name)} USING ${virtual.using}`;
  const lines = t.columns.map((c) => columnSql(c, t));
  const pk = t.primaryKey;
  if (pk && pk.columns.length > 1) lines.push(`${constraintName(t, 'primaryKey', pk)}PRIMARY KEY (${cols(pk.columns)})${onConflict(pk.attrs)}`);
  for (const u of t.uniques) lines.push(`${constraintName(t, 'unique', u)}UNIQUE (${cols(u.columns)})${onConflict(u.attrs)}`);
  for (const c of t.checks) lines.push(`${constraintName(t, 'check', c)}CHECK (${c.expr})`);
  for (const fk of t.foreignKeys) lines.push(foreignKeySql(t, fk));
  const options = [hasAttr(t.attrs, 'sqlite.withoutRowid') && 'WITHOUT ROWID', hasAttr(t.attrs, 'sqlite.strict') && 'STRICT'].filter(Boolean).join(', ');
  return `CREATE TABLE ${quoteIdent(name)} (\n  ${lines.join(',\n  ')}\n)${options ? ` ${options}` : ''}`;
}

function partSql(p: IndexPart): string {
  // An expression key goes in parentheses: `(a) COLLATE x` cannot be read as part of the expression.
  let s = p.column !== undefined ? quoteIdent(p.column) : `(${p.expr ?? ''})`;
  if (p.collation !== undefined) s += ` COLLATE ${p.collation}`;
  if (p.desc) s += ' DESC';
  return s;
}

export function createIndexSql(i: Index, table: string): string {
  return `CREATE ${i.unique ? 'UNIQUE ' : ''}INDEX ${quoteIdent(i.name)} ON ${quoteIdent(table)} (${i.parts.map(partSql).join(', ')})${i.where !== undefined ? ` WHERE ${i.where}` : ''}`;
}

export const dropIndexSql = (i: Pick<Index, 'name'>): string => `DROP INDEX ${quoteIdent(i.name)}`;

export function createViewSql(v: View): string {
  const columns = attrOf(v.attrs, 'sqlite.viewColumns');
  return `CREATE VIEW ${quoteIdent(v.name)}${columns ? ` (${cols(columns.columns)})` : ''} AS ${v.def}`;
}

export const dropViewSql = (v: Pick<View, 'name'>): string => `DROP VIEW ${quoteIdent(v.name)}`;

/** A trigger is re-created from its stored definition, which names its table and its body. */
export const createTriggerSql = (t: Trigger): string => t.def;

export const dropTriggerSql = (t: Pick<Trigger, 'name'>): string => `DROP TRIGGER ${quoteIdent(t.name)}`;

export const dropTableSql = (name: string): string => `DROP TABLE ${quoteIdent(name)}`;

export const renameTableSql = (from: string, to: string): string => `ALTER TABLE ${quoteIdent(from)} RENAME TO ${quoteIdent(to)}`;
