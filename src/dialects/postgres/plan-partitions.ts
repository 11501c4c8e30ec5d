/**
 * Planning declarative partitioning. A partitioned table is created with its key
 * (`PARTITION BY`) and a partition with `PARTITION OF parent <bound>` (plan-sql.ts); what this
 * file adds is the order between them and the changes of partitioning:
 *
 * - parents are created before their partitions and dropped after them (partitionOrder);
 * - a new bound under the same parent is DETACH + ATTACH; detaches and partition drops run
 *   before tables are created and attaches after, so ranges can move between partitions;
 * - a plain table that becomes partitioned (or the reverse), or a new partition key, cannot change
 *   in place: the table is re-created (recreatePartitioned), its rows copied out first and back in
 *   once the new table and its partitions exist. The drop carries `data-loss`, so that the plan
 *   needs --allow-drop: rows that fit no partition make it fail. Foreign keys of other tables
 *   that point at it are dropped first and added again once the rows are back (keepReferencingKeys);
 * - a table that becomes a partition is attached (ATTACH PARTITION, once its columns and checks
 *   match the parent's), a partition that becomes a plain table detached (DETACH PARTITION, its
 *   rows stay), and one that changes parent is both; only a partition that also becomes
 *   partitioned (or the reverse) stops the plan.
 */
import type { ObjectRef, PartitionOf, Realm, Table } from '../../schema/model.js';
import type { Change } from '../../diff/changes.js';
import { CairnError } from '../../errors.js';
import { findTable } from '../../schema/build.js';
import type { Builder } from './plan-builder.js';
import { literal, q, quoteIdent } from './plan-sql.js';
import { addConstraint, addTable, dropConstraint, dropTable } from './plan-table.js';
import { attr, hasAttr } from './schema-types.js';

type ModifyPartitioning = Extract<Change, { kind: 'ModifyPartitioning' }>;

const key = (r: ObjectRef) => `${r.schema}.${r.name}`;

/**
 * modifyPartitioning moves a partition to its new bound, detaches a partition that becomes a
 * plain table, attaches a plain table that becomes a partition, or does both for a partition
 * that changes parent (the differ plans their column changes as for plain tables: before the
 * attach, after the detach). It refuses what cannot change in place (a partition that also
 * becomes partitioned, or the reverse).
 */
export function modifyPartitioning(b: Builder, c: ModifyPartitioning): void {
  const { from: f, to: t } = c;
  const what = key(c.table);
  const detach = (p: PartitionOf) => `ALTER TABLE ${q(p.parent)} DETACH PARTITION ${q(t)}`;
  const attach = (p: PartitionOf) => `ALTER TABLE ${q(p.parent)} ATTACH PARTITION ${q(t)} ${p.bound}`;
  if (f.partitionOf && t.partitionOf && key(f.partitionOf.parent) === key(t.partitionOf.parent)) {
    b.add('detachPartition', detach(f.partitionOf), attach(f.partitionOf), `detach partition ${what} from its bound ${f.partitionOf.bound}`, { hazards: ['locks-table'] });
    // ATTACH scans the partition for rows outside the new bound (and a default partition for rows inside it).
    b.add('attachPartition', attach(t.partitionOf), detach(t.partitionOf), `attach partition ${what} ${t.partitionOf.bound}`, { hazards: ['locks-table', 'may-fail'] });
    return;
  }
  if ((f.partitionBy ?? '') !== (t.partitionBy ?? '')) {
    const of = (p?: PartitionOf) => (p ? `a partition of ${key(p.parent)}` : 'not a partition');
    throw new CairnError('SCHEMA', `table ${what} cannot change from ${of(f.partitionOf)} to ${of(t.partitionOf)} and its partitioning in place`, {
      details: { table: what, from: f.partitionOf ? key(f.partitionOf.parent) : null, to: t.partitionOf ? key(t.partitionOf.parent) : null },
      hint: 'change its partitioning and its parent in two migrations, or drop and re-create the table',
    });
  }
  // DETACH keeps the rows and makes the columns and constraints the table had through its parent
  // its own. Like NO INHERIT it runs early: what the table should lose of them is dropped after it.
  if (f.partitionOf) b.add('noInherit', detach(f.partitionOf), attach(f.partitionOf), `detach ${what} from ${key(f.partitionOf.parent)} (its rows stay, in a plain table)`, { hazards: ['locks-table'] });
  if (t.partitionOf) {
    // ATTACH needs the parent's columns (no more), NOT NULL and checks: it runs once the table's
    // columns and constraints are changed. It scans the table for rows outside the bound (and a
    // default partition of the parent for rows inside it): either makes it fail.
    b.add('inherit', attach(t.partitionOf), detach(t.partitionOf), `attach ${what} to ${key(t.partitionOf.parent)} ${t.partitionOf.bound} (it scans the rows: any outside the bound, or in a default partition inside it, make it fail)`,
      { hazards: ['locks-table', 'may-fail'] });
  }
}

