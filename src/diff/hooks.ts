/**
 * DiffHooks: the questions the generic differ asks the dialect (in the spirit of Atlas's
 * `DiffDriver`), so that it compares any database's model without branching on a name. A
 * dialect's schema engine carries them as `SchemaEngine.diffHooks`.
 */
import type { Column, ObjectRef, Table } from '../schema/model.js';
import type { IdentifierRules } from './rewrite.js';

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
}
