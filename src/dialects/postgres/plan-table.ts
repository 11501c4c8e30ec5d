/**
 * Planning table changes: tables, columns, keys, constraints, indexes and triggers. Each
 * function adds the statements of one change, each with the statement that undoes it.
 */
import type { Column, Index, ObjectRef, Table, Trigger } from '../../schema/model.js';
import type { AnyConstraint, Change, ConstraintKind } from '../../diff/changes.js';
import { nameKey, type Builder, type Phase } from './plan-builder.js';
import { CairnError } from '../../errors.js';
import { setComment } from './plan-comments.js';
import { columnDef, columnType, constraintDef, createIndex, createTable, identityDef, inlineConstraint, literal, primaryKeyDef, q, quoteIdent } from './plan-sql.js';
import { attr, hasAttr, identityClauses, serialSequenceName, type IdentityAttr } from './schema-types.js';
import { addTablePolicies, dropPolicy, rowSecuritySql } from './plan-policy-statements.js';

export interface TableOptions {
  /** Build indexes on existing tables with CREATE INDEX CONCURRENTLY (outside a transaction). */
  readonly concurrentIndexes: boolean;
}

const alter = (t: ObjectRef) => `ALTER TABLE ${q(t)}`;

/** addTable: CREATE TABLE, then its constraints that cannot be inline, foreign keys, indexes, triggers, policies, comments. */
/**
 * A default taking a sequence's next value may name another table's serial sequence, which only
 * exists once that table does; tables are created in name order, so such defaults are set after
 * all of them (and dropped before any goes).
 */
