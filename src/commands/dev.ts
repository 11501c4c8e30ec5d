/**
 * `cairn dev [name]` (Prisma's `migrate dev`): one step from an edited schema to a local
 * database at it. It writes the next migration exactly as `cairn diff` does (same rename and
 * drop protections), then applies everything pending to the local database. With no schema
 * change it only applies what is pending.
 */
import type { ApplyOptions, ApplyResult } from '../migrate/runner/types.js';
import { redactUrl } from '../dialects/url.js';
import { apply } from './apply.js';
import { diff, type DiffOptions, type DiffResult } from './diff.js';
import { assertLocal } from './local-target.js';

export interface DevOptions extends Omit<ApplyOptions, 'dryRun' | 'count' | 'toVersion'> {
  /** The new migration's description (used only when the schema changed). */
  readonly name: string;
  /** The desired state, as for `diff` (`schema.ts`, SQL files, a database URL). */
  readonly to: string;
  readonly devUrl?: DiffOptions['devUrl'];
  readonly renames?: DiffOptions['renames'];
  readonly allowDrop?: boolean;
  readonly schemas?: DiffOptions['schemas'];
  /** Run on a database that is not local (see `isLocalUrl`). */
  readonly force?: boolean;
  /** The clock, for reproducible versions in tests. */
  readonly now?: Date;
}

export interface DevResult {
  /** The target, password masked. */
  readonly target: string;
  /** False when the directory already matched the schema: nothing was written. */
  readonly schemaChanged: boolean;
  /** The diff that wrote the migration (its `files`), or found nothing to write. */
  readonly diff: DiffResult;
  /** The apply that followed. */
  readonly apply: ApplyResult;
}

/** dev writes the migration for the schema change (if any) and applies it to the local database. */
export async function dev(opts: DevOptions): Promise<DevResult> {
  // Before the diff (which may write a file): a database that is not ours stops everything.
  assertLocal(opts.url, 'dev', opts.force);
  const d = await diff({
    dir: opts.dir,
    name: opts.name,
    to: opts.to,
    devUrl: opts.devUrl,
    renames: opts.renames,
    allowDrop: opts.allowDrop,
    schemas: opts.schemas,
    now: opts.now,
  });
  const applied = await apply(opts);
  return { target: redactUrl(opts.url), schemaChanged: !d.inSync, diff: d, apply: applied };
}
