/**
 * `cairn push` (Drizzle's `push`, Atlas's `schema apply`): for prototyping, brings a local
 * database straight to the declared schema without writing a migration. The target is
 * inspected, diffed against the desired state (loaded on a dev database, as `diff` does) with
 * the same rename and drop protections and the same data-loss gate (planGated, shared with
 * `diff`), and the plan runs in one transaction where the database allows, or in one transaction
 * per part where the plan is split (an enum value added, then used: see splitPlan). The revision
 * table is not part of anyone's schema and is left alone.
 */
import { connect, dialectFor, extensionsIn, isEmbedded } from '../dialects/registry.js';
import type { Connection, RevisionTableName } from '../dialects/types.js';
import { redactUrl } from '../dialects/url.js';
import { CairnError } from '../errors.js';
import type { Change } from '../diff/changes.js';
import { planGated } from '../diff/gated-plan.js';
import { withDevDatabase } from '../diff/devdb.js';
import { loadDesired, prepareDesired, sourceKind } from '../diff/desired.js';
import { ExtensionPins } from '../diff/extension-pins.js';
import { inSoleSchema, parseRenameIn } from '../diff/renames.js';
import { DEFAULT_REVISIONS_TABLE } from '../migrate/runner/revision-table.js';
import { scrubError } from '../migrate/runner/redact.js';
import { planHazards, splitPlan } from '../plan/render.js';
import type { Hazard, Plan, PlannedStatement } from '../plan/types.js';
import type { Realm } from '../schema/model.js';
import { schemaEngineFor } from './inspect.js';
import { assertLocal } from './local-target.js';

export interface PushOptions {
  /** The local database to change. */
  readonly url: string;
  /** The desired state: a schema.ts path, a .sql file, a directory of .sql files, or a database URL. */
  readonly to: string;
  /**
   * Dev database the desired state is loaded on: default `pglite:memory` for an embedded
   * target, and a scratch database on the target's own server for a server target.
   */
  readonly devUrl?: string;
  /** Rename hints: `public.users.name=full_name`, `public.users=people`. */
  readonly renames?: readonly string[];
  /** Allow dropping tables, columns and schemas, and any plan that loses data (a column or table re-created). */
  readonly allowDrop?: boolean;
  /** Neither compare nor pin extension versions (config `ignoreExtensionVersions`), as for `diff`. */
  readonly ignoreExtensionVersions?: boolean;
  /** Schemas to compare; all user schemas when undefined. */
  readonly schemas?: readonly string[];
  /** Objects left out on both sides, as `diff --exclude` (`public.spatial_ref_sys`, `audit.*`). */
  readonly exclude?: readonly string[];
  /** Plan only: change nothing. */
  readonly dryRun?: boolean;
  /** Run on a database that is not local (see `isLocalUrl`). */
  readonly force?: boolean;
  /** The revision table, which push leaves alone (default `cairn_revisions` in the connection's schema). */
  readonly revisionsTable?: string;
  readonly revisionsSchema?: string;
  /** How long to wait for a runner's lock (default 10 s). */
  readonly lockTimeoutMs?: number;
  /**
   * Called with the plan before anything runs (not for an empty plan or a dry run); resolving
   * false cancels the push. The CLI asks the person at the terminal here.
   */
  readonly confirm?: (plan: PushPlan) => Promise<boolean> | boolean;
}

/** What push will run, or ran. */
export interface PushPlan {
  readonly statements: readonly PlannedStatement[];
  readonly hazards: readonly Hazard[];
  readonly changes: readonly Change[];
}

export interface PushResult extends PushPlan {
  /** The target, password masked. */
  readonly target: string;
  /** The database already matched the schema. */
  readonly inSync: boolean;
  /** The plan ran. */
  readonly applied: boolean;
  /** `confirm` said no. */
  readonly cancelled: boolean;
  readonly dryRun: boolean;
}

