/**
 * What a schema module exports, whichever dialect's DSL built it: tables, views, triggers, raw
 * DDL, and PostgreSQL's own objects. Every dialect's compiler takes these and refuses, naming
 * the object, a kind its database lacks.
 */
import type { AnyTableDef } from './core/table.js';
import type { SqlDef, ViewDef } from './core/objects.js';
import type { EnumDef, ExtensionDef, NamespaceDef, SequenceDef } from './postgres/objects.js';

export type AnyDef = AnyTableDef | ViewDef | SqlDef | EnumDef | SequenceDef | ExtensionDef | NamespaceDef;

/** A `renamedFrom` hint as a compiler reports it (`table` set for what lives in a table: columns). */
export interface DslRename {
  readonly schema: string;
  readonly table?: string;
  readonly from: string;
  readonly to: string;
}

export interface CompiledSchema {
  /** DDL statements in dependency order, without terminators. */
  readonly statements: readonly string[];
  readonly renames: readonly DslRename[];
}

/** isDef recognises DSL values among a module's exports. */
export function isDef(v: unknown): v is AnyDef {
  return typeof v === 'object' && v !== null && typeof (v as { __cairn?: unknown }).__cairn === 'string' && (v as { __cairn: string }).__cairn !== 'sql' && (v as { __cairn: string }).__cairn !== 'column';
}
