/**
 * Planning functions, procedures and aggregates, in dependency order. Most are created before
 * tables, because defaults, checks and generated columns may call them; one whose signature or
 * body names a table (a row-type argument, a BEGIN ATOMIC body) — directly or through another
 * routine — is created after the tables and dropped before them. Aggregates are ordered with the
 * functions because each may need the other: an aggregate its support functions, a function
 * body the aggregate it calls.
 */
import type { Aggregate, Func, FuncDep, Realm } from '../../schema/model.js';
import type { Change, CommentTarget } from '../../diff/changes.js';
import type { Builder, Step } from './plan-builder.js';
import { commentOn, setComment } from './plan-comments.js';
import { literal, q } from './plan-sql.js';
import { dependencyOrder } from '../../plan/dependency-order.js';

/** What the planner needs of a function or aggregate. */
interface Routine {
  readonly schema: string;
  readonly name: string;
  readonly args: string;
  readonly def: string;
  readonly result: string;
  readonly deps: readonly FuncDep[];
  readonly comment?: string;
  /** SQL keyword: FUNCTION, PROCEDURE or AGGREGATE. */
  readonly keyword: string;
  /** What must stay equal for CREATE OR REPLACE (the function kind, the aggregate kind). */
  readonly shape: string;
}

const fromFunc = (f: Func): Routine => ({ ...f, keyword: f.kind.toUpperCase(), shape: f.kind });
const fromAggregate = (a: Aggregate): Routine => ({ ...a, keyword: 'AGGREGATE', shape: a.kind });

/** A dependency names an aggregate of no arguments with '' (identity arguments), the model with '*'. */
const key = (f: { schema: string; name: string; args?: string }) => `${f.schema}.${f.name}(${f.args === '*' ? '' : f.args ?? ''})`;
const dropSql = (f: Routine) => `DROP ${f.keyword} ${q(f)}(${f.args})`;
const what = (f: Routine) => `${f.keyword.toLowerCase()} ${f.schema}.${f.name}(${f.args})`;
const target = (f: Routine): CommentTarget => ({ on: f.keyword.toLowerCase() as 'function' | 'procedure' | 'aggregate', ref: f, args: f.args });

const routines = (realm: Realm): Routine[] => realm.schemas.flatMap((s) => [...s.functions.map(fromFunc), ...s.aggregates.map(fromAggregate)]);

/**
 * planFunctions adds the statements of every function and aggregate change; the drops of the
 * routines in `droppedElsewhere` (`TypeRebuild.keys`) are left out: an enum re-creation drops them.
 */
export function planFunctions(b: Builder, changes: readonly Change[], from: Realm, to: Realm, droppedElsewhere: ReadonlySet<string> = new Set()): void {
  type Item = { func: Routine; change: Change; from?: Routine };
  const ups: Item[] = [];
  const downs: Item[] = [];
  for (const c of changes) {
    if (c.kind === 'AddFunction') ups.push({ func: fromFunc(c.func), change: c });
    else if (c.kind === 'ModifyFunction') ups.push({ func: fromFunc(c.to), change: c, from: fromFunc(c.from) });
    else if ((c.kind === 'DropFunction' || c.kind === 'DropAggregate') && droppedElsewhere.has(key(c.kind === 'DropFunction' ? c.func : c.aggregate))) continue;
    else if (c.kind === 'DropFunction') downs.push({ func: fromFunc(c.func), change: c });
    else if (c.kind === 'AddAggregate') ups.push({ func: fromAggregate(c.aggregate), change: c });
    else if (c.kind === 'ModifyAggregate') ups.push({ func: fromAggregate(c.to), change: c, from: fromAggregate(c.from) });
    else if (c.kind === 'DropAggregate') downs.push({ func: fromAggregate(c.aggregate), change: c });
  }
  const lateTo = lateness(to);
  const lateFrom = lateness(from);
  for (const { func, change } of order(downs, from).reverse()) {
    b.source = change;
    const phase = DOWN_PHASES[lateFrom(func)];
    setComment(b, phase, target(func), func.comment, undefined);
    b.add(phase, dropSql(func), func.def, `drop ${what(func)}`);
  }
  for (const { func, change, from: f } of order(ups, to)) {
    b.source = change;
    const phase = UP_PHASES[lateTo(func)];
    if (f) {
      if (f.result === func.result && f.shape === func.shape) {
        b.add(phase, func.def, f.def, `replace ${what(func)}`);
        continue;
      }
      // CREATE OR REPLACE cannot change the result type (or an aggregate's kind): drop and create.
      b.add(phase, dropSql(f), f.def, `drop ${what(f)} to change its result`);
      b.add(phase, func.def, dropSql(func), `create ${what(func)}`);
      setComment(b, 'comments', target(func), undefined, func.comment);
      continue;
    }
    b.add(phase, func.def, dropSql(func), `create ${what(func)}`);
    setComment(b, 'comments', target(func), undefined, func.comment);
  }
}

/**
 * lateness says how late a routine of `realm` must come: 0 with the functions, 1 after the
 * tables it (transitively) depends on, 2 after the views (a function returning a view's rows).
 */
