/**
 * DDL text for MySQL/MariaDB model objects: column definitions, CREATE TABLE with its keys and
 * checks inline, index, key and constraint clauses, views and triggers. Names are always
 * backquoted and unqualified (migrations run against the connection's database); the planner
 * and the DSL writer build every statement from these.
 */
import type { Check, Column, ForeignKey, Index, IndexPart, PrimaryKey, Table, View } from '../../schema/model.js';
import type { MysqlCapabilities } from './capabilities.js';
import { attrOf, hasAttr } from './attrs.js';
import { literal, parenthesize, quoteIdent } from './sql-text.js';

const q = quoteIdent;

/** The realm's one schema: names in it are written unqualified (see SchemaEngine.soleSchema). */
const SOLE = 'main';

/** tableName writes a table reference: unqualified in the realm's database, else `db`.`t`. */
export const tableName = (r: { readonly schema: string; readonly name: string }): string => (r.schema === SOLE ? q(r.name) : `${q(r.schema)}.${q(r.name)}`);

const LITERAL = /^(?:'(?:[^'\\]|\\.|'')*'|-?\d+(?:\.\d+)?(?:e[+-]?\d+)?|NULL|TRUE|FALSE|b'[01]*'|x'[0-9a-f]*'|0x[0-9a-f]+|current_timestamp\(\d*\))$/i;

/** defaultSql writes a default: literals and CURRENT_TIMESTAMP as they are, expressions in parentheses. */
export const defaultSql = (d: string): string => (LITERAL.test(d) ? d : parenthesize(d));

/** columnDef is a column's full definition, as CREATE TABLE, ADD COLUMN and MODIFY COLUMN take it. */
export function columnDef(c: Column): string {
  const parts = [q(c.name), c.type.sql];
  if (c.collation) parts.push(`COLLATE ${c.collation}`);
  const gen = attrOf(c.attrs, 'mysql.generated');
  if (c.generated !== undefined) parts.push(`GENERATED ALWAYS AS (${c.generated}) ${gen?.storage ?? 'VIRTUAL'}`);
  if (!c.nullable) parts.push('NOT NULL');
  else if (/^timestamp\b/i.test(c.type.sql)) parts.push('NULL'); // else some servers make it NOT NULL DEFAULT CURRENT_TIMESTAMP
  if (c.default !== undefined) parts.push(`DEFAULT ${defaultSql(c.default)}`);
  const onUpdate = attrOf(c.attrs, 'mysql.onUpdate');
  if (onUpdate) parts.push(`ON UPDATE ${onUpdate.expr}`);
  if (hasAttr(c.attrs, 'mysql.invisible')) parts.push('INVISIBLE');
  if (hasAttr(c.attrs, 'mysql.autoIncrement')) parts.push('AUTO_INCREMENT');
  if (c.comment !== undefined) parts.push(`COMMENT ${literal(c.comment)}`);
  const check = attrOf(c.attrs, 'mysql.columnCheck');
  if (check) parts.push(`CHECK (${check.expr})`);
  return parts.join(' ');
}

function partSql(p: IndexPart): string {
  const prefix = attrOf(p.attrs, 'mysql.prefix');
  const key = p.column !== undefined ? q(p.column) + (prefix ? `(${prefix.length})` : '') : `(${p.expr})`;
  return key + (p.desc ? ' DESC' : '');
}

/** indexClause is an index as CREATE TABLE lists it and ALTER TABLE ... ADD takes it (`UNIQUE KEY `u` (`a`)`). */
export function indexClause(i: Index, caps: MysqlCapabilities): string {
  const kind = i.method === 'fulltext' ? 'FULLTEXT KEY' : i.method === 'spatial' ? 'SPATIAL KEY' : i.unique ? 'UNIQUE KEY' : 'KEY';
  let s = `${kind} ${q(i.name)} (${i.parts.map(partSql).join(', ')})`;
  if (i.method === 'hash') s += ' USING HASH';
  if (i.comment !== undefined) s += ` COMMENT ${literal(i.comment)}`;
  if (hasAttr(i.attrs, 'mysql.ignored') && caps.ignoredIndexes) s += ` ${caps.ignoredIndexes}`;
  return s;
}

