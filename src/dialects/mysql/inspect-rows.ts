/**
 * Rows of the MySQL/MariaDB catalog queries (inspect-queries.ts) and how each becomes a model
 * value: tables with their columns, keys, indexes, checks and triggers, and views. Values are
 * normalised to one spelling (inspect-normalize.ts) and every list is sorted by name.
 */
import type { Attr, Check, Column, ForeignKey, Index, Table, Trigger, View } from '../../schema/model.js';
import { byName, sortedByName } from '../../schema/build.js';
import type { MysqlCapabilities } from './capabilities.js';
import { attrList } from './attrs.js';
import { charsetOf, generationOf, normalizeDefault, normalizeType, onUpdateOf, refAction } from './inspect-normalize.js';
import { identifiersIn, stripOuterParens, stripQualifier } from './sql-text.js';
import { triggerSql } from './plan-sql.js';

/** The name of the realm's one schema (SchemaEngine.soleSchema). */
export const SOLE_SCHEMA = 'main';

export interface ServerRow { version: string; db: string | null; engine: string; collation: string | null }
export interface TableRow { name: string; type: string; engine: string | null; collation: string | null; options: string | null; comment: string | null }
export interface ColumnRow { tbl: string; name: string; type: string; dataType: string; nullable: string; def: string | null; extra: string; gen: string | null; charset: string | null; collation: string | null; comment: string }
export interface IndexRow { tbl: string; name: string; nonUnique: number | string; seq: number; col: string | null; coll: string | null; subPart: number | null; type: string; comment: string; expr: string | null; ignored: number | string }
export interface FkRow { tbl: string; name: string; col: string; refSchema: string; refTable: string; refCol: string; onUpdate: string; onDelete: string }
export interface CheckRow { tbl: string; name: string; clause: string; level: string; enforced: string }
export interface ViewRow { name: string; def: string; checkOption: string; security: string; algorithm: string | null }
export interface TriggerRow { name: string; tbl: string; timing: string; event: string; ord: number; body: string }

export interface TableContext {
  readonly db: string;
  readonly caps: MysqlCapabilities;
  readonly defaultEngine: string;
  readonly defaultCollation?: string;
}

/** A MariaDB column-level check, placed on its column: its expression, or `json` for the check behind a json column. */
export type ColumnChecks = Map<string, Map<string, string | 'json'>>;

export function buildTable(t: TableRow, cols: ColumnRow[], idx: IndexRow[], fks: FkRow[], checks: CheckRow[], trgs: TriggerRow[], colChecks: Map<string, string | 'json'>, ctx: TableContext): Table {
  const tableCollation = t.collation ?? undefined;
  const engine = t.engine && t.engine.toLowerCase() !== ctx.defaultEngine.toLowerCase() ? t.engine : undefined;
  const rowFormat = /row_format=(\w+)/i.exec(t.options ?? '')?.[1];
  const attrs = attrList(
    engine !== undefined && { kind: 'mysql.engine', engine },
    tableCollation !== undefined && tableCollation !== ctx.defaultCollation && { kind: 'mysql.charset', charset: charsetOf(tableCollation), collation: tableCollation },
    rowFormat !== undefined && { kind: 'mysql.rowFormat', format: rowFormat.toUpperCase() },
  );
  const { primaryKey, indexes } = buildIndexes(idx);
  return {
    schema: SOLE_SCHEMA,
    name: t.name,
    columns: cols.map((c) => buildColumn(c, tableCollation, colChecks.get(c.name), ctx.caps)),
    primaryKey,
    uniques: [],
    checks: buildChecks(checks),
    foreignKeys: buildForeignKeys(fks, ctx.db),
    exclusions: [],
    indexes,
    triggers: buildTriggers(trgs),
    policies: [],
    comment: t.comment ? t.comment : undefined,
    attrs,
  };
}

function buildColumn(c: ColumnRow, tableCollation: string | undefined, check: string | 'json' | undefined, caps: MysqlCapabilities): Column {
  const storage = generationOf(c.extra);
  const json = check === 'json';
  const onUpdate = onUpdateOf(c.extra);
  const attrs = attrList(
    /auto_increment/i.test(c.extra) && { kind: 'mysql.autoIncrement' },
    onUpdate !== undefined && { kind: 'mysql.onUpdate', expr: onUpdate },
    storage !== undefined && { kind: 'mysql.generated', storage },
    /\bINVISIBLE\b/i.test(c.extra) && { kind: 'mysql.invisible' },
    check !== undefined && !json && { kind: 'mysql.columnCheck', expr: stripOuterParens(check) },
  );
  return {
    name: c.name,
    type: { sql: json ? 'json' : normalizeType(c.type) },
    nullable: c.nullable === 'YES',
    default: normalizeDefault({ raw: c.def, dataType: c.dataType, extra: c.extra, generated: storage !== undefined }, caps),
    generated: storage !== undefined && c.gen ? stripOuterParens(c.gen) : undefined,
    collation: !json && c.collation && c.collation !== tableCollation ? c.collation : undefined,
    comment: c.comment ? c.comment : undefined,
    attrs,
  };
}

