/**
 * compileSchema turns PostgreSQL DSL definitions into DDL for an empty database, plus the rename
 * hints the definitions carry. The desired state is then whatever a dev database makes of that
 * DDL, so the DSL never has to predict how PostgreSQL normalises types, defaults or names.
 *
 * It lives with the PostgreSQL DSL (not in src/dialects/postgres) because `cairn-migrate/dsl`
 * has always exported it, taking the quoting function as an argument; the PostgreSQL schema
 * engine binds it to its quoting in src/dialects/postgres/dsl-compile.ts.
 */
import { CairnError } from '../../errors.js';
import type { AnyColumn, ColumnTarget } from '../core/column.js';
import { isSql, literalOf } from '../sql.js';
import type { AnyIndexKey, AnyTableDef, ConstraintState, IndexState } from '../core/table.js';
import type { PolicyState } from './table.js';
import type { ViewDef, SqlDef } from '../core/objects.js';
import type { EnumDef, ExtensionDef, NamespaceDef, SequenceDef } from './objects.js';
import type { AnyDef, CompiledSchema, DslRename } from '../defs.js';
import { referencedColumn } from '../core/compile-kit.js';

type TableDef = AnyTableDef;
type IndexKey = AnyIndexKey;

/** Facts of the MySQL and SQLite DSLs that PostgreSQL has no place for. */
function refuseForeign(t: TableDef): void {
  const fail = (object: string, what: string) => new CairnError('SCHEMA', `${object}: ${what} is not available on PostgreSQL`, { details: { object } });
  if (t.entry !== undefined) throw new CairnError('SCHEMA', `table ${t.name} was built with ${t.entry}, but this schema is for PostgreSQL`, { hint: 'import table() and the column builders from cairn-migrate/dsl', details: { object: `table ${t.name}` } });
  for (const [name, col] of Object.entries(t.columns)) {
    const s = col.state;
    if (s.autoIncrement) throw fail(`column ${t.name}.${name}`, 'autoIncrement()');
    if (s.charset) throw fail(`column ${t.name}.${name}`, 'charset()');
    if (s.onUpdateNow) throw fail(`column ${t.name}.${name}`, 'onUpdateNow()');
  }
  const o = t.options;
  for (const [k, v] of Object.entries({ engine: o.engine, charset: o.charset, collate: o.collate, strict: o.strict, withoutRowid: o.withoutRowid })) {
    if (v !== undefined && v !== false) throw fail(`table ${t.name}`, `the ${k} option`);
  }
}

