/**
 * The library entry point for applications:
 *
 * @example
 * import { createMigrator } from 'cairn-migrate';
 * // A directory of SQL and code migrations:
 * const m = createMigrator({ url: process.env.DATABASE_URL!, dir: 'migrations' });
 * await m.migrate();               // typed ApplyResult; throws CairnError with partial progress
 *
 * // Or migrations declared in application code, gormigrate-style (list order, stable IDs):
 * const m = createMigrator({
 *   url, idFormat: 'rfc3339',
 *   initSchema: async (ctx) => { await ctx.exec(SCHEMA_SQL); },   // only on an empty database
 *   migrations: [{ id: '2022-02-02T14:49:00Z-v5.0.0', up: (ctx) => ctx.exec('…'), down: 'DROP …' }],
 * });
 * await m.migrate();
 *
 * The library never prints and never exits the process: progress goes to `onProgress`, and
 * failures are CairnError values (MIGRATION_FAILED details include `applied`, the migrations
 * completed in the failing run).
 */
import { apply } from './apply.js';
import { down } from './down.js';
import { set } from './set.js';
import { status, type StatusResult } from './status.js';
import { CairnError } from '../errors.js';
import type { InlineMigration, MigrationFunction } from '../migrate/code/define.js';
import { checkIds, type IdFormat } from '../migrate/code/ids.js';
import type { ApplyOptions, ApplyResult, DownOptions, DownResult, SetResult, TargetOptions } from '../migrate/runner/types.js';

export type { IdFormat };

export interface MigratorOptions extends Omit<ApplyOptions, 'dir' | 'inline' | 'initSchema'> {
  /** Migration directory (SQL files and code migrations). Optional when `migrations` are given. */
  readonly dir?: string;
  /**
   * Migrations declared in application code, each `{ id, up(ctx), down?(ctx) | 'SQL', downSql?,
   * transaction? }`. Alone, they run in list order; beside a directory, they are merged among
   * its files by ID (and must be listed in that order).
   */
  readonly migrations?: readonly InlineMigration[];
  /** Revision table name (gormigrate: `TableName`); same as `revisionsTable`. */
  readonly table?: string;
  /** Builds the schema of an empty database in one step; every migration is then recorded as applied. */
  readonly initSchema?: MigrationFunction;
  /** Refuse a database holding migration IDs this code does not know (default true). */
  readonly validateUnknown?: boolean;
  /** Run each listed migration in a transaction unless it says otherwise (default true). */
  readonly useTransaction?: boolean;
  /** The format every listed ID must follow, checked before anything runs. */
  readonly idFormat?: IdFormat;
}

type PerCall<T> = Partial<Omit<T, 'url' | 'dir'>>;

export interface Migrator {
  /** Runs every pending migration (the one line for application start-up). */
  migrate(opts?: PerCall<ApplyOptions>): Promise<ApplyResult>;
  /** Runs pending migrations up to and including `id`. */
  migrateTo(id: string, opts?: PerCall<ApplyOptions>): Promise<ApplyResult>;
  /** Rolls back the newest applied migration. */
  rollbackLast(opts?: PerCall<DownOptions>): Promise<DownResult>;
  /** Rolls back every migration applied after `id` (`id` itself stays). */
  rollbackTo(id: string, opts?: PerCall<DownOptions>): Promise<DownResult>;
  /** Same as migrate. */
  apply(opts?: PerCall<ApplyOptions>): Promise<ApplyResult>;
  status(opts?: PerCall<TargetOptions>): Promise<StatusResult>;
  down(opts?: PerCall<DownOptions>): Promise<DownResult>;
  set(version: string, opts?: PerCall<TargetOptions>): Promise<SetResult>;
}

export function createMigrator(options: MigratorOptions): Migrator {
  const base = targetOf(options);
  const applyWith = (o: PerCall<ApplyOptions> = {}) => apply({ ...base, ...(options.initSchema ? { initSchema: options.initSchema } : {}), ...o });
  return {
    migrate: applyWith,
    apply: applyWith,
    migrateTo: (id, o = {}) => applyWith({ ...o, toVersion: id }),
    rollbackLast: (o = {}) => down({ ...base, ...o, count: 1 }),
    rollbackTo: (id, o = {}) => down({ ...base, ...o, toVersion: id }),
    status: (o = {}) => status({ ...base, ...o }),
    down: (o = {}) => down({ ...base, ...o }),
    set: (version, o = {}) => set({ ...base, ...o, version }),
  };
}

/** How long a migrator waits for another instance's lock by default: 5 minutes. */
export const MIGRATOR_LOCK_TIMEOUT_MS = 300_000;

/** The runner options a migrator passes on every call; the list is checked here, before any connection. */
function targetOf(options: MigratorOptions): ApplyOptions {
  const { migrations, table, validateUnknown, useTransaction, idFormat, initSchema: _init, dir, ...rest } = options;
  if (dir === undefined && migrations === undefined) {
    throw new CairnError('USAGE', 'createMigrator needs a migration directory (dir) or a list of migrations (migrations), or both');
  }
  if (migrations !== undefined) {
    if (!Array.isArray(migrations)) throw new CairnError('USAGE', 'createMigrator: migrations must be an array of { id, up, down? }');
    checkIds(migrations.map((m) => (m as { id?: unknown } | null)?.id), idFormat);
  }
  const list = migrations?.map((m) => (m.transaction === undefined && useTransaction === false ? { ...m, transaction: false } : m));
  return {
    // Application instances starting together wait for the one migrating, not just 10 s (the CLI's default).
    lockTimeoutMs: MIGRATOR_LOCK_TIMEOUT_MS,
    ...rest,
    dir: dir ?? '',
    ...(table !== undefined && rest.revisionsTable === undefined ? { revisionsTable: table } : {}),
    ...(validateUnknown === false && rest.allowUnknown === undefined ? { allowUnknown: true } : {}),
    ...(list !== undefined ? { inline: { migrations: list, alone: dir === undefined } } : {}),
  };
}

/** migrate applies every pending migration once, for application start-up. */
export function migrate(options: MigratorOptions): Promise<ApplyResult> {
  return createMigrator(options).migrate();
}

export type { ApplyOptions, ApplyResult, DownOptions, DownResult, SetResult, StatusResult, TargetOptions };
