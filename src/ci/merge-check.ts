/**
 * The merge check: do two migration trees conflict? When this branch's new migrations sort
 * below the base's newest (two branches each added migrations, and this one merges second with
 * older versions), production and a new database apply them in different orders: production has
 * the base's migrations and runs the branch's after them (base first); a new database runs the
 * merged directory in version order. The check replays both orders on the dev database and
 * compares the schemas with the schema engine: the merge is safe when both apply and build the
 * same schema; otherwise it reports the statement that fails in one order, or the statements
 * that would turn the one schema into the other (as `cairn dev` reports drift).
 */
import { extensionsIn } from '../dialects/registry.js';
import { redactUrl } from '../dialects/url.js';
import { withDevDatabases, type DevOptions } from '../diff/devdb.js';
import { diffRealms } from '../diff/diff.js';
import type { SchemaEngine } from '../engine/types.js';
import type { Migration } from '../migrate/dir/types.js';
import { chooseDevDatabase, type DevChoice } from '../commands/dev-url.js';
import { CairnError } from '../errors.js';
import { readHistories, refOf, type Histories, type HistoryInput, type MigrationRef } from './history.js';
import { replayOrder, where, type OrderOutcome, type ReplayFailure } from './replay-order.js';

/** Which dev database the checks replay on (see chooseDevDatabase). */
export interface DevChoiceOptions {
  /** A dev database URL; the dialect's embedded one by default (PGlite, in-memory SQLite). */
  readonly devUrl?: string;
  /** The project's target database (config `url`), for its dialect only when `devUrl` does not say. */
  readonly targetUrl?: string;
  /** On a server dev database, create roles the migrations reference but the server lacks (see `diff --create-roles`). */
  readonly createRoles?: boolean;
}

export interface MergeCheckOptions extends HistoryInput, DevChoiceOptions {}

/** One order as replayed: the files in order, and where it stopped if it did. */
export interface OrderReport {
  readonly files: readonly string[];
  readonly failure?: ReplayFailure;
}

export interface MergeCheckResult {
  /** True when the branch merges linearly, or both orders apply and build the same schema. */
  readonly ok: boolean;
  /** Every new migration sorts after the base's newest: both orders are one, nothing to prove. */
  readonly linear: boolean;
  /** This branch's new migrations. */
  readonly added: readonly MigrationRef[];
  /** The base's newest migration. */
  readonly baseNewest?: MigrationRef;
  /** New migrations that sort below the base's newest (merged out of order). */
  readonly outOfOrder: readonly MigrationRef[];
  /** For a non-linear merge: whether both orders build the same schema. */
  readonly commutes?: boolean;
  /** Production's order (the base's migrations, then the new ones) and a new database's (version order), when replayed. */
  readonly baseFirst?: OrderReport;
  readonly versionOrder?: OrderReport;
  /** Statements that would turn production's schema (base first) into a new database's (version order). */
  readonly difference: readonly string[];
  /** One line for people. */
  readonly message: string;
  /** The dev database used, password masked (absent when nothing had to be replayed). */
  readonly devUrl?: string;
}

/**
 * chooseCheckDevDatabase picks the dev database as `diff` does (see chooseDevDatabase), with one
 * refusal: MySQL has no embedded dev database, and a check never makes its scratch databases on
 * the server of production (`url`).
 */
export async function chooseCheckDevDatabase(o: DevChoiceOptions & { readonly url?: string }): Promise<DevChoice> {
  const choice = await chooseDevDatabase({ devUrl: o.devUrl, target: o.targetUrl ?? o.url });
  if (o.url !== undefined && choice.devUrl === o.url) {
    throw new CairnError('USAGE', 'ci needs a dev database to replay on, and never creates one on the server of --url: pass --dev-url', {
      hint: 'for example --dev-url mysql://root@127.0.0.1:3306/ (a CI service container), or set devUrl in cairn.config.ts',
    });
  }
  return choice;
}

/** checkMergeable proves, on the dev database, whether this branch's migrations merge into the base without conflict. */
export async function checkMergeable(opts: MergeCheckOptions): Promise<MergeCheckResult> {
  const h = await readHistories(opts);
  if (h.outOfOrder.length === 0) return mergeVerdict(h);
  const { engine, devUrl } = await chooseCheckDevDatabase(opts);
  const [a, b] = await replayBothOrders(h, engine, devUrl, { createRoles: opts.createRoles });
  return { ...mergeVerdict(h, { baseFirst: a, versionOrder: b, engine }), devUrl: redactUrl(devUrl) };
}

