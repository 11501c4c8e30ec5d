/**
 * compileSqlite turns `cairn-migrate/dsl/sqlite` definitions into SQLite DDL for an empty
 * database, plus the rename hints they carry. SQLite cannot add a key, check or foreign key to
 * a table after the fact, so each table is one CREATE TABLE with all of them inline (SQLite does
 * not check that a referenced table exists when it creates a table, so declaration order does
 * not matter); then the indexes, views, triggers and raw statements, in declaration order.
 *
 * NOT NULL is written exactly when the column says so: `primaryKey()` implies it, as in the
 * other dialects, but SQLite's PRIMARY KEY alone does not (only the rowid can never be NULL),
 * so a column inspected as a nullable key is written back as `.primaryKey().nullable()`.
 */
import type { AnyColumn, ColumnTarget } from '../core/column.js';
import type { AnyTableDef, ConstraintState, IndexState } from '../core/table.js';
import type { ViewDef } from '../core/objects.js';
import { isDef, type CompiledSchema } from '../defs.js';
import {
  columnsOf, compileSoleSchema, constraintLabel, defaultSql, extrasOf, fkActions, keyPart, referencedColumn, referencedColumns, refuseConstraintOptions, refuseSet,
  sameDatabase, unsupported, type DslDialect,
} from '../core/compile-kit.js';
import { SQLITE_ENTRY } from './table.js';

const SQLITE: DslDialect = {
  displayName: 'SQLite',
  entry: SQLITE_ENTRY,
  enumHint: "use a text column with a check: text().check(sql`status IN ('a', 'b')`)",
};

/** Defaults SQLite takes without parentheses besides literals: the current time keywords and blob literals. */
const BARE = /^current_(?:time|date|timestamp)$|^x'[0-9a-f]*'$/i;

const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** compileSqlite renders definitions (in declaration order) with SQLite's identifier quoting. */
export function compileSqlite(defs: readonly unknown[], quoteIdent: (name: string) => string): CompiledSchema {
  // Unnamed indexes are named after their table and columns, clear of every name given.
  const taken = new Set(defs.flatMap((d) => (isDef(d) && d.__cairn === 'table' ? extrasOf(d).indexes.flatMap((s) => (s.name ? [s.name.toLowerCase()] : [])) : [])));
  return compileSoleSchema({ dialect: SQLITE, table: (t) => tableSql(t, quoteIdent, taken), view: (v) => viewSql(v, quoteIdent) }, defs);
}

/** A table as one CREATE TABLE with every key, check and foreign key inline; its indexes after all tables. */
function tableSql(t: AnyTableDef, quoteIdent: (n: string) => string, taken: Set<string>): { create: string; afterTables: string[] } {
  refuseTableFeatures(t);
  const cols = (cs: readonly ColumnTarget[]) => cs.map((c) => quoteIdent(c.column)).join(', ');
  const lines = columnsOf(t).map(([name, col]) => columnSql(t, name, col, quoteIdent));
  const { indexes, constraints } = extrasOf(t);
  for (const s of constraints) lines.push(constraintSql(t, s, cols, quoteIdent));
  const options = [t.options.strict && 'STRICT', t.options.withoutRowid && 'WITHOUT ROWID'].filter(Boolean).join(', ');
  return {
    create: `CREATE TABLE ${quoteIdent(t.name)} (\n  ${lines.join(',\n  ')}\n)${options ? ` ${options}` : ''}`,
    afterTables: indexes.map((s) => indexSql(t, s, quoteIdent, taken)),
  };
}

/** What a table may set in the PostgreSQL or MySQL DSL that SQLite has no place for. */
function refuseTableFeatures(t: AnyTableDef): void {
  const object = `table ${t.name}`;
  const o = t.options;
  refuseSet(SQLITE, object, {
    'a table comment': o.comment, UNLOGGED: o.unlogged, 'row-level security': o.rls || o.forceRls, 'PARTITION BY': o.partitionBy,
    'table inheritance (INHERITS)': o.inherits, 'PARTITION OF': t.partitionOf, 'a storage engine (a MySQL table option)': o.engine,
    'a character set (a MySQL table option)': o.charset, 'a table collation (a MySQL table option; collate each column)': o.collate,
  });
  const hasKey = columnsOf(t).some(([, c]) => c.state.primaryKey) || extrasOf(t).constraints.some((s) => s.kind === 'primaryKey');
  if (o.withoutRowid && !hasKey) throw unsupported(SQLITE, object, 'a WITHOUT ROWID table without a PRIMARY KEY', 'declare its primary key');
}

