/**
 * What every dialect's DSL compiler shares: taking a module's exports apart by kind, resolving
 * column references, collecting rename hints, and refusing, with the object's name, what a
 * dialect lacks. The DDL itself is each dialect's (`src/dsl/<dialect>/compile.ts`).
 */
import { CairnError } from '../../errors.js';
import { isDef, type AnyDef, type CompiledSchema, type DslRename } from '../defs.js';
import type { AnyColumn, ColumnReference, ColumnTarget } from './column.js';
import type { AnyIndexKey, AnyTableDef, ConstraintState, ExtraState, IndexKeyOptions, IndexState } from './table.js';
import type { SqlDef, ViewDef } from './objects.js';
import { isSql, type DefaultValue, type SqlFragment } from '../sql.js';

/** How a compiler names its database and its DSL in messages. */
export interface DslDialect {
  /** `MySQL/MariaDB`, `SQLite`. */
  readonly displayName: string;
  /** The DSL entry point a schema for this database imports: `cairn-migrate/dsl/mysql`. */
  readonly entry: string;
  /** What to use instead of a PostgreSQL enum type. */
  readonly enumHint: string;
}

/** unsupported is the error for a definition using what the dialect lacks, naming the object. */
export function unsupported(d: DslDialect, object: string, what: string, hint?: string): CairnError {
  return new CairnError('SCHEMA', `${object}: ${what} is not available on ${d.displayName}`, { hint, details: { object } });
}

/** The definitions of a module by kind, each list in declaration order. */
export interface DefsByKind {
  readonly tables: readonly AnyTableDef[];
  readonly views: readonly ViewDef[];
  readonly triggers: readonly SqlDef[];
  readonly statements: readonly SqlDef[];
}

/**
 * byKind sorts a module's exports for a database without schemas, enums, sequences,
 * extensions or (Cairn-modelled) functions: anything of those kinds is refused by name, and so
 * is a table or view from another dialect's DSL entry point.
 */
export function byKind(d: DslDialect, defs: readonly unknown[]): DefsByKind {
  const tables: AnyTableDef[] = [];
  const views: ViewDef[] = [];
  const triggers: SqlDef[] = [];
  const statements: SqlDef[] = [];
  for (const def of defs) {
    if (!isDef(def)) throw new CairnError('SCHEMA', `not a schema definition: ${describe(def)}`);
    const x = def as AnyDef;
    switch (x.__cairn) {
      case 'table': fromEntry(d, `table ${x.name}`, x.entry); tables.push(x); break;
      case 'view': fromEntry(d, `view ${x.name}`, x.entry); views.push(x); break;
      case 'trigger': triggers.push(x); break;
      case 'statement': statements.push(x); break;
      case 'enum': throw unsupported(d, `enum type ${x.name}`, 'enumType() (a PostgreSQL enum type)', d.enumHint);
      case 'sequence': throw unsupported(d, `sequence ${x.name}`, 'sequence() (a PostgreSQL sequence)', `use an auto-increment column (${d.entry}: .autoIncrement())`);
      case 'extension': throw unsupported(d, `extension ${x.name}`, 'extension() (a PostgreSQL extension)');
      case 'schema': throw unsupported(d, `schema ${x.name}`, 'schema() (a PostgreSQL schema)', 'a schema file describes one database: leave the schema out');
      case 'function': throw unsupported(d, `function ${firstLine(x.sql)}`, 'fn() (a function Cairn models on PostgreSQL only)', 'create it in a migration (cairn new <name>)');
      default: throw new CairnError('SCHEMA', `unknown schema definition kind ${String((x as { __cairn: unknown }).__cairn)}`);
    }
  }
  return { tables, views, triggers, statements };
}

function fromEntry(d: DslDialect, object: string, entry: string | undefined): void {
  if (entry !== undefined && entry !== d.entry) {
    throw new CairnError('SCHEMA', `${object} was built with ${entry}, but this schema is for ${d.displayName}`, { hint: `import table(), view() and the column builders from ${d.entry}`, details: { object } });
  }
}

const firstLine = (s: string) => s.trim().split('\n')[0]!.slice(0, 80);
const describe = (v: unknown) => (typeof v === 'object' && v !== null ? JSON.stringify(v).slice(0, 80) : String(v));

/**
 * referencedColumn resolves an inline `references()` to the column it names: a column of
 * another table (`() => users.c.id`) or a `'table.column'` / `'schema.table.column'` string.
 */
