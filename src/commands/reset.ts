/**
 * `cairn reset` (Prisma's `migrate reset`): drops everything in a local database, the revision
 * table included, and applies the migration directory again, so the database is exactly what
 * the directory builds. The directory is validated before anything is dropped: a directory
 * that cannot be applied never costs the database.
 */
import { connect, extensionsIn } from '../dialects/registry.js';
import type { Connection, RevisionTableName } from '../dialects/types.js';
import { redactUrl } from '../dialects/url.js';
import { DEFAULT_REVISIONS_TABLE } from '../migrate/runner/revision-table.js';
import { scrubError } from '../migrate/runner/redact.js';
import type { ApplyOptions, ApplyResult } from '../migrate/runner/types.js';
import { apply } from './apply.js';
import { assertValidDir } from '../migrate/sum/dir-gate.js';
import { assertLocal } from './local-target.js';

export interface ResetOptions extends Omit<ApplyOptions, 'dryRun'> {
  /** Run on a database that is not local (see `isLocalUrl`). */
  readonly force?: boolean;
}

export interface ResetResult {
  /** The target, password masked. */
  readonly target: string;
  /** The apply that followed the drop. */
  readonly apply: ApplyResult;
}

/** reset empties the local database at `url` under the migration lock and re-applies `dir`. */
export async function reset(opts: ResetOptions): Promise<ResetResult> {
  assertLocal(opts.url, 'reset', opts.force);
  // A missing directory is DIR_NOT_FOUND here, before anything is dropped.
  const { migrations } = assertValidDir(opts.dir, { format: opts.format, sumRequired: false });
  const table: RevisionTableName = { table: opts.revisionsTable ?? DEFAULT_REVISIONS_TABLE, ...(opts.revisionsSchema ? { schema: opts.revisionsSchema } : {}) };
  await emptyDatabaseAt(opts.url, table, opts.lockTimeoutMs, { extensions: extensionsIn(opts.url, migrations.map((m) => m.up.text)) });
  return { target: redactUrl(opts.url), apply: await apply(opts) };
}

/** emptyDatabase on its own connection to `url`; errors never carry the URL's password. */
export async function emptyDatabaseAt(url: string, table: RevisionTableName, lockTimeoutMs?: number, connectOptions?: Parameters<typeof connect>[1]): Promise<void> {
  const conn = await connect(url, connectOptions);
  try {
    await emptyDatabase(conn, table, lockTimeoutMs);
  } catch (e) {
    throw scrubError(e, url);
  } finally {
    await conn.close();
  }
}

/**
 * emptyDatabase drops every user object of the connection's database, and the revision table
 * wherever it lives, under the migration lock, so it never pulls a schema from under a runner
 * (`cairn reset`, and the testing helpers' cleanDatabase).
 */
export async function emptyDatabase(conn: Connection, table: RevisionTableName, lockTimeoutMs = 10_000): Promise<void> {
  const lock = await conn.dialect.acquireLock(conn, table, lockTimeoutMs);
  try {
    await conn.dialect.resetDatabase(conn);
    // The revision table may live in another schema or database than the one reset.
    await conn.exec(`DROP TABLE IF EXISTS ${conn.dialect.qualify(table)}`);
  } finally {
    await lock.release();
  }
}
