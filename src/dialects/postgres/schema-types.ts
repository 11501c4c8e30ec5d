/**
 * PostgreSQL extension attributes for the neutral model (see `Attr` in schema/model.ts).
 * The differ compares attributes generically (as data); only the planner reads their meaning.
 */
import type { Attr } from '../../schema/model.js';

/**
 * A column `GENERATED ALWAYS|BY DEFAULT AS IDENTITY`, with the options of its sequence that
 * differ from the defaults for the column's type (so a plain identity reads the same everywhere).
 */
export interface IdentityAttr extends Attr {
  readonly kind: 'pg.identity';
  readonly always: boolean;
  readonly options?: IdentityOptions;
}

export interface IdentityOptions {
  readonly start?: string;
  readonly increment?: string;
  readonly min?: string;
  readonly max?: string;
  readonly cache?: string;
  readonly cycle?: boolean;
}

/** identityOptions keeps the sequence options that differ from an ascending identity's defaults. */
export function identityOptions(seq: { start: string; increment: string; min: string; max: string; cache: string; cycle: boolean }, type: string): IdentityOptions | undefined {
  const o: { -readonly [K in keyof IdentityOptions]: IdentityOptions[K] } = {};
  if (seq.start !== '1') o.start = seq.start;
  if (seq.increment !== '1') o.increment = seq.increment;
  if (seq.min !== '1') o.min = seq.min;
  if (seq.max !== SERIAL_TYPES[type]?.max) o.max = seq.max;
  if (seq.cache !== '1') o.cache = seq.cache;
  if (seq.cycle) o.cycle = true;
  return Object.keys(o).length ? o : undefined;
}

/** identityClauses renders sequence options for CREATE (`START WITH 5`) or ALTER (`SET START WITH 5`). */
export function identityClauses(o: IdentityOptions | undefined, from?: IdentityOptions): string[] {
  const to = o ?? {};
  const was = from ?? {};
  const alter = from !== undefined || o === undefined;
  const out: string[] = [];
  const set = alter ? 'SET ' : '';
  const changed = (k: keyof IdentityOptions) => (alter ? to[k] !== was[k] : to[k] !== undefined);
  if (changed('start')) out.push(`${set}START WITH ${to.start ?? '1'}`);
  if (changed('increment')) out.push(`${set}INCREMENT BY ${to.increment ?? '1'}`);
  if (changed('min')) out.push(to.min !== undefined ? `${set}MINVALUE ${to.min}` : `${set}NO MINVALUE`);
  if (changed('max')) out.push(to.max !== undefined ? `${set}MAXVALUE ${to.max}` : `${set}NO MAXVALUE`);
  if (changed('cache')) out.push(`${set}CACHE ${to.cache ?? '1'}`);
  if (changed('cycle')) out.push(`${set}${to.cycle ? '' : 'NO '}CYCLE`);
  return out;
}
/** A `serial`/`bigserial`/`smallserial` column: the owned sequence `<table>_<column>_seq` and its default. */
export interface SerialAttr extends Attr { readonly kind: 'pg.serial' }
/** A generated column computed on read (PostgreSQL 18 `VIRTUAL`) rather than STORED. */
export interface VirtualAttr extends Attr { readonly kind: 'pg.virtual' }
/** An UNLOGGED table. */
export interface UnloggedAttr extends Attr { readonly kind: 'pg.unlogged' }
/** Storage parameters: `WITH (fillfactor=70)` on tables and indexes, `WITH (security_invoker=true)` on views. */
export interface WithAttr extends Attr { readonly kind: 'pg.with'; readonly options: readonly string[] }
/** A table's REPLICA IDENTITY when not DEFAULT: `FULL`, `NOTHING` or `USING INDEX name`. */
export interface ReplicaIdentityAttr extends Attr { readonly kind: 'pg.replicaIdentity'; readonly identity: string }
/** Index or unique constraint NULLS NOT DISTINCT (PostgreSQL 15+). */
export interface NullsNotDistinctAttr extends Attr { readonly kind: 'pg.nullsNotDistinct' }
/** A non-default operator class on an index key. */
export interface OpClassAttr extends Attr { readonly kind: 'pg.opclass'; readonly name: string }
/** Non-key columns of a primary key or unique constraint's index (INCLUDE). */
export interface IncludeAttr extends Attr { readonly kind: 'pg.include'; readonly columns: readonly string[] }
/** A foreign key with MATCH FULL. */
export interface MatchFullAttr extends Attr { readonly kind: 'pg.matchFull' }
/** A CHECK or FOREIGN KEY constraint added NOT VALID and never validated. */
export interface NotValidAttr extends Attr { readonly kind: 'pg.notValid' }
/** A CHECK constraint that is NO INHERIT. */
export interface NoInheritAttr extends Attr { readonly kind: 'pg.noInherit' }

export type PgAttr = ReplicaIdentityAttr | IdentityAttr | IncludeAttr | VirtualAttr | SerialAttr | UnloggedAttr | WithAttr | NullsNotDistinctAttr | OpClassAttr | MatchFullAttr | NotValidAttr | NoInheritAttr;

/** attr finds a PostgreSQL attribute of a kind on a model value. */
export function attr<K extends PgAttr['kind']>(attrs: readonly Attr[], kind: K): Extract<PgAttr, { kind: K }> | undefined {
  return attrs.find((a) => a.kind === kind) as Extract<PgAttr, { kind: K }> | undefined;
}

/** hasAttr says whether a flag attribute is present. */
export function hasAttr(attrs: readonly Attr[], kind: PgAttr['kind']): boolean {
  return attrs.some((a) => a.kind === kind);
}

/** SERIAL_TYPES maps the integer types to their serial pseudo-type and the sequence's maximum. */
export const SERIAL_TYPES: Readonly<Record<string, { readonly serial: string; readonly max: string }>> = Object.freeze({
  smallint: { serial: 'smallserial', max: '32767' },
  integer: { serial: 'serial', max: '2147483647' },
  bigint: { serial: 'bigserial', max: '9223372036854775807' },
});

/** serialSequenceName is the name PostgreSQL gives a serial column's sequence (when it fits 63 bytes). */
export function serialSequenceName(table: string, column: string): string {
  return `${table}_${column}_seq`;
}
