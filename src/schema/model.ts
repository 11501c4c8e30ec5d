/**
 * The schema model: a dialect-neutral, immutable description of a database (Atlas `sql/schema`
 * style). Anything only one dialect has (identity columns, index NULLS NOT DISTINCT, serial
 * sequences, view options...) travels as an `Attr` defined by that dialect, so the core never
 * branches on a dialect name. Every value is frozen by `freezeDeep` in `build.ts` and every list
 * is sorted by name, so two inspections of the same database are byte-identical as JSON.
 */

/** Attr is the marker for an extension attribute: a tagged value the dialect defines (`pg.identity`). */
export interface Attr {
  readonly kind: string;
  readonly [key: string]: unknown;
}

/** The whole database: its schemas and database-level objects. */
export interface Realm {
  readonly schemas: readonly Schema[];
  readonly extensions: readonly Extension[];
}

/** A namespace of objects. */
export interface Schema {
  readonly name: string;
  readonly comment?: string;
  /** The dialect's facts about the schema (MySQL: the server flavour and version, the database defaults); set only when there are some. */
  readonly attrs?: readonly Attr[];
  readonly tables: readonly Table[];
  readonly views: readonly View[];
  readonly enums: readonly Enum[];
  readonly domains: readonly Domain[];
  readonly composites: readonly Composite[];
  readonly sequences: readonly Sequence[];
  readonly functions: readonly Func[];
  /** User-defined collations, sorted by name. */
  readonly collations: readonly Collation[];
  /** User-defined aggregates, sorted by name and arguments. */
  readonly aggregates: readonly Aggregate[];
  /** Text search configurations, sorted by name. */
  readonly textSearchConfigs: readonly TextSearchConfig[];
}

/** A reference to a schema-level object, used for dependencies and type references. */
export interface ObjectRef {
  readonly schema: string;
  readonly name: string;
}

export interface Table {
  readonly schema: string;
  readonly name: string;
  readonly columns: readonly Column[];
  readonly primaryKey?: PrimaryKey;
  readonly uniques: readonly Unique[];
  readonly checks: readonly Check[];
  readonly foreignKeys: readonly ForeignKey[];
  readonly exclusions: readonly Exclusion[];
  readonly indexes: readonly Index[];
  readonly triggers: readonly Trigger[];
  /** Row-level security policies, sorted by name. */
  readonly policies: readonly Policy[];
  /** Set only when row-level security is enabled or forced (absent: both off). */
  readonly rowSecurity?: RowSecurity;
  /**
   * Set on a partitioned table: how its rows are split among partitions, as the database
   * deparses it (`RANGE (created_at)`, `LIST (region)`, `HASH (id)`).
   */
  readonly partitionBy?: string;
  /**
   * Set on a partition. A partition's columns, and the keys, constraints, indexes and triggers
   * it gets from its parent, belong to the parent: the partition lists only what is its own
   * (`columns` is empty), so the model says everything once.
   */
  readonly partitionOf?: PartitionOf;
  /**
   * Plain inheritance (`INHERITS`): the parents, in the order the table inherits from them. Set
   * only when there are some. What the table has only through its parents (columns, CHECK
   * constraints) is the parents' and not listed on it; a column or check it also declares
   * itself is listed (dropping it from a parent leaves it here).
   */
  readonly inherits?: readonly ObjectRef[];
  readonly comment?: string;
  readonly attrs: readonly Attr[];
}

/** Where a partition sits: its parent table and the rows it takes. */
export interface PartitionOf {
  readonly parent: ObjectRef;
  /**
   * The partition bound as the database deparses it: `FOR VALUES FROM (...) TO (...)`,
   * `FOR VALUES IN (...)`, `FOR VALUES WITH (modulus 4, remainder 0)` or `DEFAULT`.
   */
  readonly bound: string;
}

/**
 * RowSecurity is a table's row-level security switch. A first-class field rather than an Attr:
 * it goes with the table's policies, and the differ emits its own change for it.
 */
export interface RowSecurity {
  /** Policies apply (to everyone but the owner and superusers). */
  readonly enabled: boolean;
  /** Policies apply to the table's owner too. */
  readonly forced: boolean;
}

export type PolicyCommand = 'ALL' | 'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE';

/** A row-level security policy; expressions are kept as the database deparses them. */
export interface Policy {
  readonly name: string;
  readonly command: PolicyCommand;
  /** PERMISSIVE policies are OR-ed together, RESTRICTIVE ones AND-ed on top. */
  readonly permissive: boolean;
  /** Role names, sorted; `public` stands for every role. */
  readonly roles: readonly string[];
  readonly using?: string;
  readonly withCheck?: string;
  readonly comment?: string;
  /** What the expressions refer to; for ordering, not compared. */
  readonly deps: readonly PolicyDep[];
}

