/**
 * The table core every dialect's `table()` builds on: the table definition, column references
 * (`users.c.id`), and the states and shared methods of indexes and constraints. As with columns,
 * the states are one record per kind that every dialect's builders fill with what their database
 * has; a dialect's compiler refuses (naming the object) what its database lacks.
 */
import { Builder } from './builder.js';
import type { AnyColumn, ColumnTarget, RefAction } from './column.js';
import { isSql, sql as rawSql, type SqlFragment } from '../sql.js';

export type ColumnTargets<C> = { readonly [K in keyof C]: ColumnTarget };

/** The options every dialect's `table()` takes. */
export interface BaseTableOptions {
  readonly comment?: string;
  /** The table's previous name: the diff renames it instead of dropping it. */
  readonly renamedFrom?: string;
}

/**
 * Table options of every dialect, as the compilers read them (each dialect's `table()` takes
 * its own: PostgreSQL's schema, UNLOGGED, row-level security, partitioning and inheritance,
 * MySQL's engine, charset and collation, SQLite's STRICT and WITHOUT ROWID).
 */
export interface AnyTableOptions extends BaseTableOptions {
  readonly schema?: string;
  readonly unlogged?: boolean; readonly rls?: boolean; readonly forceRls?: boolean; readonly partitionBy?: string; readonly inherits?: readonly (AnyTableDef | string)[];
  readonly engine?: string; readonly charset?: string; readonly collate?: string;
  readonly strict?: boolean; readonly withoutRowid?: boolean;
}

/** The state of a table-level definition: an index, a key or check, or (PostgreSQL) a policy. */
export type ExtraState = IndexState | ConstraintState | { readonly kind: 'policy'; readonly name: string };

export interface AnyTableDef<C extends Record<string, AnyColumn> = Record<string, AnyColumn>, O extends AnyTableOptions = AnyTableOptions> {
  readonly __cairn: 'table';
  readonly name: string;
  readonly schema: string;
  readonly columns: C;
  readonly extras: readonly { readonly state: ExtraState }[];
  readonly options: O;
  /** References to the columns, for foreign keys and indexes: `users.c.id`. */
  readonly c: ColumnTargets<C>;
  /** PostgreSQL: the table is a partition of `parent` for `bound`. */
  readonly partitionOf?: { readonly parent: AnyTableDef; readonly bound: string };
  /**
   * The DSL entry point whose `table()` built it (`cairn-migrate/dsl/mysql`); undefined for
   * the original `cairn-migrate/dsl`. A compiler names it when a table from another
   * dialect's DSL lands in its schema.
   */
  readonly entry?: string;
}

/** A table of one dialect's DSL: its columns, options and table-level builders typed as that DSL's. */
export interface DialectTableDef<C extends Record<string, AnyColumn>, O extends AnyTableOptions, X extends { readonly state: ExtraState }> extends AnyTableDef<C, O> {
  readonly extras: readonly X[];
}

/** makeTable builds a frozen table definition; `extras` receives the column references. */
export function makeTable<C extends Record<string, AnyColumn>, O extends AnyTableOptions, X extends { readonly state: ExtraState }>(
  name: string,
  schema: string,
  columns: C,
  extras: ((c: ColumnTargets<C>) => X[]) | undefined,
  options: O,
  entry?: string,
): Omit<AnyTableDef<C, O>, 'extras' | 'partitionOf'> & { readonly extras: readonly X[] } {
  const c = Object.freeze(Object.fromEntries(Object.keys(columns).map((k) => [k, Object.freeze({ schema, table: name, column: k })]))) as ColumnTargets<C>;
  const def = { __cairn: 'table' as const, name, schema, columns: Object.freeze({ ...columns }), extras: Object.freeze(extras ? extras(c) : []), options: Object.freeze({ ...options }), c };
  return Object.freeze(entry === undefined ? def : { ...def, entry });
}

