/**
 * Planning row-level security: policies and the ENABLE/FORCE switches. Policies are created
 * after every table, function and view they may read and dropped before any of them changes;
 * like triggers, they are dropped before renames run, so a drop names things as they were and
 * its reverse runs once the down part has undone the renames.
 *
 * PostgreSQL refuses to drop or retype a column, drop a view or re-create a function while a
 * policy uses it, so such a policy is dropped and re-created around the change (as views are).
 */
import type { ObjectRef, Policy, Realm, RowSecurity, Table } from '../../schema/model.js';
import type { Change } from '../../diff/changes.js';
import type { Builder, Phase } from './plan-builder.js';
import { setComment } from './plan-comments.js';
import { q, quoteIdent } from './plan-sql.js';
import { enumUsages } from './plan-enum.js';
import { hasAttr } from './schema-types.js';
import { viewRebuilds } from './plan-views.js';
import { partitionsOf } from './plan-partitions.js';

const roleSql = (r: string) => (r === 'public' ? 'PUBLIC' : quoteIdent(r));
const what = (t: ObjectRef, p: { name: string }) => `policy ${p.name} on ${t.schema}.${t.name}`;
const target = (t: ObjectRef, name: string) => ({ on: 'policy' as const, ref: t, name });

/** createPolicy renders CREATE POLICY with every clause spelled out. */
export function createPolicy(t: ObjectRef, p: Policy): string {
  return `CREATE POLICY ${quoteIdent(p.name)} ON ${q(t)} AS ${p.permissive ? 'PERMISSIVE' : 'RESTRICTIVE'} FOR ${p.command}` +
    ` TO ${p.roles.map(roleSql).join(', ')}` +
    (p.using !== undefined ? ` USING (${p.using})` : '') +
    (p.withCheck !== undefined ? ` WITH CHECK (${p.withCheck})` : '');
}

const dropPolicySql = (t: ObjectRef, p: Policy) => `DROP POLICY ${quoteIdent(p.name)} ON ${q(t)}`;

export function addPolicy(b: Builder, t: ObjectRef, p: Policy): void {
  b.add('policies', createPolicy(t, p), dropPolicySql(t, p), `create ${what(t, p)}`);
  setComment(b, 'comments', target(t, p.name), undefined, p.comment);
}

export function dropPolicy(b: Builder, t: ObjectRef, p: Policy, phase: Phase = 'dropPolicy'): void {
  setComment(b, phase, target(t, p.name), p.comment, undefined);
  b.add(phase, dropPolicySql(t, p), createPolicy(t, p), `drop ${what(t, p)}`);
}

/** alterPolicy changes roles and expressions in place; the differ made sure both sides have the same clauses. */
function alterPolicy(b: Builder, t: ObjectRef, f: Policy, to: Policy): void {
  const sql = (x: Policy, y: Policy) => {
    const parts = [`ALTER POLICY ${quoteIdent(y.name)} ON ${q(t)}`];
    if (x.roles.join('\0') !== y.roles.join('\0')) parts.push(`TO ${y.roles.map(roleSql).join(', ')}`);
    if (x.using !== y.using && y.using !== undefined) parts.push(`USING (${y.using})`);
    if (x.withCheck !== y.withCheck && y.withCheck !== undefined) parts.push(`WITH CHECK (${y.withCheck})`);
    return parts.join(' ');
  };
  b.add('policies', sql(f, to), sql(to, f), `alter ${what(t, to)}`);
}

const NO_ROW_SECURITY: RowSecurity = { enabled: false, forced: false };

/** rowSecuritySql lists the statements that switch a table's row-level security from `f` to `t`. */
export function rowSecuritySql(table: ObjectRef, f: RowSecurity | undefined, t: RowSecurity | undefined): string[] {
  const [from, to] = [f ?? NO_ROW_SECURITY, t ?? NO_ROW_SECURITY];
  const out: string[] = [];
  if (from.enabled !== to.enabled) out.push(`ALTER TABLE ${q(table)} ${to.enabled ? 'ENABLE' : 'DISABLE'} ROW LEVEL SECURITY`);
  if (from.forced !== to.forced) out.push(`ALTER TABLE ${q(table)} ${to.forced ? 'FORCE' : 'NO FORCE'} ROW LEVEL SECURITY`);
  return out;
}

/** setRowSecurity adds one statement per switch that changes, each with its reverse. */
export function setRowSecurity(b: Builder, table: ObjectRef, f: RowSecurity | undefined, t: RowSecurity | undefined): void {
  const [up, down] = [rowSecuritySql(table, f, t), rowSecuritySql(table, t, f)];
  up.forEach((sql, i) => b.add('rowSecurity', sql, down[i], `${/ (ENABLE|DISABLE|FORCE|NO FORCE) /.exec(sql)![1].toLowerCase()} row level security on ${table.schema}.${table.name}`));
}

/** addTablePolicies: a new table's switches and policies. */
export function addTablePolicies(b: Builder, t: Table): void {
  for (const p of t.policies) addPolicy(b, t, p);
  setRowSecurity(b, t, undefined, t.rowSecurity);
}

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
