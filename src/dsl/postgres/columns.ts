/**
 * PostgreSQL column builders (`cairn-migrate/dsl`). Each builder is immutable: every method
 * returns a new, frozen builder, so a column definition can be shared between tables without
 * one changing the other.
 *
 * @example
 * const email = text().notNull().unique();
 * const id = bigserial().primaryKey();
 */
import { ColumnCore, newState, typeWithParams as params } from '../core/column.js';
import type { SqlFragment } from '../sql.js';

export type { RefAction, ColumnTarget, ColumnState } from '../core/column.js';

/** ColumnBuilder describes one PostgreSQL column; see the module example. */
export class ColumnBuilder extends ColumnCore {
  collate(collation: string): this { return this.with({ collation }); }
  /** A generated column: STORED (computed on write, the default) or VIRTUAL (computed on read, PostgreSQL 18+). */
  generatedAs(expr: SqlFragment | string, kind: 'stored' | 'virtual' = 'stored'): this { return this.generated(expr, kind); }
  identity(kind: 'always' | 'by default' = 'by default', options?: string): this { return this.with({ identity: kind, identityOptions: options, notNull: true }); }
  comment(text: string): this { return this.with({ comment: text }); }
  /** An array of this type. */
  array(): this { return this.with({ type: `${this.state.type}[]` }); }
}

/** type is a column of any type, spelled as PostgreSQL spells it. */
export const type = (sqlType: string): ColumnBuilder => new ColumnBuilder(newState(sqlType));

export const smallint = () => type('smallint');
export const integer = () => type('integer');
export const bigint = () => type('bigint');
export const smallserial = () => type('smallserial');
export const serial = () => type('serial');
export const bigserial = () => type('bigserial');
export const real = () => type('real');
export const doublePrecision = () => type('double precision');
export const numeric = (precision?: number, scale?: number) => type(params('numeric', precision, scale));
export const boolean = () => type('boolean');
export const text = () => type('text');
export const varchar = (length?: number) => type(params('character varying', length));
export const char = (length?: number) => type(params('character', length));
export const bytea = () => type('bytea');
export const date = () => type('date');
export const time = (precision?: number) => type(params('time', precision) + ' without time zone');
export const timestamp = (precision?: number) => type(params('timestamp', precision) + ' without time zone');
export const timestamptz = (precision?: number) => type(params('timestamp', precision) + ' with time zone');
export const interval = () => type('interval');
export const uuid = () => type('uuid');
export const json = () => type('json');
export const jsonb = () => type('jsonb');
export const inet = () => type('inet');
export const cidr = () => type('cidr');
export const macaddr = () => type('macaddr');
export const tsvector = () => type('tsvector');
export const xml = () => type('xml');
