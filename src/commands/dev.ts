/**
 * `cairn dev [name]` (Prisma's `migrate dev`): one step from an edited schema to a local
 * database at it. It writes the next migration exactly as `cairn diff` does (same rename and
 * drop protections), then applies everything pending to the local database. With no schema
 * change it only applies what is pending.
 */
import type { ApplyOptions, ApplyResult } from '../migrate/runner/types.js';
import { redactUrl } from '../dialects/url.js';
import { dialectFor, isEmbedded, localTargetExists } from '../dialects/registry.js';
import type { Connection, ServerVersion } from '../dialects/types.js';
import { CairnError } from '../errors.js';
import type { Realm } from '../schema/model.js';
import type { SchemaEngine } from '../engine/types.js';
import { diffRealms } from '../diff/diff.js';
import { withSession } from '../migrate/runner/session.js';
import { hasHistory } from '../migrate/runner/apply-plan.js';
import { analyze } from '../migrate/runner/plan.js';
import { apply } from './apply.js';
import { diff, type DiffOptions, type DiffResult, type ReplayCheckpoint } from './diff.js';
import { schemaEngineFor } from './inspect.js';
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
  readonly exclude?: DiffOptions['exclude'];
  readonly ignoreExtensionVersions?: DiffOptions['ignoreExtensionVersions'];
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
  /** Why the drift check did not run although the target has revisions (server versions differ). */
  readonly driftNotChecked?: string;
}

/** What the target holds: the versions it has applied and the schema they should have built. */
interface TargetState {
  readonly applied: ReadonlySet<string>;
  readonly realm: Realm;
  readonly engine: SchemaEngine;
  readonly version?: ServerVersion;
  /** PGlite, the same build as the embedded dev database. */
  readonly embedded: boolean;
}

/**
 * readTarget reads the target's revisions and, when it has a clean history (applied migrations,
 * none partial, edited, missing or unknown: apply reports those itself), inspects its schema,
 * the revision table and its own schema left out.
 */
async function readTarget(opts: DevOptions): Promise<TargetState | undefined> {
  // A local database not created yet (or in memory) has no history: spare opening it.
  if (!dialectFor(opts.url).loadSchemaEngine || localTargetExists(opts.url) === false) return undefined;
  return withSession(opts, async (s, loaded) => {
    const state = await s.store.read();
    if (!hasHistory(state.revisions)) return undefined;
    const a = analyze(loaded.migrations, state.revisions, loaded.compare);
    if (a.partial.length + a.edited.length + a.missing.length + a.unknown.length > 0) return undefined;
    const pending = new Set(a.pending.map((p) => p.migration.version));
    const engine = await schemaEngineFor(s.conn.dialect);
    const realm = await engine.inspect(s.conn, { schemas: opts.schemas, exclude: opts.exclude, revisionsTable: opts.revisionsTable, revisionsSchema: opts.revisionsSchema });
    const version = await s.conn.dialect.devDatabase?.serverVersion(s.conn);
    return { applied: new Set(loaded.migrations.map((m) => m.version).filter((v) => !pending.has(v))), realm, engine, version, embedded: isEmbedded(opts.url) };
  });
}

/**
 * drift compares what the applied migrations build (replayed on the dev database) with the
 * target's schema; throws HISTORY_MISMATCH (exit 3) listing the differences as the statements
 * that would turn the one into the other.
 */
async function checkDrift(t: TargetState, replayed: Realm, conn: Connection, target: string, skipped: (why: string) => void): Promise<void> {
  const devVersion = await conn.dialect.devDatabase?.serverVersion(conn);
  if (t.version && devVersion && t.version.major !== devVersion.major) {
    skipped(`the target runs ${t.version.label} and the dev database ${devVersion.label}, which spell definitions differently`);
    return;
  }
  // A server installs its own default version of an extension created without VERSION.
  const changes = diffRealms(replayed, t.realm, { hooks: t.engine.diffHooks, allowDrop: true, ignoreExtensionVersions: !t.embedded });
  if (changes.length === 0) return;
  const drift = t.engine.plan(changes, replayed, t.realm).statements.map((st) => st.comment);
  const listed = drift.length > 0 ? drift : changes.map((c) => c.kind);
  throw new CairnError('HISTORY_MISMATCH', `drift detected: ${target} differs from what its applied migrations build:\n${listed.map((l) => `  - ${l}`).join('\n')}`, {
    details: { drift: listed },
    hint: 'it was changed outside the migrations (cairn push, or by hand). Run `cairn reset` to drop everything and re-apply the directory (its data is lost), then `cairn dev` again',
  });
}

/** dev writes the migration for the schema change (if any) and applies it to the local database. */
export async function dev(opts: DevOptions): Promise<DevResult> {
  // Before the diff (which may write a file): a database that is not ours stops everything.
  assertLocal(opts.url, 'dev', opts.force);
  // Read while the dev database starts; checked against the replay of the applied migrations,
  // on the diff's own dev database, before the diff writes anything.
  const target = readTarget(opts);
  target.catch(() => undefined);
  let driftNotChecked: string | undefined;
  const replayCheckpoint = async (): Promise<ReplayCheckpoint | undefined> => {
    const t = await target;
    if (!t) return undefined;
    return { applied: t.applied, check: (realm, conn) => checkDrift(t, realm, conn, redactUrl(opts.url), (why) => (driftNotChecked = why)) };
  };
  const d = await diff({
    dir: opts.dir,
    name: opts.name,
    to: opts.to,
    devUrl: opts.devUrl,
    targetUrl: opts.url,
    renames: opts.renames,
    allowDrop: opts.allowDrop,
    schemas: opts.schemas,
    exclude: opts.exclude,
    ignoreExtensionVersions: opts.ignoreExtensionVersions,
    revisionsTable: opts.revisionsTable,
    revisionsSchema: opts.revisionsSchema,
    now: opts.now,
    replayCheckpoint,
  });
  const applied = await apply(opts);
  return { target: redactUrl(opts.url), schemaChanged: !d.inSync, diff: d, apply: applied, ...(driftNotChecked ? { driftNotChecked } : {}) };
}
