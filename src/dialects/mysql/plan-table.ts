/**
 * Planning whole tables and their options: CREATE TABLE with columns, keys, indexes and checks
 * inline (foreign keys and triggers follow once every table exists), DROP TABLE with a reverse
 * that rebuilds all of it, RENAME TABLE, and table options (engine, default character set, row
 * format, comment). MySQL has no COMMENT ON: a column's comment is part of its definition, an
 * index's comment part of the index.
 */
import type { Change, CommentTarget } from '../../diff/changes.js';
import type { Column, ObjectRef, Table } from '../../schema/model.js';
import { nameKey } from '../../plan/builder.js';
import { findTableIn } from '../../plan/table-groups.js';
import { CairnError } from '../../errors.js';
import { attrOf } from './attrs.js';
import { columnDef, createTable, foreignKeyClause, indexClause } from './plan-sql.js';
import { charsetOf } from './inspect-normalize.js';
import { literal, quoteIdent } from './sql-text.js';
import { alterTable, type Ctx, type DatabaseDefaults } from './plan-context.js';

const q = quoteIdent;

/** addTable: the table with its keys, indexes and checks; its foreign keys once every table exists; its triggers in the trigger pass. */
export function addTable(ctx: Ctx, t: Table): void {
  ctx.b.add('createTable', createTable(t, ctx.caps), `DROP TABLE ${q(t.name)}`, `create table ${t.name}`, { creates: [nameKey(t)] });
  for (const fk of t.foreignKeys) {
    ctx.b.add('foreignKeys', `${alterTable(t.name)} ADD ${foreignKeyClause(fk)}`, `${alterTable(t.name)} DROP FOREIGN KEY ${q(fk.name)}`, `add foreign key ${fk.name} on ${t.name}`);
  }
}

/**
 * dropTable: its foreign keys first (so the down part adds them after the table), then the
 * table. Its triggers are dropped by the trigger pass (plan-views.ts), in FOLLOWS order.
 */
export function dropTable(ctx: Ctx, t: Table): void {
  for (const fk of t.foreignKeys) {
    ctx.b.add('dropForeignKey', `${alterTable(t.name)} DROP FOREIGN KEY ${q(fk.name)}`, `${alterTable(t.name)} ADD ${foreignKeyClause(fk)}`, `drop foreign key ${fk.name} on ${t.name}`);
  }
  ctx.b.add('dropTable', `DROP TABLE ${q(t.name)}`, createTable(t, ctx.caps), `drop table ${t.name}`, { hazards: ['data-loss'], drops: [nameKey(t)] });
}

export function renameTable(ctx: Ctx, from: ObjectRef, to: ObjectRef): void {
  ctx.b.add('renameTable', `RENAME TABLE ${q(from.name)} TO ${q(to.name)}`, `RENAME TABLE ${q(to.name)} TO ${q(from.name)}`, `rename table ${from.name} to ${to.name}`,
    { creates: [nameKey(to)], drops: [nameKey(from)] });
}

