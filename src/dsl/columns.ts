/**
 * Column builders. Each builder is immutable: every method returns a new, frozen builder, so a
 * column definition can be shared between tables without one changing the other (Kysely style).
 *
 * @example
 * const email = text().notNull().unique();
 * const id = bigserial().primaryKey();
 */
import type { DefaultValue, SqlFragment } from './sql.js';
import { sql as rawSql } from './sql.js';

export type RefAction = 'NO ACTION' | 'RESTRICT' | 'CASCADE' | 'SET NULL' | 'SET DEFAULT';

/** A column reference as `references()` takes it: a builder of another table's column, or 'table.column'. */
export interface ColumnTarget {
  readonly table: string;
  readonly schema?: string;
  readonly column: string;
}

export interface ColumnState {
  readonly type: string;
  readonly notNull: boolean;
  readonly default?: DefaultValue;
  readonly primaryKey: boolean;
  readonly unique: boolean;
  readonly check?: SqlFragment;
  readonly references?: { readonly target: () => ColumnTarget | string; readonly onDelete?: RefAction; readonly onUpdate?: RefAction };
  readonly collation?: string;
  readonly generated?: SqlFragment;
  /** STORED (computed on write, the default) or VIRTUAL (computed on read, PostgreSQL 18+). */
  readonly generatedKind?: 'stored' | 'virtual';
  readonly identity?: 'always' | 'by default';
  /** Sequence options of an identity column, verbatim: 'START WITH 100 INCREMENT BY 10'. */
  readonly identityOptions?: string;
  readonly comment?: string;
  readonly renamedFrom?: string;
}

/** ColumnBuilder describes one column; see the module example. */
export class ColumnBuilder {
  readonly __cairn = 'column' as const;
  constructor(readonly state: ColumnState) {
    Object.freeze(this);
  }
  private with(patch: Partial<ColumnState>): ColumnBuilder {
    return new ColumnBuilder(Object.freeze({ ...this.state, ...patch }));
  }
  notNull(): ColumnBuilder { return this.with({ notNull: true }); }
  nullable(): ColumnBuilder { return this.with({ notNull: false }); }
  default(value: DefaultValue): ColumnBuilder { return this.with({ default: value }); }
  primaryKey(): ColumnBuilder { return this.with({ primaryKey: true, notNull: true }); }
  unique(): ColumnBuilder { return this.with({ unique: true }); }
  check(expr: SqlFragment | string): ColumnBuilder { return this.with({ check: typeof expr === 'string' ? rawSql(expr) : expr }); }
  references(target: () => ColumnTarget | string, opts: { onDelete?: RefAction; onUpdate?: RefAction } = {}): ColumnBuilder {
    return this.with({ references: { target, ...opts } });
  }
  collate(collation: string): ColumnBuilder { return this.with({ collation }); }
  generatedAs(expr: SqlFragment | string, kind: 'stored' | 'virtual' = 'stored'): ColumnBuilder {
    return this.with({ generated: typeof expr === 'string' ? rawSql(expr) : expr, generatedKind: kind });
  }
  identity(kind: 'always' | 'by default' = 'by default', options?: string): ColumnBuilder { return this.with({ identity: kind, identityOptions: options, notNull: true }); }
  comment(text: string): ColumnBuilder { return this.with({ comment: text }); }
  /** The column's previous name: the diff renames it instead of dropping it. */
  renamedFrom(name: string): ColumnBuilder { return this.with({ renamedFrom: name }); }
  /** An array of this type. */
  array(): ColumnBuilder { return this.with({ type: `${this.state.type}[]` }); }
}

/** type is a column of any type, spelled as PostgreSQL spells it. */
export const type = (sqlType: string): ColumnBuilder => new ColumnBuilder(Object.freeze({ type: sqlType, notNull: false, primaryKey: false, unique: false }));

const params = (name: string, ...ps: (number | undefined)[]) => {
  const given = ps.filter((p) => p !== undefined);
  return given.length ? `${name}(${given.join(',')})` : name;
};

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
