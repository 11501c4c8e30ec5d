/**
 * SQL text for model values: names, column definitions, constraints, indexes, CREATE TABLE.
 * Every identifier goes through the dialect's one `quoteIdent`; expressions and types come from
 * the catalog's own deparse functions and are used verbatim.
 */
import type { Check, Column, Deferrable, Exclusion, ForeignKey, Index, IndexPart, ObjectRef, PrimaryKey, Sequence, Table, Unique } from '../../schema/model.js';
import type { AnyConstraint, ConstraintKind } from '../../diff/changes.js';
import { quoteIdent } from './dialect.js';
import { attr, hasAttr, identityClauses, SERIAL_TYPES, type IdentityAttr } from './schema-types.js';

export { quoteIdent };

/** q quotes a schema-qualified name. */
export const q = (r: ObjectRef): string => `${quoteIdent(r.schema)}.${quoteIdent(r.name)}`;

/** cols quotes a column list. */
export const cols = (names: readonly string[]): string => names.map(quoteIdent).join(', ');

/** literal quotes a string constant (standard_conforming_strings is on in every supported version). */
export const literal = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** columnType is the type a column is created with: `serial` keeps its sequence implicit. */
export function columnType(c: Column): string {
  const serial = hasAttr(c.attrs, 'pg.serial') ? SERIAL_TYPES[c.type.sql]?.serial : undefined;
  return serial ?? c.type.sql;
}

/** columnDef renders `"name" type [COLLATE] [NOT NULL] [DEFAULT | GENERATED ...]`. */
export function columnDef(c: Column): string {
  const parts = [quoteIdent(c.name), columnType(c)];
  if (c.collation) parts.push(`COLLATE ${c.collation}`);
  const identity = attr(c.attrs, 'pg.identity');
  if (!c.nullable && !identity) parts.push('NOT NULL');
  if (c.default !== undefined) parts.push(`DEFAULT ${c.default}`);
  if (c.generated !== undefined) parts.push(`GENERATED ALWAYS AS (${c.generated}) ${hasAttr(c.attrs, 'pg.virtual') ? 'VIRTUAL' : 'STORED'}`);
  if (identity) parts.push(identityDef(identity));
  return parts.join(' ');
}

/** identityDef renders `GENERATED ... AS IDENTITY [(options)]`. */
export function identityDef(i: IdentityAttr): string {
  const opts = identityClauses(i.options);
  return `GENERATED ${i.always ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY${opts.length ? ` (${opts.join(' ')})` : ''}`;
}

const deferrable = (d: Deferrable | undefined): string => (d ? ` DEFERRABLE INITIALLY ${d === 'deferred' ? 'DEFERRED' : 'IMMEDIATE'}` : '');

/** includeDef renders a key's INCLUDE columns. */
const includeDef = (attrs: PrimaryKey['attrs']): string => {
  const inc = attr(attrs, 'pg.include');
  return inc ? ` INCLUDE (${cols(inc.columns)})` : '';
};

export function primaryKeyDef(pk: PrimaryKey): string {
  return `CONSTRAINT ${quoteIdent(pk.name)} PRIMARY KEY (${cols(pk.columns)})${includeDef(pk.attrs)}${deferrable(pk.deferrable)}`;
}

/** constraintDef renders a table constraint as it appears after ADD. */
export function constraintDef(type: ConstraintKind, c: AnyConstraint): string {
  const name = `CONSTRAINT ${quoteIdent(c.name)} `;
  switch (type) {
    case 'unique': {
      const u = c as Unique;
      return `${name}UNIQUE${hasAttr(u.attrs, 'pg.nullsNotDistinct') ? ' NULLS NOT DISTINCT' : ''} (${cols(u.columns)})${includeDef(u.attrs)}${deferrable(u.deferrable)}`;
    }
    case 'check': {
      const k = c as Check;
      return `${name}CHECK (${k.expr})${hasAttr(k.attrs, 'pg.noInherit') ? ' NO INHERIT' : ''}${hasAttr(k.attrs, 'pg.notValid') ? ' NOT VALID' : ''}`;
    }
    case 'exclusion': return `${name}${(c as Exclusion).def}`;
    case 'foreignKey': {
      const f = c as ForeignKey;
      const match = hasAttr(f.attrs, 'pg.matchFull') ? ' MATCH FULL' : '';
      return `${name}FOREIGN KEY (${cols(f.columns)}) REFERENCES ${q(f.refTable)} (${cols(f.refColumns)})${match}` +
        ` ON UPDATE ${f.onUpdate} ON DELETE ${f.onDelete}${deferrable(f.deferrable)}${hasAttr(f.attrs, 'pg.notValid') ? ' NOT VALID' : ''}`;
    }
  }
}

