/**
 * Planning keys, indexes and constraints. An index or primary key dropped and added under the
 * same name is one ALTER TABLE with both clauses (see pairKeyChanges): MySQL refuses to drop an
 * index a foreign key still needs, or the key of an AUTO_INCREMENT column, on its own. Foreign
 * keys are added after every table, key and index exists, and dropped before anything they use
 * changes; a column whose type changes under a foreign key has that key dropped and re-added
 * around it (MySQL cannot change the type of a column a foreign key uses).
 */
import type { AnyConstraint, Change, ConstraintKind } from '../../diff/changes.js';
import type { Check, ForeignKey, Index, ObjectRef, PrimaryKey, Realm } from '../../schema/model.js';
import { CairnError } from '../../errors.js';
import { findTableIn, groupByTable, pairedChanges } from '../../plan/table-groups.js';
import { checkClause, foreignKeyClause, indexClause, primaryKeyClause } from './plan-sql.js';
import { quoteIdent } from './sql-text.js';
import { hasAttr } from './attrs.js';
import { canonicalJson } from '../../schema/build.js';
import { alterTable, type Ctx } from './plan-context.js';

const q = quoteIdent;

type DropIndex = Extract<Change, { kind: 'DropIndex' }>;
type AddIndex = Extract<Change, { kind: 'AddIndex' }>;
type DropPk = Extract<Change, { kind: 'DropPrimaryKey' }>;
type AddPk = Extract<Change, { kind: 'AddPrimaryKey' }>;

/** requireIndexSupport refuses an index the server cannot build, naming it and why. */
function requireIndexSupport(ctx: Ctx, table: string, i: Index): void {
  if (i.parts.some((p) => p.expr !== undefined) && !ctx.caps.functionalIndexes) {
    throw new CairnError('SCHEMA', `index ${i.name} on ${table} has an expression key part, which ${ctx.caps.server.flavor === 'mariadb' ? 'MariaDB' : 'this MySQL version'} does not support (MySQL 8.0.13+ does)`, {
      details: { index: i.name, table },
      hint: 'index a generated column holding the expression instead',
    });
  }
}

/**
 * pairKeyChanges plans, for every table, the indexes and primary keys dropped and added under the
 * same name as one statement each, and marks those changes done.
 */
export function pairKeyChanges(ctx: Ctx): void {
  for (const g of groupByTable(ctx.changes).tables) {
    const t = alterTable(g.table.name);
    const idx = pairedChanges(g.changes, (c): c is DropIndex => c.kind === 'DropIndex', (c): c is AddIndex => c.kind === 'AddIndex', (d, a) => d.index.name === a.index.name);
    for (const [d, a] of idx.pairs) {
      requireIndexSupport(ctx, g.table.name, a.index);
      ctx.b.source = a;
      if (onlyIgnoredDiffers(d.index, a.index) && ctx.caps.ignoredIndexes) {
        const flag = (i: Index) => `${t} ALTER INDEX ${q(i.name)} ${ignoredWord(ctx, hasAttr(i.attrs, 'mysql.ignored'))}`;
        ctx.b.add('indexes', flag(a.index), flag(d.index), `${hasAttr(a.index.attrs, 'mysql.ignored') ? 'ignore' : 'use'} index ${a.index.name} on ${g.table.name}`);
        continue;
      }
      const swap = (i: Index) => `${t} DROP INDEX ${q(d.index.name)}, ADD ${indexClause(i, ctx.caps)}`;
      ctx.b.add('indexes', swap(a.index), swap(d.index), `re-create index ${a.index.name} on ${g.table.name}`, { hazards: a.index.unique ? ['may-fail'] : [] });
    }
    const pk = pairedChanges(g.changes, (c): c is DropPk => c.kind === 'DropPrimaryKey', (c): c is AddPk => c.kind === 'AddPrimaryKey', () => true);
    for (const [d, a] of pk.pairs) {
      ctx.b.source = a;
      const swap = (k: PrimaryKey) => `${t} DROP PRIMARY KEY, ADD ${primaryKeyClause(k)}`;
      ctx.b.add('primaryKey', swap(a.primaryKey), swap(d.primaryKey), `change the primary key of ${g.table.name} to (${a.primaryKey.columns.join(', ')})`, { hazards: ['may-fail', 'table-rewrite'] });
    }
    for (const c of [...idx.paired, ...pk.paired]) ctx.done.add(c);
  }
}

/** MySQL says INVISIBLE / VISIBLE, MariaDB IGNORED / NOT IGNORED. */
const ignoredWord = (ctx: Ctx, ignored: boolean): string =>
  ctx.caps.ignoredIndexes === 'INVISIBLE' ? (ignored ? 'INVISIBLE' : 'VISIBLE') : ignored ? 'IGNORED' : 'NOT IGNORED';

