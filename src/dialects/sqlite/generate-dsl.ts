/**
 * `cairn inspect --format ts` for SQLite: the realm as a `cairn-migrate/dsl/sqlite` module.
 * Types, defaults and expressions are written exactly as the model keeps them, and every name
 * the inspector would not give by itself is written out, so that compiling the module on an
 * empty database inspects equal to the original. What the DSL cannot say (a virtual table, ON
 * CONFLICT clauses, DEFERRABLE foreign keys, a foreign key to a table outside the database, a
 * view's column list) is written as raw DDL with `statement()`, which compiles to the same.
 */
import type { Column, ForeignKey, Index, IndexPart, Realm, Table, View } from '../../schema/model.js';
import { dependencyOrder } from '../../plan/dependency-order.js';
import { attrOf, hasAttr } from './attrs.js';
import { isGeneratedName } from './constraints.js';
import { createIndexSql, createTableSql, createViewSql, rowidColumn } from './plan-sql.js';
import { constantNamer } from '../../dsl/core/source-names.js';

const str = (s: string): string => JSON.stringify(s);
/** sqlOf writes a raw SQL fragment, as a tagged template when the text allows it. */
const sqlOf = (s: string): string => (/[`\\]|\$\{/.test(s) ? `sql(${str(s)})` : `sql\`${s}\``);

const TYPES: Readonly<Record<string, string>> = { INTEGER: 'integer()', REAL: 'real()', TEXT: 'text()', BLOB: 'blob()', NUMERIC: 'numeric()', ANY: 'any()' };

const RESERVED = new Set(['default', 'function', 'new', 'delete', 'class', 'enum', 'import', 'export', 'var', 'let', 'const', 'in', 'sql', 'table', 'type', 'index',
  'view', 'check', 'unique', 'trigger', 'statement', 'integer', 'real', 'text', 'blob', 'numeric', 'any', 'primaryKey', 'foreignKey', 'do', 'if', 'for', 'while', 'return', 'this']);


/** What the DSL's builders cannot say about a table: it is then written as raw DDL. */
function needsRawDdl(t: Table, tables: ReadonlySet<string>): boolean {
  if (hasAttr(t.attrs, 'sqlite.virtual')) return true;
  if (t.primaryKey && hasAttr(t.primaryKey.attrs, 'sqlite.onConflict')) return true;
  if (t.uniques.some((u) => hasAttr(u.attrs, 'sqlite.onConflict'))) return true;
  const autoincrement = t.columns.some((c) => hasAttr(c.attrs, 'sqlite.autoincrement'));
  if (autoincrement && t.primaryKey && !isGeneratedName(t.name, 'primaryKey', t.primaryKey)) return true;
  return t.foreignKeys.some((f) => f.deferrable !== undefined || f.refColumns.length === 0 || !tables.has(f.refTable.name));
}

/** The column's builder chain. `inlineKey`: the table's single-column key, declared on the column. */
function columnSource(c: Column, t: Table, inlineKey: boolean): string {
  let s = TYPES[c.type.sql] ?? `type(${str(c.type.sql)})`;
  if (inlineKey) {
    s += '.primaryKey()';
    if (hasAttr(c.attrs, 'sqlite.autoincrement')) s += '.autoIncrement()';
    // primaryKey() implies NOT NULL; SQLite's key alone does not (the rowid aside).
    if (c.nullable && rowidColumn(t) !== c) s += '.nullable()';
  } else if (!c.nullable) s += '.notNull()';
  if (c.default !== undefined) s += `.default(${sqlOf(c.default)})`;
  if (c.collation !== undefined) s += `.collate(${str(c.collation)})`;
  if (c.generated !== undefined) s += `.generatedAs(${sqlOf(c.generated)}, ${str(attrOf(c.attrs, 'sqlite.generated')?.storage === 'STORED' ? 'stored' : 'virtual')})`;
  return s;
}

const key = (s: string): string => (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(s) ? s : str(s));
const col = (name: string): string => (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? `t.${name}` : `t[${str(name)}]`);

function partSource(p: IndexPart): string {
  const k = p.column !== undefined ? col(p.column) : sqlOf(p.expr ?? '');
  if (!p.desc && p.collation === undefined) return k;
  return `{ ${[`key: ${k}`, p.desc && 'desc: true', p.collation !== undefined && `collate: ${str(p.collation)}`].filter(Boolean).join(', ')} }`;
}

function indexSource(i: Index): string {
  let s = `index(${str(i.name)}).on(${i.parts.map(partSource).join(', ')})`;
  if (i.unique) s += '.unique()';
  if (i.where !== undefined) s += `.where(${sqlOf(i.where)})`;
  return s;
}

/** generateDsl writes a realm as a `cairn-migrate/dsl/sqlite` module. */
export function generateDsl(realm: Realm): string {
  const name = constantNamer(RESERVED);
  const schema = realm.schemas[0];
  const tables = schema?.tables ?? [];
  const known = new Set(tables.map((t) => t.name));
  const tableVar = (t: string) => name(`t:${t}`, t);
  tables.forEach((t) => tableVar(t.name));
  const out: string[] = [];
  const raw: string[] = [];
  const triggers: string[] = [];

  const fkSource = (t: Table, f: ForeignKey) => {
    const named = isGeneratedName(t.name, 'foreignKey', f) ? '' : str(f.name);
    let s = `foreignKey(${named}).on(${f.columns.map(col).join(', ')}).references(() => [${f.refColumns.map((c) => `${tableVar(f.refTable.name)}.c${/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(c) ? `.${c}` : `[${str(c)}]`}`).join(', ')}])`;
    if (f.onDelete !== 'NO ACTION') s += `.onDelete(${str(f.onDelete)})`;
    if (f.onUpdate !== 'NO ACTION') s += `.onUpdate(${str(f.onUpdate)})`;
    return s;
  };

  for (const t of tables) {
    if (needsRawDdl(t, known)) {
      raw.push(createTableSql(t), ...t.indexes.map((i) => createIndexSql(i, t.name)));
      triggers.push(...t.triggers.map((x) => x.def));
      continue;
    }
    const pk = t.primaryKey;
    const inline = pk?.columns.length === 1 && (isGeneratedName(t.name, 'primaryKey', pk) || t.columns.some((c) => hasAttr(c.attrs, 'sqlite.autoincrement'))) ? pk.columns[0] : undefined;
    const columns = t.columns.map((c) => `  ${key(c.name)}: ${columnSource(c, t, c.name === inline)},`);
    const extras: string[] = [];
    if (pk && inline === undefined) {
      extras.push(`primaryKey(${isGeneratedName(t.name, 'primaryKey', pk) ? '' : str(pk.name)}).on(${pk.columns.map(col).join(', ')})`);
      // A key's columns are NOT NULL through primaryKey() on the column only; here each says so itself.
    }
    for (const u of t.uniques) extras.push(`unique(${isGeneratedName(t.name, 'unique', u) ? '' : str(u.name)}).on(${u.columns.map(col).join(', ')})`);
    for (const c of t.checks) extras.push(isGeneratedName(t.name, 'check', c) ? `check(${sqlOf(c.expr)})` : `check(${str(c.name)}, ${sqlOf(c.expr)})`);
    for (const f of t.foreignKeys) extras.push(fkSource(t, f));
    for (const i of t.indexes) extras.push(indexSource(i));
    const options = [hasAttr(t.attrs, 'sqlite.strict') && 'strict: true', hasAttr(t.attrs, 'sqlite.withoutRowid') && 'withoutRowid: true'].filter(Boolean);
    const args = [str(t.name), `{\n${columns.join('\n')}\n}`];
    if (extras.length || options.length) args.push(extras.length ? `(t) => [\n${extras.map((e) => `  ${e},`).join('\n')}\n]` : 'undefined');
    if (options.length) args.push(`{ ${options.join(', ')} }`);
    out.push(`export const ${tableVar(t.name)} = table(${args.join(', ')});`);
    triggers.push(...t.triggers.map((x) => x.def));
  }
  const views = dependencyOrder(schema?.views ?? [], (v) => v.name, (v) => v.deps.map((d) => d.name));
  for (const v of views) {
    if (attrOf(v.attrs, 'sqlite.viewColumns')) raw.push(createViewSql(v));
    else out.push(`export const ${name(`v:${v.name}`, v.name)} = view(${str(v.name)}, ${sqlOf(v.def)});`);
    triggers.push(...viewTriggers(v));
  }
  const body = [...out];
  if (raw.length) body.push(`export const statements = [\n${raw.map((s) => `  statement(${sqlOf(s)}),`).join('\n')}\n];`);
  if (triggers.length) body.push(`export const triggers = [\n${triggers.map((s) => `  trigger(${sqlOf(s)}),`).join('\n')}\n];`);
  // Module namespaces sort exports by name; the default export keeps dependency order.
  const names = out.map((l) => /^export const (\S+) =/.exec(l)?.[1]).filter((n): n is string => n !== undefined);
  body.push(`export default [${[...names, ...(raw.length ? ['...statements'] : []), ...(triggers.length ? ['...triggers'] : [])].join(', ')}];`);
  const imports = ['any', 'blob', 'check', 'foreignKey', 'index', 'integer', 'numeric', 'primaryKey', 'real', 'sql', 'statement', 'table', 'text', 'trigger', 'type', 'unique', 'view']
    // A builder is called bare (`check(`), not as a method (`.primaryKey(`).
    .filter((i) => body.some((l) => new RegExp(`(?<![.\\w$])${i}[(\`]`).test(l)));
  return `// Generated by \`cairn inspect --format ts\`.\nimport { ${imports.join(', ')} } from 'cairn-migrate/dsl/sqlite';\n\n${body.join('\n\n')}\n`;
}

const viewTriggers = (v: View): string[] => v.triggers.map((t) => t.def);
