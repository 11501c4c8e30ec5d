/**
 * The PostgreSQL planner: turns the differ's changes into a dependency-ordered plan of rich
 * statements, each with its reverse. Statements are collected into phases (plan-builder.ts);
 * views and policies are planned in passes at the end because they depend on everything else.
 */
import type { Change } from '../../diff/changes.js';
import type { Column, Enum, Realm, Composite } from '../../schema/model.js';
import type { Plan, PlannedStatement } from '../../plan/types.js';
import { assertNever } from '../../errors.js';
import { Builder } from './plan-builder.js';
import { literal, q } from './plan-sql.js';
import { setComment } from './plan-comments.js';
import * as O from './plan-objects.js';
import * as T from './plan-table.js';
import { childrenKeeping, modifyInheritance } from './plan-inherits.js';
import { addEnumValue, enumUsages, modifyEnum } from './plan-enum.js';
import { planViews } from './plan-views.js';
import { planFunctions, typeRebuild } from './plan-functions.js';
import { planPolicies } from './plan-policies.js';
import { addPolicy, dropPolicy, setRowSecurity } from './plan-policy-statements.js';
import { isPartitioned, modifyPartitioning, partitionOfExisting, partitionOrder, planRecreations, recreations } from './plan-partitions.js';
import { hasAttr } from './schema-types.js';
import * as C from './plan-collations.js';

export interface PlanOptions {
  /** Build indexes on existing tables with CREATE INDEX CONCURRENTLY (non-transactional). */
  readonly concurrentIndexes?: boolean;
}

/** planChanges plans `changes`, computed by diffRealms(from, to). */
export function planChanges(changes: readonly Change[], from: Realm, to: Realm, opts: PlanOptions = {}): Plan {
  const b = new Builder();
  const enumState = new Map<string, string[]>();
  // Tables re-created for a new partitioning come first: new partitions are created after them.
  // The foreign keys that point at them are planned there too (their drops and renames skipped here).
  const recreated = recreations(changes);
  const done = new Set<Change>([...recreated, ...planRecreations(b, recreated, changes, from, to)]);
  for (const c of partitionOrder(changes)) {
    if (done.has(c)) continue;
    b.source = c;
    planOne(b, c, from, to, enumState, opts);
  }
  planSerialRenames(b, changes);
  // Routines using an enum that is re-created are dropped with it (plan-enum.ts): not again here.
  const droppedWithEnums = new Set(changes.flatMap((c) => (c.kind === 'ModifyEnum' ? [...typeRebuild(from, c.from).keys] : [])));
  planFunctions(b, changes, from, to, droppedWithEnums);
  planViews(b, { changes, from, to });
  planPolicies(b, changes, from, to);
  // Routines re-created around an enum (plan-enum.ts) are created in its statement, in both parts.
  const enumRoutines = changes.some((c) => (c.kind === 'ModifyEnum' || c.kind === 'AddEnumValue')
    && typeRebuild(from, c.kind === 'ModifyEnum' ? c.from : oldEnum(c.enum, from)).keys.size > 0);
  deferFunctionBodyChecks(b, enumRoutines);
  return Object.freeze({ statements: Object.freeze(splitAfterEnumValues(b.statements())) });
}

/** Whether a composite type has a field of a table's or view's row type (created after tables, dropped before them). */
function usesRowType(c: Composite, realm: Realm): boolean {
  return c.fields.some((f) => {
    const ref = f.type.ref;
    const s = ref && realm.schemas.find((x) => x.name === ref.schema);
    return s !== undefined && (s.tables.some((t) => t.name === ref!.name) || s.views.some((v) => v.name === ref!.name));
  });
}

