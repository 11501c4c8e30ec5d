/**
 * `cairn diff`: computes the migration from the current state (the migration directory
 * replayed on a dev database, or a live database) to the desired state (a DSL module, SQL
 * schema files, or a live database) and writes it, up and down, in the directory's format.
 */
import { existsSync } from 'node:fs';
import { extensionsIn } from '../dialects/registry.js';
import { CairnError } from '../errors.js';
import type { Realm } from '../schema/model.js';
import type { Change } from '../diff/changes.js';
import { planGated } from '../diff/gated-plan.js';
import { inSoleSchema, parseRenameIn, type RenameHint } from '../diff/renames.js';
import { replayMigrations } from '../diff/replay.js';
import { ExtensionPins } from '../diff/extension-pins.js';
import type { DevJob } from '../diff/devdb.js';
import { buildStates } from '../diff/states.js';
import { loadDesired, prepareDesired, sourceKind } from '../diff/desired.js';
import { assertValidDir } from './validate.js';
import type { Hazard, PlannedStatement } from '../plan/types.js';
import { needsNoTransaction, planHazards, renderStatements, reversePlan, splitPlan } from '../plan/render.js';
import { newMigration } from './new.js';
import { chooseDevDatabase } from './dev-url.js';
import { withSearchPath } from '../diff/search-path.js';
import type { InspectScope } from '../schema/engine.js';
import type { Connection } from '../dialects/types.js';
import type { Migration } from '../migrate/dir/types.js';
import { parseExclude } from '../schema/filter.js';
import { redactUrl } from '../dialects/url.js';

export interface DiffOptions {
  /** The migration directory. */
  readonly dir: string;
  /** The new migration's description. */
  readonly name: string;
  /** The desired state: a schema.ts path, a .sql file, a directory of .sql files, or a database URL. */
  readonly to: string;
  /**
   * Dev database: the dialect's embedded one by default (`pglite:memory`, `sqlite::memory:`), or
   * a server where Cairn may create a scratch database (MySQL has no embedded default: the
   * target's server is used, see chooseDevDatabase).
   */
  readonly devUrl?: string;
  /** The project's target database (config `url`): decides the dialect when no other URL does. */
  readonly targetUrl?: string;
  /**
   * The dev database's search_path while the history replays and the desired state loads
   * (`app` or `app,public`): for histories written against a connection's search_path, such as
   * dbmate's `?search_path=app`. Inspection always qualifies names.
   */
  readonly devSearchPath?: string;
  /** A live database as the current state, instead of replaying `dir`. */
  readonly from?: string;
  /**
   * With the embedded dev database and a live server side (`from`, or `to` as a URL), use a
   * scratch database on that server as the dev database when its user may create one, so both
   * sides' definitions are spelled by one server version (default true). Otherwise a live side
   * of another major version is loaded into the dev database and read back from there.
   */
  readonly devOnTarget?: boolean;
  /**
   * Consent to create missing referenced roles (policies `TO app`, `OWNER TO app`) on a server
   * dev database, as NOLOGIN placeholders that stay (roles are cluster-wide). The embedded dev
   * database always gets them.
   */
  readonly createRoles?: boolean;
  /** Report only: write nothing (the CLI exits 2 when not in sync). Drops are reported, never refused. */
  readonly check?: boolean;
  /** Compute and render, write nothing. */
  readonly dryRun?: boolean;
  /** Rename hints: `public.users.name=full_name`, `public.users=people`. */
  readonly renames?: readonly string[];
  /** Allow dropping tables, columns and schemas, and any plan that loses data (a column or table re-created). */
  readonly allowDrop?: boolean;
  /** Neither compare nor pin extension versions: each server installs its default (config `ignoreExtensionVersions`). */
  readonly ignoreExtensionVersions?: boolean;
  /** Schemas to compare; all user schemas when undefined. */
  readonly schemas?: readonly string[];
  /** Schemas (`audit`) and objects (`public.spatial_ref_sys`, `*.tmp_*`) left out of both sides: glob patterns. */
  readonly exclude?: readonly string[];
  /** The revision table, left out of both sides (default `cairn_revisions` in the connection's schema). */
  readonly revisionsTable?: string;
  readonly revisionsSchema?: string;
  /** Build indexes on existing tables CONCURRENTLY (the migration then runs outside a transaction). */
  readonly concurrentIndexes?: boolean;
  /** Called as the long steps start (dev database, replay, inspection), for a caller that shows progress. */
  readonly onProgress?: (e: DiffProgressEvent) => void;
  /** The clock, for reproducible versions in tests. */
  readonly now?: Date;
  /**
   * Called once the directory is known, before the replay: returns the versions a target has
   * applied and a check of the state they build. The replay then runs those migrations first
   * (directory order), inspects, calls `check` (which may throw to stop the diff before anything
   * is written), and replays the rest; with no other migration the final inspection is reused,
   * so the check costs no second dev database and at most one more inspection.
   */
  readonly replayCheckpoint?: (migrations: readonly Migration[]) => Promise<ReplayCheckpoint | undefined>;
}

