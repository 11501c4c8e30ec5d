/**
 * Planning declarative partitioning. A partitioned table is created with its key
 * (`PARTITION BY`) and a partition with `PARTITION OF parent <bound>` (plan-sql.ts); what this
 * file adds is the order between them and the changes of partitioning:
 *
 * - parents are created before their partitions and dropped after them (partitionOrder);
 * - a new bound under the same parent is DETACH + ATTACH; detaches and partition drops run
 *   before tables are created and attaches after, so ranges can move between partitions;
 * - a new partition key, or a table that would change parent or become (or stop being) a
 *   partition, stops the plan: PostgreSQL cannot do it in place, and doing it by hand (a new
 *   table and a copy of the rows, or ATTACH/DETACH with matching columns) is a data migration.
 */
import type { ObjectRef, PartitionOf, Realm, Table } from '../../schema/model.js';
import type { Change } from '../../diff/changes.js';
import { CairnError } from '../../errors.js';
import { findTable } from '../../schema/build.js';
import type { Builder } from './plan-builder.js';
import { q } from './plan-sql.js';

type ModifyPartitioning = Extract<Change, { kind: 'ModifyPartitioning' }>;

const key = (r: ObjectRef) => `${r.schema}.${r.name}`;

/** modifyPartitioning moves a partition to its new bound, or refuses what cannot change in place. */
export function modifyPartitioning(b: Builder, c: ModifyPartitioning): void {
  const { from: f, to: t } = c;
  const what = key(c.table);
  if ((f.partitionBy ?? '') !== (t.partitionBy ?? '')) {
    const by = (x: Table) => (x.partitionBy ? `PARTITION BY ${x.partitionBy}` : 'not partitioned');
    throw new CairnError('SCHEMA', `the partitioning of table ${what} cannot change in place (${by(f)} -> ${by(t)})`, {
      details: { table: what, from: f.partitionBy ?? null, to: t.partitionBy ?? null },
      hint: 'create a table with the new partitioning under another name and copy the rows over in a hand-written migration, then drop the old one',
    });
  }
  if (!f.partitionOf || !t.partitionOf || key(f.partitionOf.parent) !== key(t.partitionOf.parent)) {
    const of = (p?: PartitionOf) => (p ? `a partition of ${key(p.parent)}` : 'not a partition');
    throw new CairnError('SCHEMA', `table ${what} cannot change from ${of(f.partitionOf)} to ${of(t.partitionOf)} in place`, {
      details: { table: what, from: f.partitionOf ? key(f.partitionOf.parent) : null, to: t.partitionOf ? key(t.partitionOf.parent) : null },
      hint: 'write the ALTER TABLE ... DETACH PARTITION / ATTACH PARTITION (the columns must match the parent\'s) in a hand-written migration, or drop and re-create the table',
    });
  }
  const parent = q(t.partitionOf.parent);
  const detach = `ALTER TABLE ${parent} DETACH PARTITION ${q(t)}`;
  const attach = (p: PartitionOf) => `ALTER TABLE ${parent} ATTACH PARTITION ${q(t)} ${p.bound}`;
  b.add('detachPartition', detach, attach(f.partitionOf), `detach partition ${what} from its bound ${f.partitionOf.bound}`, { hazards: ['locks-table'] });
  // ATTACH scans the partition for rows outside the new bound (and a default partition for rows inside it).
  b.add('attachPartition', attach(t.partitionOf), detach, `attach partition ${what} ${t.partitionOf.bound}`, { hazards: ['locks-table', 'may-fail'] });
}

/**
 * partitionOrder puts each AddTable after the AddTable of its parent and each DropTable before
 * the DropTable of its parent; everything else keeps its place (and tables their order, when
 * no partition is involved).
 */
export function partitionOrder(changes: readonly Change[]): Change[] {
  type Add = Extract<Change, { kind: 'AddTable' }>;
  type Drop = Extract<Change, { kind: 'DropTable' }>;
  const adds = changes.filter((c): c is Add => c.kind === 'AddTable');
  const drops = changes.filter((c): c is Drop => c.kind === 'DropTable');
  const addOrder = depsFirst(adds, (c) => (c.table.partitionOf ? adds.filter((p) => key(p.table) === key(c.table.partitionOf!.parent)) : []));
  const dropOrder = depsFirst(drops, (c) => drops.filter((p) => p.table.partitionOf && key(p.table.partitionOf.parent) === key(c.table)));
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
