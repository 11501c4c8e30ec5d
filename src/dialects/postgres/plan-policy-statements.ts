/**
 * The statements of row-level security, each with its reverse: CREATE / ALTER / DROP POLICY and
 * the ENABLE / FORCE switches. A module of its own, below the planners that use it: tables
 * create and drop their policies with themselves, and plan-policies.ts re-creates the policies
 * that read what a plan changes, which needs the view and partition planners, which need the
 * table planner (importing that planner from here would close a cycle).
 */
import type { ObjectRef, Policy, RowSecurity, Table } from '../../schema/model.js';
import type { Builder, Phase } from './plan-builder.js';
import { setComment } from './plan-comments.js';
import { q, quoteIdent } from './plan-sql.js';

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
export function alterPolicy(b: Builder, t: ObjectRef, f: Policy, to: Policy): void {
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