/** See DiffOptions.replayCheckpoint. */
export interface ReplayCheckpoint {
  readonly applied: ReadonlySet<string>;
  check(state: Realm, conn: Connection): Promise<void>;
}

/** A long step of diff starting; `message` is one line for people. */
export type DiffProgressEvent =
  | { readonly type: 'dev-start'; readonly embedded: boolean; readonly message: string }
  | { readonly type: 'replay'; readonly files: number; readonly message: string }
  | { readonly type: 'load-desired'; readonly message: string }
  | { readonly type: 'inspect'; readonly state: 'current' | 'desired'; readonly message: string };

export interface DiffResult {
  readonly inSync: boolean;
  /** Absolute paths of the files written (none when in sync, checking or dry-running). */
  readonly files: readonly string[];
  readonly statements: readonly PlannedStatement[];
  readonly hazards: readonly Hazard[];
  readonly changes: readonly Change[];
  /** The migration's text, up and down. */
  readonly up: string;
  readonly down: string;
  /** The dev database as chosen (see chooseDevDatabase), password masked. */
  readonly devUrl: string;
  /** What the output should say about the dev database used, when it is not the dev URL (a scratch database on the target server). */
  readonly notes: readonly string[];
  /** Differences between the dev database's and a live side's server versions. */
  readonly warnings: readonly string[];
}