function lateness(realm: Realm): (f: Routine) => 0 | 1 | 2 {
  const all = new Map(routines(realm).map((f) => [key(f), f]));
  const views = new Set(realm.schemas.flatMap((s) => s.views.map((v) => `${s.name}.${v.name}`)));
  const memo = new Map<string, 0 | 1 | 2>();
  const late = (f: Routine, seen: Set<string>): 0 | 1 | 2 => {
    const k = key(f);
    if (memo.has(k)) return memo.get(k)!;
    if (seen.has(k)) return 0;
    seen.add(k);
    let v: 0 | 1 | 2 = 0;
    for (const d of f.deps) {
      const dv = d.kind === 'relation' ? (views.has(`${d.schema}.${d.name}`) ? 2 : 1) : all.has(key(d)) ? late(all.get(key(d))!, seen) : 0;
      if (dv > v) v = dv;
    }
    memo.set(k, v);
    return v;
  };
  return (f) => late(all.get(key(f)) ?? f, new Set());
}

const UP_PHASES = ['functions', 'lateFunctions', 'viewFunctions'] as const;
const DOWN_PHASES = ['dropFunction', 'dropLateFunction', 'dropViewFunction'] as const;

/** orderFunctions sorts functions so that each comes after the functions it calls. */
export function orderFunctions(funcs: readonly Func[], realm: Realm): Func[] {
  const byKey = new Map(funcs.map((f) => [key(f), f]));
  return order(funcs.map((f) => ({ func: fromFunc(f) })), realm).map((i) => byKey.get(key(i.func))!);
}

/** order sorts routines so that each comes after the routines it calls (names break ties). */
function order<T extends { func: Routine }>(items: T[], realm: Realm): T[] {
  const all = new Map(routines(realm).map((f) => [key(f), f]));
  return dependencyOrder(items, (i) => key(i.func), (i) =>
    (all.get(key(i.func)) ?? i.func).deps.filter((d) => d.kind === 'function').map(key));
}

/**
 * TypeRebuild is what re-creating a type (an enum, plan-enum.ts) does to the routines whose
 * signature, result or deparsed body names it: PostgreSQL records those as dependencies, so the
 * old type cannot be dropped while they exist. They are dropped before the type is renamed away
 * and created again once the new type exists (bodies bind to it by name).
 */
export interface TypeRebuild {
  /** Keys (`schema.name(args)`) of the routines of the `from` side that use the type. */
  readonly keys: ReadonlySet<string>;
  /** Those routines as `realm` defines them, callees first. */
  readonly routines: (realm: Realm) => RoutineSql[];
}

/** The statements that drop and create one routine. */
export interface RoutineSql {
  readonly drop: string;
  /** CREATE, then COMMENT ON when it has a comment: each with what undoes it. */
  readonly create: readonly Step[];
}

/** namesType says whether `text` names the type `schema.name`, schema-qualified as inspected (search_path is empty). */
export function namesType(text: string, t: { schema: string; name: string }): boolean {
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const part = (s: string) => (/^[a-z_][a-z0-9_$]*$/.test(s) ? `(?:${esc(s)}|"${esc(s)}")` : `"${esc(s.replace(/"/g, '""'))}"`);
  return new RegExp(`(^|[^a-z0-9_$"])${part(t.schema)}\\s*\\.\\s*${part(t.name)}($|[^a-z0-9_$"])`, 'i').test(text);
}

/**
 * usesType says whether a routine depends on the type: by its arguments or result, by an
 * aggregate's state type, or by a BEGIN ATOMIC body (a body in a string records no dependency:
 * it finds the new type by name when it runs, so a trigger function is left alone).
 */
function usesType(f: Routine, t: { schema: string; name: string }): boolean {
  const body = f.keyword === 'AGGREGATE' || /\bBEGIN\s+ATOMIC\b/i.test(f.def);
  return namesType(f.args, t) || namesType(f.result, t) || (body && namesType(f.def, t));
}

/** typeRebuild lists the routines of `from` that use the type (see TypeRebuild). */
export function typeRebuild(from: Realm, t: { schema: string; name: string }): TypeRebuild {
  const using = routines(from).filter((f) => usesType(f, t));
  const keys = new Set(using.map(key));
  const pick = (realm: Realm) => {
    const all = routines(realm).filter((f) => keys.has(key(f)));
    // Aggregates after the functions they call; functions after the functions they call.
    const fns = order(all.filter((f) => f.keyword !== 'AGGREGATE').map((func) => ({ func })), realm).map((i) => i.func);
    return [...fns, ...all.filter((f) => f.keyword === 'AGGREGATE')];
  };
  const comment = (f: Routine, text: string | undefined) => `COMMENT ON ${commentOn(target(f))} IS ${text === undefined ? 'NULL' : literal(text)}`;
  return {
    keys,
    routines: (realm) => pick(realm).map((f) => ({
      drop: dropSql(f),
      create: [[f.def, dropSql(f)], ...(f.comment !== undefined ? [[comment(f, f.comment), comment(f, undefined)] as const] : [])],
    })),
  };
}
