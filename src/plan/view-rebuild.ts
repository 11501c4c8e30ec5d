/**
 * View rebuilds, for every dialect's planner: when a plan replaces a relation (a table rebuilt
 * or re-created, a view dropped and created again), the views that read it, directly or through
 * other views, may have to go first and come back after. Which relations count is the
 * dialect's call (SQLite: the tables it rebuilds, since ALTER TABLE refuses to run while a view
 * names a table that is momentarily missing; PostgreSQL binds views to the relation itself).
 * This kit finds those views and orders them; the SQL comes from the dialect's callbacks.
 *
 * Views the plan changes itself (AddView, DropView, ModifyView, RenameView) are the differ's
 * and the dialect's business, not re-created here; they count as replaced relations, so that
 * the unchanged views reading them are rebuilt around them too.
 *
 * @example
 * const r = viewsToRebuild(changes, from, to, [{ schema: 'main', name: 'users' }]);
 * addViewRebuild(b, r, { drop: 'dropView', create: 'views' }, {
 *   drop: (v) => [[`DROP VIEW ${q(v.name)}`, createView(v)]],
 *   create: (v) => [[createView(v), `DROP VIEW ${q(v.name)}`]],
 * }, 'users is rebuilt');
 */
import type { Change } from '../diff/changes.js';
import type { ObjectRef, Realm, View } from '../schema/model.js';
import type { PhasedBuilder } from './builder.js';
import { dependencyOrder } from './dependency-order.js';

export interface ViewRebuild {
  /** The views as `from` has them, each before the views it reads (the order to drop them in). */
  readonly drop: readonly View[];
  /** The same views as `to` has them, each after the views it reads (the order to create them in). */
  readonly create: readonly View[];
}

const key = (r: ObjectRef): string => `${r.schema}.${r.name}`;

const views = (r: Realm): View[] => r.schemas.flatMap((s) => s.views);

/** The names (in `to`, and in `from` for the ones that go) of the views the plan changes itself. */
function changedViews(changes: readonly Change[]): Set<string> {
  const out = new Set<string>();
  for (const c of changes) {
    if (c.kind === 'AddView' || c.kind === 'DropView') out.add(key(c.view));
    if (c.kind === 'ModifyView' || c.kind === 'RenameView') out.add(key(c.from)).add(key(c.to));
  }
  return out;
}

/**
 * viewsToRebuild lists the views, unchanged by the plan, that read a `replaced` relation (named
 * as in `to`) or a view the plan drops or re-creates, directly or through other such views.
 */
export function viewsToRebuild(changes: readonly Change[], from: Realm, to: Realm, replaced: readonly ObjectRef[]): ViewRebuild {
  const changed = changedViews(changes);
  const gone = new Set([...replaced.map(key), ...changed]);
  const before = new Map(views(from).map((v) => [key(v), v]));
  const candidates = views(to).filter((v) => !changed.has(key(v)) && before.has(key(v)));
  const picked = new Set<string>();
  for (let grew = true; grew;) {
    grew = false;
    for (const v of candidates) {
      if (picked.has(key(v)) || !v.deps.some((d) => gone.has(key(d)) || picked.has(key(d)))) continue;
      picked.add(key(v));
      grew = true;
    }
  }
  const chosen = candidates.filter((v) => picked.has(key(v)));
  const deps = (v: View) => v.deps.map(key);
  return {
    drop: dependencyOrder(chosen.map((v) => before.get(key(v))!), key, deps).reverse(),
    create: dependencyOrder(chosen, key, deps),
  };
}

/** A statement, the one that undoes it, and what it drops or creates when not the view itself (`trigger t of view v`). */
export type StatementPair = readonly [sql: string, reverse: string, what?: string];

/** How a dialect drops and creates a view (with what goes with it: SQLite's INSTEAD OF triggers). */
export interface ViewStatements {
  drop(v: View): readonly StatementPair[];
  create(v: View): readonly StatementPair[];
}

/** addViewRebuild adds a rebuild's statements to the builder (`b.source` is the caller's): drops, then creates in their phases. */
export function addViewRebuild<P extends string>(b: PhasedBuilder<P>, r: ViewRebuild, phases: { readonly drop: P; readonly create: P }, sql: ViewStatements, because: string): void {
  for (const v of r.drop) {
    for (const [s, rev, what] of sql.drop(v)) b.add(phases.drop, s, rev, `drop ${what ?? `view ${v.name}`} (re-created after: ${because})`);
  }
  for (const v of r.create) {
    for (const [s, rev, what] of sql.create(v)) b.add(phases.create, s, rev, `re-create ${what ?? `view ${v.name}`} (${because})`);
  }
}
