/**
 * Which ALTER TABLE changes make the server copy the table (ALGORITHM=COPY: every row rewritten
 * into a new table while writes wait) rather than change it INSTANT or INPLACE, by server family
 * and version: the table behind lint rule MY101. Rows follow the MySQL 8.0/8.4 "Online DDL
 * Operations" tables and MariaDB's "InnoDB Online DDL" pages, and the MariaDB 10.11 rows are
 * checked against the server itself by test/lint/rules-mysql.test.ts (each operation run with
 * ALGORITHM=INPLACE, which the server refuses exactly when it must copy).
 *
 * What copies on both families: a column type change (except a VARCHAR that gets longer and an
 * ENUM/SET that gains values at the end), a change of a column's character set, dropping the
 * primary key without adding another in the same statement, a foreign key added while
 * foreign_key_checks is on, a CHECK constraint added, a STORED generated column added or its
 * expression changed, a column made AUTO_INCREMENT, and a new storage engine. Reordering
 * columns, NULL/NOT NULL, defaults, renames, indexes and (on recent servers) added and dropped
 * columns do not.
 *
 * The version rows are in the capability table (capabilities.ts): MariaDB extends a VARCHAR instantly whatever the length from 10.4.3; before that, and on
 * MySQL 5.7+, only within the same length-prefix size (up to 255 bytes, or above). MariaDB
 * changes a column's collation within its character set without a copy from 10.3; MySQL copies.
 */
import type { Change } from '../../diff/changes.js';
import type { Column, Schema, Table } from '../../schema/model.js';
import { attrOf, hasAttr, schemaAttrs } from './attrs.js';
import type { MysqlCapabilities } from './capabilities.js';

/** The online-DDL rows of the capability table (capabilities.ts) that decide a copy. */
export type OnlineDdl = Pick<MysqlCapabilities, 'varcharGrowsAnyLength' | 'varcharGrowsInPlace' | 'enumAppendInPlace' | 'collationInPlace'>;

/** Bytes per character of a character set, for VARCHAR length prefixes. */
const CHARSET_BYTES: Record<string, number> = { utf8mb4: 4, utf8mb3: 3, utf8: 3, utf16: 4, utf16le: 4, utf32: 4, ucs2: 2, latin1: 1, ascii: 1, binary: 1, big5: 2, gbk: 2, gb18030: 4, sjis: 2, ujis: 3, euckr: 2, cp1251: 1, cp1252: 1, hebrew: 1, greek: 1 };

const charsetOf = (collation: string | undefined): string | undefined => collation?.split('_')[0];

const isText = (c: Column) => /^(var)?char\b|text\b|^enum\b|^set\b/i.test(c.type.sql) && !/binary|blob/i.test(c.type.sql);

/** A column's collation in effect: its own, else the table's default, else the database's. */
function effectiveCollation(c: Column, t: Table, schema: Schema | undefined): string | undefined {
  return c.collation ?? attrOf(t.attrs, 'mysql.charset')?.collation ?? attrOf(schemaAttrs(schema), 'mysql.database')?.collation;
}

const enumValues = (sql: string) => {
  const m = /^(enum|set)\s*\((.*)\)$/is.exec(sql.trim());
  return m ? { kind: m[1]!.toLowerCase(), values: [...m[2]!.matchAll(/'((?:[^']|'')*)'/g)].map((x) => x[1]!) } : undefined;
};

/** Storage size class of an ENUM (1 or 2 bytes) or SET (1, 2, 3, 4 or 8 bytes). */
const storageClass = (kind: string, n: number) => (kind === 'enum' ? (n <= 255 ? 1 : 2) : [1, 2, 3, 4, 8].find((b) => n <= b * 8) ?? 8);

/** typeChangeCopies: the server rewrites the table to change a column's type from `a` to `b`. */
export function typeChangeCopies(a: string, b: string, collation: string | undefined, caps: OnlineDdl): boolean {
  const norm = (t: string) => t.trim().toLowerCase().replace(/^(tinyint|smallint|mediumint|int|bigint)\(\d+\)/, '$1');
  if (norm(a) === norm(b)) return false;
  const [va, vb] = [/^varchar\((\d+)\)$/i.exec(a.trim()), /^varchar\((\d+)\)$/i.exec(b.trim())];
  if (va && vb && Number(vb[1]) >= Number(va[1])) {
    if (caps.varcharGrowsAnyLength) return false;
    const bytes = CHARSET_BYTES[charsetOf(collation) ?? 'utf8mb4'] ?? 4;
    return !(caps.varcharGrowsInPlace && (Number(va[1]) * bytes <= 255) === (Number(vb[1]) * bytes <= 255));
  }
  const [ea, eb] = [enumValues(a), enumValues(b)];
  if (ea && eb && ea.kind === eb.kind && caps.enumAppendInPlace) {
    const appended = ea.values.every((v, i) => eb.values[i] === v);
    return !(appended && storageClass(ea.kind, ea.values.length) === storageClass(eb.kind, eb.values.length));
  }
  return true;
}

