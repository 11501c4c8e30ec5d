/**
 * The upgrade check: does the version in production migrate to the version being deployed?
 * Production has the base's directory applied; the deploy runs this branch's new migrations
 * after it. The check replays exactly that on the dev database (the base's directory, then the
 * new files) and names the file and statement that fails. It also refuses what the runner would
 * refuse at deploy time: a migration of the base that the branch edited (production will not
 * run it again, so the edit never reaches it) or deleted.
 *
 * With the production URL it also runs the upgrade on a copy of production's schema: the live
 * database is inspected (read only), its schema created on the dev database as a migration from
 * empty would create it, and the migrations production has not applied (its revision table
 * says which; without one, this branch's new files) applied on top. That catches what the
 * history alone cannot show: a hand-made index, a column production already has.
 */
import { connect } from '../dialects/registry.js';
import { redactUrl } from '../dialects/url.js';
import type { Connection } from '../dialects/types.js';
import { applyDdl } from '../diff/desired.js';
import { withDevDatabase, type DevOptions, type DevSession } from '../diff/devdb.js';
import { diffRealms } from '../diff/diff.js';
import { withoutVersion } from '../diff/extension-versions.js';
import type { SchemaEngine } from '../engine/types.js';
import { CairnError } from '../errors.js';
import type { Migration } from '../migrate/dir/types.js';
import type { InspectScope } from '../schema/engine.js';
import type { Realm } from '../schema/model.js';
import { status } from '../commands/status.js';
import { readHistories, refOf, type Histories, type HistoryInput, type MigrationRef } from './history.js';
import { chooseCheckDevDatabase, devOptionsFor, type DevChoiceOptions } from './merge-check.js';
import { replayOrder, where, type OrderOutcome, type ReplayFailure } from './replay-order.js';

export interface UpgradeCheckOptions extends HistoryInput, DevChoiceOptions {
  /** Production (or staging): also run the upgrade on a copy of its schema. Only read, never changed. */
  readonly url?: string;
  /** Production's revision table (default `cairn_revisions`), left out of its schema and read for what it has applied. */
  readonly revisionsTable?: string;
  readonly revisionsSchema?: string;
  /** Production's schemas to copy (default every user schema) and objects to leave out, as for `inspect`. */
  readonly schemas?: readonly string[];
  readonly exclude?: readonly string[];
}

/** Where the upgrade stopped: in the base's own history (not this branch's doing), or in a new file. */
export interface UpgradeFailure extends ReplayFailure {
  readonly in: 'base' | 'new';
}

export interface ProductionCheckResult {
  readonly ok: boolean;
  /** The database, password masked. */
  readonly target: string;
  /** How many migrations its revision table records as applied. */
  readonly applied: number;
  /** What was applied on the copy of its schema. */
  readonly pending: readonly MigrationRef[];
  readonly failure?: ReplayFailure;
  readonly message: string;
  readonly notes: readonly string[];
}

export interface UpgradeCheckResult {
  /** The new migrations apply after the base's, and the branch changed none of the base's. */
  readonly ok: boolean;
  /** How many migrations the base's directory has (replayed first). */
  readonly baseMigrations: number;
  readonly added: readonly MigrationRef[];
  /** Migrations of the base whose up part this branch changed, or that it deleted. */
  readonly edited: readonly MigrationRef[];
  readonly removed: readonly MigrationRef[];
  readonly failure?: UpgradeFailure;
  readonly message: string;
  /** The same upgrade on a copy of production's schema, with `url`. */
  readonly production?: ProductionCheckResult;
  /** The dev database used, password masked (absent when nothing had to be replayed). */
  readonly devUrl?: string;
}

/** checkUpgrade replays the base's directory and then this branch's new migrations on the dev database (and, with `url`, on a copy of production's schema). */
export async function checkUpgrade(opts: UpgradeCheckOptions): Promise<UpgradeCheckResult> {
  const h = await readHistories(opts);
  const { engine, devUrl } = await chooseCheckDevDatabase(opts);
  const outcome = needsReplay(h) ? await replayBaseFirst(h, engine, devUrl, opts) : undefined;
  const production = opts.url !== undefined ? await checkProduction(h, opts, engine, devUrl) : undefined;
  return { ...upgradeVerdict(h, outcome), ...(production ? { production } : {}), ...(outcome ? { devUrl: redactUrl(devUrl) } : {}) };
}

/** replayBaseFirst replays production's order (the base's directory, then the new migrations) on an empty dev database. */
export function replayBaseFirst(h: Histories, engine: SchemaEngine, devUrl: string, o: Pick<DevOptions, 'createRoles'>): Promise<OrderOutcome> {
  return withDevDatabase(devUrl, (conn, dev) => replayOrder(conn, dev, h.baseFirst, { engine, dir: h.head.path }), devOptionsFor(devUrl, h.baseFirst, o));
}

/** Whether there is anything to replay: the base's history alone is the base's business (its own CI replayed it). */
export const needsReplay = (h: Histories) => h.added.length > 0;