function planOne(b: Builder, c: Change, from: Realm, to: Realm, enumState: Map<string, string[]>, opts: PlanOptions): void {
  switch (c.kind) {
    case 'AddSchema': return O.addSchema(b, c.schema);
    case 'DropSchema': return O.dropSchema(b, c.schema);
    case 'AddExtension': return O.addExtension(b, c.extension);
    case 'DropExtension': return O.dropExtension(b, c.extension);
    case 'ModifyExtension': return O.modifyExtension(b, c.from, c.to);
    case 'AddEnum': return O.addEnum(b, c.enum);
    case 'DropEnum': return O.dropEnum(b, c.enum);
    case 'RenameType': return O.renameType(b, c.type, c.schema, c.from, c.to);
    case 'AddEnumValue': return addEnumValue(b, enumAfter(c.enum, c.value, from, enumState), c.value, c.before, enumUsages(from, oldEnum(c.enum, from)), from);
    case 'ModifyEnum': return modifyEnum(b, c.from, c.to, enumUsages(from, c.from), { from, to });
    case 'AddDomain': return O.addDomain(b, c.domain);
    case 'DropDomain': return O.dropDomain(b, c.domain);
    case 'ModifyDomain': return O.modifyDomain(b, c.from, c.to);
    case 'AddComposite': return O.addComposite(b, c.composite, usesRowType(c.composite, to));
    case 'DropComposite': return O.dropComposite(b, c.composite, usesRowType(c.composite, from));
    case 'ModifyComposite': return O.modifyComposite(b, c.from, c.to);
    case 'AddSequence': return O.addSequence(b, c.sequence);
    case 'DropSequence': return O.dropSequence(b, c.sequence);
    case 'RenameSequence': return O.renameSequence(b, c.from, c.to);
    case 'ModifySequence': return O.modifySequence(b, c.from, c.to);
    case 'AddFunction': case 'DropFunction': case 'ModifyFunction': return; // planned together by planFunctions
    case 'RenameFunction': return O.renameFunction(b, c.from, c.to);
    case 'AddCollation': return C.addCollation(b, c.collation);
    case 'DropCollation': return C.dropCollation(b, c.collation);
    case 'ModifyCollation': return C.modifyCollation(b, c.from, c.to, from);
    case 'AddAggregate': case 'DropAggregate': case 'ModifyAggregate': return; // planned with the functions
    case 'AddTextSearchConfig': return C.addTextSearchConfig(b, c.config);
    case 'DropTextSearchConfig': return C.dropTextSearchConfig(b, c.config);
    case 'ModifyTextSearchConfig': return C.modifyTextSearchConfig(b, c.from, c.to);
    case 'AddTable': return T.addTable(b, c.table, partitionOfExisting(from, c.table));
    case 'DropTable': return T.dropTable(b, c.table);
    case 'RenameTable': return T.renameTable(b, c.from, c.to);
    case 'ModifyTable':
      modifyInheritance(b, c.from, c.to);
      return T.modifyTable(b, c.from, c.to);
    case 'ModifyPartitioning': return modifyPartitioning(b, c);
    case 'AddColumn': return T.addColumn(b, c.table, c.column);
    case 'DropColumn': return T.dropColumn(b, c.table, c.column, childrenKeeping(to, c.table, c.column.name));
    case 'RenameColumn': return T.renameColumn(b, c.table, c.from, c.to);
    case 'ModifyColumn': return T.modifyColumn(b, c, (col) => isEnumType(col, from) || isEnumType(col, to));
    case 'AddPrimaryKey': return T.addPrimaryKey(b, c.table, c.primaryKey);
    case 'DropPrimaryKey': return T.dropPrimaryKey(b, c.table, c.primaryKey);
    case 'AddConstraint': return T.addConstraint(b, c.table, c.type, c.constraint);
    case 'DropConstraint': return T.dropConstraint(b, c.table, c.type, c.constraint);
    case 'RenameConstraint': return T.renameConstraint(b, c.table, c.from, c.to);
    // PostgreSQL cannot build a partitioned table's index CONCURRENTLY.
    case 'AddIndex': return T.addIndex(b, c.table, c.index, Boolean(opts.concurrentIndexes) && !isPartitioned(to, c.table));
    case 'DropIndex': return T.dropIndex(b, c.table, c.index, false);
    case 'RenameIndex': return T.renameIndex(b, c.table.schema, c.from.name, c.to.name);
    case 'AddView': case 'DropView': case 'ModifyView': return; // planned together by planViews
    case 'RenameView': return; // planned by planViews, unless the view is re-built anyway
    case 'AddTrigger': return T.addTrigger(b, c.table, c.trigger);
    case 'DropTrigger': return T.dropTrigger(b, c.fromTable, c.trigger);
    case 'RenameTrigger': return T.renameTrigger(b, c.table, c.from, c.to);
    case 'ModifyTrigger':
      T.dropTrigger(b, c.fromTable, c.from);
      return T.addTrigger(b, c.table, c.to);
    case 'AddPolicy': return addPolicy(b, c.table, c.policy);
    case 'DropPolicy': return dropPolicy(b, c.fromTable, c.policy);
    case 'ModifyPolicy': case 'RenamePolicy': return; // planned by planPolicies, unless the policy is re-built anyway
    case 'SetRowSecurity': return setRowSecurity(b, c.table, c.from, c.to);
    case 'SetComment': return setComment(b, 'comments', c.target, c.from, c.to);
    default: return assertNever(c, 'change');
  }
}

/**
 * deferFunctionBodyChecks turns off the validation of SQL function bodies for the plan, as
 * pg_dump does: functions are created before tables (defaults and generated columns may call
 * them) while a body may read a table created later. The last statement turns it back on, and
 * the reverses do the same for the down part.
 */