/** buildIndexes groups key parts by index; PRIMARY is the primary key. */
function buildIndexes(rows: IndexRow[]): { primaryKey?: Table['primaryKey']; indexes: Index[] } {
  const byIndex = new Map<string, IndexRow[]>();
  for (const r of rows) byIndex.set(r.name, [...(byIndex.get(r.name) ?? []), r]);
  let primaryKey: Table['primaryKey'];
  const indexes: Index[] = [];
  for (const [name, parts] of byIndex) {
    parts.sort((a, b) => Number(a.seq) - Number(b.seq));
    if (name === 'PRIMARY') {
      const lengths = parts.map((p) => (p.subPart === null || p.subPart === undefined ? null : Number(p.subPart)));
      primaryKey = { name, columns: parts.map((p) => p.col ?? ''), attrs: attrList(lengths.some((l) => l !== null) && { kind: 'mysql.keyPrefixes', lengths }) };
      continue;
    }
    const first = parts[0];
    indexes.push({
      name,
      unique: Number(first.nonUnique) === 0,
      parts: parts.map((p) => ({
        column: p.col ?? undefined,
        expr: p.col === null && p.expr ? stripOuterParens(p.expr) : undefined,
        desc: p.coll === 'D',
        // A SPATIAL index reports the geometry key's own length (32) as a prefix nobody declared.
        attrs: attrList(p.subPart !== null && p.subPart !== undefined && first.type !== 'SPATIAL' && { kind: 'mysql.prefix', length: Number(p.subPart) }),
      })),
      method: first.type.toLowerCase(),
      include: [],
      comment: first.comment ? first.comment : undefined,
      attrs: attrList(Number(first.ignored) === 1 && { kind: 'mysql.ignored' }),
    });
  }
  return { primaryKey, indexes: indexes.sort(byName) };
}

function buildForeignKeys(rows: FkRow[], db: string): ForeignKey[] {
  const byName = new Map<string, FkRow[]>();
  for (const r of rows) byName.set(r.name, [...(byName.get(r.name) ?? []), r]);
  return sortedByName([...byName].map(([name, rs]) => ({
    name,
    columns: rs.map((r) => r.col),
    refTable: { schema: rs[0].refSchema === db ? SOLE_SCHEMA : rs[0].refSchema, name: rs[0].refTable },
    refColumns: rs.map((r) => r.refCol),
    onUpdate: refAction(rs[0].onUpdate),
    onDelete: refAction(rs[0].onDelete),
    attrs: [],
  })));
}

function buildChecks(rows: CheckRow[]): Check[] {
  return sortedByName(rows.map((r) => ({
    name: r.name,
    expr: stripOuterParens(r.clause),
    attrs: attrList(String(r.enforced).toUpperCase() === 'NO' && { kind: 'mysql.notEnforced' }),
  })));
}

/**
 * buildTriggers writes each trigger as the CREATE TRIGGER statement that makes it (without
 * DEFINER); one that fires after another of the same table, timing and event says FOLLOWS.
 */
function buildTriggers(rows: TriggerRow[]): Trigger[] {
  return sortedByName(rows.map((r) => {
    const prev = rows.find((p) => p.timing === r.timing && p.event === r.event && Number(p.ord) === Number(r.ord) - 1);
    return { name: r.name, def: triggerSql({ name: r.name, table: r.tbl, timing: r.timing, event: r.event, follows: prev?.name, body: r.body }) };
  }));
}

export function buildView(v: ViewRow, db: string, relations: ReadonlySet<string>): View {
  const def = stripQualifier(v.def, db);
  const algorithm = v.algorithm?.toUpperCase();
  const check = v.checkOption?.toUpperCase();
  const attrs: Attr[] = attrList(
    (algorithm === 'MERGE' || algorithm === 'TEMPTABLE') && { kind: 'mysql.algorithm', algorithm },
    v.security?.toUpperCase() === 'INVOKER' && { kind: 'mysql.security', security: 'INVOKER' },
    (check === 'CASCADED' || check === 'LOCAL') && { kind: 'mysql.checkOption', option: check },
  );
  const deps = [...identifiersIn(def)].filter((n) => n !== v.name && relations.has(n)).sort().map((name) => ({ schema: SOLE_SCHEMA, name }));
  return { schema: SOLE_SCHEMA, name: v.name, materialized: false, def, deps, indexes: [], triggers: [], columnComments: {}, attrs };
}