function columnSql(t: AnyTableDef, name: string, col: AnyColumn, quoteIdent: (n: string) => string): string {
  const s = col.state;
  const object = `column ${t.name}.${name}`;
  refuseSet(SQLITE, object, {
    'a column comment': s.comment, 'an identity column (use integer().primaryKey(), the rowid, or .autoIncrement())': s.identity,
    'a character set (collate the column instead)': s.charset, 'ON UPDATE CURRENT_TIMESTAMP (write a trigger)': s.onUpdateNow,
  });
  if (s.autoIncrement && !(s.primaryKey && /^integer$/i.test(s.type.trim()))) {
    throw unsupported(SQLITE, object, 'AUTOINCREMENT on a column that is not an INTEGER PRIMARY KEY', 'declare it integer().primaryKey().autoIncrement()');
  }
  if (s.autoIncrement && t.options.withoutRowid) throw unsupported(SQLITE, object, 'AUTOINCREMENT in a WITHOUT ROWID table');
  if (s.generated && s.default !== undefined) throw unsupported(SQLITE, object, 'a default on a generated column');
  const ref = s.references;
  const to = ref && sameDatabase(SQLITE, referencedColumn(t, name, ref), object);
  return [quoteIdent(name), s.type,
    s.primaryKey && 'PRIMARY KEY', s.autoIncrement && 'AUTOINCREMENT',
    s.notNull && 'NOT NULL',
    s.unique && 'UNIQUE',
    s.default !== undefined && `DEFAULT ${defaultSql(s.default, literal, BARE)}`,
    s.collation && `COLLATE ${s.collation}`,
    s.generated && `GENERATED ALWAYS AS (${s.generated.text}) ${s.generatedKind === 'stored' ? 'STORED' : 'VIRTUAL'}`,
    s.check && `CHECK (${s.check.text})`,
    ref && to && `REFERENCES ${quoteIdent(to.table)} (${quoteIdent(to.column)})${fkActions(ref)}`,
  ].filter(Boolean).join(' ');
}

function constraintSql(t: AnyTableDef, s: ConstraintState, cols: (cs: readonly ColumnTarget[]) => string, quoteIdent: (n: string) => string): string {
  refuseConstraintOptions(SQLITE, t, s);
  const named = s.name ? `CONSTRAINT ${quoteIdent(s.name)} ` : '';
  switch (s.kind) {
    case 'primaryKey': return `${named}PRIMARY KEY (${cols(s.columns)})`;
    case 'unique': return `${named}UNIQUE (${cols(s.columns)})`;
    case 'check': return `${named}CHECK (${s.expr?.text ?? 'true'})`;
    case 'foreignKey': {
      const refs = referencedColumns(t, s).map((r) => sameDatabase(SQLITE, r, constraintLabel(t, s)));
      return `${named}FOREIGN KEY (${cols(s.columns)}) REFERENCES ${quoteIdent(refs[0]!.table)} (${cols(refs)})${fkActions(s)}`;
    }
  }
}

/**
 * `CREATE [UNIQUE] INDEX name ON table (keys) [WHERE ...]`. SQLite needs a name: an unnamed
 * index gets `<table>_<columns>_idx` (numbered if another index has it), a name that stays the
 * same from one compilation to the next.
 */
function indexSql(t: AnyTableDef, s: IndexState, quoteIdent: (n: string) => string, taken: Set<string>): string {
  const object = `index ${s.name ?? `on ${t.name}`}`;
  refuseSet(SQLITE, object, {
    'USING (an index method)': s.method, 'INCLUDE columns': s.include, 'NULLS NOT DISTINCT': s.nullsNotDistinct, 'index storage parameters (WITH)': s.with,
    'an index comment': s.comment, 'a FULLTEXT or SPATIAL index (use an FTS5 or R*Tree virtual table in statement())': s.type,
  });
  if (!s.keys.length) throw unsupported(SQLITE, object, 'an index without keys', 'call .on(t.column, ...)');
  const parts = s.keys.map((k) => {
    const p = keyPart(k);
    refuseSet(SQLITE, object, { 'NULLS FIRST/LAST': p.opts.nulls, 'an operator class': p.opts.opclass, 'a key prefix length': p.opts.length });
    return [p.expr ? `(${p.expr.text})` : quoteIdent(p.column!), p.opts.collate && `COLLATE ${p.opts.collate}`, p.opts.desc && 'DESC'].filter(Boolean).join(' ');
  });
  const name = s.name ?? freeName(`${t.name}_${s.keys.map((k) => keyPart(k).column ?? 'expr').join('_')}_idx`, taken);
  return `CREATE ${s.unique ? 'UNIQUE ' : ''}INDEX ${quoteIdent(name)} ON ${quoteIdent(t.name)} (${parts.join(', ')})${s.where ? ` WHERE ${s.where.text}` : ''}`;
}

/** `base`, or `base2`, `base3`... whichever is not taken yet (SQLite index names are case-insensitive). */
function freeName(base: string, taken: Set<string>): string {
  let name = base;
  for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${base}${i}`;
  taken.add(name.toLowerCase());
  return name;
}

function viewSql(v: ViewDef, quoteIdent: (n: string) => string): string {
  const object = `view ${v.name}`;
  refuseSet(SQLITE, object, {
    'a materialized view': v.materialized, 'view options (WITH)': v.with, 'a view comment': v.comment,
    'ALGORITHM (a MySQL view option)': v.algorithm, 'SQL SECURITY (a MySQL view option)': v.security, 'WITH CHECK OPTION': v.checkOption,
  });
  return `CREATE VIEW ${quoteIdent(v.name)} AS ${v.query}`;
}