/** primaryKeyClause: `PRIMARY KEY (`a`, `b`(10))`. */
export function primaryKeyClause(pk: PrimaryKey): string {
  const lengths = attrOf(pk.attrs, 'mysql.keyPrefixes')?.lengths ?? [];
  return `PRIMARY KEY (${pk.columns.map((c, i) => q(c) + (lengths[i] ? `(${lengths[i]})` : '')).join(', ')})`;
}

/** foreignKeyClause: `CONSTRAINT fk FOREIGN KEY (...) REFERENCES t (...)`, NO ACTION (the default) left out. */
export function foreignKeyClause(fk: ForeignKey): string {
  let s = `CONSTRAINT ${q(fk.name)} FOREIGN KEY (${fk.columns.map(q).join(', ')}) REFERENCES ${tableName(fk.refTable)} (${fk.refColumns.map(q).join(', ')})`;
  if (fk.onDelete !== 'NO ACTION') s += ` ON DELETE ${fk.onDelete}`;
  if (fk.onUpdate !== 'NO ACTION') s += ` ON UPDATE ${fk.onUpdate}`;
  return s;
}

export const checkClause = (c: Check): string => `CONSTRAINT ${q(c.name)} CHECK (${c.expr})${hasAttr(c.attrs, 'mysql.notEnforced') ? ' NOT ENFORCED' : ''}`;

/** tableOptions: ENGINE, DEFAULT CHARSET/COLLATE, ROW_FORMAT and COMMENT, those that are set. */
export function tableOptions(t: Pick<Table, 'attrs' | 'comment'>): string[] {
  const out: string[] = [];
  const engine = attrOf(t.attrs, 'mysql.engine');
  if (engine) out.push(`ENGINE=${engine.engine}`);
  const cs = attrOf(t.attrs, 'mysql.charset');
  if (cs) out.push(`DEFAULT CHARSET=${cs.charset} COLLATE=${cs.collation}`);
  const rf = attrOf(t.attrs, 'mysql.rowFormat');
  if (rf) out.push(`ROW_FORMAT=${rf.format}`);
  if (t.comment !== undefined) out.push(`COMMENT=${literal(t.comment)}`);
  return out;
}

/** createTable: columns, primary key, indexes and checks inline; foreign keys are added after all tables exist. */
export function createTable(t: Table, caps: MysqlCapabilities): string {
  const body = [
    ...t.columns.map(columnDef),
    ...(t.primaryKey ? [primaryKeyClause(t.primaryKey)] : []),
    ...t.indexes.map((i) => indexClause(i, caps)),
    ...t.checks.map(checkClause),
  ];
  const opts = tableOptions(t);
  return `CREATE TABLE ${q(t.name)} (\n  ${body.join(',\n  ')}\n)${opts.length ? ' ' + opts.join(' ') : ''}`;
}

/** createView: `CREATE [OR REPLACE] [ALGORITHM=...] [SQL SECURITY INVOKER] VIEW v AS ... [WITH ... CHECK OPTION]`. */
export function createView(v: View, orReplace = false): string {
  const algorithm = attrOf(v.attrs, 'mysql.algorithm');
  const security = attrOf(v.attrs, 'mysql.security');
  const check = attrOf(v.attrs, 'mysql.checkOption');
  const head = ['CREATE', orReplace && 'OR REPLACE', algorithm && `ALGORITHM=${algorithm.algorithm}`, security && `SQL SECURITY ${security.security}`, 'VIEW'].filter(Boolean).join(' ');
  return `${head} ${q(v.name)} AS ${v.def}${check ? ` WITH ${check.option} CHECK OPTION` : ''}`;
}

export interface TriggerParts {
  readonly name: string;
  readonly table: string;
  readonly timing: string;
  readonly event: string;
  /** The trigger of the same table, timing and event that fires just before this one. */
  readonly follows?: string;
  readonly body: string;
}

/** triggerSql is the CREATE TRIGGER statement (no DEFINER: the migration's user defines it). */
export const triggerSql = (t: TriggerParts): string =>
  `CREATE TRIGGER ${q(t.name)} ${t.timing.toUpperCase()} ${t.event.toUpperCase()} ON ${q(t.table)} FOR EACH ROW${t.follows ? ` FOLLOWS ${q(t.follows)}` : ''} ${t.body}`;