const sequenceDefault = (c: Column) => c.default !== undefined && /\bnextval\s*\(/i.test(c.default);
const withoutSequenceDefaults = (t: Table): Table =>
  t.columns.some(sequenceDefault) ? { ...t, columns: t.columns.map((c) => (sequenceDefault(c) ? { ...c, default: undefined } : c)) } : t;

function sequenceDefaults(b: Builder, phase: Phase, t: Table, set: boolean): void {
  for (const c of t.columns.filter(sequenceDefault)) {
    const [on, off] = [`${alter(t)} ALTER COLUMN ${quoteIdent(c.name)} SET DEFAULT ${c.default}`, `${alter(t)} ALTER COLUMN ${quoteIdent(c.name)} DROP DEFAULT`];
    b.add(phase, set ? on : off, set ? off : on, `${set ? 'set' : 'drop'} the sequence default of ${t.schema}.${t.name}.${c.name}`);
  }
}

export function addTable(b: Builder, t: Table, parentExists = false): void {
  // PARTITION OF locks an existing parent (ACCESS EXCLUSIVE) and fails on rows its default partition holds for the new bound.
  b.add('tables', createTable(withoutSequenceDefaults(t)), `DROP TABLE ${q(t)}`, `create ${t.partitionOf ? 'partition' : 'table'} ${t.schema}.${t.name}`, { hazards: parentExists ? ['locks-table', 'may-fail'] : [], creates: [nameKey(t)] });
  sequenceDefaults(b, 'constraints', t, true);
  for (const c of t.checks) if (!inlineConstraint('check', c)) addConstraint(b, t, 'check', c, true);
  for (const fk of t.foreignKeys) addConstraint(b, t, 'foreignKey', fk, true);
  for (const i of t.indexes) addIndex(b, t, i, false, 'indexes', true);
  for (const tr of t.triggers) addTrigger(b, t, tr);
  addTablePolicies(b, t);
  setReplicaIdentity(b, 'ownedBy', t, undefined, attr(t.attrs, 'pg.replicaIdentity')?.identity);
  tableComments(b, 'comments', t, false);
}

/**
 * REPLICA IDENTITY (for logical replication) is set once the table's indexes exist, since it may
 * name one; undefined stands for DEFAULT.
 */
function setReplicaIdentity(b: Builder, phase: Phase, t: Table, from: string | undefined, to: string | undefined): void {
  if (from === to) return;
  const sql = (x: string | undefined) => `${alter(t)} REPLICA IDENTITY ${x ?? 'DEFAULT'}`;
  b.add(phase, sql(to), sql(from), `set replica identity of ${t.schema}.${t.name} to ${to ?? 'DEFAULT'}`);
}

/**
 * dropTable: the reverse of addTable, phase by phase, so the down part restores everything.
 * DROP TABLE would take the policies along, but dropping them first (before what they read
 * goes) gives the down part statements that re-create them after the table; the row-level
 * security switches come back with the table itself.
 */
export function dropTable(b: Builder, t: Table): void {
  for (const p of t.policies) dropPolicy(b, t, p);
  // Reset before the indexes go, so that the down part sets it again after re-creating them.
  setReplicaIdentity(b, 'dropTrigger', t, attr(t.attrs, 'pg.replicaIdentity')?.identity, undefined);
  for (const tr of t.triggers) dropTrigger(b, t, tr);
  for (const fk of t.foreignKeys) dropConstraint(b, t, 'foreignKey', fk);
  for (const i of t.indexes) dropIndex(b, t, i, false);
  for (const c of t.checks) if (!inlineConstraint('check', c)) dropConstraint(b, t, 'check', c);
  // A partition goes early, so that its bound is free for partitions created or attached later.
  const phase: Phase = t.partitionOf ? 'dropPartition' : 'dropTable';
  tableComments(b, phase, t, true);
  sequenceDefaults(b, 'dropConstraint', t, false);
  b.add(phase, `DROP TABLE ${q(t)}`, [createTable(withoutSequenceDefaults(t)), ...rowSecuritySql(t, undefined, t.rowSecurity)], `drop ${t.partitionOf ? 'partition' : 'table'} ${t.schema}.${t.name}`, { hazards: ['data-loss'], drops: [nameKey(t)] });
}

/** tableComments sets (or, for a drop, clears) the comments of a table, its columns and inline constraints. */
function tableComments(b: Builder, phase: Phase, t: Table, clear: boolean): void {
  const set = (target: Parameters<typeof setComment>[2], c: string | undefined) => (clear ? setComment(b, phase, target, c, undefined) : setComment(b, phase, target, undefined, c));
  set({ on: 'table', ref: t }, t.comment);
  for (const c of t.columns) set({ on: 'column', ref: t, column: c.name }, c.comment);
  for (const u of t.uniques) set({ on: 'constraint', ref: t, name: u.name }, u.comment);
  for (const c of t.checks) if (inlineConstraint('check', c)) set({ on: 'constraint', ref: t, name: c.name }, c.comment);
  for (const x of t.exclusions) set({ on: 'constraint', ref: t, name: x.name }, x.comment);
}

/** modifyTable changes storage attributes: SET LOGGED/UNLOGGED and storage parameters. */
export function modifyTable(b: Builder, f: Table, t: Table): void {
  const unknown = [...f.attrs, ...t.attrs].find((a) => !['pg.unlogged', 'pg.with', 'pg.replicaIdentity'].includes(a.kind));
  if (unknown) throw new CairnError('SCHEMA', `changing ${unknown.kind} of table ${t.schema}.${t.name} is not supported`);
  const what = `${t.schema}.${t.name}`;
  const [fu, tu] = [hasAttr(f.attrs, 'pg.unlogged'), hasAttr(t.attrs, 'pg.unlogged')];
  const logged = (u: boolean) => `${alter(t)} SET ${u ? 'UNLOGGED' : 'LOGGED'}`;
  if (fu !== tu) b.add('tables', logged(tu), logged(fu), `make ${what} ${tu ? 'unlogged' : 'logged'}`, { hazards: ['table-rewrite'] });
  const params = (x: Table) => new Map((attr(x.attrs, 'pg.with')?.options ?? []).map((o) => [o.split('=')[0], o] as const));
  const [fp, tp] = [params(f), params(t)];
  // SET (the parameters that change or come) and RESET (those that go) are two statements; each
  // one's reverse puts back what it changed: the old values of what SET overwrote, a RESET of
  // what it added, the old values of what RESET removed.
  const setSql = (opts: readonly string[]) => `${alter(t)} SET (${opts.join(', ')})`;
  const resetSql = (keys: readonly string[]) => `${alter(t)} RESET (${keys.join(', ')})`;
  const set = [...tp.keys()].filter((k) => fp.get(k) !== tp.get(k));
  const reset = [...fp.keys()].filter((k) => !tp.has(k));
  const label = `change storage parameters of ${what}`;
  if (set.length) {
    const overwritten = set.filter((k) => fp.has(k));
    const added = set.filter((k) => !fp.has(k));
    const undo = [...(overwritten.length ? [setSql(overwritten.map((k) => fp.get(k)!))] : []), ...(added.length ? [resetSql(added)] : [])];
    b.add('tables', setSql(set.map((k) => tp.get(k)!)), undo, label);
  }
  if (reset.length) b.add('tables', resetSql(reset), setSql(reset.map((k) => fp.get(k)!)), label);
  setReplicaIdentity(b, 'ownedBy', t, attr(f.attrs, 'pg.replicaIdentity')?.identity, attr(t.attrs, 'pg.replicaIdentity')?.identity);
}

export function renameTable(b: Builder, from: Table, to: Table): void {
  b.add('rename', `ALTER TABLE ${q(from)} RENAME TO ${quoteIdent(to.name)}`, `ALTER TABLE ${q(to)} RENAME TO ${quoteIdent(from.name)}`, `rename table ${from.schema}.${from.name} to ${to.name}`);
}

/**
 * renameSerialSequence keeps a serial column's sequence named `<table>_<column>_seq` when the
 * table or column is renamed (PostgreSQL keeps the old name, which would no longer read as serial).
 */
export function renameSerialSequence(b: Builder, schema: string, fromTable: string, fromCol: string, toTable: string, toCol: string): void {
  const a = serialSequenceName(fromTable, fromCol);
  const z = serialSequenceName(toTable, toCol);
  if (a === z) return;
  b.add('rename', `ALTER SEQUENCE ${q({ schema, name: a })} RENAME TO ${quoteIdent(z)}`, `ALTER SEQUENCE ${q({ schema, name: z })} RENAME TO ${quoteIdent(a)}`, `rename serial sequence ${schema}.${a} to ${z}`);
}

export function addColumn(b: Builder, t: ObjectRef, c: Column): void {
  b.add('tables', `${alter(t)} ADD COLUMN ${columnDef(c)}`, `${alter(t)} DROP COLUMN ${quoteIdent(c.name)}`, `add column ${t.schema}.${t.name}.${c.name}`,
    { hazards: !c.nullable && c.default === undefined && c.generated === undefined && !attr(c.attrs, 'pg.identity') && !hasAttr(c.attrs, 'pg.serial') ? ['may-fail'] : [] });
  setComment(b, 'comments', { on: 'column', ref: t, column: c.name }, undefined, c.comment);
}

/**
 * dropColumn drops a column. `keptBy` names the tables inheriting it (plain inheritance) that
 * keep it as their own: the drop is then ONLY, which leaves it on them (their own, attislocal)
 * where a plain drop would take it from every child that has it only through this table. The
 * reverse ADD COLUMN merges into the children's column again.
 */
export function dropColumn(b: Builder, t: ObjectRef, c: Column, keptBy: readonly ObjectRef[] = []): void {
  setComment(b, 'tables', { on: 'column', ref: t, column: c.name }, c.comment, undefined);
  const only = keptBy.length > 0;
  const kept = only ? ` (${keptBy.map((k) => `${k.schema}.${k.name}`).join(', ')} keep${keptBy.length === 1 ? 's' : ''} it)` : '';
  b.add('tables', `ALTER TABLE ${only ? 'ONLY ' : ''}${q(t)} DROP COLUMN ${quoteIdent(c.name)}`, `${alter(t)} ADD COLUMN ${columnDef(c)}`, `drop column ${t.schema}.${t.name}.${c.name}${kept}`, { hazards: ['data-loss'] });
}

export function renameColumn(b: Builder, t: ObjectRef, from: Column, to: Column): void {
  b.add('rename', `${alter(t)} RENAME COLUMN ${quoteIdent(from.name)} TO ${quoteIdent(to.name)}`, `${alter(t)} RENAME COLUMN ${quoteIdent(to.name)} TO ${quoteIdent(from.name)}`,
    `rename column ${t.schema}.${t.name}.${from.name} to ${to.name}`);
}

/**
 * modifyColumn changes a column in place, in an order that keeps every step valid: identity or
 * serial removed first, the default dropped around a type change, NOT NULL (set before an
 * identity is added: PostgreSQL requires it), then identity or serial added. A stored generated
 * column becomes a plain one with DROP EXPRESSION, keeping its values. A plain column cannot
 * become generated in place (nor a virtual one change), so that, and a changed generation
 * expression, re-create the column: a plain column's values are lost (`data-loss`, which needs
 * --allow-drop), a generated one's are derived and computed again.
 * `isEnum` says whether a column type names an enum: casts to or from one go through text.
 */
export function modifyColumn(b: Builder, ch: Extract<Change, { kind: 'ModifyColumn' }>, isEnum: (c: Column) => boolean = () => false): void {
  const { table: t, from: f, to } = ch;
  const col = `${alter(t)} ALTER COLUMN ${quoteIdent(to.name)}`;
  const what = `${t.schema}.${t.name}.${to.name}`;
  const [fv, tv] = [hasAttr(f.attrs, 'pg.virtual'), hasAttr(to.attrs, 'pg.virtual')];
  const dropExpression = f.generated !== undefined && to.generated === undefined && !fv;
  if (!dropExpression && (ch.kinds.includes('generated') || fv !== tv)) {
    const why = f.generated === undefined
      ? `re-create column ${what} as generated, losing its values (a plain column cannot become generated in place)`
      : to.generated === undefined ? `re-create column ${what} as a plain column (a virtual generated column cannot drop its expression)`
        : `re-create column ${what} with a new generation expression`;
    b.add('tables', `${alter(t)} DROP COLUMN ${quoteIdent(f.name)}`, `${alter(t)} ADD COLUMN ${columnDef(f)}`, `${why}: drop`, { hazards: f.generated === undefined ? ['data-loss'] : [] });
    b.add('tables', `${alter(t)} ADD COLUMN ${columnDef(to)}`, `${alter(t)} DROP COLUMN ${quoteIdent(to.name)}`, `${why}: add`, { hazards: ['table-rewrite'] });
    return;
  }
  if (dropExpression) {
    // The reverse (plain -> generated) has no in-place form: it re-creates the column.
    b.add('tables', `${col} DROP EXPRESSION`, [`${alter(t)} DROP COLUMN ${quoteIdent(to.name)}`, `${alter(t)} ADD COLUMN ${columnDef({ ...f, name: to.name })}`],
      `drop the generation expression of ${what} (its values are kept)`);
  }
  const fi = attr(f.attrs, 'pg.identity');
  const ti = attr(to.attrs, 'pg.identity');
  const fs = hasAttr(f.attrs, 'pg.serial');
  const ts = hasAttr(to.attrs, 'pg.serial');
  const identity = (i: IdentityAttr) => `ADD ${identityDef(i)}`;
  // An identity's sequence takes the serial name: drops and creates say so, for the plan's ordering.
  const seq = [nameKey({ schema: t.schema, name: serialSequenceName(t.name, to.name) })];
  if (fi && !ti) b.add('tables', `${col} DROP IDENTITY`, `${col} ${identity(fi)}`, `drop identity of ${what}`, { drops: seq });
  if (fs && !ts) serial(b, t, f, false);
  const typeChange = ch.kinds.includes('type') || ch.kinds.includes('collation');
  if (typeChange) {
    if (f.default !== undefined) b.add('tables', `${col} DROP DEFAULT`, `${col} SET DEFAULT ${f.default}`, `drop default of ${what} before its type changes`);
    // PostgreSQL has no cast from one enum to another (nor from most types to an enum): through text.
    const viaText = isEnum(f) || isEnum(to);
    const cast = (c: Column) => (viaText ? `::text${f.type.sql.endsWith('[]') && to.type.sql.endsWith('[]') ? '[]' : ''}` : '') + `::${c.type.sql}`;
    const type = (c: Column) => `TYPE ${c.type.sql}${c.collation ? ` COLLATE ${c.collation}` : ''} USING ${quoteIdent(to.name)}${cast(c)}`;
    b.add('tables', `${col} ${type(to)}`, `${col} ${type({ ...f, name: to.name })}`, typeChangeLabel(what, f, to), { hazards: ['table-rewrite', 'may-fail'] });
    if (to.default !== undefined) b.add('tables', `${col} SET DEFAULT ${to.default}`, `${col} DROP DEFAULT`, `set default of ${what}`);
  } else if (ch.kinds.includes('default')) {
    const set = (d: string | undefined) => (d === undefined ? `${col} DROP DEFAULT` : `${col} SET DEFAULT ${d}`);
    b.add('tables', set(to.default), set(f.default), `${to.default === undefined ? 'drop' : 'set'} default of ${what}`);
  }
  if (f.nullable !== to.nullable) {
    const set = (nullable: boolean) => `${col} ${nullable ? 'DROP' : 'SET'} NOT NULL`;
    b.add('tables', set(to.nullable), set(f.nullable), `${to.nullable ? 'drop' : 'set'} NOT NULL on ${what}`, { hazards: to.nullable ? [] : ['locks-table', 'may-fail'] });
  }
  if (ti && !fi) b.add('tables', `${col} ${identity(ti)}`, `${col} DROP IDENTITY`, `add identity to ${what}`, { creates: seq });
  if (fi && ti && fi.always !== ti.always) {
    const set = (i: { always: boolean }) => `${col} SET GENERATED ${i.always ? 'ALWAYS' : 'BY DEFAULT'}`;
    b.add('tables', set(ti), set(fi), `change identity of ${what} to ${ti.always ? 'ALWAYS' : 'BY DEFAULT'}`);
  }
  if (fi && ti) {
    const [up, down] = [identityClauses(ti.options, fi.options ?? {}), identityClauses(fi.options, ti.options ?? {})];
    if (up.length) b.add('tables', `${col} ${up.join(' ')}`, `${col} ${down.join(' ')}`, `change identity options of ${what}`);
  }
  if (ts && !fs) serial(b, t, to, true);
}

/** typeChangeLabel names what an ALTER COLUMN ... TYPE changes: the type, the collation, or both. */
function typeChangeLabel(what: string, f: Column, t: Column): string {
  const coll = (c: Column) => c.collation ?? 'default';
  if (f.type.sql === t.type.sql) return `change collation of ${what} from ${coll(f)} to ${coll(t)}`;
  const type = `change type of ${what} from ${f.type.sql} to ${t.type.sql}`;
  return coll(f) === coll(t) ? type : `${type} and collation from ${coll(f)} to ${coll(t)}`;
}

/** serial adds (or removes) a column's owned sequence and nextval default. */
function serial(b: Builder, t: ObjectRef, c: Column, add: boolean): void {
  const ref = { schema: t.schema, name: serialSequenceName(t.name, c.name) };
  const seq = q(ref);
  const create = `CREATE SEQUENCE ${seq} AS ${c.type.sql} OWNED BY ${q(t)}.${quoteIdent(c.name)}`;
  const setDefault = `ALTER TABLE ${q(t)} ALTER COLUMN ${quoteIdent(c.name)} SET DEFAULT nextval(${literal(seq)}::regclass)`;
  const dropDefault = `ALTER TABLE ${q(t)} ALTER COLUMN ${quoteIdent(c.name)} DROP DEFAULT`;
  const steps: [string, string][] = [[create, `DROP SEQUENCE ${seq}`], [setDefault, dropDefault]];
  const ordered = add ? steps : steps.map(([s, r]) => [r, s] as [string, string]).reverse();
  const label = `${add ? 'make' : 'stop making'} ${t.schema}.${t.name}.${c.name} ${columnType({ ...c, attrs: [{ kind: 'pg.serial' }] })}`;
  for (const [s, r] of ordered) {
    const names = s === create ? { creates: [nameKey(ref)] } : s.startsWith('DROP SEQUENCE') ? { drops: [nameKey(ref)] } : {};
    b.add('tables', s, r, label, names);
  }
}

export function addPrimaryKey(b: Builder, t: ObjectRef, pk: NonNullable<Table['primaryKey']>): void {
  b.add('constraints', `${alter(t)} ADD ${primaryKeyDef(pk)}`, `${alter(t)} DROP CONSTRAINT ${quoteIdent(pk.name)}`, `add primary key to ${t.schema}.${t.name}`, { hazards: ['locks-table', 'may-fail'] });
}

export function dropPrimaryKey(b: Builder, t: ObjectRef, pk: NonNullable<Table['primaryKey']>): void {
  b.add('dropConstraint', `${alter(t)} DROP CONSTRAINT ${quoteIdent(pk.name)}`, `${alter(t)} ADD ${primaryKeyDef(pk)}`, `drop primary key of ${t.schema}.${t.name}`);
}

const constraintPhase = (type: ConstraintKind, drop: boolean): Phase =>
  type === 'foreignKey' ? (drop ? 'dropForeignKey' : 'foreignKeys') : drop ? 'dropConstraint' : 'constraints';

/**
 * addConstraint: on a table created in the same plan there are no rows to scan or to fail on.
 * `why` ends the comment (a key added again once the table it points at is re-created).
 */
export function addConstraint(b: Builder, t: ObjectRef, type: ConstraintKind, c: AnyConstraint, newTable = false, why = ''): void {
  const validates = !hasAttr(c.attrs, 'pg.notValid') && type !== 'unique';
  b.add(constraintPhase(type, false), `${alter(t)} ADD ${constraintDef(type, c)}`, `${alter(t)} DROP CONSTRAINT ${quoteIdent(c.name)}`, `add ${type} ${c.name} to ${t.schema}.${t.name}${why}`,
    { hazards: !newTable && (validates || type === 'unique') ? ['locks-table', 'may-fail'] : [] });
  setComment(b, 'comments', { on: 'constraint', ref: t, name: c.name }, undefined, c.comment);
}

/** dropConstraint, in its kind's phase unless told otherwise; `why` ends the comment. */
export function dropConstraint(b: Builder, t: ObjectRef, type: ConstraintKind, c: AnyConstraint, phase: Phase = constraintPhase(type, true), why = ''): void {
  setComment(b, phase, { on: 'constraint', ref: t, name: c.name }, c.comment, undefined);
  b.add(phase, `${alter(t)} DROP CONSTRAINT ${quoteIdent(c.name)}`, `${alter(t)} ADD ${constraintDef(type, c)}`, `drop ${type} ${c.name} of ${t.schema}.${t.name}${why}`);
}

export function renameConstraint(b: Builder, t: ObjectRef, from: string, to: string): void {
  b.add('rename', `${alter(t)} RENAME CONSTRAINT ${quoteIdent(from)} TO ${quoteIdent(to)}`, `${alter(t)} RENAME CONSTRAINT ${quoteIdent(to)} TO ${quoteIdent(from)}`, `rename constraint ${from} of ${t.schema}.${t.name} to ${to}`);
}

/**
 * addIndex: CONCURRENTLY (outside a transaction) only when asked and the table already exists;
 * building an index on a table created in the same plan locks nothing anyone uses.
 */
export function addIndex(b: Builder, t: ObjectRef, i: Index, concurrently: boolean, phase: Phase = 'indexes', newTable = false): void {
  const ref = { schema: t.schema, name: i.name };
  b.add(phase, createIndex(t, i, concurrently), `DROP INDEX ${concurrently ? 'CONCURRENTLY ' : ''}${q(ref)}`, `create index ${i.name} on ${t.schema}.${t.name}`,
    { hazards: concurrently || newTable ? [] : ['locks-table'], transactional: !concurrently, creates: [nameKey(ref)] });
  setComment(b, 'comments', { on: 'index', ref }, undefined, i.comment);
}

export function dropIndex(b: Builder, t: ObjectRef, i: Index, concurrently: boolean, phase: Phase = 'dropIndex'): void {
  const ref = { schema: t.schema, name: i.name };
  setComment(b, phase, { on: 'index', ref }, i.comment, undefined);
  b.add(phase, `DROP INDEX ${concurrently ? 'CONCURRENTLY ' : ''}${q(ref)}`, createIndex(t, i, concurrently), `drop index ${i.name} of ${t.schema}.${t.name}`, { transactional: !concurrently, drops: [nameKey(ref)] });
}

export function renameIndex(b: Builder, schema: string, from: string, to: string): void {
  b.add('rename', `ALTER INDEX ${q({ schema, name: from })} RENAME TO ${quoteIdent(to)}`, `ALTER INDEX ${q({ schema, name: to })} RENAME TO ${quoteIdent(from)}`, `rename index ${schema}.${from} to ${to}`);
}

export function renameTrigger(b: Builder, t: ObjectRef, from: string, to: string): void {
  b.add('rename', `ALTER TRIGGER ${quoteIdent(from)} ON ${q(t)} RENAME TO ${quoteIdent(to)}`, `ALTER TRIGGER ${quoteIdent(to)} ON ${q(t)} RENAME TO ${quoteIdent(from)}`, `rename trigger ${from} of ${t.schema}.${t.name} to ${to}`);
}

const dropTriggerSql = (t: ObjectRef, tr: Trigger) => `DROP TRIGGER ${quoteIdent(tr.name)} ON ${q(t)}`;

/** ALTER TABLE ... ENABLE/DISABLE TRIGGER for a trigger's firing mode (undefined: the default). */
export function firingSql(t: ObjectRef, tr: Trigger, firing: Trigger['firing']): string {
  const how = { disabled: 'DISABLE', replica: 'ENABLE REPLICA', always: 'ENABLE ALWAYS' }[firing ?? 'disabled'];
  return `${alter(t)} ${firing === undefined ? 'ENABLE' : how} TRIGGER ${quoteIdent(tr.name)}`;
}

export function addTrigger(b: Builder, t: ObjectRef, tr: Trigger): void {
  b.add('triggers', tr.def, dropTriggerSql(t, tr), `create trigger ${tr.name} on ${t.schema}.${t.name}`);
  if (tr.firing) b.add('triggers', firingSql(t, tr, tr.firing), firingSql(t, tr, undefined), `make trigger ${tr.name} on ${t.schema}.${t.name} fire ${tr.firing}`);
  setComment(b, 'comments', { on: 'trigger', ref: t, name: tr.name }, undefined, tr.comment);
}

export function dropTrigger(b: Builder, t: ObjectRef, tr: Trigger, phase: Phase = 'dropTrigger'): void {
  setComment(b, phase, { on: 'trigger', ref: t, name: tr.name }, tr.comment, undefined);
  if (tr.firing) b.add(phase, firingSql(t, tr, undefined), firingSql(t, tr, tr.firing), `reset firing of trigger ${tr.name} on ${t.schema}.${t.name}`);
  b.add(phase, dropTriggerSql(t, tr), tr.def, `drop trigger ${tr.name} of ${t.schema}.${t.name}`);
}
