/**
 * compileMysql turns `cairn-migrate/dsl/mysql` definitions into MySQL/MariaDB DDL for an empty
 * database, plus the rename hints they carry. Names are unqualified: the DDL runs in the
 * connection's database (a scratch database on the dev server). The desired state is whatever
 * the server makes of this DDL, so types and defaults are written as declared and normalised by
 * the inspector, not predicted here.
 *
 * Order: each table as one CREATE TABLE (columns, keys, checks and indexes inline, as
 * `SHOW CREATE TABLE` writes them), then the foreign keys as ALTER TABLE (so that tables may
 * reference each other in any order, cycles included, and a key finds the declared index that
 * serves it instead of creating its own), then views, triggers and raw statements in
 * declaration order.
 */
import type { AnyColumn, ColumnTarget } from '../core/column.js';
import type { AnyTableDef, ConstraintState, IndexState } from '../core/table.js';
import type { ViewDef } from '../core/objects.js';
import type { CompiledSchema } from '../defs.js';
import {
  columnsOf, compileSoleSchema, constraintLabel, defaultSql, extrasOf, fkActions, keyPart, referencedColumn, referencedColumns, refuseConstraintOptions, refuseSet,
  sameDatabase, unsupported, type DslDialect,
} from '../core/compile-kit.js';
import { MYSQL_ENTRY } from './table.js';
import { fspOf, mysqlString } from './columns.js';

const MYSQL: DslDialect = {
  displayName: 'MySQL/MariaDB',
  entry: MYSQL_ENTRY,
  enumHint: "use an inline enum column: mysqlEnum(['a', 'b']) from cairn-migrate/dsl/mysql",
};

/** Defaults MySQL takes without parentheses: CURRENT_TIMESTAMP and its synonyms, bit and hex literals. */
const BARE = /^(?:current_timestamp|now|localtime|localtimestamp)(?:\(\d*\))?$|^[bx]'[0-9a-f]*'$/i;

/** compileMysql renders definitions (in declaration order) with MySQL's identifier quoting. */
export function compileMysql(defs: readonly unknown[], quoteIdent: (name: string) => string): CompiledSchema {
  return compileSoleSchema({ dialect: MYSQL, table: (t) => tableSql(t, quoteIdent), view: (v) => viewSql(v, quoteIdent) }, defs);
}

/** A table as one CREATE TABLE (columns, keys, checks, indexes), and its foreign keys as ALTER TABLE. */
function tableSql(t: AnyTableDef, quoteIdent: (n: string) => string): { create: string; afterTables: string[] } {
  refuseTableFeatures(t);
  const tq = quoteIdent(t.name);
  const cols = (cs: readonly ColumnTarget[]) => cs.map((c) => quoteIdent(c.column)).join(', ');
  const lines: string[] = [];
  const fks: string[] = [];
  for (const [name, col] of columnsOf(t)) {
    lines.push(columnSql(t, name, col, quoteIdent));
    const ref = col.state.references;
    if (ref) {
      const to = sameDatabase(MYSQL, referencedColumn(t, name, ref), `column ${t.name}.${name}`);
      fks.push(`ALTER TABLE ${tq} ADD FOREIGN KEY (${quoteIdent(name)}) REFERENCES ${quoteIdent(to.table)} (${quoteIdent(to.column)})${fkActions(ref)}`);
    }
  }
  const { indexes, constraints } = extrasOf(t);
  for (const s of constraints) {
    refuseConstraintOptions(MYSQL, t, s);
    if (s.kind === 'foreignKey') {
      const refs = referencedColumns(t, s).map((r) => sameDatabase(MYSQL, r, constraintLabel(t, s)));
      fks.push(`ALTER TABLE ${tq} ADD ${s.name ? `CONSTRAINT ${quoteIdent(s.name)} ` : ''}FOREIGN KEY (${cols(s.columns)}) REFERENCES ${quoteIdent(refs[0]!.table)} (${cols(refs)})${fkActions(s)}`);
    } else lines.push(constraintSql(s, cols, quoteIdent));
  }
  for (const s of indexes) lines.push(indexSql(t, s, quoteIdent));
  return { create: `CREATE TABLE ${tq} (\n  ${lines.join(',\n  ')}\n)${tableOptions(t)}`, afterTables: fks };
}

/** What a table may set in the PostgreSQL or SQLite DSL that MySQL has no place for. */
function refuseTableFeatures(t: AnyTableDef): void {
  const o = t.options;
  refuseSet(MYSQL, `table ${t.name}`, {
    'UNLOGGED': o.unlogged, 'row-level security': o.rls || o.forceRls, 'PARTITION BY (declare partitions in a migration)': o.partitionBy,
    'table inheritance (INHERITS)': o.inherits, 'PARTITION OF': t.partitionOf, 'STRICT (a SQLite table option)': o.strict, 'WITHOUT ROWID (a SQLite table option)': o.withoutRowid,
  });
}

/**
 * A column definition in MySQL's order: type, charset and collation, then either the
 * generation clause or the default, ON UPDATE and AUTO_INCREMENT, then keys, comment, check.
 * A nullable TIMESTAMP says NULL: where `explicit_defaults_for_timestamp` is off, the server
 * would otherwise make it NOT NULL with an automatic default.
 */
