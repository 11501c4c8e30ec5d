/**
 * `inspect --format ts` for MySQL/MariaDB: a realm written as a `cairn-migrate/dsl/mysql`
 * module. Every index, key and check is written with its name, and types, defaults and
 * expressions exactly as the inspector reports them, so that compiling the module on an empty
 * database inspects equal to the original. What the DSL has no builder for (invisible columns,
 * ignored indexes, ROW_FORMAT, NOT ENFORCED checks, foreign keys to another database) is written
 * as `statement()` DDL that runs after the rest.
 */
import type { Column, ForeignKey, Index, IndexPart, Realm, Table, View } from '../../schema/model.js';
import { attrOf, hasAttr, schemaAttrs } from './attrs.js';
import { capabilitiesOf, DEFAULT_SERVER, type MysqlCapabilities } from './capabilities.js';
import { checkClause, columnDef, foreignKeyClause, primaryKeyClause } from './plan-sql.js';
import { quoteIdent, tokens } from './sql-text.js';
import { dependencyOrder } from '../../plan/dependency-order.js';
import { constantNamer } from '../../dsl/core/source-names.js';

const str = (s: string) => JSON.stringify(s);
/** sqlOf writes a raw SQL fragment, as a tagged template when the text allows it. */
const sqlOf = (s: string) => (/[`\\]|\$\{/.test(s) ? `sql(${str(s)})` : `sql\`${s}\``);
const col = (name: string) => `t[${str(name)}]`;

/** The builder a type is written with, and what that builder's class offers. */
interface TypeSource { readonly code: string; readonly kind: 'int' | 'number' | 'string' | 'datetime' | 'plain' | 'any' }

/** enumValues reads the values of `enum('a','b')` / `set(...)`. */
function enumValues(list: string): string[] {
  return tokens(list).filter((t) => t.kind === 'string').map((t) => t.text.slice(1, -1).replace(/''/g, "'").replace(/\\(.)/g, '$1'));
}

function typeSource(sqlType: string): TypeSource {
  const t = sqlType;
  let m: RegExpExecArray | null;
  if (t === 'tinyint(1)') return { code: 'boolean()', kind: 'int' };
  if ((m = /^(tinyint|smallint|mediumint|int|bigint)(?:\((\d+)\))?( unsigned)?( zerofill)?$/.exec(t))) {
    return { code: `${m[1]}(${m[2] ?? ''})${m[4] ? '.zerofill()' : m[3] ? '.unsigned()' : ''}`, kind: 'int' };
  }
  if ((m = /^decimal\((\d+),(\d+)\)( unsigned)?( zerofill)?$/.exec(t))) return { code: `decimal(${m[1]}, ${m[2]})${m[4] ? '.zerofill()' : m[3] ? '.unsigned()' : ''}`, kind: 'number' };
  if ((m = /^(float|double)( unsigned)?$/.exec(t))) return { code: `${m[1]}()${m[2] ? '.unsigned()' : ''}`, kind: 'number' };
  if ((m = /^(var)?char\((\d+)\)$/.exec(t))) return { code: `${m[1] ? 'varchar' : 'char'}(${m[2]})`, kind: 'string' };
  if (/^(tiny|medium|long)?text$/.test(t)) return { code: `${t}()`, kind: 'string' };
  if ((m = /^(enum|set)\((.*)\)$/s.exec(t))) return { code: `${m[1] === 'enum' ? 'mysqlEnum' : 'mysqlSet'}([${enumValues(m[2]).map(str).join(', ')}])`, kind: 'string' };
  if ((m = /^(datetime|timestamp)(?:\((\d)\))?$/.exec(t))) return { code: `${m[1]}(${m[2] ?? ''})`, kind: 'datetime' };
  if ((m = /^(time)(?:\((\d)\))?$/.exec(t))) return { code: `time(${m[2] ?? ''})`, kind: 'plain' };
  if (/^(tiny|medium|long)?blob$|^date$|^year$|^json$/.test(t)) return { code: `${t}()`, kind: 'plain' };
  if ((m = /^(binary|varbinary|bit)\((\d+)\)$/.exec(t))) return { code: `${m[1]}(${m[2]})`, kind: 'plain' };
  return { code: `type(${str(t)})`, kind: 'any' };
}

/** columnSource writes a column builder; `pk` when it is the table's one-column primary key. */
function columnSource(c: Column, pk: boolean): string {
  let t = typeSource(c.type.sql);
  const ai = hasAttr(c.attrs, 'mysql.autoIncrement');
  const onUpdate = attrOf(c.attrs, 'mysql.onUpdate');
  // A method the type's builder lacks: spell the type out, whose builder has every option.
  if ((c.collation && t.kind !== 'string') || (ai && t.kind !== 'int') || (onUpdate && t.kind !== 'datetime')) t = { code: `type(${str(c.type.sql)})`, kind: 'any' };
  let s = t.code;
  if (c.collation) s += `.collate(${str(c.collation)})`;
  if (c.generated !== undefined) s += `.generatedAs(${sqlOf(c.generated)}, ${str(attrOf(c.attrs, 'mysql.generated')?.storage === 'STORED' ? 'stored' : 'virtual')})`;
  if (ai) s += '.autoIncrement()';
  if (pk) s += '.primaryKey()';
  else if (!c.nullable) s += '.notNull()';
  if (c.default !== undefined) s += `.default(${sqlOf(c.default)})`;
  if (onUpdate) s += '.onUpdateNow()';
  if (c.comment !== undefined) s += `.comment(${str(c.comment)})`;
  const check = attrOf(c.attrs, 'mysql.columnCheck');
  if (check) s += `.check(${sqlOf(check.expr)})`;
  return s;
}

function partSource(p: IndexPart): string {
  const key = p.column !== undefined ? col(p.column) : sqlOf(p.expr ?? '');
  const prefix = attrOf(p.attrs, 'mysql.prefix');
  if (!p.desc && !prefix) return key;
  return `{ ${[`key: ${key}`, p.desc && 'desc: true', prefix && `length: ${prefix.length}`].filter(Boolean).join(', ')} }`;
}

function indexSource(i: Index): string {
  let s = `index(${str(i.name)}).on(${i.parts.map(partSource).join(', ')})`;
  if (i.unique) s += '.unique()';
  if (i.method === 'fulltext') s += '.fulltext()';
  else if (i.method === 'spatial') s += '.spatial()';
  else if (i.method === 'hash') s += `.using('hash')`;
  if (i.comment !== undefined) s += `.comment(${str(i.comment)})`;
  return s;
}


const BUILDERS = ['bigint', 'binary', 'bit', 'blob', 'boolean', 'char', 'check', 'date', 'datetime', 'decimal', 'double', 'float', 'foreignKey', 'index', 'int', 'json',
  'longblob', 'longtext', 'mediumblob', 'mediumint', 'mediumtext', 'mysqlEnum', 'mysqlSet', 'primaryKey', 'smallint', 'sql', 'statement', 'table', 'text', 'time', 'timestamp',
  'tinyblob', 'tinyint', 'tinytext', 'trigger', 'type', 'varbinary', 'varchar', 'view', 'year'];
const RESERVED = new Set([...BUILDERS, 't', 'c', 'default', 'function', 'new', 'delete', 'class', 'enum', 'import', 'export', 'var', 'let', 'const', 'in', 'extras', 'prefix', 'unique']);

/** generateDsl writes a realm as a `cairn-migrate/dsl/mysql` module. */
export function generateDsl(realm: Realm): string {
  const name = constantNamer(RESERVED);
  const schema = realm.schemas[0];
  const server = attrOf(schemaAttrs(schema), 'mysql.server');
  const caps = capabilitiesOf(server ? { flavor: server.flavor, version: server.version.split('.').map(Number) as unknown as [number, number, number] } : DEFAULT_SERVER);
  const tables = schema?.tables ?? [];
  const tableVar = (t: string) => name(`t:${t}`, t);
  tables.forEach((t) => tableVar(t.name));
  const out: string[] = [];
  const statements: string[] = [];
  for (const t of tables) out.push(tableSource(t, tableVar, tables, statements, caps));
  for (const v of dependencyOrder(schema?.views ?? [], (v) => v.name, (v) => v.deps.map((d) => d.name))) out.push(viewSource(v, name));
  for (const t of tables) for (const tr of t.triggers) out.push(`export const ${name(`r:${tr.name}`, tr.name)} = trigger(${sqlOf(tr.def)});`);
  const body = [...out];
  if (statements.length) body.push(`export const extras = [\n${statements.map((s) => `  statement(${sqlOf(s)}),`).join('\n')}\n];`);
  // Module namespaces sort exports by name; the default export keeps the order written.
  const names = out.map((l) => /^export const (\S+) =/.exec(l)?.[1]).filter((n): n is string => n !== undefined);
  body.push(`export default [${[...names, ...(statements.length ? ['...extras'] : [])].join(', ')}];`);
  const imports = BUILDERS.filter((i) => body.some((l) => new RegExp(`\\b${i}[(\`]`).test(l)));
  return `// Generated by \`cairn inspect --format ts\`.\nimport { ${imports.join(', ')} } from 'cairn-migrate/dsl/mysql';\n\n${body.join('\n\n')}\n`;
}

function tableSource(t: Table, tableVar: (n: string) => string, tables: readonly Table[], statements: string[], caps: MysqlCapabilities): string {
  // The DSL's primary key takes columns only: one with prefix lengths is added by a statement.
  const pkPrefixed = t.primaryKey !== undefined && hasAttr(t.primaryKey.attrs, 'mysql.keyPrefixes');
  const pkColumn = t.primaryKey?.columns.length === 1 && !pkPrefixed ? t.primaryKey.columns[0] : undefined;
  const cols = t.columns.map((c) => `  ${str(c.name)}: ${columnSource(c, c.name === pkColumn)},`);
  const extras: string[] = [];
  if (t.primaryKey && pkPrefixed) statements.push(`ALTER TABLE ${quoteIdent(t.name)} ADD ${primaryKeyClause(t.primaryKey)}`);
  else if (t.primaryKey && pkColumn === undefined) extras.push(`primaryKey().on(${t.primaryKey.columns.map(col).join(', ')})`);
  for (const i of t.indexes) extras.push(indexSource(i));
  for (const c of t.checks) {
    if (hasAttr(c.attrs, 'mysql.notEnforced')) statements.push(`ALTER TABLE ${quoteIdent(t.name)} ADD ${checkClause(c)}`);
    else extras.push(`check(${str(c.name)}, ${sqlOf(c.expr)})`);
  }
  for (const fk of t.foreignKeys) {
    const target = fk.refTable.schema === t.schema ? tables.find((x) => x.name === fk.refTable.name) : undefined;
    if (target) extras.push(foreignKeySource(fk, tableVar(target.name)));
    else statements.push(`ALTER TABLE ${quoteIdent(t.name)} ADD ${foreignKeyClause(fk)}`);
  }
  for (const c of t.columns.filter((x) => hasAttr(x.attrs, 'mysql.invisible'))) statements.push(`ALTER TABLE ${quoteIdent(t.name)} MODIFY COLUMN ${columnDef(c)}`);
  for (const i of t.indexes.filter((x) => hasAttr(x.attrs, 'mysql.ignored'))) {
    if (caps.ignoredIndexes) statements.push(`ALTER TABLE ${quoteIdent(t.name)} ALTER INDEX ${quoteIdent(i.name)} ${caps.ignoredIndexes}`);
  }
  const rowFormat = attrOf(t.attrs, 'mysql.rowFormat');
  if (rowFormat) statements.push(`ALTER TABLE ${quoteIdent(t.name)} ROW_FORMAT=${rowFormat.format}`);
  const engine = attrOf(t.attrs, 'mysql.engine');
  const cs = attrOf(t.attrs, 'mysql.charset');
  const opts = [engine && `engine: ${str(engine.engine)}`, cs && `charset: ${str(cs.charset)}, collate: ${str(cs.collation)}`, t.comment !== undefined && `comment: ${str(t.comment)}`].filter(Boolean);
  const extrasFn = extras.length ? `(t) => [\n  ${extras.join(',\n  ')},\n]` : 'undefined';
  const args = [str(t.name), `{\n${cols.join('\n')}\n}`, ...(extras.length || opts.length ? [extrasFn] : []), ...(opts.length ? [`{ ${opts.join(', ')} }`] : [])];
  return `export const ${tableVar(t.name)} = table(${args.join(', ')});`;
}

function foreignKeySource(fk: ForeignKey, target: string): string {
  let s = `foreignKey(${str(fk.name)}).on(${fk.columns.map(col).join(', ')}).references(() => [${fk.refColumns.map((c) => `${target}.c[${str(c)}]`).join(', ')}])`;
  if (fk.onDelete !== 'NO ACTION') s += `.onDelete(${str(fk.onDelete)})`;
  if (fk.onUpdate !== 'NO ACTION') s += `.onUpdate(${str(fk.onUpdate)})`;
  return s;
}

function viewSource(v: View, name: (key: string, wanted: string) => string): string {
  const algorithm = attrOf(v.attrs, 'mysql.algorithm');
  const security = attrOf(v.attrs, 'mysql.security');
  const check = attrOf(v.attrs, 'mysql.checkOption');
  const opts = [algorithm && `algorithm: ${str(algorithm.algorithm)}`, security && `security: ${str(security.security)}`, check && `checkOption: ${str(check.option)}`].filter(Boolean);
  return `export const ${name(`v:${v.name}`, v.name)} = view(${str(v.name)}, ${sqlOf(v.def)}${opts.length ? `, { ${opts.join(', ')} }` : ''});`;
}