/** upgradeVerdict judges the upgrade from production's order as replayed (ci shares that replay with the merge check). */
export function upgradeVerdict(h: Histories, outcome: OrderOutcome | undefined): Omit<UpgradeCheckResult, 'production' | 'devUrl'> {
  const added = h.added.map(refOf);
  const edited = h.edited.map(refOf);
  const removed = h.removed.map(refOf);
  const common = { baseMigrations: h.base.migrations.length, added, edited, removed };
  const history = [
    ...edited.map((m) => `${m.file} is a migration of the base that this branch edited: production has applied it and will not run it again (put the change in a new migration)`),
    ...removed.map((m) => `${m.file} is a migration of the base that this branch deleted: production has applied it (restore the file; undo it with a new migration)`),
  ];
  if (outcome && !outcome.ok) {
    const newFiles = new Set(h.added.map((m) => m.version));
    const failure: UpgradeFailure = { ...outcome.failure, in: newFiles.has(outcome.failure.version) ? 'new' : 'base' };
    const message = failure.in === 'new'
      ? `after the base's ${h.base.migrations.length} migration(s), ${where(failure)} fails: ${failure.reason}`
      : `the base's own history does not replay on the dev database: ${where(failure)} fails: ${failure.reason}`;
    return { ok: false, ...common, failure, message: [message, ...history].join('; ') };
  }
  if (history.length > 0) return { ok: false, ...common, message: history.join('; ') };
  const message = added.length === 0
    ? 'no new migrations'
    : `the base's ${h.base.migrations.length} migration(s), then ${added.length} new one(s), apply on the dev database`;
  return { ok: true, ...common, message };
}

/** The part of the options the production check reads. */
type ProductionOptions = Pick<UpgradeCheckOptions, 'url' | 'dir' | 'format' | 'revisionsTable' | 'revisionsSchema' | 'schemas' | 'exclude' | 'createRoles'>;

/**
 * checkProduction runs the upgrade on a copy of production's schema (see the file comment).
 * Production is only read: inspected, and its revision table read without the lock.
 */
export async function checkProduction(h: Histories, o: ProductionOptions, engine: SchemaEngine, devUrl: string): Promise<ProductionCheckResult> {
  const url = o.url!;
  const target = redactUrl(url);
  const scope: InspectScope = { schemas: o.schemas, exclude: o.exclude, revisionsTable: o.revisionsTable, revisionsSchema: o.revisionsSchema };
  const notes: string[] = [];
  const fail = (message: string, extra: Partial<ProductionCheckResult> = {}): ProductionCheckResult => ({ ok: false, target, applied: 0, pending: [], message, notes, ...extra });

  let live: Realm;
  try {
    const conn = await connect(url);
    try {
      live = await engine.inspect(conn, scope);
    } finally {
      await conn.close();
    }
  } catch (e) {
    if (!(e instanceof CairnError)) throw e;
    return fail(`cannot read ${target}: ${e.message}`);
  }

  // What production has applied: its revision table, read as `cairn status` reads it.
  let pending: Migration[];
  let applied = 0;
  try {
    const st = await status({ url, dir: o.dir, format: o.format ?? h.head.format.name, revisionsTable: o.revisionsTable, revisionsSchema: o.revisionsSchema });
    applied = st.applied.length;
    if (st.integrity) {
      const bad = [...st.edited.map((e) => `${e.file} edited`), ...st.missing.map((m) => `${m.file ?? m.version} missing`), ...st.unknown.map((m) => `${m.file ?? m.version} unknown to this directory`)];
      return fail(`${target} has applied migrations that this directory does not match (${bad.join(', ')}): apply would refuse it`, { applied });
    }
    if (st.partial) return fail(`${target} has migration ${st.partial.version} partially applied: finish or repair it before deploying`, { applied });
    if (applied === 0) {
      pending = [...h.added];
      notes.push(`${target} has no applied revisions in its revision table: taken to be at the base, so this branch's new migrations are applied to its schema`);
    } else {
      const want = new Set(st.pending.map((p) => p.version));
      pending = h.head.migrations.filter((m) => want.has(m.version));
    }
  } catch (e) {
    if (!(e instanceof CairnError)) throw e;
    return fail(`cannot read what ${target} has applied: ${e.message}`);
  }

  const forPending = devOptionsFor(devUrl, pending, o);
  const dev = { ...forPending, extensions: [...new Set([...(forPending.extensions ?? []), ...live.extensions.map((x) => x.name)])] };
  const result = await withDevDatabase(devUrl, async (conn, session): Promise<{ loadError?: string; outcome?: OrderOutcome }> => {
    try {
      await loadSchema(conn, session, engine, live, scope);
    } catch (e) {
      if (!(e instanceof CairnError)) throw e;
      return { loadError: e.message };
    }
    return { outcome: await replayOrder(conn, session, pending, { engine, dir: h.head.path, scope }) };
  }, dev);
  const refs = pending.map(refOf);
  if (result.loadError !== undefined) return fail(`the schema of ${target} could not be copied to the dev database: ${result.loadError}`, { applied, pending: refs });
  const outcome = result.outcome!;
  if (!outcome.ok) return fail(`on a copy of ${target}'s schema, ${where(outcome.failure)} fails: ${outcome.failure.reason}`, { applied, pending: refs, failure: outcome.failure });
  const message = refs.length === 0
    ? `${target} has every migration applied; nothing to upgrade`
    : `${refs.length} migration(s) apply on a copy of ${target}'s schema`;
  return { ok: true, target, applied, pending: refs, message, notes };
}

/**
 * loadSchema creates `realm` on the empty dev database, as a migration from empty would (the
 * same planner `cairn diff` uses), so that the pending migrations run against the same objects
 * production has. Extensions are created in the dev database's own version.
 */
async function loadSchema(conn: Connection, dev: DevSession, engine: SchemaEngine, realm: Realm, scope: InspectScope): Promise<void> {
  const empty = await engine.inspect(conn, scope);
  const unpinned: Realm = { ...realm, extensions: realm.extensions.map(withoutVersion) };
  const plan = engine.plan(diffRealms(empty, unpinned, { hooks: engine.diffHooks, allowDrop: true }), empty, unpinned);
  await applyDdl(conn, plan.statements.map((s) => ({ text: s.sql })), { dev, what: 'the production schema' });
}
