/**
 * Planning row-level security: policies and the ENABLE/FORCE switches (their statements are in
 * plan-policy-statements.ts). Policies are created
 * after every table, function and view they may read and dropped before any of them changes;
 * like triggers, they are dropped before renames run, so a drop names things as they were and
 * its reverse runs once the down part has undone the renames.
 *
 * PostgreSQL refuses to drop or retype a column, drop a view or re-create a function while a
 * policy uses it, so such a policy is dropped and re-created around the change (as views are).
 */
import type { ObjectRef, Realm } from '../../schema/model.js';
import type { Change } from '../../diff/changes.js';
import type { Builder } from './plan-builder.js';
import { q, quoteIdent } from './plan-sql.js';
import { addPolicy, alterPolicy, dropPolicy } from './plan-policy-statements.js';
import { enumUsages } from './plan-enum.js';
import { hasAttr } from './schema-types.js';
import { viewRebuilds } from './plan-views.js';
import { partitionsOf } from './plan-partitions.js';

const rel = (schema: string, name: string) => `${schema}.${name}`;

/**
 * planPolicies plans ModifyPolicy and RenamePolicy changes, and re-creates the policies that
 * read something the plan drops or re-creates (a column, a view, a function's old signature).
 */
export function planPolicies(b: Builder, changes: readonly Change[], from: Realm, to: Realm): void {
  const touched = touchedByPlan(changes, from, to);
  const newTable = new Map<string, string>(); // old table key -> new name
  for (const c of changes) if (c.kind === 'RenameTable') newTable.set(rel(c.from.schema, c.from.name), c.to.name);
  const newName = new Map<string, string>(); // old table key + old policy name -> new policy name
  for (const c of changes) if (c.kind === 'RenamePolicy') newName.set(`${rel(c.fromTable.schema, c.fromTable.name)}\0${c.from}`, c.to);
  const gone = new Set<string>();
  for (const c of changes) {
    if (c.kind === 'DropPolicy') gone.add(`${rel(c.fromTable.schema, c.fromTable.name)}\0${c.policy.name}`);
    if (c.kind === 'DropTable') for (const p of c.table.policies) gone.add(`${rel(c.table.schema, c.table.name)}\0${p.name}`);
  }
  const rebuilt = new Set<string>(); // new table key + new policy name
  for (const table of from.schemas.flatMap((s) => s.tables)) {
    for (const p of table.policies) {
      const oldKey = `${rel(table.schema, table.name)}\0${p.name}`;
      if (gone.has(oldKey)) continue;
      const cause = p.deps.map((d) => (d.kind === 'function' ? touched.get(`f:${rel(d.schema, d.name)}(${d.args ?? ''})`) : touched.get(`r:${rel(d.schema, d.name)}`) ?? (d.column !== undefined ? touched.get(`c:${rel(d.schema, d.name)}\0${d.column}`) : undefined))).find(Boolean);
      if (!cause) continue;
      const ref = { schema: table.schema, name: newTable.get(rel(table.schema, table.name)) ?? table.name };
      const name = newName.get(oldKey) ?? p.name;
      const want = to.schemas.find((s) => s.name === ref.schema)?.tables.find((t) => t.name === ref.name)?.policies.find((x) => x.name === name);
      if (!want) continue;
      b.source = cause;
      dropPolicy(b, table, p);
      addPolicy(b, ref, want);
      rebuilt.add(`${rel(ref.schema, ref.name)}\0${name}`);
    }
  }
  for (const c of changes) {
    if (c.kind !== 'ModifyPolicy' && c.kind !== 'RenamePolicy') continue;
    const k = `${rel(c.table.schema, c.table.name)}\0${c.kind === 'ModifyPolicy' ? c.to.name : c.to}`;
    if (rebuilt.has(k)) continue;
    b.source = c;
    if (c.kind === 'ModifyPolicy') alterPolicy(b, c.table, c.from, c.to);
    // Planned after RenameTable (in planOne), so the table already has its new name.
    else b.add('rename', `ALTER POLICY ${quoteIdent(c.from)} ON ${q(c.table)} RENAME TO ${quoteIdent(c.to)}`, `ALTER POLICY ${quoteIdent(c.to)} ON ${q(c.table)} RENAME TO ${quoteIdent(c.from)}`, `rename policy ${c.from} on ${c.table.schema}.${c.table.name} to ${c.to}`);
  }
}

/**
 * touchedByPlan maps what the plan drops or re-creates, named as in `from`, to the change that
 * does it: `c:` columns dropped or retyped, `r:` views dropped or re-created (planViews'
 * choice), `f:` functions dropped and created again to change their result.
 */
function touchedByPlan(changes: readonly Change[], from: Realm, to: Realm): Map<string, Change> {
  const oldTable = new Map<string, string>(); // new table key -> old name
  const oldColumn = new Map<string, string>(); // new table key + new column -> old column
  for (const c of changes) {
    if (c.kind === 'RenameTable') oldTable.set(rel(c.to.schema, c.to.name), c.from.name);
    if (c.kind === 'RenameColumn') oldColumn.set(`${rel(c.table.schema, c.table.name)}\0${c.to.name}`, c.from.name);
  }
  const old = (t: ObjectRef): ObjectRef => ({ schema: t.schema, name: oldTable.get(rel(t.schema, t.name)) ?? t.name });
  // A policy on a partition reads its parent's columns: those are touched along with the parent's.
  const columns = (t: ObjectRef, col: string) => [t, ...partitionsOf(from, t)].map((r) => `c:${rel(r.schema, r.name)}\0${col}`);
  const column = (t: ObjectRef, col: string) => columns(old(t), oldColumn.get(`${rel(t.schema, t.name)}\0${col}`) ?? col);
  const out = new Map<string, Change>();
  for (const c of changes) {
    switch (c.kind) {
      case 'DropColumn': for (const k of column(c.table, c.column.name)) out.set(k, c); break;
      case 'ModifyColumn':
        if (c.kinds.some((k) => k === 'type' || k === 'collation' || k === 'generated') || hasAttr(c.from.attrs, 'pg.virtual') !== hasAttr(c.to.attrs, 'pg.virtual')) for (const k of column(c.table, c.to.name)) out.set(k, c);
        break;
      case 'ModifyEnum': case 'AddEnumValue': // both directions may convert the columns through text
        for (const u of enumUsages(from, c.kind === 'ModifyEnum' ? c.from : c.enum)) for (const k of columns(u.table, u.column.name)) out.set(k, c);
        break;
      case 'ModifyFunction':
        if (c.from.result !== c.to.result || c.from.kind !== c.to.kind) out.set(`f:${rel(c.from.schema, c.from.name)}(${c.from.args})`, c);
        break;
      default: break;
    }
  }
  for (const [k, { source }] of viewRebuilds({ changes, from, to }).drops) out.set(`r:${k}`, source);
  return out;
}
