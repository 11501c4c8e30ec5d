/**
 * compileSchema turns DSL definitions into DDL for an empty database, plus the rename hints the
 * definitions carry. The desired state is then whatever a dev database makes of that DDL, so
 * the DSL never has to predict how PostgreSQL normalises types, defaults or names.
 */
import { CairnError } from '../errors.js';
import type { RenameHint } from '../diff/renames.js';
import type { ColumnBuilder, ColumnTarget } from './columns.js';
import { isSql, literalOf } from './sql.js';
import type { ConstraintState, IndexKey, IndexState, PolicyState, TableDef } from './table.js';
import type { EnumDef, ExtensionDef, NamespaceDef, SchemaDef, SequenceDef, SqlDef, ViewDef } from './objects.js';

export type AnyDef = TableDef | SchemaDef;

export interface CompiledSchema {
  /** DDL statements in dependency order, without terminators. */
  readonly statements: readonly string[];
  readonly renames: readonly RenameHint[];
}

/** isDef recognises DSL values among a module's exports. */
export function isDef(v: unknown): v is AnyDef {
  return typeof v === 'object' && v !== null && typeof (v as { __cairn?: unknown }).__cairn === 'string' && (v as { __cairn: string }).__cairn !== 'sql' && (v as { __cairn: string }).__cairn !== 'column';
}

/** compileSchema renders definitions (in declaration order) with the dialect's identifier quoting. */
export function compileSchema(defs: readonly AnyDef[], quoteIdent: (name: string) => string): CompiledSchema {
  const q = (schema: string, name: string) => `${quoteIdent(schema)}.${quoteIdent(name)}`;
  const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
  const of = <K extends AnyDef['__cairn']>(k: K) => defs.filter((d): d is Extract<AnyDef, { __cairn: K }> => d.__cairn === k);
  const out: string[] = [];
  const later: string[] = [];
  const renames: RenameHint[] = [];
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
    const tq = q(t.schema, t.name);
    const cols = (cs: readonly ColumnTarget[]) => cs.map((c) => quoteIdent(c.column)).join(', ');
    const lines: string[] = [];
    // A partition's columns are its parent's: declared (with their references and comments) there.
    for (const [name, col] of t.partitionOf ? [] : Object.entries(t.columns)) {
      lines.push(columnSql(quoteIdent(name), col));
      if (col.state.references) {
        const to = col.state.references.target();
        if (to === undefined || to === null || (typeof to !== 'string' && typeof to.column !== 'string')) {
          // The usual slip: `() => users.id` instead of `() => users.c.id` (jiti does not type-check).
          throw new CairnError('SCHEMA', `${t.name}.${name}: references() must return a column such as \`() => users.c.id\` or 'users.id', got ${String(to)}`);
        }
        fks.push(`ALTER TABLE ${tq} ADD FOREIGN KEY (${quoteIdent(name)}) REFERENCES ${target(to, t.schema, q, quoteIdent)}${actions(col.state.references)}`);
      }
      comment(`COLUMN ${tq}.${quoteIdent(name)}`, col.state.comment);
      if (col.state.renamedFrom) renames.push({ schema: t.schema, table: t.name, from: col.state.renamedFrom, to: name });
    }
    for (const x of t.extras) {
      const s = x.state;
      if (s.kind === 'policy') {
        policies.push(policySql(s, tq, quoteIdent));
        comment(`POLICY ${quoteIdent(s.name)} ON ${tq}`, s.comment);
        if (s.renamedFrom) renames.push({ schema: t.schema, table: t.name, from: s.renamedFrom, to: s.name });
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

function columnSql(name: string, col: ColumnBuilder): string {
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

function target(t: ColumnTarget | string, schema: string, q: (s: string, n: string) => string, quoteIdent: (n: string) => string): string {
  if (typeof t !== 'string') return `${q(t.schema ?? schema, t.table)} (${quoteIdent(t.column)})`;
  const parts = t.split('.');
  if (parts.length < 2) throw new CairnError('SCHEMA', `bad reference "${t}": expected table.column or schema.table.column`);
  const [s, tb, c] = parts.length === 3 ? parts : [schema, ...parts];
  return `${q(s, tb)} (${quoteIdent(c)})`;
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
    if ('key' in k) return [key(k.key), k.collate && `COLLATE ${k.collate}`, k.opclass, k.desc && 'DESC', k.nulls && `NULLS ${k.nulls.toUpperCase()}`].filter(Boolean).join(' ');
    return quoteIdent(k.column);
  };
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