const CHARACTER_TYPE = /^(var)?char\b|^(tiny|medium|long)?text\b|^enum\(|^set\(/i;

/**
 * modifyTable changes table options. A new default character set also converts the columns that
 * follow the table's default (each MODIFY names the collation, both ways, so the reverse restores
 * it exactly); columns with a collation of their own keep it.
 */
export function modifyTable(ctx: Ctx, from: Table, to: Table): void {
  const known = ['mysql.engine', 'mysql.charset', 'mysql.rowFormat'];
  const unknown = [...from.attrs, ...to.attrs].find((a) => !known.includes(a.kind));
  if (unknown) throw new CairnError('SCHEMA', `changing ${unknown.kind} of table ${to.name} is not supported`);
  const t = alterTable(to.name);
  // An option a table leaves out is its database's default, as each side was read: a target
  // whose database defaults differ from the dev database's compares by what its tables really use.
  const engineOf = (x: Table, d: DatabaseDefaults) => attrOf(x.attrs, 'mysql.engine')?.engine ?? d.engine ?? 'InnoDB';
  const [fe, te] = [engineOf(from, ctx.defaults.from), engineOf(to, ctx.defaults.to)];
  if (fe.toLowerCase() !== te.toLowerCase()) {
    ctx.b.add('tableOptions', `${t} ENGINE=${te}`, `${t} ENGINE=${fe}`, `change the engine of ${to.name} to ${te}`, { hazards: ['table-rewrite'] });
  }
  const [fr, tr] = [attrOf(from.attrs, 'mysql.rowFormat')?.format, attrOf(to.attrs, 'mysql.rowFormat')?.format];
  if (fr !== tr) ctx.b.add('tableOptions', `${t} ROW_FORMAT=${tr ?? 'DEFAULT'}`, `${t} ROW_FORMAT=${fr ?? 'DEFAULT'}`, `change the row format of ${to.name}`, { hazards: ['table-rewrite'] });
  const [fc, tc] = [attrOf(from.attrs, 'mysql.charset')?.collation ?? ctx.defaults.from.collation, attrOf(to.attrs, 'mysql.charset')?.collation ?? ctx.defaults.to.collation];
  if (fc !== tc) {
    if (!fc || !tc) throw new CairnError('SCHEMA', `cannot change the character set of table ${to.name}: the database's default collation is unknown`);
    // Columns that follow the table's default on both sides, as they stand when this runs (renamed, not yet modified).
    const renamed = new Map(ctx.changes.flatMap((r) => (r.kind === 'RenameColumn' && r.table.name === to.name ? [[r.to.name, r.from.name] as const] : [])));
    const follow = to.columns.flatMap((c) => {
      const old = from.columns.find((x) => x.name === (renamed.get(c.name) ?? c.name));
      return old && !old.collation && !c.collation && CHARACTER_TYPE.test(old.type.sql) ? [{ ...old, name: c.name }] : [];
    });
    const convert = (coll: string) => [`DEFAULT CHARSET=${charsetOf(coll)} COLLATE=${coll}`, ...follow.map((c: Column) => `MODIFY COLUMN ${columnDef({ ...c, collation: coll })}`)].join(', ');
    ctx.b.add('tableOptions', `${t} ${convert(tc)}`, `${t} ${convert(fc)}`, `change the default character set of ${to.name} to ${charsetOf(tc)} (${tc})`, { hazards: ['table-rewrite'] });
  }
}

/**
 * setComment: tables by ALTER TABLE ... COMMENT, columns by MODIFY COLUMN with their full
 * definition (as the desired table has it), indexes by re-creating them.
 */
export function setComment(ctx: Ctx, c: Extract<Change, { kind: 'SetComment' }>): void {
  const target: CommentTarget = c.target;
  switch (target.on) {
    case 'table': {
      const t = alterTable(target.ref.name);
      return ctx.b.add('comments', `${t} COMMENT = ${literal(c.to ?? '')}`, `${t} COMMENT = ${literal(c.from ?? '')}`, `${c.to === undefined ? 'remove the' : 'set the'} comment on table ${target.ref.name}`);
    }
    case 'column': {
      const col = findTableIn(ctx.to, target.ref)?.columns.find((x) => x.name === target.column);
      if (!col) throw new CairnError('INTERNAL', `column ${target.ref.name}.${target.column} not found in the desired state`);
      const t = alterTable(target.ref.name);
      return ctx.b.add('comments', `${t} MODIFY COLUMN ${columnDef({ ...col, comment: c.to })}`, `${t} MODIFY COLUMN ${columnDef({ ...col, comment: c.from })}`, `${c.to === undefined ? 'remove the' : 'set the'} comment on column ${target.ref.name}.${target.column}`);
    }
    case 'index': {
      const hit = ctx.to.schemas.flatMap((s) => s.tables).flatMap((t) => t.indexes.filter((i) => i.name === target.ref.name && i.comment === c.to).map((i) => [t, i] as const))[0];
      if (!hit) throw new CairnError('INTERNAL', `index ${target.ref.name} not found in the desired state`);
      const [t, i] = hit;
      const swap = (comment: string | undefined) => `${alterTable(t.name)} DROP INDEX ${q(i.name)}, ADD ${indexClause({ ...i, comment }, ctx.caps)}`;
      return ctx.b.add('comments', swap(c.to), swap(c.from), `${c.to === undefined ? 'remove the' : 'set the'} comment on index ${i.name} of ${t.name}`);
    }
    default:
      throw new CairnError('SCHEMA', `MySQL/MariaDB has no comments on a ${target.on}`);
  }
}