/** compileSchema renders definitions (in declaration order) with the dialect's identifier quoting. */
export function compileSchema(defs: readonly AnyDef[], quoteIdent: (name: string) => string): CompiledSchema {
  const q = (schema: string, name: string) => `${quoteIdent(schema)}.${quoteIdent(name)}`;
  const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
  const of = <K extends AnyDef['__cairn']>(k: K) => defs.filter((d): d is Extract<AnyDef, { __cairn: K }> => d.__cairn === k);
  const out: string[] = [];
  const later: string[] = [];
  const renames: DslRename[] = [];
  const comment = (on: string, text: string | undefined) => { if (text !== undefined) later.push(`COMMENT ON ${on} IS ${lit(text)}`); };

  const namespaces = of('schema') as NamespaceDef[];
  const schemas = new Set([...namespaces.map((n) => n.name), ...defs.flatMap((d) => ('schema' in d && typeof d.schema === 'string' ? [d.schema] : []))]);
  for (const s of [...schemas].sort()) if (s !== 'public') out.push(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(s)}`);
  // After the schemas: an extension may be installed into one (`WITH SCHEMA extensions`).
  for (const e of of('extension') as ExtensionDef[]) {
    out.push(`CREATE EXTENSION IF NOT EXISTS ${quoteIdent(e.name)}${e.schema ? ` WITH SCHEMA ${quoteIdent(e.schema)}` : ''}${e.version ? ` VERSION ${lit(e.version)}` : ''}`);
  }
  for (const n of namespaces) comment(`SCHEMA ${quoteIdent(n.name)}`, n.comment);
  for (const e of of('enum') as EnumDef[]) {
    out.push(`CREATE TYPE ${q(e.schema, e.name)} AS ENUM (${e.values.map(lit).join(', ')})`);
    comment(`TYPE ${q(e.schema, e.name)}`, e.comment);
    if (e.renamedFrom) renames.push({ schema: e.schema, from: e.renamedFrom, to: e.name });
  }
  for (const s of of('sequence') as SequenceDef[]) {
    out.push(`CREATE SEQUENCE ${q(s.schema, s.name)}${s.options ? ' ' + s.options : ''}`);
    comment(`SEQUENCE ${q(s.schema, s.name)}`, s.comment);
    if (s.renamedFrom) renames.push({ schema: s.schema, from: s.renamedFrom, to: s.name });
  }
  const functions = of('function') as SqlDef[];
  for (const f of functions) if (!f.afterTables) out.push(f.sql);

  const tables = parentsFirst(of('table') as TableDef[]);
  const fks: string[] = [];
  const indexes: string[] = [];
  const policies: string[] = [];
  for (const t of tables) {
    refuseForeign(t);
    const tq = q(t.schema, t.name);
    const cols = (cs: readonly ColumnTarget[]) => cs.map((c) => quoteIdent(c.column)).join(', ');
    const lines: string[] = [];
    // A partition's columns are its parent's: declared (with their references and comments) there.
    for (const [name, col] of t.partitionOf ? [] : Object.entries(t.columns)) {
      lines.push(columnSql(quoteIdent(name), col));
      if (col.state.references) {
        const to = referencedColumn(t, name, col.state.references);
        fks.push(`ALTER TABLE ${tq} ADD FOREIGN KEY (${quoteIdent(name)}) REFERENCES ${q(to.schema ?? t.schema, to.table)} (${quoteIdent(to.column)})${actions(col.state.references)}`);
      }
      comment(`COLUMN ${tq}.${quoteIdent(name)}`, col.state.comment);
      if (col.state.renamedFrom) renames.push({ schema: t.schema, table: t.name, from: col.state.renamedFrom, to: name });
    }
    for (const x of t.extras) {
      const s = x.state;
      if (s.kind === 'policy') {
        const p = s as PolicyState;
        policies.push(policySql(p, tq, quoteIdent));
        comment(`POLICY ${quoteIdent(p.name)} ON ${tq}`, p.comment);
        if (p.renamedFrom) renames.push({ schema: t.schema, table: t.name, from: p.renamedFrom, to: p.name });
        continue;
      }
      if (s.kind === 'index') { indexes.push(indexSql(s, tq, quoteIdent)); if (s.name) comment(`INDEX ${q(t.schema, s.name)}`, s.comment); if (s.renamedFrom && s.name) renames.push({ schema: t.schema, from: s.renamedFrom, to: s.name }); continue; }
      const named = s.name ? `CONSTRAINT ${quoteIdent(s.name)} ` : '';
      const body = constraintSql(s, cols, q, t.schema);
      if (s.kind === 'foreignKey' || s.notValid) fks.push(`ALTER TABLE ${tq} ADD ${named}${body}`);
      else lines.push(named + body);
      if (s.name) comment(`CONSTRAINT ${quoteIdent(s.name)} ON ${tq}`, s.comment);
    }
    const of = t.partitionOf && ` PARTITION OF ${q(t.partitionOf.parent.schema, t.partitionOf.parent.name)}`;
    const body = lines.length || !of ? ` (\n  ${lines.join(',\n  ')}\n)` : '';
    const inherits = t.options.inherits?.length ? ` INHERITS (${t.options.inherits.map((p) => parentName(p, t, q)).join(', ')})` : '';
    out.push(`CREATE ${t.options.unlogged ? 'UNLOGGED ' : ''}TABLE ${tq}${of ?? ''}${body}${t.partitionOf ? ` ${t.partitionOf.bound}` : ''}${inherits}` +
      (t.options.partitionBy ? ` PARTITION BY ${t.options.partitionBy}` : ''));
    if (t.options.rls) out.push(`ALTER TABLE ${tq} ENABLE ROW LEVEL SECURITY`);
    if (t.options.forceRls) out.push(`ALTER TABLE ${tq} FORCE ROW LEVEL SECURITY`);
    comment(`TABLE ${tq}`, t.options.comment);
    if (t.options.renamedFrom) renames.push({ schema: t.schema, from: t.options.renamedFrom, to: t.name });
  }
  for (const f of functions) if (f.afterTables) out.push(f.sql);
  out.push(...indexes, ...fks);
  for (const v of of('view') as ViewDef[]) {
    if (v.entry !== undefined) throw new CairnError('SCHEMA', `view ${v.name} was built with ${v.entry}, but this schema is for PostgreSQL`, { hint: 'import view() from cairn-migrate/dsl', details: { object: `view ${v.name}` } });
    const vq = q(v.schema, v.name);
    out.push(`CREATE ${v.materialized ? 'MATERIALIZED ' : ''}VIEW ${vq}${v.with?.length ? ` WITH (${v.with.join(', ')})` : ''} AS ${v.query}`);
    comment(`${v.materialized ? 'MATERIALIZED ' : ''}VIEW ${vq}`, v.comment);
    if (v.renamedFrom) renames.push({ schema: v.schema, from: v.renamedFrom, to: v.name });
  }
  // Policies may read any table, view or function: they come after all of them.
  out.push(...policies);
  for (const t of of('trigger') as SqlDef[]) out.push(t.sql);
  for (const s of of('statement') as SqlDef[]) out.push(s.sql);
  return Object.freeze({ statements: Object.freeze([...out, ...later]), renames: Object.freeze(renames) });
}

/** parentName quotes a parent of `inherits`: a table() value, or a `schema.table` (or same-schema `table`) name. */
function parentName(p: TableDef | string, t: TableDef, q: (s: string, n: string) => string): string {
  if (typeof p !== 'string') {
    if (!p || p.__cairn !== 'table') throw new CairnError('SCHEMA', `table ${t.schema}.${t.name}: inherits takes table() values or 'schema.table' names, got ${String(p)}`);
    return q(p.schema, p.name);
  }
  const dot = p.indexOf('.');
  return dot < 0 ? q(t.schema, p) : q(p.slice(0, dot), p.slice(dot + 1));
}

/** parentsFirst keeps declaration order, except that a partition or inheriting table comes after its parents. */
function parentsFirst(tables: readonly TableDef[]): TableDef[] {
  const out: TableDef[] = [];
  const visit = (t: TableDef) => {
    if (out.includes(t)) return;
    const parents = [t.partitionOf?.parent, ...(t.options.inherits ?? [])];
    for (const parent of parents) if (parent && typeof parent !== 'string' && tables.includes(parent)) visit(parent);
    out.push(t);
  };
  tables.forEach(visit);
  return out;
}

function columnSql(name: string, col: AnyColumn): string {
  const s = col.state;
  return [name, s.type,
    s.collation && `COLLATE ${s.collation}`,
    s.notNull && !s.primaryKey && !s.identity && 'NOT NULL',
    s.default !== undefined && `DEFAULT ${literalOf(s.default)}`,
    s.generated && `GENERATED ALWAYS AS (${s.generated.text}) ${s.generatedKind === 'virtual' ? 'VIRTUAL' : 'STORED'}`,
    s.identity && `GENERATED ${s.identity === 'always' ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY${s.identityOptions ? ` (${s.identityOptions})` : ''}`,
    s.primaryKey && 'PRIMARY KEY',
    s.unique && 'UNIQUE',
    s.check && `CHECK (${s.check.text})`,
  ].filter(Boolean).join(' ');
}

const actions = (r: { onDelete?: string; onUpdate?: string }) => `${r.onUpdate ? ` ON UPDATE ${r.onUpdate}` : ''}${r.onDelete ? ` ON DELETE ${r.onDelete}` : ''}`;
const include = (s: ConstraintState, cols: (cs: readonly ColumnTarget[]) => string) => (s.include?.length ? ` INCLUDE (${cols(s.include)})` : '');
const deferrable = (d?: string) => (d ? ` DEFERRABLE INITIALLY ${d.toUpperCase()}` : '');

function constraintSql(s: ConstraintState, cols: (cs: readonly ColumnTarget[]) => string, q: (s: string, n: string) => string, schema: string): string {
  switch (s.kind) {
    case 'primaryKey': return `PRIMARY KEY (${cols(s.columns)})${include(s, cols)}${deferrable(s.deferrable)}`;
    case 'unique': return `UNIQUE${s.nullsNotDistinct ? ' NULLS NOT DISTINCT' : ''} (${cols(s.columns)})${include(s, cols)}${deferrable(s.deferrable)}`;
    case 'check': return `CHECK (${s.expr?.text ?? 'true'})${s.notValid ? ' NOT VALID' : ''}`;
    case 'foreignKey': {
      const refs = s.references?.() ?? [];
      if (!refs.length) throw new CairnError('SCHEMA', `foreign key ${s.name ?? ''} has no referenced columns: call .references(() => [other.c.id])`);
      return `FOREIGN KEY (${cols(s.columns)}) REFERENCES ${q(refs[0].schema ?? schema, refs[0].table)} (${cols(refs)})${s.matchFull ? ' MATCH FULL' : ''}${actions(s)}${deferrable(s.deferrable)}${s.notValid ? ' NOT VALID' : ''}`;
    }
  }
}

function indexSql(s: IndexState, tq: string, quoteIdent: (n: string) => string): string {
  const key = (k: IndexKey): string => {
    if (isSql(k)) return `(${k.text})`;
    if ('key' in k && k.length !== undefined) throw new CairnError('SCHEMA', `index ${s.name ?? `on ${tq}`}: a key prefix length is not available on PostgreSQL (use an expression: left(col, n))`);
    if ('key' in k) return [key(k.key), k.collate && `COLLATE ${k.collate}`, k.opclass, k.desc && 'DESC', k.nulls && `NULLS ${k.nulls.toUpperCase()}`].filter(Boolean).join(' ');
    return quoteIdent(k.column);
  };
  if (s.type) throw new CairnError('SCHEMA', `index ${s.name ?? `on ${tq}`}: a ${s.type.toUpperCase()} index is not available on PostgreSQL (use a gin or gist index: .using('gin'))`);
  return `CREATE ${s.unique ? 'UNIQUE ' : ''}INDEX ${s.name ? quoteIdent(s.name) + ' ' : ''}ON ${tq}${s.method ? ` USING ${s.method}` : ''} (${s.keys.map(key).join(', ')})` +
    (s.include.length ? ` INCLUDE (${s.include.map((c) => quoteIdent(c.column)).join(', ')})` : '') +
    (s.nullsNotDistinct ? ' NULLS NOT DISTINCT' : '') + (s.with?.length ? ` WITH (${s.with.join(', ')})` : '') + (s.where ? ` WHERE ${s.where.text}` : '');
}

/** Role names PostgreSQL spells as keywords; any other name is quoted. */
const ROLE_KEYWORDS = new Set(['public', 'current_user', 'current_role', 'session_user']);

function policySql(s: PolicyState, tq: string, quoteIdent: (n: string) => string): string {
  const roles = s.roles.length ? s.roles.map((r) => (ROLE_KEYWORDS.has(r.toLowerCase()) ? r.toUpperCase() : quoteIdent(r))).join(', ') : 'PUBLIC';
  return `CREATE POLICY ${quoteIdent(s.name)} ON ${tq} AS ${s.permissive ? 'PERMISSIVE' : 'RESTRICTIVE'} FOR ${s.command} TO ${roles}` +
    (s.using ? ` USING (${s.using.text})` : '') + (s.withCheck ? ` WITH CHECK (${s.withCheck.text})` : '');
}
