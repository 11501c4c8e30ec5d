/**
 * The SQLite inspector: reads the `main` database into the model, as one schema named `main`
 * (SchemaEngine.soleSchema) whatever the file is called. The pragmas give what SQLite resolved
 * (columns, types, defaults, NOT NULL, keys, auto-indexes, foreign keys); the stored CREATE
 * statements (parse-create.ts) give the rest. Everything is brought to one spelling, so the
 * same schema reads the same however it was written:
 * - declared types in upper case without inner spaces (`varchar ( 10 )` → `VARCHAR(10)`);
 * - defaults, expressions, view queries and trigger definitions normalized (sql-text.ts);
 *   `DEFAULT NULL` is no default; `COLLATE BINARY` is no collation;
 * - the rowid column (`INTEGER PRIMARY KEY`) is NOT NULL, as SQLite enforces, written or not;
 * - unnamed constraints get deterministic names: `<table>_pkey`, `<table>_<cols>_key`,
 *   `<table>_<cols>_fkey`, and `<table>_check_<hash of the expression>` for checks, which have
 *   no columns to name them by and must not depend on the order they are declared in
 *   (constraints.ts tells generated names from chosen ones);
 * - a foreign key without referenced columns references the parent's primary key, and names
 *   are spelled as the referenced table declares them (SQLite compares names case-insensitively).
 */
import type { Check, Column, ForeignKey, Index, IndexPart, PrimaryKey, Realm, RefAction, Table, Trigger, Unique, View } from '../../schema/model.js';
import type { CatalogReader, InspectScope } from '../../engine/types.js';
import { emptySchema, realm, sortedByName } from '../../schema/build.js';
import { attrList } from './attrs.js';
import { COLUMNS, FOREIGN_KEYS, INDEX_LIST, SCHEMA_OBJECTS, TABLES, UNIQUE_COLUMNS } from './inspect-queries.js';
import { parseCreateIndex, parseCreateTable, parseCreateView, parseVirtualTable, type ParsedTable } from './parse-create.js';
import { normalize, normalizeExpr, tokenize, identName } from './sql-text.js';
import { checkName, foreignKeyName, primaryKeyName, uniqueName } from './constraints.js';

/** The name of the realm's one schema (SchemaEngine.soleSchema). */
export const SOLE_SCHEMA = 'main';

interface TableRow { name: string; type: string; withoutRowid: number; strict: number; sql: string | null }
interface ColumnRow { tbl: string; cid: number; name: string; type: string; required: number; dflt: string | null; pk: number; hidden: number }
interface IndexListRow { tbl: string; name: string; isUnique: number; origin: string; partial: number }
interface UniqueColumnRow { tbl: string; idx: string; seqno: number; name: string }
interface FkRow { tbl: string; id: number; seq: number; refTable: string; col: string; refCol: string | null; onUpdate: string; onDelete: string }
interface ObjectRow { type: 'index' | 'view' | 'trigger'; name: string; tbl: string; sql: string }

/** The three collations SQLite has built in, spelled in upper case (names are case-insensitive). */
const BUILTIN_COLLATIONS = new Set(['BINARY', 'NOCASE', 'RTRIM']);

/** collationName spells a collation as the model keeps it. */
export const collationName = (c: string): string => (BUILTIN_COLLATIONS.has(c.toUpperCase()) ? c.toUpperCase() : c);

/** normalizeType is a declared type in the model's spelling: upper case, single spaces, none around parentheses and commas. */
export function normalizeType(declared: string): string {
  return declared.trim().replace(/\s+/g, ' ').replace(/\s*([(),])\s*/g, '$1').toUpperCase();
}

/** normalizeDefault is a default as the model keeps it: normalized text, and no default for NULL. */
export function normalizeDefault(dflt: string | null): string | undefined {
  if (dflt === null) return undefined;
  const text = normalizeExpr(dflt);
  return text === '' || text.toUpperCase() === 'NULL' ? undefined : text;
}

