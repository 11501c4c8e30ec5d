/**
 * The column core every dialect's column builders share. A builder is immutable: every method
 * returns a new, frozen builder of the same class, so a column definition can be shared between
 * tables without one changing the other (Kysely style).
 *
 * `ColumnState` is the one record the compilers read, whichever dialect's builder made it: each
 * dialect's builders set only the facts their database has (identity for PostgreSQL, charset
 * and ON UPDATE for MySQL...), and each dialect's compiler refuses, naming the column, a fact
 * its database lacks (a PostgreSQL builder used in a SQLite schema).
 */
import { sql as rawSql, type DefaultValue, type SqlFragment } from '../sql.js';

export type RefAction = 'NO ACTION' | 'RESTRICT' | 'CASCADE' | 'SET NULL' | 'SET DEFAULT';

/** A column reference as `references()` takes it: a builder of another table's column, or 'table.column'. */
export interface ColumnTarget {
  readonly table: string;
  readonly schema?: string;
  readonly column: string;
}

/** An inline foreign key: `references(() => users.c.id, { onDelete: 'CASCADE' })`. */
export interface ColumnReference {
  readonly target: () => ColumnTarget | string;
  readonly onDelete?: RefAction;
  readonly onUpdate?: RefAction;
}

export interface ColumnState {
  /** The type as the column's database spells it (`bigint`, `varchar(255)`, `int unsigned`). */
  readonly type: string;
  readonly notNull: boolean;
  readonly default?: DefaultValue;
  readonly primaryKey: boolean;
  readonly unique: boolean;
  readonly check?: SqlFragment;
  readonly references?: ColumnReference;
  readonly collation?: string;
  readonly generated?: SqlFragment;
  /** STORED (computed on write) or VIRTUAL (computed on read); each builder sets its database's default. */
  readonly generatedKind?: 'stored' | 'virtual';
  readonly comment?: string;
  readonly renamedFrom?: string;
  /** PostgreSQL: GENERATED ... AS IDENTITY. */
  readonly identity?: 'always' | 'by default';
  /** PostgreSQL: sequence options of an identity column, verbatim: 'START WITH 100 INCREMENT BY 10'. */
  readonly identityOptions?: string;
  /** MySQL AUTO_INCREMENT; SQLite AUTOINCREMENT (on an INTEGER PRIMARY KEY). */
  readonly autoIncrement?: boolean;
  /** MySQL: the column's character set (`CHARACTER SET utf8mb4`). */
  readonly charset?: string;
  /** MySQL: ON UPDATE CURRENT_TIMESTAMP (with the column's fractional-second precision). */
  readonly onUpdateNow?: boolean;
}

/** A column builder of any dialect, as tables hold them and compilers read them. */
export interface AnyColumn {
  readonly __cairn: 'column';
  readonly state: ColumnState;
}

const fragment = (e: SqlFragment | string): SqlFragment => (typeof e === 'string' ? rawSql(e) : e);

/**
 * ColumnCore holds what every database's columns have: nullability, defaults, keys, checks,
 * references, generated values and rename hints. A dialect subclasses it with its own methods
 * (and no fields of its own: the instance is frozen in this constructor).
 */
export class ColumnCore implements AnyColumn {
  readonly __cairn = 'column' as const;
  constructor(readonly state: ColumnState) {
    Object.freeze(this);
  }
  /** A copy of this builder (same class) with `patch` applied. */
  protected with(patch: Partial<ColumnState>): this {
    return new (this.constructor as new (s: ColumnState) => this)(Object.freeze({ ...this.state, ...patch }));
  }
  notNull(): this { return this.with({ notNull: true }); }
  nullable(): this { return this.with({ notNull: false }); }
  /** A default: a JavaScript value (written as a literal) or a raw `sql` fragment. */
  default(value: DefaultValue): this { return this.with({ default: value }); }
  primaryKey(): this { return this.with({ primaryKey: true, notNull: true }); }
  unique(): this { return this.with({ unique: true }); }
  check(expr: SqlFragment | string): this { return this.with({ check: fragment(expr) }); }
  /** A foreign key to another table's column: `references(() => users.c.id)` or `references(() => 'users.id')`. */
  references(target: () => ColumnTarget | string, opts: { onDelete?: RefAction; onUpdate?: RefAction } = {}): this {
    return this.with({ references: { target, ...opts } });
  }
  /** The column's previous name: the diff renames it instead of dropping it. */
  renamedFrom(name: string): this { return this.with({ renamedFrom: name }); }
  protected generated(expr: SqlFragment | string, kind: 'stored' | 'virtual'): this {
    return this.with({ generated: fragment(expr), generatedKind: kind });
  }
}

/** newState is a column of `type` with nothing else set. */
export const newState = (type: string): ColumnState => Object.freeze({ type, notNull: false, primaryKey: false, unique: false });

/** typeWithParams writes `name(p1,p2)` with the parameters that were given, or `name`. */
export function typeWithParams(name: string, ...ps: (number | undefined)[]): string {
  const given = ps.filter((p) => p !== undefined);
  return given.length ? `${name}(${given.join(',')})` : name;
}