/** What a statement's changes make the server copy, and why; empty when it can work in place. */
export interface CopyReason {
  readonly kind: 'type' | 'charset' | 'collation' | 'engine' | 'primaryKey' | 'foreignKey' | 'check' | 'stored' | 'autoIncrement';
  /** For the message: "change the type of total from int to bigint". */
  readonly what: string;
}

export interface CopyContext {
  readonly caps: OnlineDdl;
  /** foreign_key_checks is on for the statement (the default). */
  readonly foreignKeyChecks: boolean;
  /** The tables before and after the statement, and their schemas (for the database defaults). */
  readonly tableBefore: (name: string) => Table | undefined;
  readonly tableAfter: (name: string) => Table | undefined;
  readonly schemaBefore?: Schema;
  readonly schemaAfter?: Schema;
}

const stored = (c: Column) => c.generated !== undefined && attrOf(c.attrs, 'mysql.generated')?.storage === 'STORED';

/** copyReasons lists why the changes of one statement on table `table` need a table copy. */
export function copyReasons(table: string, changes: readonly Change[], ctx: CopyContext): CopyReason[] {
  const out: CopyReason[] = [];
  const before = ctx.tableBefore(table);
  const after = ctx.tableAfter(table);
  if (!before || !after) return out;
  const mine = changes.filter((c) => (c.kind === 'ModifyTable' ? c.to.name === table : 'table' in c && typeof c.table === 'object' && (c.table as { name: string }).name === table));
  for (const c of mine) {
    switch (c.kind) {
      case 'ModifyColumn': {
        const coll = effectiveCollation(c.to, after, ctx.schemaAfter);
        if (c.kinds.includes('type') && typeChangeCopies(c.from.type.sql, c.to.type.sql, coll, ctx.caps)) out.push({ kind: 'type', what: `change the type of ${c.to.name} from ${c.from.type.sql} to ${c.to.type.sql}` });
        if (c.kinds.includes('generated') && (stored(c.from) || stored(c.to))) out.push({ kind: 'stored', what: `recompute the STORED generated column ${c.to.name}` });
        if (c.kinds.includes('attrs') && hasAttr(c.to.attrs, 'mysql.autoIncrement') && !hasAttr(c.from.attrs, 'mysql.autoIncrement')) out.push({ kind: 'autoIncrement', what: `make ${c.to.name} AUTO_INCREMENT` });
        break;
      }
      case 'AddColumn':
        if (stored(c.column)) out.push({ kind: 'stored', what: `add the STORED generated column ${c.column.name}` });
        break;
      case 'DropPrimaryKey':
        if (!mine.some((x) => x.kind === 'AddPrimaryKey')) out.push({ kind: 'primaryKey', what: 'drop the primary key without adding another' });
        break;
      case 'AddConstraint':
        if (c.type === 'foreignKey' && ctx.foreignKeyChecks) out.push({ kind: 'foreignKey', what: `add foreign key ${c.constraint.name} while foreign_key_checks is on` });
        if (c.type === 'check' && !hasAttr(c.constraint.attrs, 'mysql.notEnforced')) out.push({ kind: 'check', what: `add CHECK constraint ${c.constraint.name}` });
        break;
      case 'ModifyTable': {
        const engine = (t: Table, s?: Schema) => attrOf(t.attrs, 'mysql.engine')?.engine ?? attrOf(schemaAttrs(s), 'mysql.database')?.engine;
        const [ea, eb] = [engine(c.from, ctx.schemaBefore), engine(c.to, ctx.schemaAfter)];
        if ((ea ?? '').toLowerCase() !== (eb ?? '').toLowerCase()) out.push({ kind: 'engine', what: `move the table to the ${eb ?? 'default'} engine` });
        break;
      }
      default:
        break;
    }
  }
  // Character sets in effect: a table's CONVERT TO CHARACTER SET changes its columns without naming them.
  const converted = new Map<string, string[]>();
  for (const col of after.columns) {
    const old = before.columns.find((x) => x.name === col.name);
    if (!old || !isText(col) || !isText(old)) continue;
    const [ca, cb] = [effectiveCollation(old, before, ctx.schemaBefore), effectiveCollation(col, after, ctx.schemaAfter)];
    if (ca === cb || ca === undefined || cb === undefined) continue;
    if (out.some((r) => r.kind === 'type' && r.what.includes(` ${col.name} `))) continue;
    if (charsetOf(ca) !== charsetOf(cb)) {
      const k = `${charsetOf(ca)} to ${charsetOf(cb)}`;
      converted.set(k, [...(converted.get(k) ?? []), col.name]);
    } else if (!ctx.caps.collationInPlace) out.push({ kind: 'collation', what: `change the collation of ${col.name} to ${cb}` });
  }
  for (const [k, cols] of converted) out.push({ kind: 'charset', what: `convert ${cols.length === 1 ? 'column' : 'columns'} ${cols.join(', ')} from ${k}` });
  return out;
}
