/**
 * Row converters of the PostgreSQL inspector: one function per catalog query, turning rows into
 * model values. Kept apart from the queries so each can be read (and tested) on its own.
 */
import type { Aggregate, Attr, Check, Collation, Column, Composite, Deferrable, Domain, Enum, ForeignKey, Func, FuncDep, Index, IndexPart, ObjectRef, PartitionOf, Policy, PolicyCommand, PolicyDep, PrimaryKey, RefAction, RowSecurity, Sequence, TextSearchConfig, Trigger, Unique, View } from '../../schema/model.js';
import { identityOptions, type PgAttr } from './schema-types.js';
import { quoteIdent } from './dialect.js';

export type Row = Record<string, unknown>;

const str = (v: unknown): string => String(v);
const opt = (v: unknown): string | undefined => (v === null || v === undefined ? undefined : String(v));
const json = <T>(v: unknown, empty: T): T => (v === null || v === undefined ? empty : (JSON.parse(String(v)) as T) ?? empty);
const flag = (on: boolean, a: PgAttr): PgAttr[] => (on ? [a] : []);

/** pg_trigger.tgenabled: 'O' fires in origin and local sessions (the default). */
const FIRING = { D: 'disabled', R: 'replica', A: 'always' } as const;

export function toTrigger(r: Row): Trigger {
  const firing = FIRING[String(r.enabled) as keyof typeof FIRING];
  return { name: str(r.name), def: str(r.def), comment: opt(r.comment), ...(firing ? { firing } : {}) };
}

/** replicaIdentity is a `pg.replicaIdentity` attribute unless the table's is DEFAULT. */
export function replicaIdentity(row: Row): Attr[] {
  switch (row.replica_identity) {
    case 'f': return [{ kind: 'pg.replicaIdentity', identity: 'FULL' }];
    case 'n': return [{ kind: 'pg.replicaIdentity', identity: 'NOTHING' }];
    case 'i': return row.replica_index == null ? [] : [{ kind: 'pg.replicaIdentity', identity: `USING INDEX ${quoteIdent(String(row.replica_index))}` }];
    default: return [];
  }
}

/** withOptions turns reloptions (`{fillfactor=70}`) into a `pg.with` attribute. */
export function withOptions(v: unknown): Attr[] {
  const options = json<string[] | null>(v, null);
  return options && options.length ? [{ kind: 'pg.with', options: [...options].sort() }] : [];
}

function typeRef(row: Row): ObjectRef | undefined {
  return row.type_schema ? { schema: str(row.type_schema), name: str(row.type_name) } : undefined;
}

export function toColumn(row: Row, serial: boolean, identitySeq?: Sequence): Column {
  const identity = str(row.identity);
  const attrs: PgAttr[] = [];
  if (identity === 'a' || identity === 'd') {
    const options = identitySeq && identityOptions(identitySeq, str(row.type));
    attrs.push({ kind: 'pg.identity', always: identity === 'a', ...(options ? { options } : {}) });
  }
  if (serial) attrs.push({ kind: 'pg.serial' });
  if (row.generated_kind === 'v') attrs.push({ kind: 'pg.virtual' });
  return {
    name: str(row.name),
    type: { sql: str(row.type), ref: typeRef(row) },
    nullable: Boolean(row.nullable),
    default: serial ? undefined : opt(row.default),
    generated: opt(row.generated),
    collation: opt(row.collation),
    comment: opt(row.comment),
    attrs,
  };
}

function deferrable(row: Row): Deferrable | undefined {
  return row.deferrable ? (row.deferred ? 'deferred' : 'immediate') : undefined;
}

const ACTIONS: Record<string, RefAction> = { a: 'NO ACTION', r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };

/** include reads the INCLUDE columns of a key's index into a `pg.include` attribute. */
function include(row: Row): PgAttr[] {
  const columns = json<string[]>(row.include, []);
  return columns.length ? [{ kind: 'pg.include', columns }] : [];
}

export function toPrimaryKey(row: Row): PrimaryKey {
  return { name: str(row.name), columns: json(row.columns, []), deferrable: deferrable(row), attrs: include(row) };
}

export function toUnique(row: Row): Unique {
  const nnd = / NULLS NOT DISTINCT/.test(str(row.def));
  return { name: str(row.name), columns: json(row.columns, []), deferrable: deferrable(row), comment: opt(row.comment), attrs: [...flag(nnd, { kind: 'pg.nullsNotDistinct' }), ...include(row)] };
}