const newKey = (c: ModifyPartitioning) => !c.from.partitionOf && !c.to.partitionOf && (c.from.partitionBy ?? '') !== (c.to.partitionBy ?? '');

/**
 * recreations lists the tables re-created for a new partitioning, parents before their partitions:
 * the tables whose partition key changes (or that become, or stop being, partitioned) and their
 * kept partitions at every level (the differ emits ModifyPartitioning for each).
 */
export function recreations(changes: readonly Change[]): ModifyPartitioning[] {
  const all = changes.filter((c): c is ModifyPartitioning => c.kind === 'ModifyPartitioning');
  const out = all.filter(newKey);
  const keys = new Set(out.map((c) => key(c.table)));
  for (let grew = out.length > 0; grew;) {
    grew = false;
    for (const c of all) {
      const p = c.to.partitionOf?.parent;
      if (!p || keys.has(key(c.table)) || !keys.has(key(p))) continue;
      out.push(c);
      keys.add(key(c.table));
      grew = true;
    }
  }
  return out;
}

/**
 * planRecreations re-creates those tables: each parent's rows (the columns both versions have)
 * are copied into a holding table first, partitions are dropped before their parents and created
 * after them (with the new partitions, planned as new tables), then the rows go back in and serial
 * and identity sequences are moved past them. The down part does the same the other way.
 * It returns the changes it planned besides `list` (see keepReferencingKeys), for the planner
 * to skip.
 */
export function planRecreations(b: Builder, list: readonly ModifyPartitioning[], changes: readonly Change[], from: Realm, to: Realm): Change[] {
  const done = keepReferencingKeys(b, list, changes, from, to);
  for (const c of [...list].reverse()) {
    b.source = c;
    if (newKey(c)) copyOut(b, c.from, c.to);
    dropTable(b, c.from);
  }
  for (const c of list) {
    b.source = c;
    addTable(b, c.to);
    if (newKey(c)) copyIn(b, c.from, c.to);
  }
  return done;
}

type KeyChange = Extract<Change, { kind: 'DropConstraint' | 'RenameConstraint' }>;

/**
 * keepReferencingKeys: PostgreSQL refuses to drop a table that foreign keys of other tables point
 * at, and DROP ... CASCADE would drop those keys for good. Each such key (on a table that is not
 * re-created itself: a re-created table's own keys go and come back with it) is dropped before
 * any row is copied aside, and added again (validated against the rows copied back) after the
 * rows are back, under its new name when renamed and on its table's new name when that is
 * renamed. Dropping it first also puts its reverse last in the down part, after the old table's
 * rows are back. A key the plan drops or changes anyway is dropped here in its place (those
 * changes are returned, for the planner to skip); a changed key is then added by its
 * AddConstraint; a key on a table the plan drops goes with that table.
 */