const byLower = <T>(xs: readonly T[], name: (x: T) => string) => {
  const m = new Map<string, T>();
  for (const x of xs) if (!m.has(name(x).toLowerCase())) m.set(name(x).toLowerCase(), x);
  return (n: string) => m.get(n.toLowerCase());
};

const groupBy = <T>(xs: readonly T[], key: (x: T) => string) => {
  const m = new Map<string, T[]>();
  for (const x of xs) (m.get(key(x)) ?? m.set(key(x), []).get(key(x))!).push(x);
  return (k: string) => m.get(k) ?? [];
};

/** inspectRealm reads the main database into a one-schema realm. */
export async function inspectRealm(conn: CatalogReader, scope: InspectScope = {}): Promise<Realm> {
  const skip = (name: string) => Boolean(scope.excluded?.(SOLE_SCHEMA, name));
  const tableRows = (await conn.query<TableRow>(TABLES)).filter((t) => !skip(t.name));
  const kept = new Set(tableRows.map((t) => t.name));
  const mine = <R extends { tbl: string }>(rows: R[]) => rows.filter((r) => kept.has(r.tbl));
  const columns = groupBy(mine(await conn.query<ColumnRow>(COLUMNS)), (r) => r.tbl);
  const indexList = groupBy(mine(await conn.query<IndexListRow>(INDEX_LIST)), (r) => r.tbl);
  const uniqueColumns = groupBy(mine(await conn.query<UniqueColumnRow>(UNIQUE_COLUMNS)), (r) => `${r.tbl}\0${r.idx}`);
  const fks = groupBy(mine(await conn.query<FkRow>(FOREIGN_KEYS)), (r) => r.tbl);
  const objects = await conn.query<ObjectRow>(SCHEMA_OBJECTS);
  const viewRows = objects.filter((o) => o.type === 'view' && !skip(o.name));
  const triggersOn = groupBy(objects.filter((o) => o.type === 'trigger'), (o) => o.tbl.toLowerCase());
  const indexesOn = groupBy(objects.filter((o) => o.type === 'index'), (o) => o.tbl.toLowerCase());

  // Keys first: a foreign key that names no columns references its parent's primary key.
  const plain = tableRows.filter((t) => t.type === 'table');
  const parsed = new Map(plain.map((t) => [t.name, parseCreateTable(t.sql ?? '')]));
  const pkColumns = (t: string) => columns(t).filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
  const tableNamed = byLower(plain, (t) => t.name);

  const tables: Table[] = tableRows.map((row) => {
    if (row.type === 'virtual') return virtualTable(row);
    const p = parsed.get(row.name)!;
    const cols = columns(row.name);
    const declared = byLower(cols, (c) => c.name);
    const spell = (n: string) => declared(n)?.name ?? n;
    const pkCols = pkColumns(row.name);
    const rowidColumn = row.withoutRowid === 0 && pkCols.length === 1 && normalizeType(declared(pkCols[0])!.type) === 'INTEGER'
      && !p.columns.find((c) => c.name.toLowerCase() === pkCols[0].toLowerCase())?.pkDesc ? pkCols[0] : undefined;
    const primaryKey: PrimaryKey | undefined = pkCols.length === 0 ? undefined : {
      name: p.primaryKey?.name ?? primaryKeyName(row.name),
      columns: pkCols,
      attrs: attrList(p.primaryKey?.onConflict !== undefined && { kind: 'sqlite.onConflict', action: p.primaryKey.onConflict }),
    };
    const parent = (name: string) => {
      const t = tableNamed(name);
      return { name: t?.name ?? name, columns: t ? pkColumns(t.name) : [], spell: (c: string) => (t ? byLower(columns(t.name), (x) => x.name)(c)?.name ?? c : c) };
    };
    const modelColumns = cols.map((c) => column(c, p, c.name === rowidColumn));
    return {
      schema: SOLE_SCHEMA,
      name: row.name,
      columns: modelColumns,
      primaryKey,
      uniques: uniques(row.name, indexList(row.name), uniqueColumns, p),
      checks: checks(row.name, p),
      foreignKeys: foreignKeys(row.name, fks(row.name), p, spell, parent),
      exclusions: [],
      indexes: sortedByName(indexesOn(row.name.toLowerCase()).map((o) => index(o, modelColumns))),
      triggers: triggers(triggersOn(row.name.toLowerCase())),
      policies: [],
      attrs: attrList(row.strict === 1 && { kind: 'sqlite.strict' }, row.withoutRowid === 1 && { kind: 'sqlite.withoutRowid' }),
    };
  });

  const relations = [...tables.map((t) => t.name), ...viewRows.map((v) => v.name)];
  const views = viewRows.map((v) => view(v, triggers(triggersOn(v.name.toLowerCase())), relations));
  return realm([{ ...emptySchema(SOLE_SCHEMA), tables, views }]);
}