export function referencedColumn(t: AnyTableDef, column: string, ref: ColumnReference): ColumnTarget {
  const to = ref.target();
  if (typeof to === 'string') {
    const parts = to.split('.');
    if (parts.length < 2 || parts.length > 3 || parts.some((p) => p === '')) throw new CairnError('SCHEMA', `bad reference "${to}": expected table.column or schema.table.column`);
    return parts.length === 3 ? { schema: parts[0], table: parts[1]!, column: parts[2]! } : { table: parts[0]!, column: parts[1]! };
  }
  if (to === undefined || to === null || typeof to.column !== 'string') {
    // The usual slip: `() => users.id` instead of `() => users.c.id` (jiti does not type-check).
    throw new CairnError('SCHEMA', `${t.name}.${column}: references() must return a column such as \`() => users.c.id\` or 'users.id', got ${String(to)}`);
  }
  return to;
}

/** referencedColumns resolves a table-level foreign key's `.references(() => [...])`. */
export function referencedColumns(t: AnyTableDef, s: ConstraintState): readonly ColumnTarget[] {
  const refs = s.references?.() ?? [];
  if (!refs.length) throw new CairnError('SCHEMA', `foreign key ${s.name ?? `on ${t.name}`} has no referenced columns: call .references(() => [other.c.id])`);
  return refs;
}

/** The column builders of a table, by name, in declaration order. */
export const columnsOf = (t: AnyTableDef): [string, AnyColumn][] => Object.entries(t.columns);

/** The indexes, the key/check/foreign-key constraints, and the (PostgreSQL) policies among a table's extras. */
export function extrasOf(t: AnyTableDef): { indexes: IndexState[]; constraints: ConstraintState[]; policies: PolicyLike[] } {
  const indexes: IndexState[] = [];
  const constraints: ConstraintState[] = [];
  const policies: PolicyLike[] = [];
  for (const x of t.extras) {
    const s = x.state;
    if (s.kind === 'index') indexes.push(s);
    else if (s.kind === 'policy') policies.push(s);
    else constraints.push(s);
  }
  return { indexes, constraints, policies };
}

type PolicyLike = Extract<ExtraState, { kind: 'policy' }>;

/** An index key part taken apart: a column or an expression, and its options. */
export function keyPart(k: AnyIndexKey): { column?: string; expr?: SqlFragment; opts: Omit<IndexKeyOptions, 'key'> } {
  if (isSql(k)) return { expr: k, opts: {} };
  if ('key' in k) {
    const { key, ...opts } = k;
    return isSql(key) ? { expr: key, opts } : { column: key.column, opts };
  }
  return { column: k.column, opts: {} };
}

/**
 * tableRenames: the `renamedFrom` hints of a table, its columns and its indexes, in `schema`
 * (the sole schema of a database without schemas). Index names are schema-level hints, as the
 * differ matches them.
 */
export function tableRenames(t: AnyTableDef, schema: string): DslRename[] {
  const out: DslRename[] = [];
  for (const [name, col] of columnsOf(t)) if (col.state.renamedFrom) out.push({ schema, table: t.name, from: col.state.renamedFrom, to: name });
  for (const s of extrasOf(t).indexes) if (s.renamedFrom && s.name) out.push({ schema, from: s.renamedFrom, to: s.name });
  if (t.options.renamedFrom) out.push({ schema, from: t.options.renamedFrom, to: t.name });
  return out;
}

/**
 * refuseSet throws for the first of `facts` that a definition sets (a value other than
 * undefined, false or an empty list): each key says, for the message, what the dialect lacks.
 */
export function refuseSet(d: DslDialect, object: string, facts: Readonly<Record<string, unknown>>, hint?: string): void {
  for (const [what, value] of Object.entries(facts)) {
    const set = Array.isArray(value) ? value.length > 0 : value !== undefined && value !== false;
    if (set) throw unsupported(d, object, what, hint);
  }
}

/** A numeric, string, NULL or boolean literal: a default that needs no parentheses in any dialect. */
const LITERAL = /^(?:[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?|'(?:[^']|'')*'|null|true|false)$/i;

/**
 * wrapped says whether `text` is one parenthesised expression as a whole (`(a + b)`, not
 * `(a) + (b)`), skipping quoted strings and identifiers.
 */
function wrapped(text: string): boolean {
  if (!text.startsWith('(') || !text.endsWith(')')) return false;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === "'" || ch === '"' || ch === '`') {
      const end = text.indexOf(ch, i + 1);
      if (end < 0) return false;
      i = end;
    } else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0 && i < text.length - 1) return false;
  }
  return depth === 0;
}