function keepReferencingKeys(b: Builder, list: readonly ModifyPartitioning[], changes: readonly Change[], from: Realm, to: Realm): Change[] {
  const recreated = new Map(list.map((c) => [key(c.from), c] as const));
  const done: Change[] = [];
  for (const t of from.schemas.flatMap((s) => s.tables)) {
    if (recreated.has(key(t))) continue;
    const renamed = changes.find((c): c is Extract<Change, { kind: 'RenameTable' }> => c.kind === 'RenameTable' && key(c.from) === key(t));
    const ref: ObjectRef = renamed ? { schema: renamed.to.schema, name: renamed.to.name } : { schema: t.schema, name: t.name };
    const now = findTable(to, ref.schema, ref.name);
    if (!now) continue;
    const own = changes.filter((c): c is KeyChange => (c.kind === 'RenameConstraint' || (c.kind === 'DropConstraint' && c.type === 'foreignKey')) && key(c.table) === key(ref));
    for (const fk of t.foreignKeys) {
      const target = recreated.get(key(fk.refTable));
      if (!target) continue;
      const rename = own.find((c) => c.kind === 'RenameConstraint' && c.from === fk.name);
      const name = rename?.kind === 'RenameConstraint' ? rename.to : fk.name;
      const drop = own.find((c) => c.kind === 'DropConstraint' && c.constraint.name === name);
      const why = ` while ${key(target.table)} is re-created`;
      b.source = drop ?? rename ?? target;
      dropConstraint(b, t, 'foreignKey', fk, 'copyOut', why);
      done.push(...[rename, drop].filter((c): c is KeyChange => c !== undefined));
      const kept = drop ? undefined : now.foreignKeys.find((k) => k.name === name);
      if (!kept) continue;
      b.source = target;
      addConstraint(b, ref, 'foreignKey', kept, false, `, again: ${key(target.table)} is re-created`);
    }
  }
  return done;
}

const holdingTable = (t: Table) => q({ schema: t.schema, name: `${t.name}__cairn_copy` });
const copiedColumns = (f: Table, t: Table) => t.columns.filter((c) => c.generated === undefined && f.columns.some((o) => o.name === c.name && o.generated === undefined)).map((c) => quoteIdent(c.name));
const by = (x: Table) => (x.partitionBy ? `partitioned by ${x.partitionBy}` : 'not partitioned');
const copyOutSql = (x: Table, cols: readonly string[]) => `CREATE TABLE ${holdingTable(x)} AS SELECT ${cols.join(', ')} FROM ${q(x)}`;

/**
 * copyInSteps moves the held rows into the new table `x`, moves its serial and identity
 * sequences past them and drops the holding table: one statement each, each with what undoes
 * it in a table that was empty and fresh (rows out, sequences back to their start, rows held
 * again), and what it does.
 */
function copyInSteps(x: Table, cols: readonly string[], now: string): { sql: string; reverse: string; what: string }[] {
  const hold = holdingTable(x);
  const seq = (c: string) => `pg_get_serial_sequence(${literal(q(x))}, ${literal(c)})`;
  return [
    {
      sql: `INSERT INTO ${q(x)} (${cols.join(', ')}) ${x.columns.some((c) => attr(c.attrs, 'pg.identity')?.always) ? 'OVERRIDING SYSTEM VALUE ' : ''}SELECT ${cols.join(', ')} FROM ${hold}`,
      reverse: `TRUNCATE ${q(x)}`,
      what: `copy the rows of ${key(x)} back into it, ${now}`,
    },
    ...x.columns.filter((c) => (hasAttr(c.attrs, 'pg.serial') || attr(c.attrs, 'pg.identity')) && cols.includes(quoteIdent(c.name))).map((c) => ({
      sql: `SELECT setval(${seq(c.name)}, coalesce(max(${quoteIdent(c.name)}), 0) + 1, false) FROM ${q(x)}`,
      reverse: `SELECT setval(seqrelid::regclass, seqstart, false) FROM pg_sequence WHERE seqrelid = ${seq(c.name)}::regclass`,
      what: `move the sequence of ${key(x)}.${c.name} past the copied rows`,
    })),
    { sql: `DROP TABLE ${hold}`, reverse: copyOutSql(x, cols), what: `drop ${x.schema}.${x.name}__cairn_copy, which held the rows of ${key(x)}` },
  ];
}