/** inlineConstraint says whether a constraint can be written inside CREATE TABLE (NOT VALID ones cannot). */
export function inlineConstraint(type: ConstraintKind, c: AnyConstraint): boolean {
  return type !== 'foreignKey' && !hasAttr(c.attrs, 'pg.notValid');
}

/**
 * createTable renders CREATE TABLE with columns, primary key, unique and (valid) check
 * constraints, and the partition key; a partition is `PARTITION OF` its parent, with only its
 * own constraints (its columns and the rest come from the parent).
 */
export function createTable(t: Table): string {
  const lines = t.columns.map(columnDef);
  if (t.primaryKey) lines.push(primaryKeyDef(t.primaryKey));
  for (const u of t.uniques) lines.push(constraintDef('unique', u));
  for (const c of t.checks) if (inlineConstraint('check', c)) lines.push(constraintDef('check', c));
  for (const x of t.exclusions) lines.push(constraintDef('exclusion', x));
  const unlogged = hasAttr(t.attrs, 'pg.unlogged') ? 'UNLOGGED ' : '';
  const opts = attr(t.attrs, 'pg.with');
  const body = lines.length || !t.partitionOf ? ` (\n  ${lines.join(',\n  ')}\n)` : '';
  const of = t.partitionOf ? ` PARTITION OF ${q(t.partitionOf.parent)}` : '';
  // Plain inheritance: the body lists the table's own columns; the inherited ones come from the parents.
  const inherits = t.inherits?.length ? ` INHERITS (${t.inherits.map(q).join(', ')})` : '';
  return `CREATE ${unlogged}TABLE ${q(t)}${of}${body}${t.partitionOf ? ` ${t.partitionOf.bound}` : ''}${inherits}` +
    `${t.partitionBy ? ` PARTITION BY ${t.partitionBy}` : ''}${opts ? ` WITH (${opts.options.join(', ')})` : ''}`;
}

function indexPart(p: IndexPart): string {
  const opclass = attr(p.attrs, 'pg.opclass');
  let s = p.column !== undefined ? quoteIdent(p.column) : `(${p.expr})`;
  if (p.collation) s += ` COLLATE ${p.collation}`;
  if (opclass) s += ` ${opclass.name}`;
  if (p.desc) s += ' DESC';
  if (p.nullsFirst !== undefined) s += p.nullsFirst ? ' NULLS FIRST' : ' NULLS LAST';
  return s;
}

/** createIndex renders CREATE INDEX for a table or materialized view. */
export function createIndex(table: ObjectRef, i: Index, concurrently: boolean): string {
  const opts = attr(i.attrs, 'pg.with');
  return `CREATE ${i.unique ? 'UNIQUE ' : ''}INDEX ${concurrently ? 'CONCURRENTLY ' : ''}${quoteIdent(i.name)} ON ${q(table)} USING ${i.method} (${i.parts.map(indexPart).join(', ')})` +
    (i.include.length ? ` INCLUDE (${cols(i.include)})` : '') +
    (hasAttr(i.attrs, 'pg.nullsNotDistinct') ? ' NULLS NOT DISTINCT' : '') +
    (opts ? ` WITH (${opts.options.join(', ')})` : '') +
    (i.where !== undefined ? ` WHERE ${i.where}` : '');
}

/** sequenceOptions renders the options of CREATE/ALTER SEQUENCE. */
export function sequenceOptions(s: Sequence): string {
  return `AS ${s.type} INCREMENT BY ${s.increment} MINVALUE ${s.min} MAXVALUE ${s.max} START WITH ${s.start} CACHE ${s.cache} ${s.cycle ? 'CYCLE' : 'NO CYCLE'}`;
}
