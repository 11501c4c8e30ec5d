/**
 * Re-creating an enum type. PostgreSQL can add enum values in place but never remove or
 * reorder them, so those changes (and the down part of ADD VALUE) rename the old type away,
 * create the new one, convert every column that uses it through text, and drop the old type.
 * Routines whose signature, result or body names the type depend on the old one: they are
 * dropped first and created again after the new type exists (TypeRebuild, plan-functions.ts).
 * Views reading its columns, casting to it or calling those routines are re-built by the view
 * pass (plan-views.ts, enumViews). Objects cairn does not re-build are refused (enumRoutines).
 */
import type { Column, Enum, Realm, Table, View } from '../../schema/model.js';
import type { Builder } from './plan-builder.js';
import type { Hazard, Reverse } from '../../plan/types.js';
import { CairnError } from '../../errors.js';
import { createEnum } from './plan-objects.js';
import { literal, q, quoteIdent } from './plan-sql.js';
import { namesType, typeRebuild, type RoutineSql, type TypeRebuild } from './plan-functions.js';

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

/**
 * enumViews lists the views of `realm` that depend on the enum other than through a column
 * they read (plan-views.ts re-builds those): by a cast or a column of the type, or by calling a
 * routine re-created with it.
 */
export function enumViews(realm: Realm, e: Enum): View[] {
  const calls = [...typeRebuild(realm, e).keys].map((k) => callRe(k.slice(0, k.indexOf('('))));
  return realm.schemas.flatMap((s) => s.views.filter((v) => namesType(v.def, e) || calls.some((re) => re.test(v.def))));
}

/** One statement of an enum re-creation, with what undoes it and what can go wrong. */
interface EnumStep {
  readonly sql: string;
  readonly reverse: Reverse;
  readonly hazards: readonly Hazard[];
  readonly what: string;
}

/**
 * recreateEnum lists the statements that turn the type `from` into `to` in place, each with
 * what undoes it: the routines using the type are dropped (`drops`, as the starting side has
 * them), the defaults of the columns using it dropped, the type renamed away and created anew,
 * the columns converted through text, their defaults set again, the routines created again
 * (`creates`, as the desired side has them) and the old type dropped. Defaults go before the
 * rename and come back after the conversion, so that undoing the steps in reverse order sets
 * each default back when its type has its own name again.
 */
export function recreateEnum(from: Enum, to: Enum, usages: readonly EnumUsage[], routines: { drops: readonly RoutineSql[]; creates: readonly RoutineSql[] } = { drops: [], creates: [] }): EnumStep[] {
  const old = { schema: from.schema, name: `${from.name}__cairn_old` };
  const step = (sql: string, reverse: Reverse, what: string, hazards: readonly Hazard[] = []): EnumStep => ({ sql, reverse, what, hazards });
  const col = (u: EnumUsage) => `ALTER TABLE ${q(u.table)} ALTER COLUMN ${quoteIdent(u.column.name)}`;
  const array = (u: EnumUsage) => (u.column.type.sql.endsWith('[]') ? '[]' : '');
  const convert = (u: EnumUsage, type: string) => `${col(u)} TYPE ${type} USING ${quoteIdent(u.column.name)}::text${array(u)}::${type}`;
  const withDefault = usages.filter((u) => u.column.default !== undefined);
  const column = (u: EnumUsage) => `${u.table.schema}.${u.table.name}.${u.column.name}`;
  return [
    ...[...routines.drops].reverse().map((r) => step(r.drop, r.create.map(([sql]) => sql), 'drop a routine using it')),
    ...withDefault.map((u) => step(`${col(u)} DROP DEFAULT`, `${col(u)} SET DEFAULT ${u.column.default}`, `drop the default of ${column(u)}`)),
    step(`ALTER TYPE ${q(from)} RENAME TO ${quoteIdent(old.name)}`, `ALTER TYPE ${q(old)} RENAME TO ${quoteIdent(from.name)}`, 'rename the old type away'),
    step(createEnum(to), `DROP TYPE ${q(to)}`, 'create the new type'),
    ...usages.map((u) => step(convert(u, u.column.type.sql), convert(u, `${q(old)}${array(u)}`), `convert ${column(u)}`, ['table-rewrite', 'may-fail'])),
    ...withDefault.map((u) => step(`${col(u)} SET DEFAULT ${u.column.default}`, `${col(u)} DROP DEFAULT`, `set the default of ${column(u)} again`)),
    ...routines.creates.flatMap((r) => r.create.map(([sql, reverse]) => step(sql, reverse, 'create a routine using it again'))),
    step(`DROP TYPE ${q(old)}`, createEnum({ ...from, ...old }), 'drop the old type', from.values.some((v) => !to.values.includes(v)) ? ['data-loss'] : []),
  ];
}

