/**
 * How a dialect's planner declares what it does with each change kind: a handler, or an
 * explicit "unsupported" with the reason (SQLite has no schemas, MySQL no sequences...). A
 * `ChangeHandlers` value is a `Record` over every kind, so a new kind is a compile error in
 * every dialect until each one decides; `dispatch` refuses an unsupported change by name
 * instead of dropping it.
 */
import type { Change, ChangeKind } from '../diff/changes.js';
import { CairnError } from '../errors.js';

/** An explicit refusal: the dialect (or its server version) lacks the feature. */
export interface Unsupported {
  readonly unsupported: string;
}

export const unsupported = (reason: string): Unsupported => Object.freeze({ unsupported: reason });

export type ChangeHandler<Ctx, K extends ChangeKind> = (change: Extract<Change, { kind: K }>, ctx: Ctx) => void;

/** Every change kind, mapped to its handler or an explicit refusal. */
export type ChangeHandlers<Ctx> = { readonly [K in ChangeKind]: ChangeHandler<Ctx, K> | Unsupported };

/** dispatch runs the handler for `change`, or throws CairnError SCHEMA naming what the dialect cannot do. */
export function dispatch<Ctx>(handlers: ChangeHandlers<Ctx>, change: Change, ctx: Ctx, dialect: string): void {
  const h = handlers[change.kind] as ChangeHandler<Ctx, ChangeKind> | Unsupported;
  if (typeof h === 'function') return h(change as never, ctx);
  throw new CairnError('SCHEMA', `${dialect} cannot ${describe(change)}: ${h.unsupported}`, { details: { change: change.kind } });
}

/** describe names a change for an error ("add sequence public.ids"). */
function describe(c: Change): string {
  const words = c.kind.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  const named = c as { table?: { name: string }; [k: string]: unknown };
  const obj = Object.values(c).find((v): v is { name: string } => typeof v === 'object' && v !== null && typeof (v as { name?: unknown }).name === 'string');
  const where = named.table?.name ?? obj?.name;
  return where ? `${words} (${where})` : words;
}
