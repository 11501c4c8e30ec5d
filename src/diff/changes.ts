/**
 * The closed union of schema changes the differ emits and the planners consume. Every consumer
 * switches over `kind` exhaustively (ending in `assertNever`), so adding a kind is a compile
 * error everywhere it is not yet handled, never a change silently dropped.
 *
 * Changes inside a table name the table by its new name (renames are applied first).
 */
import type { Aggregate, Check, Collation, Column, Composite, Domain, Enum, Exclusion, Extension, ForeignKey, Func, Index, ObjectRef, Policy, PrimaryKey, RowSecurity, Schema, Sequence, Table, TextSearchConfig, Trigger, Unique, View } from '../schema/model.js';

/** What a ModifyColumn changes; the planner emits one statement (pair) per kind. */
/** `attrs`: a dialect attribute differs (identity, serial, virtual generation...). */
export type ColumnChangeKind = 'type' | 'collation' | 'nullable' | 'default' | 'generated' | 'attrs';

/** Where a comment lives. `parent` is the table or view for columns, indexes' relations etc. */
export type CommentTarget =
  | { readonly on: 'schema'; readonly name: string }
  | { readonly on: 'table' | 'view' | 'materialized view' | 'sequence' | 'index' | 'type' | 'domain'; readonly ref: ObjectRef }
  | { readonly on: 'column'; readonly ref: ObjectRef; readonly column: string }
  | { readonly on: 'constraint' | 'trigger' | 'policy'; readonly ref: ObjectRef; readonly name: string }
  | { readonly on: 'function' | 'procedure' | 'aggregate'; readonly ref: ObjectRef; readonly args: string }
  | { readonly on: 'collation' | 'text search configuration'; readonly ref: ObjectRef };

/** Table constraints other than the primary key, which share add/drop/rename handling. */
export type ConstraintKind = 'unique' | 'check' | 'foreignKey' | 'exclusion';
export type AnyConstraint = Unique | Check | ForeignKey | Exclusion;

/** An extension whose version is significant (pinned, or read from a live database). */
export type VersionedExtension = Extension & { readonly version: string };