/** modifyEnum re-creates the type with the new values (values that go away lose their rows' data). */
export function modifyEnum(b: Builder, from: Enum, to: Enum, usages: readonly EnumUsage[], realms: { from: Realm; to: Realm }): void {
  // The routines as they are, created again as the desired side has them (a routine the plan
  // drops is not, and planFunctions leaves its drop out: `droppedWithEnums`, plan.ts). Undone,
  // those the desired side keeps are dropped and all are created again as they were.
  const r = enumRoutines(realms.from, from);
  const what = `re-create enum ${to.schema}.${to.name} with values ${to.values.map(literal).join(', ')}`;
  for (const s of recreateEnum(from, to, usages, { drops: r.routines(realms.from), creates: r.routines(realms.to) })) {
    b.add('types', s.sql, s.reverse, `${what}: ${s.what}`, { hazards: s.hazards });
  }
}

/** addEnumValue adds a value in place; its down part re-creates the type without it. */
export function addEnumValue(b: Builder, e: Enum, value: string, before: string | undefined, usages: readonly EnumUsage[], from: Realm): void {
  const without = { ...e, values: e.values.filter((v) => v !== value) };
  // When the down part runs, planFunctions' reverses have put the routines back as on the `from` side.
  const routines = enumRoutines(from, e, false).routines(from);
  // Re-created as the type was before this value: the values added after it are still there.
  b.add('types', `ALTER TYPE ${q(e)} ADD VALUE ${literal(value)}${before !== undefined ? ` BEFORE ${literal(before)}` : ''}`,
    recreateEnum(e, without, usages, { drops: routines, creates: routines }).map((s) => s.sql), `add value ${literal(value)} to enum ${e.schema}.${e.name}`);
  // Since PostgreSQL 12 ADD VALUE runs in a transaction block; the new value cannot be used in the
  // transaction that added it, which the planner deals with by splitting the plan (plan.ts).
}

/**
 * enumRoutines lists the routines re-created around the enum's re-creation, and refuses the
 * plan when other objects depend on them: PostgreSQL would refuse to drop them (a default, a
 * check, an index, a policy or a domain calling one; a routine with a BEGIN ATOMIC body calling
 * one), as it refuses to drop the old type while a domain or composite type is built on it.
 * `refuse` false skips the check (the down part of ADD VALUE: better a down part that may fail
 * than refusing an up part that works).
 */
export function enumRoutines(from: Realm, e: Enum, refuse = true): TypeRebuild {
  const r = typeRebuild(from, e);
  if (!refuse) return r;
  const blockers: string[] = [];
  const fname = (k: string) => k.slice(0, k.indexOf('('));
  const calls = (text: string | undefined) => text !== undefined && [...r.keys].some((k) => callRe(fname(k)).test(text));
  for (const s of from.schemas) {
    for (const t of s.tables) {
      for (const col of t.columns) if (calls(col.default) || calls(col.generated)) blockers.push(`column ${s.name}.${t.name}.${col.name}`);
      for (const ch of t.checks) if (calls(ch.expr)) blockers.push(`check ${ch.name} on ${s.name}.${t.name}`);
      for (const i of t.indexes) if (calls(JSON.stringify(i.parts)) || calls(i.where)) blockers.push(`index ${s.name}.${i.name}`);
      for (const p of t.policies) if (calls(JSON.stringify(p))) blockers.push(`policy ${p.name} on ${s.name}.${t.name}`);
    }
    for (const d of s.domains) {
      if (d.type.ref?.schema === e.schema && d.type.ref?.name === e.name) blockers.push(`domain ${s.name}.${d.name} (over the enum)`);
      else if (calls(d.default) || d.checks.some((c) => calls(c.expr))) blockers.push(`domain ${s.name}.${d.name}`);
    }
    for (const c of s.composites) {
      if (c.fields.some((f) => f.type.ref?.schema === e.schema && f.type.ref?.name === e.name)) blockers.push(`composite type ${s.name}.${c.name} (a field of the enum)`);
    }
    for (const f of [...s.functions, ...s.aggregates]) {
      const k = `${f.schema}.${f.name}(${f.args === '*' ? '' : f.args})`;
      if (!r.keys.has(k) && f.deps.some((d) => d.kind === 'function' && r.keys.has(`${d.schema}.${d.name}(${d.args ?? ''})`))) blockers.push(`routine ${k}`);
    }
  }
  if (blockers.length) {
    const using = r.keys.size ? ` (it drops and re-creates the routines using the enum: ${[...r.keys].join(', ')})` : '';
    throw new CairnError('SCHEMA', `cannot re-create enum ${e.schema}.${e.name} (to remove or reorder values)${using}: `
      + `PostgreSQL refuses while these depend on it, and cairn does not re-build them: ${blockers.join(', ')}`,
    { hint: 'drop or change those objects in a migration of their own first, or keep the enum values' });
  }
  return r;
}

/** callRe matches a call of the schema-qualified function `schema.name` (as inspected: search_path is empty). */
function callRe(qualified: string): RegExp {
  const dot = qualified.indexOf('.');
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const part = (s: string) => `(?:${esc(s)}|"${esc(s)}")`;
  return new RegExp(`(^|[^a-z0-9_$"])${part(qualified.slice(0, dot))}\\s*\\.\\s*${part(qualified.slice(dot + 1))}\\s*\\(`, 'i');
}
