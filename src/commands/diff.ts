/**
 * `cairn diff`: computes the migration from the current state (the migration directory
 * replayed on a dev database, or a live database) to the desired state (a DSL module, SQL
 * schema files, or a live database) and writes it, up and down, in the directory's format.
 */
import { existsSync } from 'node:fs';
import { connect, dialectFor, extensionsIn } from '../dialects/registry.js';
import { CairnError } from '../errors.js';
import type { Realm } from '../schema/model.js';
import type { Change } from '../diff/changes.js';
import { diffRealms } from '../diff/diff.js';
import { parseRename, type RenameHint } from '../diff/renames.js';
import { replayMigrations } from '../diff/replay.js';
import { bothSettled, DEFAULT_DEV_URL, withDevDatabase, withDevDatabases, type DevJob } from '../diff/devdb.js';
import { loadDesired, prepareDesired, sourceKind } from '../diff/desired.js';
import { assertValidDir } from './validate.js';
import type { Hazard, PlannedStatement } from '../plan/types.js';
import { needsNoTransaction, planHazards, renderStatements, reversePlan } from '../plan/render.js';
import { newMigration } from './new.js';
import { schemaEngineFor } from './inspect.js';

export interface DiffOptions {
  /** The migration directory. */
  readonly dir: string;
  /** The new migration's description. */
  readonly name: string;
  /** The desired state: a schema.ts path, a .sql file, a directory of .sql files, or a database URL. */
  readonly to: string;
  /** Dev database: `pglite:memory` (default) or a server where Cairn may create a scratch database. */
  readonly devUrl?: string;
  /** A live database as the current state, instead of replaying `dir`. */
  readonly from?: string;
  /** Report only: write nothing (the CLI exits 2 when not in sync). */
  readonly check?: boolean;
  /** Compute and render, write nothing. */
  readonly dryRun?: boolean;
  /** Rename hints: `public.users.name=full_name`, `public.users=people`. */
  readonly renames?: readonly string[];
  /** Allow dropping tables, columns and schemas. */
  readonly allowDrop?: boolean;
  /** Schemas to compare; all user schemas when undefined. */
  readonly schemas?: readonly string[];
  /** Build indexes on existing tables CONCURRENTLY (the migration then runs outside a transaction). */
  readonly concurrentIndexes?: boolean;
  /** The clock, for reproducible versions in tests. */
  readonly now?: Date;
}

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
}

/** diff computes (and unless checking or dry-running, writes) the next migration. */
export async function diff(opts: DiffOptions): Promise<DiffResult> {
  const devUrl = opts.devUrl ?? DEFAULT_DEV_URL;
  const devDialect = dialectFor(devUrl);
  const engine = await schemaEngineFor(devDialect);
  const scope = { schemas: opts.schemas };
  const inspectUrl = async (url: string): Promise<Realm> => {
    const conn = await connect(url);
    try { return await engine.inspect(conn, scope); } finally { await conn.close(); }
  };

  // The directory is validated like every command that reads one (a sum that exists must match).
  const migrations = existsSync(opts.dir) ? assertValidDir(opts.dir, { sumRequired: false }).migrations : [];
  const flagHints: RenameHint[] = (opts.renames ?? []).map(parseRename);
  const fromUrl = opts.from !== undefined;
  const toUrl = sourceKind(opts.to) === 'url';
  const prepared = toUrl ? undefined : await prepareDesired(opts.to, devDialect);
  const replayCurrent: DevJob<Realm> = async (conn) => {
    await replayMigrations(conn, migrations, { dir: opts.dir });
    return engine.inspect(conn, scope);
  };
  const loadDesiredState: DevJob<Realm> = async (conn) => {
    await loadDesired(conn, prepared!);
    return engine.inspect(conn, scope);
  };
  const dev = {
    extensions: extensionsIn(devUrl, [
      ...(fromUrl ? [] : migrations.map((m) => m.up.text)),
      ...(prepared?.statements.map((s) => s.text) ?? []),
    ]),
  };
  // Current and desired states are independent: built at once, or one after the other on one
  // embedded instance (see withDevDatabases).
  const [current, desired] = !fromUrl && !toUrl
    ? await withDevDatabases(devUrl, replayCurrent, loadDesiredState, dev)
    : await bothSettled([
      fromUrl ? inspectUrl(opts.from!) : withDevDatabase(devUrl, replayCurrent, dev),
      toUrl ? inspectUrl(opts.to) : withDevDatabase(devUrl, loadDesiredState, dev),
    ]);

  const changes = diffRealms(current, desired, { renames: [...flagHints, ...(prepared?.renames ?? [])], allowDrop: opts.allowDrop });
  const plan = engine.plan(changes, current, desired, { concurrentIndexes: opts.concurrentIndexes });
  const up = renderStatements(plan.statements);
  const down = renderStatements(reversePlan(plan).statements);
  const base = { statements: plan.statements, hazards: planHazards(plan), changes, up, down };
  if (plan.statements.length === 0) return { inSync: true, files: [], ...base, up: '', down: '' };
  if (opts.check || opts.dryRun) return { inSync: false, files: [], ...base };
  if (!opts.name) throw new CairnError('USAGE', 'diff needs a name for the new migration');
  const written = newMigration({ dir: opts.dir, name: opts.name, up, down, noTransaction: needsNoTransaction(plan), now: opts.now });
  return { inSync: false, files: written.files, ...base };
}
