/**
 * Planning functions and procedures, in dependency order. Most functions are created before
 * tables, because defaults, checks and generated columns may call them; a function whose
 * signature or body names a table (a row-type argument, a BEGIN ATOMIC body) — directly or
 * through another function — is created after the tables and dropped before them.
 */
import type { Func, Realm } from '../../schema/model.js';
import type { Change } from '../../diff/changes.js';
import type { Builder } from './plan-builder.js';
import { setComment } from './plan-comments.js';
import { q } from './plan-sql.js';
import { dependencyOrder } from '../../plan/dependency-order.js';

const key = (f: { schema: string; name: string; args?: string }) => `${f.schema}.${f.name}(${f.args ?? ''})`;
const dropSql = (f: Func) => `DROP ${f.kind.toUpperCase()} ${q(f)}(${f.args})`;
const what = (f: Func) => `${f.kind} ${f.schema}.${f.name}(${f.args})`;
const target = (f: Func) => ({ on: f.kind, ref: f, args: f.args });

/** planFunctions adds the statements of every function change. */
export function planFunctions(b: Builder, changes: readonly Change[], from: Realm, to: Realm): void {
  const ups: { func: Func; change: Change }[] = [];
  const downs: { func: Func; change: Change }[] = [];
  for (const c of changes) {
    if (c.kind === 'AddFunction') ups.push({ func: c.func, change: c });
    else if (c.kind === 'ModifyFunction') ups.push({ func: c.to, change: c });
    else if (c.kind === 'DropFunction') downs.push({ func: c.func, change: c });
  }
  const lateTo = lateness(to);
  const lateFrom = lateness(from);
  for (const { func, change } of order(downs, from).reverse()) {
    b.source = change;
    const phase = lateFrom(func) ? 'dropLateFunction' : 'dropFunction';
    setComment(b, phase, target(func), func.comment, undefined);
    b.add(phase, dropSql(func), func.def, `drop ${what(func)}`);
  }
  for (const { func, change } of order(ups, to)) {
    b.source = change;
    const phase = lateTo(func) ? 'lateFunctions' : 'functions';
    if (change.kind === 'ModifyFunction') {
      const f = change.from;
      if (f.result === func.result && f.kind === func.kind) {
        b.add(phase, func.def, f.def, `replace ${what(func)}`);
        continue;
      }
      // CREATE OR REPLACE cannot change the result type: drop and create.
      b.add(phase, dropSql(f), f.def, `drop ${what(f)} to change its result`);
      b.add(phase, func.def, dropSql(func), `create ${what(func)}`);
      setComment(b, 'comments', target(func), undefined, func.comment);
      continue;
    }
    b.add(phase, func.def, dropSql(func), `create ${what(func)}`);
    setComment(b, 'comments', target(func), undefined, func.comment);
  }
}

/** lateness says whether a function of `realm` (transitively) depends on a table. */
function lateness(realm: Realm): (f: Func) => boolean {
  const all = new Map(realm.schemas.flatMap((s) => s.functions).map((f) => [key(f), f]));
  const memo = new Map<string, boolean>();
  const late = (f: Func, seen: Set<string>): boolean => {
    const k = key(f);
    if (memo.has(k)) return memo.get(k)!;
    if (seen.has(k)) return false;
    seen.add(k);
    const v = f.deps.some((d) => d.kind === 'relation' || (all.has(key(d)) && late(all.get(key(d))!, seen)));
    memo.set(k, v);
    return v;
  };
  return (f) => late(all.get(key(f)) ?? f, new Set());
}

/** orderFunctions sorts functions so that each comes after the functions it calls. */
export function orderFunctions(funcs: readonly Func[], realm: Realm): Func[] {
  return order(funcs.map((func) => ({ func })), realm).map((i) => i.func);
}

/** order sorts functions so that each comes after the functions it calls (names break ties). */
function order<T extends { func: Func }>(items: T[], realm: Realm): T[] {
  const all = new Map(realm.schemas.flatMap((s) => s.functions).map((f) => [key(f), f]));
  return dependencyOrder(items, (i) => key(i.func), (i) =>
    (all.get(key(i.func)) ?? i.func).deps.filter((d) => d.kind === 'function').map(key));
}
