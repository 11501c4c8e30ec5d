/**
 * Moving a test database through its history: `migrateTo` a version (up or down), `migrateAll`,
 * and `cleanDatabase` to start over. Thin on purpose: they are the runner's own library calls,
 * so a test exercises exactly what `cairn apply` and `cairn down` do in production.
 */
import type { RevisionTableName } from '../dialects/types.js';
import { CairnError } from '../errors.js';
import { DEFAULT_REVISIONS_TABLE } from '../migrate/runner/revision-table.js';
import type { ApplyOptions, ApplyResult } from '../migrate/runner/types.js';
import { apply } from '../commands/apply.js';
import { down } from '../commands/down.js';
import { status } from '../commands/status.js';
import { emptyDatabaseAt } from '../commands/reset.js';

/** Options of migrateTo: apply's, with the version to stop at. */
export interface MigrateToOptions extends Omit<ApplyOptions, 'toVersion' | 'count' | 'dryRun' | 'baseline'> {
  /** The version to end at: pending migrations up to it are applied, applied ones after it rolled back. */
  readonly version: string;
}

export interface MigrateToResult {
  /** The newest applied version afterwards. */
  readonly current: string | null;
  /** Versions applied by this call, in order. */
  readonly applied: readonly string[];
  /** Versions rolled back by this call, newest first. */
  readonly reverted: readonly string[];
}

/**
 * migrateTo brings the database to `version`: applies what is pending up to and including it,
 * or, when it is already applied, rolls back every migration after it (with their downs).
 */
export async function migrateTo(opts: MigrateToOptions): Promise<MigrateToResult> {
  if (typeof opts.version !== 'string' || opts.version === '') throw new CairnError('USAGE', 'migrateTo needs a version');
  const { version, ...target } = opts;
  const now = await status(target);
  if (now.applied.some((r) => r.version === version)) {
    const r = await down({ ...target, toVersion: version });
    return { current: r.current, applied: [], reverted: r.reverted.map((x) => x.version) };
  }
  const r = await apply({ ...target, toVersion: version });
  return { current: r.current, applied: r.applied.map((x) => x.version), reverted: [] };
}

/** Options of migrateAll: apply's. */
export type MigrateAllOptions = Omit<ApplyOptions, 'dryRun'>;

/** migrateAll applies every pending migration (`cairn apply`). */
export function migrateAll(opts: MigrateAllOptions): Promise<ApplyResult> {
  return apply(opts);
}

export interface CleanDatabaseOptions {
  readonly url: string;
  /** The revision table to drop too, when it is not the default or lives in another schema. */
  readonly revisionsTable?: string;
  readonly revisionsSchema?: string;
  /** How long to wait for a runner's lock (default 10 s). */
  readonly lockTimeoutMs?: number;
}

/**
 * cleanDatabase drops every user object of the database, its revision table included, so that
 * the next test starts from an empty database without creating a new one (`cairn reset`
 * without the apply). It takes the migration lock, so it never pulls a schema from under a
 * runner. Roles and other server-wide objects stay.
 */
export async function cleanDatabase(opts: CleanDatabaseOptions): Promise<void> {
  const table: RevisionTableName = { table: opts.revisionsTable ?? DEFAULT_REVISIONS_TABLE, ...(opts.revisionsSchema ? { schema: opts.revisionsSchema } : {}) };
  await emptyDatabaseAt(opts.url, table, opts.lockTimeoutMs);
}