function virtualTable(row: TableRow): Table {
  return {
    schema: SOLE_SCHEMA, name: row.name, columns: [], uniques: [], checks: [], foreignKeys: [], exclusions: [], indexes: [], triggers: [], policies: [],
    attrs: attrList({ kind: 'sqlite.virtual', using: parseVirtualTable(row.sql ?? '') }),
  };
}

function column(c: ColumnRow, p: ParsedTable, rowid: boolean): Column {
  const own = p.columns.find((x) => x.name.toLowerCase() === c.name.toLowerCase());
  const generated = c.hidden === 2 || c.hidden === 3 ? own?.generated?.expr ?? '' : undefined;
  const collation = own?.collation === undefined ? undefined : collationName(own.collation);
  return {
    name: c.name,
    type: { sql: normalizeType(c.type) },
    nullable: !rowid && c.required === 0,
    default: generated === undefined ? normalizeDefault(c.dflt) : undefined,
    generated,
    collation: collation === 'BINARY' ? undefined : collation,
    attrs: attrList(
      own?.autoincrement === true && { kind: 'sqlite.autoincrement' },
      generated !== undefined && { kind: 'sqlite.generated', storage: c.hidden === 3 ? 'STORED' : 'VIRTUAL' },
    ),
  };
}

const sameColumns = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x.toLowerCase() === b[i].toLowerCase());

/** uniques: the unique constraints (auto-indexes of origin 'u'), named as declared or `<table>_<cols>_key`. */
function uniques(table: string, list: readonly IndexListRow[], cols: (k: string) => UniqueColumnRow[], p: ParsedTable): Unique[] {
  const declared = [...p.uniques];
  const used = new Set<string>();
  const out: Unique[] = [];
  // Auto-indexes are numbered in declaration order (sqlite_autoindex_<table>_<n>).
  const n = (name: string) => Number(/_(\d+)$/.exec(name)?.[1] ?? 0);
  for (const idx of list.filter((i) => i.origin === 'u').sort((a, b) => n(a.name) - n(b.name))) {
    const columns = cols(`${table}\0${idx.name}`).map((c) => c.name);
    const at = declared.findIndex((d) => sameColumns(d.columns, columns));
    const d = at >= 0 ? declared.splice(at, 1)[0] : undefined;
    const name = d?.name ?? uniqueName(table, columns, used);
    used.add(name);
    out.push({ name, columns, attrs: attrList(d?.onConflict !== undefined && { kind: 'sqlite.onConflict', action: d.onConflict }) });
  }
  return sortedByName(out);
}

function checks(table: string, p: ParsedTable): Check[] {
  const used = new Set<string>();
  return sortedByName(p.checks.map((c) => {
    const name = c.name ?? checkName(table, c.expr, used);
    used.add(name);
    return { name, expr: c.expr, attrs: [] };
  }));
}