/**
 * defaultSql writes a column default for a database that takes a literal or a keyword bare and
 * any other expression in parentheses (MySQL 8, SQLite): a JavaScript value as a literal
 * (`string` quotes text the dialect's way), a raw fragment as written, parenthesised unless it
 * is a literal, already parenthesised, or one of the dialect's `bare` keywords.
 */
export function defaultSql(v: DefaultValue, string: (s: string) => string, bare: RegExp): string {
  if (!isSql(v)) return v === null ? 'NULL' : typeof v === 'string' ? string(v) : String(v);
  const text = v.text.trim();
  return LITERAL.test(text) || bare.test(text) || wrapped(text) ? text : `(${text})`;
}

/** The one schema of a database without schemas (SchemaEngine.soleSchema), in rename hints. */
export const SOLE_SCHEMA = 'main';
/** The schemas a table or view may name there: `main`, or the original DSL's default `public`. */
const SOLE_DEFAULTS = ['main', 'public'];

/** inSole refuses, for a database without schemas, a table or view (or reference) naming a schema other than the default. */
export function inSole(d: DslDialect, object: string, schema: string | undefined): void {
  if (schema !== undefined && !SOLE_DEFAULTS.includes(schema)) {
    throw unsupported(d, object, `schema '${schema}'`, 'a schema file describes one database: leave the schema option out');
  }
}

/** A referenced column, in this database: another schema would be another database. */
export function sameDatabase(d: DslDialect, to: ColumnTarget, object: string): ColumnTarget {
  inSole(d, `${object} (references ${to.table}.${to.column})`, to.schema);
  return to;
}

/** ` ON DELETE … ON UPDATE …` of a foreign key. */
export const fkActions = (r: { onDelete?: string; onUpdate?: string }) => `${r.onDelete ? ` ON DELETE ${r.onDelete}` : ''}${r.onUpdate ? ` ON UPDATE ${r.onUpdate}` : ''}`;

/** How a constraint is named in messages: `foreign key posts_user`, `unique on posts`. */
export const constraintLabel = (t: AnyTableDef, s: ConstraintState) =>
  `${s.kind === 'foreignKey' ? 'foreign key' : s.kind === 'primaryKey' ? 'primary key' : s.kind} ${s.name ?? `on ${t.name}`}`;

/** Refuses the PostgreSQL-only options of a key or foreign key, for MySQL and SQLite. */
export function refuseConstraintOptions(d: DslDialect, t: AnyTableDef, s: ConstraintState): void {
  refuseSet(d, constraintLabel(t, s), { 'INCLUDE columns': s.include, DEFERRABLE: s.deferrable, 'NULLS NOT DISTINCT': s.nullsNotDistinct, 'MATCH FULL': s.matchFull, 'NOT VALID': s.notValid, 'a constraint comment': s.comment });
}

/** What a compiler for a database without schemas (MySQL, SQLite) writes itself. */
export interface SoleSchemaDdl {
  readonly dialect: DslDialect;
  /** A table's CREATE TABLE, and what must wait until every table exists (foreign keys, indexes). */
  table(t: AnyTableDef): { readonly create: string; readonly afterTables: readonly string[] };
  view(v: ViewDef): string;
}

/**
 * compileSoleSchema compiles for a database without schemas: every table (in declaration
 * order), then what waits for all of them, then views, triggers and raw statements in
 * declaration order; rename hints in the sole schema. Policies, other schemas and other
 * dialects' definitions are refused by name.
 */
export function compileSoleSchema(ddl: SoleSchemaDdl, defs: readonly unknown[]): CompiledSchema {
  const d = ddl.dialect;
  const { tables, views, triggers, statements } = byKind(d, defs);
  const out: string[] = [];
  const later: string[] = [];
  const renames: DslRename[] = [];
  for (const t of tables) {
    inSole(d, `table ${t.name}`, t.schema);
    const policy = extrasOf(t).policies[0];
    if (policy) throw unsupported(d, `policy ${policy.name} on ${t.name}`, 'a row-level security policy');
    const { create, afterTables } = ddl.table(t);
    out.push(create);
    later.push(...afterTables);
    renames.push(...tableRenames(t, SOLE_SCHEMA));
  }
  out.push(...later);
  for (const v of views) {
    inSole(d, `view ${v.name}`, v.schema);
    out.push(ddl.view(v));
    if (v.renamedFrom) renames.push({ schema: SOLE_SCHEMA, from: v.renamedFrom, to: v.name });
  }
  for (const x of [...triggers, ...statements]) out.push(x.sql);
  return Object.freeze({ statements: Object.freeze(out), renames: Object.freeze(renames) });
}