function copyOut(b: Builder, f: Table, t: Table): void {
  const cols = copiedColumns(f, t);
  // The way back puts the rows into the old table again, re-created (fresh) by then.
  b.add('copyOut', copyOutSql(f, cols), copyInSteps(f, cols, by(f)).map((s) => s.sql), `copy the rows of ${key(t)} aside: it is re-created ${by(t)}`);
}

function copyIn(b: Builder, f: Table, t: Table): void {
  for (const [i, s] of copyInSteps(t, copiedColumns(f, t), `now ${by(t)}`).entries()) b.add('copyIn', s.sql, s.reverse, s.what, { hazards: i === 0 ? ['may-fail'] : [] });
}

/**
 * partitionOrder puts each AddTable after the AddTable of its parent (partitioning or plain
 * inheritance) and each DropTable before the DropTable of its parent; everything else keeps its place (and tables their order, when
 * no partition is involved).
 */
export function partitionOrder(changes: readonly Change[]): Change[] {
  type Add = Extract<Change, { kind: 'AddTable' }>;
  type Drop = Extract<Change, { kind: 'DropTable' }>;
  const adds = changes.filter((c): c is Add => c.kind === 'AddTable');
  const drops = changes.filter((c): c is Drop => c.kind === 'DropTable');
  // A table that inherits (INHERITS) is ordered like a partition: after its parents, dropped before them.
  const parents = (t: Table) => [...(t.partitionOf ? [key(t.partitionOf.parent)] : []), ...(t.inherits ?? []).map(key)];
  const addOrder = depsFirst(adds, (c) => adds.filter((p) => parents(c.table).includes(key(p.table))));
  const dropOrder = depsFirst(drops, (c) => drops.filter((p) => parents(p.table).includes(key(c.table))));
  let [a, d] = [0, 0];
  return changes.map((c) => (c.kind === 'AddTable' ? addOrder[a++] : c.kind === 'DropTable' ? dropOrder[d++] : c));
}

/** depsFirst is a stable order in which each item comes after its `depsOf` (a cycle is cut where found). */
function depsFirst<T>(items: readonly T[], depsOf: (i: T) => readonly T[]): T[] {
  const done = new Set<T>();
  const out: T[] = [];
  const visit = (i: T) => {
    if (done.has(i)) return;
    done.add(i);
    depsOf(i).forEach(visit);
    out.push(i);
  };
  items.forEach(visit);
  return out;
}

/**
 * partitionsOf lists the partitions (at every level) of a table in a realm, for what touches
 * a parent's columns: a view or policy on a partition reads the parent's columns too.
 */
export function partitionsOf(realm: Realm, table: ObjectRef): ObjectRef[] {
  const all = realm.schemas.flatMap((s) => s.tables);
  const out: ObjectRef[] = [];
  const visit = (parent: string) => {
    for (const t of all) {
      if (!t.partitionOf || key(t.partitionOf.parent) !== parent || out.some((o) => key(o) === key(t))) continue;
      out.push({ schema: t.schema, name: t.name });
      visit(key(t));
    }
  };
  visit(key(table));
  return out;
}

/** partitionOfExisting says whether a new table is a partition of a table that exists already (and gets locked). */
export function partitionOfExisting(from: Realm, t: Table): boolean {
  return t.partitionOf !== undefined && findTable(from, t.partitionOf.parent.schema, t.partitionOf.parent.name) !== undefined;
}

/** isPartitioned says whether a table of a realm is partitioned (no CONCURRENTLY for its indexes). */
export function isPartitioned(realm: Realm, table: ObjectRef): boolean {
  return findTable(realm, table.schema, table.name)?.partitionBy !== undefined;
}
