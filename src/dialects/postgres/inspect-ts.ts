/**
 * `inspect --format ts`: writes an existing database as DSL source. Every constraint and index
 * is written with its name, and types, defaults and expressions exactly as the catalog deparses
 * them, so that compiling the output on an empty database inspects equal to the original.
 */
import type { Column, Index, IndexPart, Policy, Realm, Table, View, Trigger } from '../../schema/model.js';
import { createComposite, addDomainCheck, createDomain, separateCheck } from './plan-objects.js';
import { createCollation, createTextSearchConfigSql } from './plan-collations.js';
import { orderFunctions } from './plan-functions.js';
import { commentOn } from './plan-comments.js';
import { createIndex, q, quoteIdent } from './plan-sql.js';
import { firingSql } from './plan-table.js';
import { attr, hasAttr, identityClauses, SERIAL_TYPES } from './schema-types.js';
import { CairnError } from '../../errors.js';
import { constantNamer } from '../../dsl/core/source-names.js';

const str = (s: string) => JSON.stringify(s);
/** sqlOf writes a raw SQL fragment, as a tagged template when the text allows it. */
const sqlOf = (s: string) => (/[`\\]|\$\{/.test(s) ? `sql(${str(s)})` : `sql\`${s}\``);

const SIMPLE_TYPES: Record<string, string> = {
  smallint: 'smallint()', integer: 'integer()', bigint: 'bigint()', real: 'real()', 'double precision': 'doublePrecision()',
  numeric: 'numeric()', boolean: 'boolean()', text: 'text()', 'character varying': 'varchar()', bytea: 'bytea()', date: 'date()',
  'timestamp without time zone': 'timestamp()', 'timestamp with time zone': 'timestamptz()', interval: 'interval()', uuid: 'uuid()',
  json: 'json()', jsonb: 'jsonb()', inet: 'inet()', cidr: 'cidr()', macaddr: 'macaddr()', tsvector: 'tsvector()', xml: 'xml()',
};

function typeBuilder(c: Column): string {
  if (hasAttr(c.attrs, 'pg.serial')) return `${SERIAL_TYPES[c.type.sql].serial}()`;
  const t = c.type.sql;
  if (SIMPLE_TYPES[t]) return SIMPLE_TYPES[t];
  const m = /^(character varying|numeric|character)\((\d+(?:,\d+)?)\)$/.exec(t);
  if (m) return `${m[1] === 'character varying' ? 'varchar' : m[1] === 'character' ? 'char' : 'numeric'}(${m[2].replace(',', ', ')})`;
  return `type(${str(t)})`;
}

function columnSource(c: Column): string {
  let s = typeBuilder(c);
  const identity = attr(c.attrs, 'pg.identity');
  if (c.collation) s += `.collate(${str(c.collation)})`;
  if (!c.nullable && !identity && !hasAttr(c.attrs, 'pg.serial')) s += '.notNull()';
  if (c.default !== undefined) s += `.default(${sqlOf(c.default)})`;
  if (c.generated !== undefined) s += `.generatedAs(${sqlOf(c.generated)}${hasAttr(c.attrs, 'pg.virtual') ? ", 'virtual'" : ''})`;
  const idOpts = identity && identityClauses(identity.options);
  if (identity) s += `.identity(${str(identity.always ? 'always' : 'by default')}${idOpts?.length ? `, ${str(idOpts.join(' '))}` : ''})`;
  if (c.comment !== undefined) s += `.comment(${str(c.comment)})`;
  return s;
}


/** Names a generated constant may not take: keywords and the builders the module imports. */
const RESERVED = new Set(['default', 'function', 'new', 'delete', 'class', 'enum', 'import', 'export', 'var', 'let', 'const', 'in', 'sql', 'table', 'type', 'index', 'view', 'check', 'unique', 'schema', 'policy', 'partition']);

/** generateDsl writes a realm as a DSL module. */
export function generateDsl(realm: Realm): string {
  const name = constantNamer(RESERVED);
  const tableVar = (schema: string, table: string) => name(`t:${schema}.${table}`, schema === 'public' ? table : `${schema}_${table}`);
  const out: string[] = [];
  const statements: string[] = [];
  // Collations and text search configurations go first: columns, domains and expressions name them.
  const early: string[] = [];
  const commentOnce = (on: Parameters<typeof commentOn>[0], text: string | undefined) => {
    if (text !== undefined) statements.push(`COMMENT ON ${commentOn(on)} IS ${literal(text)}`);
  };
  const schemaOpt = (s: string) => (s === 'public' ? '' : `schema: ${str(s)}`);
  const opts = (...parts: (string | false | undefined)[]) => {
    const p = parts.filter(Boolean);
    return p.length ? `{ ${p.join(', ')} }` : '';
  };
  const args = (...xs: string[]) => xs.filter((x) => x !== '').join(', ');

  const tableKeys = new Set(realm.schemas.flatMap((s) => s.tables.map((t) => `${t.schema}.${t.name}`)));
  const inRealm = (r: { schema: string; name: string }) => tableKeys.has(`${r.schema}.${r.name}`);
  const writeTable = partitionsAfterParents(realm, (t) => out.push(tableSource(t, tableVar, statements, inRealm)));
  for (const e of realm.extensions) out.push(`export const ${name(`x:${e.name}`, `${e.name}Extension`)} = extension(${str(e.name)}, { schema: ${str(e.schema)}${e.version ? `, version: ${str(e.version)}` : ''} });`);
  for (const s of realm.schemas) {
    // public exists in every database, with a stock comment that is set (or cleared) explicitly.
    if (s.name === 'public') statements.push(`COMMENT ON SCHEMA ${quoteIdent(s.name)} IS ${s.comment === undefined ? 'NULL' : literal(s.comment)}`);
    else out.push(`export const ${name(`n:${s.name}`, `${s.name}Schema`)} = schema(${args(str(s.name), opts(s.comment !== undefined && `comment: ${str(s.comment)}`))});`);
    for (const c of s.collations) {
      early.push(createCollation(c));
      commentOnce({ on: 'collation', ref: c }, c.comment);
    }
    for (const c of s.textSearchConfigs) {
      early.push(...createTextSearchConfigSql(c));
      commentOnce({ on: 'text search configuration', ref: c }, c.comment);
    }
    for (const e of s.enums) out.push(`export const ${name(`e:${s.name}.${e.name}`, e.name)} = enumType(${args(str(e.name), `[${e.values.map(str).join(', ')}]`, opts(schemaOpt(s.name), e.comment !== undefined && `comment: ${str(e.comment)}`))});`);
    for (const d of s.domains) {
      statements.unshift(createDomain(d));
      for (const c of d.checks.filter(separateCheck)) statements.push(addDomainCheck(d, c));
    }
    for (const c of s.composites) {
      statements.unshift(createComposite(c));
      if (c.comment !== undefined) statements.push(`COMMENT ON TYPE ${q(c)} IS ${literal(c.comment)}`);
    }
    for (const q2 of s.sequences) {
      out.push(`export const ${name(`s:${s.name}.${q2.name}`, q2.name)} = sequence(${args(str(q2.name), str(`AS ${q2.type} INCREMENT BY ${q2.increment} MINVALUE ${q2.min} MAXVALUE ${q2.max} START WITH ${q2.start} CACHE ${q2.cache} ${q2.cycle ? 'CYCLE' : 'NO CYCLE'}`), opts(schemaOpt(s.name), q2.comment !== undefined && `comment: ${str(q2.comment)}`))});`);
      if (q2.ownedBy) statements.push(`ALTER SEQUENCE ${q(q2)} OWNED BY ${q({ schema: s.name, name: q2.ownedBy.table })}.${quoteIdent(q2.ownedBy.column)}`);
    }
    for (const f of orderFunctions(s.functions, realm)) {
      const late = f.deps.some((d) => d.kind === 'relation');
      out.push(`export const ${name(`f:${s.name}.${f.name}(${f.args})`, f.name)} = fn(${sqlOf(f.def)}${late ? ', { afterTables: true }' : ''});`);
      if (f.comment !== undefined) statements.push(`COMMENT ON ${commentOn({ on: f.kind, ref: f, args: f.args })} IS ${literal(f.comment)}`);
    }
    // Aggregates have no DSL builder; their support functions are fn() constants created before.
    for (const a of s.aggregates) {
      statements.push(a.def);
      commentOnce({ on: 'aggregate', ref: a, args: a.args }, a.comment);
    }
    for (const t of s.tables) writeTable(t);
    for (const v of orderViews(s.views)) out.push(viewSource(v, name, statements));
  }
  const body = [...out];
  statements.unshift(...early);
  if (statements.length) body.push(`export const extras = [\n${statements.map((s) => `  statement(${sqlOf(s)}),`).join('\n')}\n];`);
  // Module namespaces sort exports by name; the default export keeps dependency order.
  const names = out.map((l) => /^export const (\S+) =/.exec(l)?.[1]).filter((n): n is string => n !== undefined);
  body.push(`export default [${[...names, ...(statements.length ? ['...extras'] : [])].join(', ')}];`);
  // Imports are read off everything written, extras included (their SQL is a sql`` template).
  const imports = ['bigint', 'bigserial', 'boolean', 'bytea', 'char', 'check', 'cidr', 'date', 'doublePrecision', 'enumType', 'extension', 'fn', 'foreignKey', 'index', 'inet', 'integer', 'interval', 'json', 'jsonb',
    'macaddr', 'materializedView', 'numeric', 'partition', 'policy', 'primaryKey', 'real', 'schema', 'sequence', 'serial', 'smallint', 'smallserial', 'sql', 'statement', 'table', 'text', 'timestamp', 'timestamptz', 'trigger', 'tsvector', 'type', 'unique', 'uuid', 'varchar', 'view', 'xml']
    .filter((i) => body.some((l) => new RegExp(`\\b${i}[(\`]`).test(l)));
  return `// Generated by \`cairn inspect --format ts\`.\nimport { ${imports.join(', ')} } from 'cairn-migrate/dsl';\n\n${body.join('\n\n')}\n`;
}

const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;

function partSource(p: IndexPart): string {
  const key = p.column !== undefined ? `t[${str(p.column)}]` : sqlOf(p.expr ?? '');
  const opclass = attr(p.attrs, 'pg.opclass');
  if (!p.desc && p.nullsFirst === undefined && !opclass && !p.collation) return key;
  const fields = [`key: ${key}`, p.collation && `collate: ${str(p.collation)}`, p.desc && 'desc: true', p.nullsFirst !== undefined && `nulls: ${str(p.nullsFirst ? 'first' : 'last')}`, opclass && `opclass: ${str(opclass.name)}`];
  return `{ ${fields.filter(Boolean).join(', ')} }`;
}

function indexSource(i: Index): string {
  let s = `index(${str(i.name)}).on(${i.parts.map(partSource).join(', ')})`;
  if (i.unique) s += '.unique()';
  if (i.method !== 'btree') s += `.using(${str(i.method)})`;
  if (i.include.length) s += `.include(${i.include.map((c) => `t[${str(c)}]`).join(', ')})`;
  if (hasAttr(i.attrs, 'pg.nullsNotDistinct')) s += '.nullsNotDistinct()';
  const w = attr(i.attrs, 'pg.with');
  if (w) s += `.with(${w.options.map(str).join(', ')})`;
  if (i.where !== undefined) s += `.where(${sqlOf(i.where)})`;
  if (i.comment !== undefined) s += `.comment(${str(i.comment)})`;
  return s;
}

function policySource(p: Policy): string {
  let s = `policy(${str(p.name)})`;
  if (p.command !== 'ALL') s += `.for(${str(p.command)})`;
  if (!(p.roles.length === 1 && p.roles[0] === 'public')) s += `.to(${p.roles.map(str).join(', ')})`;
  if (!p.permissive) s += '.restrictive()';
  if (p.using !== undefined) s += `.using(${sqlOf(p.using)})`;
  if (p.withCheck !== undefined) s += `.withCheck(${sqlOf(p.withCheck)})`;
  if (p.comment !== undefined) s += `.comment(${str(p.comment)})`;
  return s;
}

/**
 * partitionsAfterParents returns a writer that holds a partition (or a table that inherits)
 * back until its parents are written, since its source names the parents' constants (which
 * may be in a schema written later). A partition's parent outside the realm has no constant to
 * name; an inheritance parent outside it is named by its qualified name instead.
 */
function partitionsAfterParents(realm: Realm, write: (t: Table) => void): (t: Table) => void {
  const key = (r: { schema: string; name: string }) => `${r.schema}.${r.name}`;
  const inRealm = new Set(realm.schemas.flatMap((s) => s.tables.map(key)));
  const written = new Set<string>();
  const waiting: Table[] = [];
  const pending = (t: Table) => [
    ...(t.partitionOf ? [key(t.partitionOf.parent)] : []),
    ...(t.inherits ?? []).map(key).filter((k) => inRealm.has(k)),
  ].filter((k) => !written.has(k));
  const emit = (t: Table) => {
    write(t);
    written.add(key(t));
    for (const w of [...waiting]) {
      if (waiting.includes(w) && pending(w).length === 0) {
        waiting.splice(waiting.indexOf(w), 1);
        emit(w);
      }
    }
  };
  return (t) => {
    const parent = t.partitionOf && key(t.partitionOf.parent);
    if (parent !== undefined && !inRealm.has(parent)) {
      throw new CairnError('SCHEMA', `partition ${key(t)} cannot be written as DSL: its parent ${parent} is not in the inspected schemas`, { hint: 'inspect the parent\'s schema too (--schema)' });
    }
    if (pending(t).length === 0) return emit(t);
    waiting.push(t);
  };
}

function tableSource(t: Table, tableVar: (s: string, n: string) => string, statements: string[], inRealm: (r: { schema: string; name: string }) => boolean): string {
  const cols = t.columns.map((c) => `  ${str(c.name)}: ${columnSource(c)},`);
  const extras: string[] = [];
  // The DSL has no replica identity option: a statement run after everything carries it.
  const identity = attr(t.attrs, 'pg.replicaIdentity')?.identity;
  if (identity) statements.push(`ALTER TABLE ${q(t)} REPLICA IDENTITY ${identity}`);
  const c = (names: readonly string[]) => names.map((n) => `t[${str(n)}]`).join(', ');
  const defer = (d?: string) => (d ? `.deferrable(${str(d)})` : '');
  const cmt = (x?: string) => (x !== undefined ? `.comment(${str(x)})` : '');
  const inc = (attrs: Table['attrs']) => {
    const i = attr(attrs, 'pg.include');
    return i ? `.include(${c(i.columns)})` : '';
  };
  if (t.primaryKey) extras.push(`primaryKey(${str(t.primaryKey.name)}).on(${c(t.primaryKey.columns)})${inc(t.primaryKey.attrs)}${defer(t.primaryKey.deferrable)}`);
  for (const u of t.uniques) extras.push(`unique(${str(u.name)}).on(${c(u.columns)})${inc(u.attrs)}${hasAttr(u.attrs, 'pg.nullsNotDistinct') ? '.nullsNotDistinct()' : ''}${defer(u.deferrable)}${cmt(u.comment)}`);
  for (const k of t.checks) {
    extras.push(`check(${str(k.name)}, ${sqlOf(k.expr)})${hasAttr(k.attrs, 'pg.notValid') ? '.notValid()' : ''}${cmt(k.comment)}`);
  }
  for (const f of t.foreignKeys) {
    const ref = `() => [${f.refColumns.map((rc) => `${tableVar(f.refTable.schema, f.refTable.name)}.c[${str(rc)}]`).join(', ')}]`;
    extras.push(`foreignKey(${str(f.name)}).columns(${c(f.columns)}).references(${ref})` +
      (f.onUpdate !== 'NO ACTION' ? `.onUpdate(${str(f.onUpdate)})` : '') + (f.onDelete !== 'NO ACTION' ? `.onDelete(${str(f.onDelete)})` : '') +
      (hasAttr(f.attrs, 'pg.matchFull') ? '.matchFull()' : '') + defer(f.deferrable) + (hasAttr(f.attrs, 'pg.notValid') ? '.notValid()' : '') + cmt(f.comment));
  }
  for (const i of t.indexes) extras.push(indexSource(i));
  for (const p of t.policies) extras.push(policySource(p));
  for (const x of t.exclusions) {
    statements.push(`ALTER TABLE ${q(t)} ADD CONSTRAINT ${quoteIdent(x.name)} ${x.def}`);
    if (x.comment !== undefined) statements.push(`COMMENT ON ${commentOn({ on: 'constraint', ref: t, name: x.name })} IS ${literal(x.comment)}`);
  }
  for (const tr of t.triggers) statements.push(...triggerStatements(t, tr));
  const w = attr(t.attrs, 'pg.with');
  if (w) statements.push(`ALTER TABLE ${q(t)} SET (${w.options.join(', ')})`);
  // A partition is in its parent's schema unless told otherwise; a table, in public.
  const schemaDefault = t.partitionOf ? t.partitionOf.parent.schema : 'public';
  // A parent in the written realm is named by its constant (written before), else by its qualified name.
  const parentRef = (p: { schema: string; name: string }) => (inRealm(p) ? tableVar(p.schema, p.name) : str(`${p.schema}.${p.name}`));
  const options = [t.schema !== schemaDefault && `schema: ${str(t.schema)}`, t.comment !== undefined && `comment: ${str(t.comment)}`, hasAttr(t.attrs, 'pg.unlogged') && 'unlogged: true',
    t.rowSecurity?.enabled && 'rls: true', t.rowSecurity?.forced && 'forceRls: true', t.partitionBy !== undefined && `partitionBy: ${str(t.partitionBy)}`,
    t.inherits?.length && `inherits: [${t.inherits.map(parentRef).join(', ')}]`].filter(Boolean);
  const extraFn = extras.length ? `(t) => [\n  ${extras.join(',\n  ')},\n]` : options.length ? 'undefined' : '';
  const tail = [extraFn, options.length ? `{ ${options.join(', ')} }` : ''].filter(Boolean).join(', ');
  const head = t.partitionOf
    ? `partition(${str(t.name)}, ${tableVar(t.partitionOf.parent.schema, t.partitionOf.parent.name)}, ${str(t.partitionOf.bound)}`
    : `table(${str(t.name)}, {\n${cols.join('\n')}\n}`;
  return `export const ${tableVar(t.schema, t.name)} = ${head}${tail ? ', ' + tail : ''});`;
}

function viewSource(v: View, name: (k: string, w: string) => string, statements: string[]): string {
  const w = attr(v.attrs, 'pg.with');
  const options = [v.schema !== 'public' && `schema: ${str(v.schema)}`, !v.materialized && w && `with: [${w.options.map(str).join(', ')}]`, v.comment !== undefined && `comment: ${str(v.comment)}`].filter(Boolean);
  for (const i of v.indexes) statements.push(indexStatement(v, i));
  for (const [column, text] of Object.entries(v.columnComments)) statements.push(`COMMENT ON COLUMN ${q(v)}.${quoteIdent(column)} IS ${literal(text)}`);
  for (const tr of v.triggers) statements.push(...triggerStatements(v, tr));
  return `export const ${name(`v:${v.schema}.${v.name}`, v.name)} = ${v.materialized ? 'materializedView' : 'view'}(${str(v.name)}, ${sqlOf(v.def)}${options.length ? `, { ${options.join(', ')} }` : ''});`;
}

/** The DSL has no trigger options: a trigger, its firing mode and comment travel as statements. */
function triggerStatements(on: { schema: string; name: string }, tr: Trigger): string[] {
  return [
    tr.def,
    ...(tr.firing ? [firingSql(on, tr, tr.firing)] : []),
    ...(tr.comment !== undefined ? [`COMMENT ON ${commentOn({ on: 'trigger', ref: on, name: tr.name })} IS ${literal(tr.comment)}`] : []),
  ];
}

const indexStatement = (v: View, i: Index) => createIndex(v, i, false) + (i.comment !== undefined ? `;\nCOMMENT ON INDEX ${q({ schema: v.schema, name: i.name })} IS ${literal(i.comment)}` : '');

/** orderViews puts each view after the views it reads, as the DSL creates views in declaration order. */
function orderViews(views: readonly View[]): View[] {
  const byName = new Map(views.map((v) => [`${v.schema}.${v.name}`, v]));
  const out: View[] = [];
  const done = new Set<string>();
  const visit = (v: View) => {
    const k = `${v.schema}.${v.name}`;
    if (done.has(k)) return;
    done.add(k);
    for (const d of v.deps) { const dv = byName.get(`${d.schema}.${d.name}`); if (dv) visit(dv); }
    out.push(v);
  };
  views.forEach(visit);
  return out;
}