/** Two versions of an index that differ only in whether the optimizer ignores it (ALTER INDEX, no rebuild). */
function onlyIgnoredDiffers(a: Index, b: Index): boolean {
  const rest = (i: Index) => canonicalJson({ ...i, attrs: i.attrs.filter((x) => x.kind !== 'mysql.ignored') });
  return rest(a) === rest(b);
}

export function addPrimaryKey(ctx: Ctx, table: ObjectRef, pk: PrimaryKey): void {
  const t = alterTable(table.name);
  ctx.b.add('primaryKey', `${t} ADD ${primaryKeyClause(pk)}`, `${t} DROP PRIMARY KEY`, `add primary key (${pk.columns.join(', ')}) to ${table.name}`, { hazards: ['may-fail', 'table-rewrite'] });
}

export function dropPrimaryKey(ctx: Ctx, table: ObjectRef, pk: PrimaryKey): void {
  const t = alterTable(table.name);
  ctx.b.add('dropPrimaryKey', `${t} DROP PRIMARY KEY`, `${t} ADD ${primaryKeyClause(pk)}`, `drop the primary key of ${table.name}`, { hazards: ['table-rewrite'] });
}

export function addIndex(ctx: Ctx, table: ObjectRef, i: Index): void {
  requireIndexSupport(ctx, table.name, i);
  const t = alterTable(table.name);
  ctx.b.add('indexes', `${t} ADD ${indexClause(i, ctx.caps)}`, `${t} DROP INDEX ${q(i.name)}`, `add index ${i.name} on ${table.name}`, { hazards: i.unique ? ['may-fail'] : [] });
}

export function dropIndex(ctx: Ctx, table: ObjectRef, i: Index): void {
  const t = alterTable(table.name);
  ctx.b.add('dropIndex', `${t} DROP INDEX ${q(i.name)}`, `${t} ADD ${indexClause(i, ctx.caps)}`, `drop index ${i.name} on ${table.name}`);
}

/** renameIndex: RENAME INDEX, or drop and add in one statement on servers without it. */
export function renameIndex(ctx: Ctx, table: ObjectRef, from: Index, to: Index): void {
  const t = alterTable(table.name);
  const rename = (a: Index, z: Index) => (ctx.caps.renameIndex ? `${t} RENAME INDEX ${q(a.name)} TO ${q(z.name)}` : `${t} DROP INDEX ${q(a.name)}, ADD ${indexClause(z, ctx.caps)}`);
  ctx.b.add('renameIndex', rename(from, to), rename(to, from), `rename index ${from.name} on ${table.name} to ${to.name}`);
}

/** addConstraint: CHECK and FOREIGN KEY by name; a UNIQUE constraint is a unique index in MySQL. */
export function addConstraint(ctx: Ctx, table: ObjectRef, type: ConstraintKind, c: AnyConstraint): void {
  const t = alterTable(table.name);
  switch (type) {
    case 'check':
      return ctx.b.add('checks', `${t} ADD ${checkClause(c as Check)}`, `${t} ${ctx.caps.dropCheck} ${q(c.name)}`, `add check ${c.name} on ${table.name}`, { hazards: ['may-fail'] });
    case 'foreignKey':
      return ctx.b.add('foreignKeys', `${t} ADD ${foreignKeyClause(c as ForeignKey)}`, `${t} DROP FOREIGN KEY ${q(c.name)}`, `add foreign key ${c.name} on ${table.name}`, { hazards: ['may-fail'] });
    case 'unique': {
      const cols = (c as { columns: readonly string[] }).columns;
      return ctx.b.add('indexes', `${t} ADD CONSTRAINT ${q(c.name)} UNIQUE (${cols.map(q).join(', ')})`, `${t} DROP INDEX ${q(c.name)}`, `add unique ${c.name} on ${table.name}`, { hazards: ['may-fail'] });
    }
    case 'exclusion':
      throw new CairnError('SCHEMA', `MySQL/MariaDB cannot add exclusion constraint ${c.name} on ${table.name}: it has no exclusion constraints`);
  }
}