/** One key part of an index in any dialect: a column or an expression, with its options. */
export interface IndexKeyOptions {
  readonly key: ColumnTarget | SqlFragment;
  readonly desc?: boolean;
  /** PostgreSQL: NULLS FIRST / LAST. */
  readonly nulls?: 'first' | 'last';
  /** PostgreSQL: the operator class. */
  readonly opclass?: string;
  /** PostgreSQL, SQLite: the key's collation. */
  readonly collate?: string;
  /** MySQL: a prefix length, `title(20)`. */
  readonly length?: number;
}

export type AnyIndexKey = ColumnTarget | SqlFragment | IndexKeyOptions;

export interface IndexState {
  readonly kind: 'index';
  readonly name?: string;
  readonly keys: readonly AnyIndexKey[];
  readonly unique: boolean;
  /** The access method: PostgreSQL `USING gin`, MySQL `USING BTREE|HASH`. */
  readonly method?: string;
  /** MySQL: a FULLTEXT or SPATIAL index. */
  readonly type?: 'fulltext' | 'spatial';
  /** A partial index's predicate (PostgreSQL, SQLite). */
  readonly where?: SqlFragment;
  /** PostgreSQL: non-key columns (INCLUDE). */
  readonly include: readonly ColumnTarget[];
  /** PostgreSQL 15+: NULLS NOT DISTINCT. */
  readonly nullsNotDistinct: boolean;
  /** PostgreSQL: storage parameters, `fillfactor=70`. */
  readonly with?: readonly string[];
  readonly comment?: string;
  readonly renamedFrom?: string;
}

export const newIndex = (name?: string): IndexState => Object.freeze({ kind: 'index', name, keys: [], unique: false, include: [], nullsNotDistinct: false });

/** What every dialect's index builder offers. */
export class IndexCore extends Builder<IndexState> {
  unique() { return this.next({ unique: true }); }
  /** The index's previous name: the diff renames it instead of dropping it. */
  renamedFrom(name: string) { return this.next({ renamedFrom: name }); }
}

export type Deferrable = 'immediate' | 'deferred';

export interface ConstraintState {
  readonly kind: 'primaryKey' | 'unique' | 'check' | 'foreignKey';
  readonly name?: string;
  readonly columns: readonly ColumnTarget[];
  /** PostgreSQL: non-key columns of a primary key or unique constraint (INCLUDE). */
  readonly include?: readonly ColumnTarget[];
  readonly expr?: SqlFragment;
  readonly references?: () => readonly ColumnTarget[];
  readonly onDelete?: RefAction;
  readonly onUpdate?: RefAction;
  readonly deferrable?: Deferrable;
  readonly nullsNotDistinct?: boolean;
  readonly matchFull?: boolean;
  readonly notValid?: boolean;
  readonly comment?: string;
}

/** What every dialect's key, check and foreign-key builder offers. */
export class ConstraintCore extends Builder<ConstraintState> {
  on(...columns: ColumnTarget[]) { return this.next({ columns }); }
  columns(...columns: ColumnTarget[]) { return this.next({ columns }); }
  /** The referenced columns of a foreign key: `references(() => [users.c.id])`. */
  references(target: () => readonly ColumnTarget[]) { return this.next({ references: target }); }
  onDelete(action: RefAction) { return this.next({ onDelete: action }); }
  onUpdate(action: RefAction) { return this.next({ onUpdate: action }); }
}

/**
 * constraintMaker gives a dialect its `primaryKey`, `unique`, `foreignKey` and `check`
 * functions, building instances of its own constraint builder class.
 */
export function constraintMaker<B extends ConstraintCore>(Cls: new (s: ConstraintState) => B) {
  const make = (kind: ConstraintState['kind'], name?: string, expr?: SqlFragment) => new Cls(Object.freeze({ kind, name, columns: [], expr }));
  return {
    primaryKey: (name?: string) => make('primaryKey', name),
    unique: (name?: string) => make('unique', name),
    foreignKey: (name?: string) => make('foreignKey', name),
    /** check(name, expr) or check(expr). */
    check: (nameOrExpr: string | SqlFragment, expr?: SqlFragment | string) =>
      expr === undefined
        ? make('check', undefined, isSql(nameOrExpr) ? nameOrExpr : rawSql(nameOrExpr))
        : make('check', nameOrExpr as string, typeof expr === 'string' ? rawSql(expr) : expr),
  };
}