/** A function, relation or column a policy's expressions use. */
export interface PolicyDep {
  readonly kind: 'function' | 'relation';
  readonly schema: string;
  readonly name: string;
  /** Identity arguments, for functions. */
  readonly args?: string;
  /** The column read, for relations (absent: the relation as a whole). */
  readonly column?: string;
}

/**
 * ColumnType: `sql` is the type as the database spells it (`character varying(20)`,
 * `"public"."mood"[]`); `ref` names the user-defined type it depends on, for ordering.
 */
export interface ColumnType {
  readonly sql: string;
  readonly ref?: ObjectRef;
}

export interface Column {
  readonly name: string;
  readonly type: ColumnType;
  readonly nullable: boolean;
  /** The default expression as the database deparses it. */
  readonly default?: string;
  /** A generated (computed, stored) column's expression. */
  readonly generated?: string;
  /** A collation other than the type's default. */
  readonly collation?: string;
  readonly comment?: string;
  readonly attrs: readonly Attr[];
}

/** Deferrability of a constraint; undefined means NOT DEFERRABLE. */
export type Deferrable = 'immediate' | 'deferred';

export interface PrimaryKey {
  readonly name: string;
  readonly columns: readonly string[];
  readonly deferrable?: Deferrable;
  readonly attrs: readonly Attr[];
}

export interface Unique {
  readonly name: string;
  readonly columns: readonly string[];
  readonly deferrable?: Deferrable;
  readonly comment?: string;
  readonly attrs: readonly Attr[];
}

export interface Check {
  readonly name: string;
  /** The boolean expression, without the surrounding CHECK ( ). */
  readonly expr: string;
  readonly comment?: string;
  readonly attrs: readonly Attr[];
}

/**
 * An exclusion constraint (`EXCLUDE USING gist (room WITH =, during WITH &&)`). Few databases
 * have them, so the definition is kept whole, as the database deparses it.
 */
export interface Exclusion {
  readonly name: string;
  /** Everything after `CONSTRAINT name`. */
  readonly def: string;
  readonly comment?: string;
  readonly attrs: readonly Attr[];
}

export type RefAction = 'NO ACTION' | 'RESTRICT' | 'CASCADE' | 'SET NULL' | 'SET DEFAULT';

export interface ForeignKey {
  readonly name: string;
  readonly columns: readonly string[];
  readonly refTable: ObjectRef;
  readonly refColumns: readonly string[];
  readonly onUpdate: RefAction;
  readonly onDelete: RefAction;
  readonly deferrable?: Deferrable;
  readonly comment?: string;
  readonly attrs: readonly Attr[];
}

/** One key of an index: a column or an expression, with its ordering. */
export interface IndexPart {
  readonly column?: string;
  readonly expr?: string;
  readonly desc: boolean;
  /** Set only when it differs from the default for the direction (NULLS LAST for ASC). */
  readonly nullsFirst?: boolean;
  /** A collation other than the key's own. */
  readonly collation?: string;
  readonly attrs: readonly Attr[];
}

export interface Index {
  readonly name: string;
  readonly unique: boolean;
  readonly parts: readonly IndexPart[];
  /** Access method ('btree', 'gin', 'hash'...). */
  readonly method: string;
  /** Partial-index predicate. */
  readonly where?: string;
  /** Non-key columns (INCLUDE). */
  readonly include: readonly string[];
  readonly comment?: string;
  readonly attrs: readonly Attr[];
}

export interface Trigger {
  readonly name: string;
  /** The full CREATE TRIGGER statement as the database deparses it. */
  readonly def: string;
  readonly comment?: string;
  /** When it fires, if not the default (origin and local sessions): never, or only as a replica, or always. */
  readonly firing?: 'disabled' | 'replica' | 'always';
}

export interface View {
  readonly schema: string;
  readonly name: string;
  readonly materialized: boolean;
  /** The SELECT, as the database deparses it. */
  readonly def: string;
  /** Relations this view reads; for ordering, not compared. */
  readonly deps: readonly ObjectRef[];
  /** Indexes (materialized views only). */
  readonly indexes: readonly Index[];
  /** INSTEAD OF (and statement-level) triggers, sorted by name (plain views only). */
  readonly triggers: readonly Trigger[];
  /** Comments on the view's columns, by column name. */
  readonly columnComments: Readonly<Record<string, string>>;
  readonly comment?: string;
  readonly attrs: readonly Attr[];
}

export interface Enum {
  readonly schema: string;
  readonly name: string;
  readonly values: readonly string[];
  readonly comment?: string;
}

/** A composite type's field. */
export interface CompositeField {
  readonly name: string;
  readonly type: ColumnType;
  readonly collation?: string;
}