function deferFunctionBodyChecks(b: Builder, routinesElsewhere: boolean): void {
  if (!routinesElsewhere && !b.has('functions', 'lateFunctions', 'viewFunctions', 'dropFunction', 'dropLateFunction', 'dropViewFunction')) return;
  const off = 'SET check_function_bodies = false';
  const on = 'RESET check_function_bodies';
  b.add('session', off, on, 'create function bodies without validating them (tables may come later)');
  b.add('sessionEnd', on, off, 'validate function bodies again');
}

const SESSION_ON = 'SET check_function_bodies = false';
const SESSION_OFF = 'RESET check_function_bodies';

/**
 * splitAfterEnumValues: since PostgreSQL 12, ALTER TYPE ... ADD VALUE runs in a transaction, but
 * the new value cannot be used in the transaction that added it. When a later statement uses one
 * (a default, a check, a view, a partition bound, a column converted to the type...: it names the
 * value or the type), the plan is split after the last ADD VALUE (`splitBefore`), so that `cairn
 * diff` writes two migration files, each run in its own transaction. The second file turns off
 * function body checks again when the plan does.
 */
function splitAfterEnumValues(list: PlannedStatement[]): PlannedStatement[] {
  const adds = list.flatMap((s, i) => (s.source.kind === 'AddEnumValue' ? [i] : []));
  if (adds.length === 0) return list;
  const last = adds[adds.length - 1];
  const word = (s: string) => new RegExp(`(^|[^a-z0-9_$])${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^a-z0-9_$])`, 'i');
  const uses = adds.map((i) => {
    const c = list[i].source as Extract<PlannedStatement['source'], { kind: 'AddEnumValue' }>;
    return [literal(c.value), q(c.enum), word(`${c.enum.schema}.${c.enum.name}`)] as const;
  });
  const rest = list.slice(last + 1);
  if (!rest.some((s) => uses.some(([value, quoted, type]) => s.sql.includes(value) || s.sql.includes(quoted) || type.test(s.sql)))) return list;
  const session = list[0]?.sql === SESSION_ON;
  const mark = (s: PlannedStatement): PlannedStatement => Object.freeze({ ...s, splitBefore: true });
  const again = (sql: string, reverse: string, s: PlannedStatement): PlannedStatement => Object.freeze({ ...s, sql, reverse, comment: `${s.comment} (again, in this file)` });
  return [
    ...list.slice(0, last + 1),
    ...(session ? [again(SESSION_OFF, SESSION_ON, list[list.length - 1])] : []),
    ...(session ? [mark(again(SESSION_ON, SESSION_OFF, list[0]))] : [mark(rest[0])]),
    ...(session ? rest : rest.slice(1)),
  ];
}

/** isEnumType says whether a column's type (or its element type) is an enum of the realm. */
function isEnumType(c: Column, realm: Realm): boolean {
  const ref = c.type.ref;
  return ref !== undefined && realm.schemas.some((s) => s.name === ref.schema && s.enums.some((e) => e.name === ref.name));
}

/** oldEnum is the enum as it was before any value was added (renames aside). */
function oldEnum(e: Enum, from: Realm): Enum {
  return from.schemas.find((s) => s.name === e.schema)?.enums.find((x) => x.name === e.name) ?? e;
}

/**
 * enumAfter is the enum as it stands right after `value` is added, given the values added before
 * it in this plan: the down part of each ADD VALUE re-creates exactly the type before it.
 */
function enumAfter(e: Enum, value: string, from: Realm, state: Map<string, string[]>): Enum {
  const k = `${e.schema}.${e.name}`;
  const present = state.get(k) ?? [...oldEnum(e, from).values];
  present.push(value);
  state.set(k, present);
  return { ...e, values: e.values.filter((v) => present.includes(v)) };
}

/** planSerialRenames renames serial sequences after their table or column is renamed. */
function planSerialRenames(b: Builder, changes: readonly Change[]): void {
  for (const c of changes) {
    if (c.kind !== 'RenameTable' && c.kind !== 'RenameColumn') continue;
    b.source = c;
    if (c.kind === 'RenameTable') {
      for (const col of c.to.columns) {
        const renamed = changes.find((r) => r.kind === 'RenameColumn' && r.table.schema === c.to.schema && r.table.name === c.to.name && r.to.name === col.name);
        const oldName = renamed?.kind === 'RenameColumn' ? renamed.from.name : col.name;
        const old = c.from.columns.find((x) => x.name === oldName);
        if (old && hasAttr(old.attrs, 'pg.serial') && hasAttr(col.attrs, 'pg.serial')) T.renameSerialSequence(b, c.to.schema, c.from.name, oldName, c.to.name, col.name);
      }
    } else if (!changes.some((r) => r.kind === 'RenameTable' && r.to.schema === c.table.schema && r.to.name === c.table.name)) {
      if (hasAttr(c.from.attrs, 'pg.serial') && hasAttr(c.to.attrs, 'pg.serial')) T.renameSerialSequence(b, c.table.schema, c.table.name, c.from.name, c.table.name, c.to.name);
    }
  }
}