/** The dev database options for replaying `migrations`: the extensions an embedded PGlite must load at start. */
export function devOptionsFor(devUrl: string, migrations: readonly Migration[], o: Pick<DevOptions, 'createRoles'>): DevOptions {
  return { createRoles: o.createRoles, extensions: extensionsIn(devUrl, migrations.map((m) => m.up.text)) };
}

/** replayBothOrders replays production's order and a new database's, each on its own empty dev database. */
export function replayBothOrders(h: Histories, engine: SchemaEngine, devUrl: string, o: Pick<DevOptions, 'createRoles'>): Promise<[OrderOutcome, OrderOutcome]> {
  const opts = { engine, dir: h.head.path };
  return withDevDatabases(
    devUrl,
    (conn, dev) => replayOrder(conn, dev, h.baseFirst, opts),
    (conn, dev) => replayOrder(conn, dev, h.versionOrder, opts),
    devOptionsFor(devUrl, [...h.baseFirst, ...h.versionOrder], o),
  );
}

const files = (ms: readonly Migration[]) => ms.map((m) => m.up.file);
const list = (ms: readonly { file: string }[]) => ms.map((m) => m.file).join(', ');

/**
 * mergeVerdict judges the merge from the histories and, for a non-linear merge, the two orders
 * as replayed (ci replays production's order once for both this check and the upgrade check).
 */
export function mergeVerdict(h: Histories, replayed?: { baseFirst: OrderOutcome; versionOrder: OrderOutcome; engine: SchemaEngine }): MergeCheckResult {
  const added = h.added.map(refOf);
  const outOfOrder = h.outOfOrder.map(refOf);
  const baseNewest = h.baseNewest ? refOf(h.baseNewest) : undefined;
  const common = { added, outOfOrder, ...(baseNewest ? { baseNewest } : {}) };
  if (outOfOrder.length === 0) {
    const message = added.length === 0
      ? 'no new migrations'
      : `linear: ${added.length} new migration(s), all after the base's newest${baseNewest ? ` (${baseNewest.file})` : ''}`;
    return { ok: true, linear: true, ...common, difference: [], message };
  }
  if (!replayed) throw new Error('mergeVerdict: a non-linear merge needs both orders replayed');
  const { baseFirst: a, versionOrder: b, engine } = replayed;
  const report = (ms: readonly Migration[], o: OrderOutcome): OrderReport => ({ files: files(ms), ...(o.ok ? {} : { failure: o.failure }) });
  const orders = { baseFirst: report(h.baseFirst, a), versionOrder: report(h.versionOrder, b) };
  const nonLinear = `non-linear: ${list(outOfOrder)} sort${outOfOrder.length === 1 ? 's' : ''} below the base's newest migration ${baseNewest!.file}`;
  if (!a.ok || !b.ok) {
    const fails = [
      ...(a.ok ? [] : [`applied as production will (the base's migrations first), ${where(a.failure)} fails: ${a.failure.reason}`]),
      ...(b.ok ? [] : [`applied in version order (a new database), ${where(b.failure)} fails: ${b.failure.reason}`]),
    ];
    return { ok: false, linear: false, ...common, commutes: false, ...orders, difference: [], message: `${nonLinear}, and the two orders do not commute: ${fails.join('; ')}` };
  }
  const changes = diffRealms(a.realm, b.realm, { hooks: engine.diffHooks, allowDrop: true });
  if (changes.length === 0) {
    return { ok: true, linear: false, ...common, commutes: true, ...orders, difference: [], message: `${nonLinear}; both orders build the same schema` };
  }
  let difference: string[];
  try {
    difference = engine.plan(changes, a.realm, b.realm).statements.map((s) => s.sql);
  } catch {
    difference = changes.map((c) => c.kind);
  }
  if (difference.length === 0) difference = changes.map((c) => c.kind);
  return {
    ok: false, linear: false, ...common, commutes: false, ...orders, difference,
    message: `${nonLinear}, and the two orders do not commute: a new database (version order) would differ from production (the base's migrations first) by ${difference.length} statement(s)`,
  };
}