function columnSql(t: AnyTableDef, name: string, col: AnyColumn, quoteIdent: (n: string) => string): string {
  const s = col.state;
  const object = `column ${t.name}.${name}`;
  refuseSet(MYSQL, object, { 'an identity column (use autoIncrement())': s.identity });
  if (s.generated && (s.default !== undefined || s.autoIncrement || s.onUpdateNow)) {
    throw unsupported(MYSQL, object, 'a default, AUTO_INCREMENT or ON UPDATE on a generated column');
  }
  const nowFsp = fspOf(s.type);
  return [quoteIdent(name), s.type,
    s.charset && `CHARACTER SET ${s.charset}`,
    s.collation && `COLLATE ${s.collation}`,
    s.generated && `GENERATED ALWAYS AS (${s.generated.text}) ${s.generatedKind === 'stored' ? 'STORED' : 'VIRTUAL'}`,
    s.notNull && !s.primaryKey ? 'NOT NULL' : !s.notNull && /^timestamp\b/i.test(s.type) && 'NULL',
    s.default !== undefined && `DEFAULT ${columnDefault(s.type, defaultSql(s.default, mysqlString, BARE))}`,
    s.onUpdateNow && `ON UPDATE CURRENT_TIMESTAMP${nowFsp ? `(${nowFsp})` : ''}`,
    s.autoIncrement && 'AUTO_INCREMENT',
    s.primaryKey && 'PRIMARY KEY',
    s.unique && 'UNIQUE',
    s.comment !== undefined && `COMMENT ${mysqlString(s.comment)}`,
    s.check && `CHECK (${s.check.text})`,
  ].filter(Boolean).join(' ');
}

/** The types MySQL 8 gives no literal default, only an expression one: `DEFAULT ('x')`. */
const EXPRESSION_DEFAULT_ONLY = /^(?:(?:tiny|medium|long)?(?:text|blob)|json|geometry|point|linestring|polygon|multipoint|multilinestring|multipolygon|geometrycollection)\b/i;

/**
 * A default as the column's type takes it: a literal on a TEXT, BLOB, JSON or spatial column is
 * parenthesised, which MySQL 8 requires and MariaDB reads as the same literal.
 */
function columnDefault(type: string, value: string): string {
  return EXPRESSION_DEFAULT_ONLY.test(type.trim()) && !value.startsWith('(') && !/^null$/i.test(value) ? `(${value})` : value;
}

function constraintSql(s: ConstraintState, cols: (cs: readonly ColumnTarget[]) => string, quoteIdent: (n: string) => string): string {
  const named = s.name ? `CONSTRAINT ${quoteIdent(s.name)} ` : '';
  switch (s.kind) {
    // MySQL names every primary key PRIMARY: a name given is not kept, so none is written.
    case 'primaryKey': return `PRIMARY KEY (${cols(s.columns)})`;
    case 'unique': return `UNIQUE KEY ${s.name ? `${quoteIdent(s.name)} ` : ''}(${cols(s.columns)})`;
    case 'check': return `${named}CHECK (${s.expr?.text ?? 'true'})`;
    case 'foreignKey': throw new Error('foreign keys are added after the tables');
  }
}

/** An index inside CREATE TABLE: `[UNIQUE|FULLTEXT|SPATIAL] KEY name (parts) USING BTREE COMMENT '...'`. */
function indexSql(t: AnyTableDef, s: IndexState, quoteIdent: (n: string) => string): string {
  const object = `index ${s.name ?? `on ${t.name}`}`;
  refuseSet(MYSQL, object, { 'a partial index (WHERE)': s.where, 'INCLUDE columns': s.include, 'NULLS NOT DISTINCT': s.nullsNotDistinct, 'index storage parameters (WITH)': s.with });
  if (!s.keys.length) throw unsupported(MYSQL, object, 'an index without keys', 'call .on(t.column, ...)');
  if (s.method && !/^(btree|hash)$/i.test(s.method)) throw unsupported(MYSQL, object, `USING ${s.method}`, "MySQL indexes are BTREE or HASH; use .fulltext() or .spatial() for those kinds");
  if (s.type && s.unique) throw unsupported(MYSQL, object, `a UNIQUE ${s.type.toUpperCase()} index`);
  const parts = s.keys.map((k) => {
    const p = keyPart(k);
    refuseSet(MYSQL, object, { 'NULLS FIRST/LAST': p.opts.nulls, 'an operator class': p.opts.opclass, 'a key collation': p.opts.collate });
    if (p.expr && p.opts.length !== undefined) throw unsupported(MYSQL, object, 'a prefix length on an expression');
    const key = p.expr ? `(${p.expr.text})` : `${quoteIdent(p.column!)}${p.opts.length !== undefined ? `(${p.opts.length})` : ''}`;
    return p.opts.desc ? `${key} DESC` : key;
  });
  const kind = s.unique ? 'UNIQUE KEY' : s.type ? `${s.type.toUpperCase()} KEY` : 'KEY';
  return `${kind} ${s.name ? `${quoteIdent(s.name)} ` : ''}(${parts.join(', ')})` +
    (s.method ? ` USING ${s.method.toUpperCase()}` : '') + (s.comment !== undefined ? ` COMMENT ${mysqlString(s.comment)}` : '');
}

function tableOptions(t: AnyTableDef): string {
  const o = t.options;
  return [o.engine && ` ENGINE=${o.engine}`, o.charset && ` DEFAULT CHARSET=${o.charset}`, o.collate && ` COLLATE=${o.collate}`, o.comment !== undefined && ` COMMENT=${mysqlString(o.comment)}`]
    .filter(Boolean).join('');
}

function viewSql(v: ViewDef, quoteIdent: (n: string) => string): string {
  refuseSet(MYSQL, `view ${v.name}`, { 'a materialized view': v.materialized, 'view options (WITH)': v.with, 'a view comment': v.comment });
  return `CREATE ${v.algorithm ? `ALGORITHM=${v.algorithm} ` : ''}${v.security ? `SQL SECURITY ${v.security} ` : ''}VIEW ${quoteIdent(v.name)} AS ${v.query}` +
    (v.checkOption ? ` WITH ${v.checkOption} CHECK OPTION` : '');
}
