/**
 * The library entry point for applications:
 *
 * @example
 * import { createMigrator } from 'cairn-migrate';
 * const m = createMigrator({ url: process.env.DATABASE_URL!, dir: 'migrations' });
 * await m.apply();                 // typed ApplyResult; throws CairnError with partial progress
 * const s = await m.status();
 *
 * // or, at application start-up (nothing happens unless you call it):
 * await migrate({ url, dir: 'migrations', onProgress: (e) => log.info(e.message) });
 *
 * The library never prints and never exits the process: progress goes to `onProgress`, and
 * failures are CairnError values (MIGRATION_FAILED details include `applied`, the migrations
 * completed in the failing run).
 */
import { apply } from './apply.js';
import { down } from './down.js';
import { set } from './set.js';
import { status, type StatusResult } from './status.js';
import type { ApplyOptions, ApplyResult, DownOptions, DownResult, SetResult, TargetOptions } from '../migrate/runner/types.js';

export type MigratorOptions = TargetOptions & Omit<ApplyOptions, keyof TargetOptions>;

type PerCall<T> = Partial<Omit<T, 'url' | 'dir'>>;

export interface Migrator {
  apply(opts?: PerCall<ApplyOptions>): Promise<ApplyResult>;
  status(opts?: PerCall<TargetOptions>): Promise<StatusResult>;
  down(opts?: PerCall<DownOptions>): Promise<DownResult>;
  set(version: string, opts?: PerCall<TargetOptions>): Promise<SetResult>;
}

export function createMigrator(options: MigratorOptions): Migrator {
  return {
    apply: (o = {}) => apply({ ...options, ...o }),
    status: (o = {}) => status({ ...options, ...o }),
    down: (o = {}) => down({ ...options, ...o }),
    set: (version, o = {}) => set({ ...options, ...o, version }),
  };
}

/** migrate applies every pending migration once, for application start-up. */
export function migrate(options: MigratorOptions): Promise<ApplyResult> {
  return createMigrator(options).apply();
}

export type { ApplyOptions, ApplyResult, DownOptions, DownResult, SetResult, StatusResult, TargetOptions };
