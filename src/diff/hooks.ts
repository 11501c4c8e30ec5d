/**
 * DiffHooks: the questions the generic differ asks the dialect (in the spirit of Atlas's
 * `DiffDriver`), so that it compares any database's model without branching on a name. A
 * dialect's schema engine carries them as `SchemaEngine.diffHooks`.
 */
import type { Column, ObjectRef, Schema, Table } from '../schema/model.js';
import type { Change } from './changes.js';
import type { IdentifierRules } from './rewrite.js';

/** What a dialect's diff of its own schema objects gets besides the two schemas. */
export interface SchemaObjectsDiff {
  /** The old name of the object now named `name` in this schema, from the rename hints. */
  readonly renamedFrom: (name: string) => string | undefined;
  /** Where the changes go, in order; the differ appends the tables' and views' after them. */
  readonly out: Change[];
}

export interface DiffHooks {
  /** How the database writes identifiers in deparsed definitions (for rewriting renamed names). */
  readonly identifiers: IdentifierRules;
  /**
   * A routine's or trigger's definition as the database would show it after a rename from
   * `from` to `to` (PostgreSQL: `CREATE TRIGGER "new" ...`, `FUNCTION public.g(`), so an
   * unchanged body compares equal and the rename is planned as a rename.
   */
  renamedDefinition(kind: 'trigger' | 'function' | 'procedure', def: string, from: ObjectRef, to: ObjectRef): string;
  /**
   * A column of a partitioned table as its partitions have it (PostgreSQL: a serial column is a
   * plain one whose default takes the parent's sequence); default: the column without its comment.
   */
  partitionColumn?(parent: Table, column: Column): Column;
  /**
   * Diffs the schema-level objects only this database has (PostgreSQL: collations, text search
   * configurations, enums, domains, composite types, sequences, functions, aggregates), before
   * the generic differ compares the schema's tables and views. Returns the types renamed (old
   * name to new), so the columns using one compare under its new name. Undefined where the
   * model of the database has none of these objects (their lists stay empty).
   */
  diffSchemaObjects?(from: Schema, to: Schema, diff: SchemaObjectsDiff): ReadonlyMap<string, string>;
}
