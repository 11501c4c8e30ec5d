/**
 * Re-creating an enum type. PostgreSQL can add enum values in place but never remove or
 * reorder them, so those changes (and the down part of ADD VALUE) rename the old type away,
 * create the new one, convert every column that uses it through text, and drop the old type.
 */
import type { Column, Enum, Realm, Table } from '../../schema/model.js';
import type { Builder } from './plan-builder.js';
import { createEnum } from './plan-objects.js';
import { literal, q, quoteIdent } from './plan-sql.js';

/** Usage is a column whose type is the enum or an array of it. */
export interface EnumUsage {
  readonly table: Table;
  readonly column: Column;
}

/** enumUsages lists the columns of `realm` that use an enum. */
export function enumUsages(realm: Realm, e: Enum): EnumUsage[] {
  return realm.schemas.flatMap((s) => s.tables.flatMap((table) => table.columns
    .filter((column) => column.type.ref?.schema === e.schema && column.type.ref?.name === e.name)
    .map((column) => ({ table, column }))));
}

/** recreateEnumSql is the statement list that turns the type `from` into `to` in place. */
export function recreateEnumSql(from: Enum, to: Enum, usages: readonly EnumUsage[]): string {
  const old = `${from.name}__cairn_old`;
  const steps = [`ALTER TYPE ${q(from)} RENAME TO ${quoteIdent(old)}`, createEnum(to)];
  for (const { table, column } of usages) {
    const col = `ALTER TABLE ${q(table)} ALTER COLUMN ${quoteIdent(column.name)}`;
    const array = column.type.sql.endsWith('[]');
    if (column.default !== undefined) steps.push(`${col} DROP DEFAULT`);
    steps.push(`${col} TYPE ${column.type.sql} USING ${quoteIdent(column.name)}::text${array ? '[]' : ''}::${column.type.sql}`);
    if (column.default !== undefined) steps.push(`${col} SET DEFAULT ${column.default}`);
  }
  steps.push(`DROP TYPE ${q({ schema: from.schema, name: old })}`);
  return steps.join(';\n');
}

/** modifyEnum re-creates the type with the new values (values that go away lose their rows' data). */
export function modifyEnum(b: Builder, from: Enum, to: Enum, usages: readonly EnumUsage[]): void {
  const removed = from.values.filter((v) => !to.values.includes(v));
  b.add('types', recreateEnumSql(from, to, usages), recreateEnumSql(to, from, usages), `re-create enum ${to.schema}.${to.name} with values ${to.values.map(literal).join(', ')}`,
    { hazards: [...(removed.length ? ['data-loss' as const] : []), 'table-rewrite', 'may-fail'] });
}

/** addEnumValue adds a value in place; its down part re-creates the type without it. */
export function addEnumValue(b: Builder, e: Enum, value: string, before: string | undefined, usages: readonly EnumUsage[]): void {
  const without = { ...e, values: e.values.filter((v) => v !== value) };
  // Re-created as the type was before this value: the values added after it are still there.
  b.add('types', `ALTER TYPE ${q(e)} ADD VALUE ${literal(value)}${before !== undefined ? ` BEFORE ${literal(before)}` : ''}`,
    recreateEnumSql(e, without, usages), `add value ${literal(value)} to enum ${e.schema}.${e.name}`);
  // Since PostgreSQL 12 ADD VALUE runs in a transaction block; the new value cannot be used in the
  // transaction that added it, which the planner deals with by splitting the plan (plan.ts).
}