const ACTIONS: readonly RefAction[] = ['NO ACTION', 'RESTRICT', 'CASCADE', 'SET NULL', 'SET DEFAULT'];
const action = (s: string): RefAction => ACTIONS.find((a) => a === s.toUpperCase()) ?? 'NO ACTION';

type Parent = (name: string) => { name: string; columns: string[]; spell: (c: string) => string };

function foreignKeys(table: string, rows: readonly FkRow[], p: ParsedTable, spell: (c: string) => string, parent: Parent): ForeignKey[] {
  const byId = new Map<number, FkRow[]>();
  for (const r of rows) (byId.get(r.id) ?? byId.set(r.id, []).get(r.id)!).push(r);
  // pragma_foreign_key_list numbers the last declared key 0: reversed, ids follow the declaration.
  const groups = [...byId.entries()].sort((a, b) => b[0] - a[0]).map(([, g]) => g.sort((a, b) => a.seq - b.seq));
  const declared = [...p.foreignKeys];
  const used = new Set<string>();
  const out: ForeignKey[] = [];
  for (const g of groups) {
    const columns = g.map((r) => spell(r.col));
    const ref = parent(g[0].refTable);
    const at = declared.findIndex((d) => sameColumns(d.columns, columns) && d.table.toLowerCase() === g[0].refTable.toLowerCase());
    const d = at >= 0 ? declared.splice(at, 1)[0] : undefined;
    const name = d?.name ?? foreignKeyName(table, columns, used);
    used.add(name);
    const refColumns = g.every((r) => r.refCol !== null) ? g.map((r) => ref.spell(r.refCol!)) : ref.columns;
    out.push({
      name, columns, refTable: { schema: SOLE_SCHEMA, name: ref.name }, refColumns,
      onUpdate: action(g[0].onUpdate), onDelete: action(g[0].onDelete), deferrable: d?.deferred ? 'deferred' : undefined, attrs: [],
    });
  }
  return sortedByName(out);
}

/**
 * index reads a CREATE INDEX. A key's COLLATE is kept only where it changes something: not the
 * column's own collation, and not BINARY on an expression (the default).
 */
function index(o: ObjectRow, cols: readonly Column[]): Index {
  const p = parseCreateIndex(o.sql);
  const declared = byLower(cols, (c) => c.name);
  const parts: IndexPart[] = p.parts.map((x) => {
    const col = x.column === undefined ? undefined : declared(x.column);
    const collation = x.collation === undefined ? undefined : collationName(x.collation);
    const redundant = collation === (x.column === undefined ? 'BINARY' : col?.collation ?? 'BINARY');
    return { column: x.column === undefined ? undefined : col?.name ?? x.column, expr: x.expr, desc: x.desc, collation: redundant ? undefined : collation, attrs: [] };
  });
  return { name: o.name, unique: p.unique, parts, method: 'btree', where: p.where, include: [], attrs: [] };
}

function triggers(rows: readonly ObjectRow[]): Trigger[] {
  return sortedByName(rows.map((r) => ({ name: r.name, def: normalize(r.sql) })));
}

function view(o: ObjectRow, viewTriggers: Trigger[], relations: readonly string[]): View {
  const p = parseCreateView(o.sql);
  const used = new Set(tokenize(p.query).filter((t) => t.kind !== 'op' && t.kind !== 'number').map((t) => identName(t).toLowerCase()));
  const deps = [...new Set(relations.filter((r) => r !== o.name && used.has(r.toLowerCase())))].sort().map((name) => ({ schema: SOLE_SCHEMA, name }));
  return {
    schema: SOLE_SCHEMA, name: o.name, materialized: false, def: p.query, deps, indexes: [], triggers: viewTriggers, columnComments: {},
    attrs: attrList(p.columns !== undefined && { kind: 'sqlite.viewColumns', columns: p.columns }),
  };
}
