/**
 * PostgreSQL extension attributes for the neutral model (see `Attr` in schema/model.ts).
 * The differ compares attributes generically (as data); only the planner reads their meaning.
 */
import type { Attr } from '../../schema/model.js';

/** A column `GENERATED ALWAYS|BY DEFAULT AS IDENTITY` (sequence options are not modelled). */
export interface IdentityAttr extends Attr { readonly kind: 'pg.identity'; readonly always: boolean }
/** A `serial`/`bigserial`/`smallserial` column: the owned sequence `<table>_<column>_seq` and its default. */
export interface SerialAttr extends Attr { readonly kind: 'pg.serial' }
/** An UNLOGGED table. */
export interface UnloggedAttr extends Attr { readonly kind: 'pg.unlogged' }
/** Storage parameters: `WITH (fillfactor=70)` on tables and indexes, `WITH (security_invoker=true)` on views. */
export interface WithAttr extends Attr { readonly kind: 'pg.with'; readonly options: readonly string[] }
/** Index or unique constraint NULLS NOT DISTINCT (PostgreSQL 15+). */
export interface NullsNotDistinctAttr extends Attr { readonly kind: 'pg.nullsNotDistinct' }
/** A non-default operator class on an index key. */
export interface OpClassAttr extends Attr { readonly kind: 'pg.opclass'; readonly name: string }
/** A foreign key with MATCH FULL. */
export interface MatchFullAttr extends Attr { readonly kind: 'pg.matchFull' }
/** A CHECK or FOREIGN KEY constraint added NOT VALID and never validated. */
export interface NotValidAttr extends Attr { readonly kind: 'pg.notValid' }
/** A CHECK constraint that is NO INHERIT. */
export interface NoInheritAttr extends Attr { readonly kind: 'pg.noInherit' }

export type PgAttr = IdentityAttr | SerialAttr | UnloggedAttr | WithAttr | NullsNotDistinctAttr | OpClassAttr | MatchFullAttr | NotValidAttr | NoInheritAttr;

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