/** toCheck keeps the expression inside `CHECK (...)`; flags come from the trailing words. */
export function toCheck(row: Row): Check {
  const def = str(row.def);
  const noInherit = / NO INHERIT/.test(def);
  const notValid = row.validated === false;
  const body = def.replace(/ NOT VALID$/, '').replace(/ NO INHERIT$/, '');
  const expr = body.replace(/^CHECK \(/, '').replace(/\)$/, '');
  return { name: str(row.name), expr, comment: opt(row.comment), attrs: [...flag(noInherit, { kind: 'pg.noInherit' }), ...flag(notValid, { kind: 'pg.notValid' })] };
}

export function toForeignKey(row: Row): ForeignKey {
  return {
    name: str(row.name),
    columns: json(row.columns, []),
    refTable: { schema: str(row.ref_schema), name: str(row.ref_table) },
    refColumns: json(row.ref_columns, []),
    onUpdate: ACTIONS[str(row.on_update)] ?? 'NO ACTION',
    onDelete: ACTIONS[str(row.on_delete)] ?? 'NO ACTION',
    deferrable: deferrable(row),
    comment: opt(row.comment),
    attrs: [...flag(row.match === 'f', { kind: 'pg.matchFull' }), ...flag(row.validated === false, { kind: 'pg.notValid' })],
  };
}

interface KeyRow { def: string; column: string | null; option: number; opclass: string | null; collation: string | null }

/** toIndexPart reads indoption bits: 1 = DESC, 2 = NULLS FIRST (the default for DESC). */
function toIndexPart(k: KeyRow): IndexPart {
  const desc = (k.option & 1) !== 0;
  const nullsFirst = (k.option & 2) !== 0;
  return {
    column: k.column ?? undefined,
    expr: k.column === null ? k.def : undefined,
    desc,
    nullsFirst: nullsFirst === desc ? undefined : nullsFirst,
    collation: k.collation ?? undefined,
    attrs: k.opclass ? [{ kind: 'pg.opclass', name: k.opclass }] : [],
  };
}

export function toIndex(row: Row): Index {
  return {
    name: str(row.name),
    unique: Boolean(row.unique),
    parts: json<KeyRow[]>(row.keys, []).map(toIndexPart),
    method: str(row.method),
    where: opt(row.where),
    include: json(row.include, []),
    comment: opt(row.comment),
    attrs: [...flag(Boolean(row.nulls_not_distinct), { kind: 'pg.nullsNotDistinct' }), ...withOptions(row.options)],
  };
}

export function toView(row: Row, indexes: readonly Index[], triggers: readonly Trigger[] = []): View {
  const deps = json<ObjectRef[]>(row.deps, []).sort((a, b) => (a.schema + '.' + a.name < b.schema + '.' + b.name ? -1 : 1));
  return {
    schema: str(row.schema), name: str(row.name), materialized: Boolean(row.materialized),
    def: str(row.def).trim().replace(/;$/, ''), deps, indexes, triggers, comment: opt(row.comment), attrs: withOptions(row.options),
    columnComments: json<Record<string, string>>(row.column_comments, {}),
  };
}

export function toEnum(row: Row): Enum {
  return { schema: str(row.schema), name: str(row.name), values: json(row.values, []), comment: opt(row.comment) };
}

export function toDomain(row: Row): Domain {
  const checks = json<{ name: string; def: string }[]>(row.checks, []).map((c) => {
    const notValid = c.def.endsWith(' NOT VALID');
    const expr = c.def.replace(/ NOT VALID$/, '').replace(/^CHECK \(/, '').replace(/\)$/, '');
    return notValid ? { name: c.name, expr, notValid } : { name: c.name, expr };
  });
  return {
    schema: str(row.schema), name: str(row.name), type: { sql: str(row.type), ref: typeRef(row) },
    notNull: Boolean(row.not_null), default: opt(row.default), collation: opt(row.collation), checks, comment: opt(row.comment),
  };
}

export function toComposite(row: Row): Composite {
  const fields = json<Row[]>(row.fields, []).map((f) => ({ name: str(f.name), type: { sql: str(f.type), ref: typeRef(f) }, collation: opt(f.collation) }));
  return { schema: str(row.schema), name: str(row.name), fields, comment: opt(row.comment) };
}

export function toSequence(row: Row): Sequence {
  const owned = row.owner_kind === 'a' && row.owner_schema === row.schema;
  return {
    schema: str(row.schema), name: str(row.name), type: str(row.type),
    start: str(row.start), increment: str(row.increment), min: str(row.min), max: str(row.max), cache: str(row.cache), cycle: Boolean(row.cycle),
    ownedBy: owned ? { table: str(row.owner_table), column: str(row.owner_column) } : undefined,
    comment: opt(row.comment),
  };
}