export type Change =
  | { readonly kind: 'AddSchema'; readonly schema: Schema }
  | { readonly kind: 'DropSchema'; readonly schema: Schema }
  | { readonly kind: 'AddExtension'; readonly extension: Extension }
  | { readonly kind: 'DropExtension'; readonly extension: Extension }
  /**
   * The installed version differs (same schema), both sides' versions significant (see
   * `Extension.version`). An added extension without a version is created without VERSION:
   * the server installs its default.
   */
  | { readonly kind: 'ModifyExtension'; readonly from: VersionedExtension; readonly to: VersionedExtension }
  /** A user-defined type (enum, domain or composite) renamed in place. */
  | { readonly kind: 'RenameType'; readonly type: 'enum' | 'domain' | 'composite'; readonly schema: string; readonly from: string; readonly to: string }
  | { readonly kind: 'AddEnum'; readonly enum: Enum }
  | { readonly kind: 'DropEnum'; readonly enum: Enum }
  /** A value added in place; `before` names the existing value it goes in front of (none: last). */
  | { readonly kind: 'AddEnumValue'; readonly enum: Enum; readonly value: string; readonly before?: string }
  /** Values removed or reordered: the type is re-created and the columns using it converted. */
  | { readonly kind: 'ModifyEnum'; readonly from: Enum; readonly to: Enum }
  | { readonly kind: 'AddDomain'; readonly domain: Domain }
  | { readonly kind: 'DropDomain'; readonly domain: Domain }
  | { readonly kind: 'ModifyDomain'; readonly from: Domain; readonly to: Domain }
  | { readonly kind: 'AddComposite'; readonly composite: Composite }
  | { readonly kind: 'DropComposite'; readonly composite: Composite }
  | { readonly kind: 'ModifyComposite'; readonly from: Composite; readonly to: Composite }
  | { readonly kind: 'AddSequence'; readonly sequence: Sequence }
  | { readonly kind: 'DropSequence'; readonly sequence: Sequence }
  | { readonly kind: 'RenameSequence'; readonly from: Sequence; readonly to: Sequence }
  | { readonly kind: 'ModifySequence'; readonly from: Sequence; readonly to: Sequence }
  | { readonly kind: 'AddFunction'; readonly func: Func }
  | { readonly kind: 'DropFunction'; readonly func: Func }
  | { readonly kind: 'ModifyFunction'; readonly from: Func; readonly to: Func }
  | { readonly kind: 'RenameFunction'; readonly from: Func; readonly to: Func }
  | { readonly kind: 'AddCollation'; readonly collation: Collation }
  | { readonly kind: 'DropCollation'; readonly collation: Collation }
  /** Collations cannot be altered: the planner re-creates one, which only works while nothing uses it. */
  | { readonly kind: 'ModifyCollation'; readonly from: Collation; readonly to: Collation }
  | { readonly kind: 'AddAggregate'; readonly aggregate: Aggregate }
  | { readonly kind: 'DropAggregate'; readonly aggregate: Aggregate }
  | { readonly kind: 'ModifyAggregate'; readonly from: Aggregate; readonly to: Aggregate }
  | { readonly kind: 'AddTextSearchConfig'; readonly config: TextSearchConfig }
  | { readonly kind: 'DropTextSearchConfig'; readonly config: TextSearchConfig }
  /** Mappings changed (altered in place) or the parser changed (re-created). */
  | { readonly kind: 'ModifyTextSearchConfig'; readonly from: TextSearchConfig; readonly to: TextSearchConfig }
  | { readonly kind: 'AddTable'; readonly table: Table }
  | { readonly kind: 'DropTable'; readonly table: Table }
  | { readonly kind: 'RenameTable'; readonly from: Table; readonly to: Table }
  /** The table's own attributes changed (storage options, logging); its contents are diffed separately. */
  | { readonly kind: 'ModifyTable'; readonly from: Table; readonly to: Table }
  /**
   * The table's partitioning differs: its partition key, or (for a partition) its parent or
   * bound. `from` is the old table as it reads after renames. A dialect may only manage some of
   * these in place (PostgreSQL: a new bound under the same parent) and refuses the rest; when
   * more than the bound differs, nothing else of the table is diffed. Nor is it for a partition
   * (kept, even with the same bound) of a table whose partition key changes: it is re-created
   * with its parent.
   */
  | { readonly kind: 'ModifyPartitioning'; readonly table: ObjectRef; readonly from: Table; readonly to: Table }
  | { readonly kind: 'AddColumn'; readonly table: ObjectRef; readonly column: Column }
  | { readonly kind: 'DropColumn'; readonly table: ObjectRef; readonly column: Column }
  | { readonly kind: 'RenameColumn'; readonly table: ObjectRef; readonly from: Column; readonly to: Column }
  | { readonly kind: 'ModifyColumn'; readonly table: ObjectRef; readonly from: Column; readonly to: Column; readonly kinds: readonly ColumnChangeKind[] }
  | { readonly kind: 'AddPrimaryKey'; readonly table: ObjectRef; readonly primaryKey: PrimaryKey }
  | { readonly kind: 'DropPrimaryKey'; readonly table: ObjectRef; readonly primaryKey: PrimaryKey }
  | { readonly kind: 'AddConstraint'; readonly table: ObjectRef; readonly type: ConstraintKind; readonly constraint: AnyConstraint }
  | { readonly kind: 'DropConstraint'; readonly table: ObjectRef; readonly type: ConstraintKind; readonly constraint: AnyConstraint }
  | { readonly kind: 'RenameConstraint'; readonly table: ObjectRef; readonly from: string; readonly to: string }
  | { readonly kind: 'AddIndex'; readonly table: ObjectRef; readonly index: Index }
  | { readonly kind: 'DropIndex'; readonly table: ObjectRef; readonly index: Index }
  | { readonly kind: 'RenameIndex'; readonly table: ObjectRef; readonly from: Index; readonly to: Index }
  | { readonly kind: 'AddView'; readonly view: View }
  | { readonly kind: 'DropView'; readonly view: View }
  | { readonly kind: 'ModifyView'; readonly from: View; readonly to: View }
  | { readonly kind: 'RenameView'; readonly from: View; readonly to: View }
  | { readonly kind: 'AddTrigger'; readonly table: ObjectRef; readonly trigger: Trigger }
  /** Triggers are dropped before renames run, so drops name the table as it was (`fromTable`). */
  | { readonly kind: 'DropTrigger'; readonly table: ObjectRef; readonly fromTable: ObjectRef; readonly trigger: Trigger }
  | { readonly kind: 'RenameTrigger'; readonly table: ObjectRef; readonly from: string; readonly to: string }
  | { readonly kind: 'ModifyTrigger'; readonly table: ObjectRef; readonly fromTable: ObjectRef; readonly from: Trigger; readonly to: Trigger }
  | { readonly kind: 'AddPolicy'; readonly table: ObjectRef; readonly policy: Policy }
  /** Like triggers, policies are dropped before renames run: drops name the table and policy as they were. */
  | { readonly kind: 'DropPolicy'; readonly table: ObjectRef; readonly fromTable: ObjectRef; readonly policy: Policy }
  | { readonly kind: 'RenamePolicy'; readonly table: ObjectRef; readonly fromTable: ObjectRef; readonly from: string; readonly to: string }
  /**
   * Roles, USING or WITH CHECK changed (ALTER POLICY). `from` is the old policy as it reads after
   * renames, under the new name; a new command or kind is a DropPolicy + AddPolicy instead.
   */
  | { readonly kind: 'ModifyPolicy'; readonly table: ObjectRef; readonly fromTable: ObjectRef; readonly from: Policy; readonly to: Policy }
  /** ENABLE/DISABLE and FORCE/NO FORCE ROW LEVEL SECURITY. */
  | { readonly kind: 'SetRowSecurity'; readonly table: ObjectRef; readonly from: RowSecurity; readonly to: RowSecurity }
  | { readonly kind: 'SetComment'; readonly target: CommentTarget; readonly from?: string; readonly to?: string };

export type ChangeKind = Change['kind'];