/** push plans the changes that bring the local database at `url` to `to`, and unless dry-running, runs them. */
export async function push(opts: PushOptions): Promise<PushResult> {
  assertLocal(opts.url, 'push', opts.force);
  // A server target loads the desired state in a scratch database on the same server (as
  // `diff --dev-url` does), so both states are deparsed by the same PostgreSQL version.
  const engine = await schemaEngineFor(dialectFor(opts.url));
  const devUrl = opts.devUrl ?? (isEmbedded(opts.url) && engine.defaultDevUrl !== undefined ? engine.defaultDevUrl : opts.url);
  const scope = { schemas: opts.schemas, exclude: opts.exclude, revisionsTable: opts.revisionsTable, revisionsSchema: opts.revisionsSchema };
  const toUrl = sourceKind(opts.to) === 'url';
  const prepared = toUrl ? undefined : await prepareDesired(opts.to, engine, dialectFor(devUrl));
  const texts = prepared?.statements.map((s) => s.text) ?? [];
  const desired: Promise<Realm> = toUrl
    ? inspectUrl(opts.to, (c) => engine.inspect(c, scope))
    : withDevDatabase(devUrl, async (c, dev) => {
      await loadDesired(c, prepared!, dev);
      // Only the extension versions the source pins count (see extension-versions.ts).
      return ExtensionPins.of(c.dialect, texts).keep(await engine.inspect(c, scope));
    }, { extensions: extensionsIn(devUrl, texts) });
  desired.catch(() => undefined);

  const table: RevisionTableName = { table: opts.revisionsTable ?? DEFAULT_REVISIONS_TABLE, ...(opts.revisionsSchema ? { schema: opts.revisionsSchema } : {}) };
  const conn = await connect(opts.url, { extensions: extensionsIn(opts.url, texts) });
  try {
    const to = await desired;
    // The scoped inspection leaves the revision table (and a schema of its own) out: push never drops it.
    const from = await engine.inspect(conn, scope);
    const renames = inSoleSchema([...(opts.renames ?? []).flatMap((r) => parseRenameIn(r, engine.soleSchema)), ...(prepared?.renames ?? [])], engine.soleSchema);
    const { changes, plan } = planGated(engine, from, to, { renames, allowDrop: opts.allowDrop, ignoreExtensionVersions: opts.ignoreExtensionVersions });
    const base = { target: redactUrl(opts.url), statements: plan.statements, hazards: planHazards(plan), changes, dryRun: Boolean(opts.dryRun) };
    if (plan.statements.length === 0) return { ...base, inSync: true, applied: false, cancelled: false };
    if (opts.dryRun) return { ...base, inSync: false, applied: false, cancelled: false };
    if (opts.confirm && !(await opts.confirm(base))) return { ...base, inSync: false, applied: false, cancelled: true };
    const lock = await conn.dialect.acquireLock(conn, table, opts.lockTimeoutMs ?? 10_000);
    try {
      await run(conn, plan);
    } finally {
      await lock.release();
    }
    return { ...base, inSync: false, applied: true, cancelled: false };
  } catch (e) {
    throw scrubError(e, opts.url);
  } finally {
    await conn.close();
  }
}

async function inspectUrl(url: string, read: (c: Connection) => Promise<Realm>): Promise<Realm> {
  const c = await connect(url);
  try {
    return await read(c);
  } finally {
    await c.close();
  }
}

/**
 * run executes the plan part by part (splitPlan: one part unless an enum value is added and then
 * used, which PostgreSQL allows only once the ADD VALUE is committed). Each part runs in one
 * transaction where DDL is transactional and every statement of the part may run in one, so a
 * failure leaves the database as the previous part left it; otherwise statement by statement.
 */
async function run(conn: Connection, plan: Plan): Promise<void> {
  let committed = 0;
  for (const part of splitPlan(plan)) {
    await runPart(conn, part.statements, committed);
    committed += part.statements.length;
  }
}

async function runPart(conn: Connection, statements: readonly PlannedStatement[], committed: number): Promise<void> {
  const inTx = conn.dialect.capabilities.transactionalDdl && statements.every((s) => s.transactional);
  if (inTx) await conn.exec('BEGIN');
  let current: PlannedStatement | undefined;
  try {
    for (const s of statements) {
      current = s;
      await conn.exec(s.sql);
    }
    if (inTx) await conn.exec('COMMIT');
  } catch (e) {
    if (inTx) await conn.exec('ROLLBACK').catch(() => undefined);
    const info = conn.dialect.errorInfo(e);
    const outcome = !inTx ? '' : committed === 0 ? ' (rolled back: nothing was changed)'
      : ` (this part rolled back; the ${committed} statement(s) before it, which had to be committed first, stay applied)`;
    throw new CairnError('MIGRATION_FAILED', `push failed at "${current?.comment}": ${info.message}${outcome}`, {
      cause: e,
      details: { statement: current?.sql, sqlState: info.code, committed },
    });
  }
}