/** A standalone composite type (`CREATE TYPE pair AS (a int, b int)`). */
export interface Composite {
  readonly schema: string;
  readonly name: string;
  readonly fields: readonly CompositeField[];
  readonly comment?: string;
}

export interface DomainCheck {
  readonly name: string;
  readonly expr: string;
  /** Added NOT VALID and not validated since: existing values were never checked. */
  readonly notValid?: boolean;
}

export interface Domain {
  readonly schema: string;
  readonly name: string;
  readonly type: ColumnType;
  readonly notNull: boolean;
  readonly default?: string;
  readonly collation?: string;
  readonly checks: readonly DomainCheck[];
  readonly comment?: string;
}

export interface Sequence {
  readonly schema: string;
  readonly name: string;
  readonly type: string;
  readonly start: string;
  readonly increment: string;
  readonly min: string;
  readonly max: string;
  readonly cache: string;
  readonly cycle: boolean;
  /** The column whose drop drops this sequence (OWNED BY). */
  readonly ownedBy?: { readonly table: string; readonly column: string };
  readonly comment?: string;
}

/** What a function's signature or (SQL-standard) body refers to; for ordering, not compared. */
export interface FuncDep {
  readonly kind: 'function' | 'relation';
  readonly schema: string;
  readonly name: string;
  /** Identity arguments, for functions. */
  readonly args?: string;
}

/** A function or procedure; identified by name and argument types (overloads differ). */
export interface Func {
  readonly schema: string;
  readonly name: string;
  /** Identity arguments (`a integer, b text`), the part that tells overloads apart. */
  readonly args: string;
  readonly kind: 'function' | 'procedure';
  /** The result type ('' for procedures); a different result needs DROP + CREATE. */
  readonly result: string;
  /** The full CREATE OR REPLACE statement as the database deparses it. */
  readonly def: string;
  readonly deps: readonly FuncDep[];
  readonly comment?: string;
}

export interface Extension {
  readonly name: string;
  readonly schema: string;
  /**
   * The installed version, present only where it is known to be meant: read from a live
   * database (whose installed version is real), or pinned explicitly by the SQL that built the
   * state (`CREATE EXTENSION … VERSION`, `ALTER EXTENSION … UPDATE TO`; the DSL's
   * `extension(name, { version })`). A state built on a dev database without a pin has none:
   * the version the dev database happened to install says nothing about another server. A
   * comparison with a side that has none ignores the version (see src/diff/extension-versions.ts).
   */
  readonly version?: string;
}

/**
 * A collation (`CREATE COLLATION`). Kept as the catalog stores it rather than as the statement
 * that made it: `FROM "C"` and `(locale = 'C')` are the same collation.
 */
export interface Collation {
  readonly schema: string;
  readonly name: string;
  /** 'libc', 'icu' or 'builtin' (PostgreSQL 17+). */
  readonly provider: string;
  /** The ICU (or builtin) locale; absent for libc. */
  readonly locale?: string;
  /** LC_COLLATE and LC_CTYPE, for libc. */
  readonly lcCollate?: string;
  readonly lcCtype?: string;
  readonly deterministic: boolean;
  /** ICU tailoring rules (PostgreSQL 16+). */
  readonly rules?: string;
  readonly comment?: string;
}

/**
 * An aggregate function; identified, like functions, by name and argument types. The database
 * cannot deparse aggregates, so `def` is the CREATE OR REPLACE AGGREGATE statement the
 * inspector rebuilds from the catalog (the same text for the same aggregate).
 */
export interface Aggregate {
  readonly schema: string;
  readonly name: string;
  /** Identity arguments (`anyelement`, `double precision ORDER BY anyelement`; `*` for none). */
  readonly args: string;
  /** 'normal', 'ordered-set' or 'hypothetical': an aggregate cannot change kind in place. */
  readonly kind: string;
  /** The result type; a different result needs DROP + CREATE. */
  readonly result: string;
  readonly def: string;
  /** Support functions and types it uses; for ordering, not compared. */
  readonly deps: readonly FuncDep[];
  readonly comment?: string;
}

/** Which dictionaries a text search configuration consults for one token type, in order. */
export interface TextSearchMapping {
  /** The parser's alias for the token type (`asciiword`). */
  readonly token: string;
  readonly dictionaries: readonly string[];
}

/** A text search configuration: a parser and, per token type, the dictionaries to use. */
export interface TextSearchConfig {
  readonly schema: string;
  readonly name: string;
  /** The parser, schema-qualified (`pg_catalog."default"`). */
  readonly parser: string;
  /** Sorted by token. */
  readonly mappings: readonly TextSearchMapping[];
  readonly comment?: string;
}