export function dropConstraint(ctx: Ctx, table: ObjectRef, type: ConstraintKind, c: AnyConstraint): void {
  const t = alterTable(table.name);
  switch (type) {
    case 'check':
      return ctx.b.add('dropCheck', `${t} ${ctx.caps.dropCheck} ${q(c.name)}`, `${t} ADD ${checkClause(c as Check)}`, `drop check ${c.name} on ${table.name}`);
    case 'foreignKey':
      return ctx.b.add('dropForeignKey', `${t} DROP FOREIGN KEY ${q(c.name)}`, `${t} ADD ${foreignKeyClause(c as ForeignKey)}`, `drop foreign key ${c.name} on ${table.name}`);
    case 'unique': {
      const cols = (c as { columns: readonly string[] }).columns;
      return ctx.b.add('dropIndex', `${t} DROP INDEX ${q(c.name)}`, `${t} ADD CONSTRAINT ${q(c.name)} UNIQUE (${cols.map(q).join(', ')})`, `drop unique ${c.name} on ${table.name}`);
    }
    case 'exclusion':
      throw new CairnError('SCHEMA', `MySQL/MariaDB cannot drop exclusion constraint ${c.name} on ${table.name}: it has no exclusion constraints`);
  }
}

/**
 * renameConstraint: MySQL renames neither checks nor foreign keys, so the constraint is dropped
 * under its old name and added under the new one (its definition is the same: that is how the
 * differ paired them). The index a foreign key made for itself keeps its name; the differ plans
 * that rename separately.
 */
export function renameConstraint(ctx: Ctx, table: ObjectRef, from: string, to: string): void {
  const t = findTableIn(ctx.to, table);
  const fk = t?.foreignKeys.find((f) => f.name === to);
  const check = t?.checks.find((c) => c.name === to);
  const type: ConstraintKind | undefined = fk ? 'foreignKey' : check ? 'check' : t?.indexes.some((i) => i.name === to) ? 'unique' : undefined;
  const c = fk ?? check;
  if (type === 'unique') return ctx.b.add('renameIndex', `${alterTable(table.name)} RENAME INDEX ${q(from)} TO ${q(to)}`, `${alterTable(table.name)} RENAME INDEX ${q(to)} TO ${q(from)}`, `rename unique ${from} on ${table.name} to ${to}`);
  if (!type || !c) throw new CairnError('INTERNAL', `renamed constraint ${to} not found on ${table.name}`);
  dropConstraint(ctx, table, type, { ...c, name: from });
  addConstraint(ctx, table, type, c);
}

/**
 * rebuildForeignKeysAroundTypeChanges drops and re-adds the foreign keys (kept by the plan) that
 * use a column whose type or collation changes, on either side of the key.
 */
export function rebuildForeignKeysAroundTypeChanges(ctx: Ctx): void {
  const seen = new Set<string>();
  for (const c of ctx.changes) {
    if (c.kind !== 'ModifyColumn' || !(c.kinds.includes('type') || c.kinds.includes('collation'))) continue;
    for (const [child, fk] of foreignKeysUsing(ctx.to, c.table, c.to.name)) {
      const key = `${child.name}.${fk.name}`;
      if (seen.has(key) || !keptUnchanged(ctx, child, fk)) continue;
      seen.add(key);
      ctx.b.source = c;
      const t = alterTable(child.name);
      ctx.b.add('dropForeignKey', `${t} DROP FOREIGN KEY ${q(fk.name)}`, `${t} ADD ${foreignKeyClause(fk)}`, `drop foreign key ${fk.name} on ${child.name} while ${c.table.name}.${c.to.name} changes type`);
      ctx.b.add('foreignKeys', `${t} ADD ${foreignKeyClause(fk)}`, `${t} DROP FOREIGN KEY ${q(fk.name)}`, `add foreign key ${fk.name} on ${child.name} again`, { hazards: ['may-fail'] });
    }
  }
}

/** foreignKeysUsing lists the foreign keys of a realm (with their table) that use a column as child or parent. */
function foreignKeysUsing(r: Realm, table: ObjectRef, column: string): [ObjectRef, ForeignKey][] {
  const out: [ObjectRef, ForeignKey][] = [];
  for (const s of r.schemas) {
    for (const t of s.tables) {
      for (const fk of t.foreignKeys) {
        const child = t.schema === table.schema && t.name === table.name && fk.columns.includes(column);
        const parent = fk.refTable.schema === table.schema && fk.refTable.name === table.name && fk.refColumns.includes(column);
        if (child || parent) out.push([{ schema: t.schema, name: t.name }, fk]);
      }
    }
  }
  return out;
}

/** keptUnchanged: the plan neither drops, adds nor renames this foreign key (else those statements already move it). */
function keptUnchanged(ctx: Ctx, child: ObjectRef, fk: ForeignKey): boolean {
  return !ctx.changes.some((c) =>
    (c.kind === 'AddConstraint' || c.kind === 'DropConstraint') && c.type === 'foreignKey' && c.table.name === child.name && c.constraint.name === fk.name
    || (c.kind === 'RenameConstraint' && c.table.name === child.name && c.to === fk.name)
    || (c.kind === 'AddTable' && c.table.name === child.name));
}