/** diff computes (and unless checking or dry-running, writes) the next migration. */
export async function diff(opts: DiffOptions): Promise<DiffResult> {
  const { engine, devUrl, dialect: devDialect, note: devNote } = await chooseDevDatabase({ devUrl: opts.devUrl, from: opts.from, to: opts.to, target: opts.targetUrl });
  parseExclude(opts.exclude ?? []); // a bad pattern fails before any replay
  const scope: InspectScope = { schemas: opts.schemas, exclude: opts.exclude, revisionsTable: opts.revisionsTable, revisionsSchema: opts.revisionsSchema };

  // The directory is validated like every command that reads one (a sum that exists must match).
  const migrations = existsSync(opts.dir) ? assertValidDir(opts.dir, { sumRequired: false }).migrations : [];
  const flagHints: RenameHint[] = (opts.renames ?? []).flatMap((r) => parseRenameIn(r, engine.soleSchema));
  const fromUrl = opts.from !== undefined;
  const toUrl = sourceKind(opts.to) === 'url';
  const prepared = toUrl ? undefined : await prepareDesired(opts.to, engine, devDialect);
  const progress = opts.onProgress ?? (() => {});
  // A built state keeps only the extension versions its SQL pinned (see extension-versions.ts):
  // the replay's are read off the statements as they run, TypeScript migrations' included.
  const replayCurrent: DevJob<Realm> = async (conn, devdb) => {
    progress({ type: 'replay', files: migrations.length, message: `replaying ${migrations.length} migration(s) on the dev database` });
    const pins = new ExtensionPins(conn.dialect);
    const replay = (ms: readonly Migration[]) => withSearchPath(conn, opts.devSearchPath, () => replayMigrations(pins.watch(conn), ms, { dir: opts.dir, dev: devdb }));
    const checkpoint = await opts.replayCheckpoint?.(migrations);
    const first = checkpoint ? migrations.filter((m) => checkpoint.applied.has(m.version)) : migrations;
    const rest = checkpoint ? migrations.filter((m) => !checkpoint.applied.has(m.version)) : [];
    await replay(first);
    if (checkpoint && rest.length > 0) {
      await checkpoint.check(pins.keep(await engine.inspect(conn, scope)), conn);
      await replay(rest);
    }
    progress({ type: 'inspect', state: 'current', message: 'inspecting the current schema' });
    const realm = pins.keep(await engine.inspect(conn, scope));
    if (checkpoint && rest.length === 0) await checkpoint.check(realm, conn);
    return realm;
  };
  const loadDesiredState: DevJob<Realm> = async (conn, devdb) => {
    progress({ type: 'load-desired', message: 'loading the desired schema' });
    await withSearchPath(conn, opts.devSearchPath, () => loadDesired(conn, prepared!, devdb));
    progress({ type: 'inspect', state: 'desired', message: 'inspecting the desired schema' });
    return ExtensionPins.of(conn.dialect, prepared!.statements.map((st) => st.text)).keep(await engine.inspect(conn, scope));
  };
  const dev = {
    createRoles: opts.createRoles,
    extensions: extensionsIn(devUrl, [
      ...(fromUrl ? [] : migrations.map((m) => m.up.text)),
      ...(prepared?.statements.map((s) => s.text) ?? []),
    ]),
  };
  // Current and desired states are independent: built at once, or one after the other on one
  // embedded instance (see withDevDatabases); a live side is compared in the dev database's
  // server version (see buildStates).
  const { current, desired, notes: stateNotes, warnings } = await buildStates(
    fromUrl ? { live: opts.from!, label: 'the --from database' } : { build: replayCurrent },
    toUrl ? { live: opts.to, label: 'the --to database' } : { build: loadDesiredState },
    {
      engine, scope, devUrl, devOnTarget: opts.devOnTarget, dev,
      // Said once buildStates has chosen: a scratch database on the target server, or the dev URL.
      onDevStart: (d) => progress({ type: 'dev-start', embedded: d.embedded, message: `starting the dev database${d.scratchOn ? ` (scratch database on ${d.scratchOn})` : d.embedded ? ' (embedded PostgreSQL)' : ''}` }),
    },
  );

  // A scratch database on another server than the one asked for is said first.
  const notes = stateNotes.length > 0 ? stateNotes : devNote ? [devNote] : [];
  // A check reports whatever differs, drops included: it writes nothing, so it needs no consent.
  const { changes, plan } = planGated(engine, current, desired, {
    renames: inSoleSchema([...flagHints, ...(prepared?.renames ?? [])], engine.soleSchema),
    allowDrop: Boolean(opts.allowDrop || opts.check),
    ignoreExtensionVersions: opts.ignoreExtensionVersions,
    concurrentIndexes: opts.concurrentIndexes,
  });
  const up = renderStatements(plan.statements);
  const down = renderStatements(reversePlan(plan).statements);
  const base = { devUrl: redactUrl(devUrl), statements: plan.statements, hazards: planHazards(plan), changes, up, down, notes, warnings };
  if (plan.statements.length === 0) return { inSync: true, files: [], ...base, up: '', down: '' };
  if (opts.check || opts.dryRun) return { inSync: false, files: [], ...base };
  if (!opts.name) throw new CairnError('USAGE', 'diff needs a name for the new migration');
  // A plan marked to be split (an enum value added, then used) is one file per part, in order.
  const parts = splitPlan(plan);
  const files = parts.flatMap((part, i) => newMigration({
    dir: opts.dir, name: parts.length > 1 && i < parts.length - 1 ? `${opts.name}_part${i + 1}` : opts.name,
    up: renderStatements(part.statements), down: renderStatements(reversePlan(part).statements), noTransaction: needsNoTransaction(part), now: opts.now,
  }).files);
  return { inSync: false, files, ...base };
}