export function toFunc(row: Row, deps: readonly FuncDep[]): Func {
  return {
    schema: str(row.schema), name: str(row.name), args: str(row.args), kind: row.kind === 'p' ? 'procedure' : 'function',
    result: str(row.result), def: str(row.def).trim(), comment: opt(row.comment),
    deps: [...new Map(deps.map((d) => [JSON.stringify(d), d])).values()].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)),
  };
}

const POLICY_COMMANDS: Record<string, PolicyCommand> = { '*': 'ALL', r: 'SELECT', a: 'INSERT', w: 'UPDATE', d: 'DELETE' };
const codeUnitOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function toPolicy(row: Row): Policy {
  const deps = json<PolicyDep[] | null>(row.deps, null) ?? [];
  const clean = deps.filter(Boolean).map((d) => Object.fromEntries(Object.entries(d).filter(([, v]) => v !== null)) as unknown as PolicyDep);
  return {
    name: str(row.name),
    command: POLICY_COMMANDS[str(row.command)] ?? 'ALL',
    permissive: Boolean(row.permissive),
    // PostgreSQL refuses to drop a role a policy names, so every OID has a name.
    roles: json<string[]>(row.roles, []).sort(codeUnitOrder),
    using: opt(row.using),
    withCheck: opt(row.with_check),
    comment: opt(row.comment),
    deps: [...new Map(clean.map((d) => [JSON.stringify(d), d])).values()].sort((a, b) => codeUnitOrder(JSON.stringify(a), JSON.stringify(b))),
  };
}

/** toRowSecurity is undefined when row-level security is neither enabled nor forced. */
export function toRowSecurity(row: Row): RowSecurity | undefined {
  const enabled = Boolean(row.rls);
  const forced = Boolean(row.force_rls);
  return enabled || forced ? { enabled, forced } : undefined;
}

/** toPartitioning reads a table row's partition key (partitioned tables) and parent and bound (partitions). */
export function toPartitioning(row: Row): { partitionBy?: string; partitionOf?: PartitionOf } {
  const partitionOf = row.parent_name == null ? undefined : { parent: { schema: str(row.parent_schema), name: str(row.parent_name) }, bound: str(row.partition_bound) };
  return { partitionBy: opt(row.partition_by), partitionOf };
}

/** toInherits reads a table row's plain-inheritance parents, in inheritance order (absent when none). */
export function toInherits(row: Row): { inherits?: ObjectRef[] } {
  const parents = json<ObjectRef[] | null>(row.inherits, null);
  return parents && parents.length ? { inherits: parents.map((p) => ({ schema: str(p.schema), name: str(p.name) })) } : {};
}

const PROVIDERS: Record<string, string> = { c: 'libc', i: 'icu', b: 'builtin' };

/**
 * canonicalIcuLocale: PostgreSQL 16 and later store an ICU locale as its canonical language tag
 * (`en-u-kn-true` becomes `en-u-kn`); 15 and earlier keep it as written. Both spellings are one
 * collation, so the model holds the canonical tag (UTS #35, as Node's ICU writes it) whatever
 * the server; a name that is not a language tag (`de@collation=phonebook`) is kept as it is.
 */
export function canonicalIcuLocale(locale: string | undefined): string | undefined {
  if (!locale) return locale;
  try {
    return Intl.getCanonicalLocales(locale)[0] ?? locale;
  } catch {
    return locale;
  }
}

/** toCollation reads a pg_collation row given as JSON (its columns differ between versions). */
export function toCollation(row: Row): Collation {
  const c = json<Record<string, unknown>>(row.row, {});
  const provider = PROVIDERS[str(c.collprovider)] ?? str(c.collprovider);
  // Before 15 an ICU locale sat in collcollate; 15 and 16 have colliculocale, 17+ colllocale.
  const locale = opt(c.colllocale ?? c.colliculocale ?? (provider === 'libc' ? null : c.collcollate));
  return {
    schema: str(row.schema), name: str(row.name), provider,
    locale: provider === 'libc' ? undefined : provider === 'icu' ? canonicalIcuLocale(locale) : locale,
    lcCollate: provider === 'libc' ? opt(c.collcollate) : undefined,
    lcCtype: provider === 'libc' ? opt(c.collctype) : undefined,
    deterministic: c.collisdeterministic !== false,
    rules: opt(c.collicurules),
    comment: opt(row.comment),
  };
}

const AGG_KINDS: Record<string, string> = { n: 'normal', o: 'ordered-set', h: 'hypothetical' };
const MODIFY: Record<string, string> = { r: 'READ_ONLY', s: 'SHAREABLE', w: 'READ_WRITE' };
const PARALLEL: Record<string, string> = { s: 'SAFE', r: 'RESTRICTED' };

/**
 * toAggregate rebuilds CREATE OR REPLACE AGGREGATE from the catalog, as pg_dump does, writing
 * only what differs from the defaults so that equal aggregates give equal text.
 */
export function toAggregate(row: Row): Aggregate {
  const a = json<Record<string, unknown>>(row.row, {});
  const kind = AGG_KINDS[str(a.aggkind)] ?? 'normal';
  const literalOf = (v: unknown) => `'${str(v).replace(/'/g, "''")}'`;
  const o: string[] = [`SFUNC = ${str(row.sfunc)}`, `STYPE = ${str(row.stype)}`];
  if (Number(a.aggtransspace) > 0) o.push(`SSPACE = ${Number(a.aggtransspace)}`);
  if (row.finalfunc != null) {
    o.push(`FINALFUNC = ${str(row.finalfunc)}`);
    if (a.aggfinalextra === true) o.push('FINALFUNC_EXTRA');
    // The default is READ_ONLY, READ_WRITE for ordered-set aggregates.
    const modify = str(a.aggfinalmodify);
    if (modify !== (kind === 'normal' ? 'r' : 'w') && MODIFY[modify]) o.push(`FINALFUNC_MODIFY = ${MODIFY[modify]}`);
  }
  if (row.combinefunc != null) o.push(`COMBINEFUNC = ${str(row.combinefunc)}`);
  if (row.serialfunc != null) o.push(`SERIALFUNC = ${str(row.serialfunc)}`);
  if (row.deserialfunc != null) o.push(`DESERIALFUNC = ${str(row.deserialfunc)}`);
  if (a.agginitval != null) o.push(`INITCOND = ${literalOf(a.agginitval)}`);
  if (row.msfunc != null) {
    o.push(`MSFUNC = ${str(row.msfunc)}`, `MINVFUNC = ${str(row.minvfunc)}`, `MSTYPE = ${str(row.mstype)}`);
    if (Number(a.aggmtransspace) > 0) o.push(`MSSPACE = ${Number(a.aggmtransspace)}`);
    if (row.mfinalfunc != null) {
      o.push(`MFINALFUNC = ${str(row.mfinalfunc)}`);
      if (a.aggmfinalextra === true) o.push('MFINALFUNC_EXTRA');
      const modify = str(a.aggmfinalmodify);
      if (modify !== 'r' && MODIFY[modify]) o.push(`MFINALFUNC_MODIFY = ${MODIFY[modify]}`);
    }
    if (a.aggminitval != null) o.push(`MINITCOND = ${literalOf(a.aggminitval)}`);
  }
  if (row.sortop != null) o.push(`SORTOP = ${str(row.sortop)}`);
  if (PARALLEL[str(row.parallel)]) o.push(`PARALLEL = ${PARALLEL[str(row.parallel)]}`);
  if (kind === 'hypothetical') o.push('HYPOTHETICAL');
  // An aggregate of no arguments is written `(*)`.
  const args = str(row.args) === '' && kind === 'normal' ? '*' : str(row.args);
  const fullArgs = str(row.full_args) === '' && kind === 'normal' ? '*' : str(row.full_args);
  const name = `${quoteIdent(str(row.schema))}.${quoteIdent(str(row.name))}`;
  const deps = json<FuncDep[] | null>(row.deps, null) ?? [];
  return {
    schema: str(row.schema), name: str(row.name), args, kind, result: str(row.result),
    def: `CREATE OR REPLACE AGGREGATE ${name}(${fullArgs}) (\n  ${o.join(',\n  ')}\n)`,
    deps: deps.sort((x, y) => (JSON.stringify(x) < JSON.stringify(y) ? -1 : 1)),
    comment: opt(row.comment),
  };
}

export function toTextSearchConfig(row: Row): TextSearchConfig {
  return {
    schema: str(row.schema), name: str(row.name), parser: str(row.parser),
    mappings: json<{ token: string; dictionaries: string[] }[] | null>(row.mappings, null) ?? [],
    comment: opt(row.comment),
  };
}
