/**
 * The two states `cairn diff` compares, built so that the definitions on both sides are spelled
 * by the same server version.
 *
 * A server deparses views, functions, defaults and checks, and canonicalises ICU locales, in its
 * own major version's way: PostgreSQL 15 writes `SELECT basetable.name FROM basetable` where 18
 * (the embedded PGlite) writes `SELECT name FROM basetable`, and 15 keeps `en-u-kn-true` where 18
 * stores `en-u-kn`. A state inspected on a live server and one built on a dev database of another
 * version would then differ forever in objects nobody changed. So, when a side is a live server:
 *
 * 1. with the embedded dev database (the default) and the right to create a database on that
 *    server, the dev database is a scratch database on that server: both sides are spelled by it;
 * 2. otherwise each live side whose major version differs from the dev database's is loaded into
 *    the dev database (planned from empty, as a migration would create it) and read back, so the
 *    comparison uses the dev database's spelling of both; a warning says the versions differ.
 */
import { connect, isEmbedded } from '../dialects/registry.js';
import { redactUrl } from '../dialects/url.js';
import type { Connection, ServerVersion } from '../dialects/types.js';
import { CairnError } from '../errors.js';
import type { Realm } from '../schema/model.js';
import type { SchemaEngine } from '../engine/types.js';
import { bothSettled, withDevDatabase, withDevDatabases, type DevJob, type DevOptions, type DevSession } from './devdb.js';
import { applyDdl } from './desired.js';
import { diffRealms } from './diff.js';
import { withoutVersion } from './extension-versions.js';

/** Where one side of the diff comes from. */
export type StateSource =
  /** A database, inspected as it is. `label` names it in messages: `the --from database`. */
  | { readonly live: string; readonly label: string }
  /**
   * State built on an empty dev database: the directory replayed, or the desired schema loaded.
   * Its extensions carry only the versions its SQL pinned (see extension-versions.ts).
   */
  | { readonly build: DevJob<Realm> };

export interface StatesOptions {
  readonly engine: SchemaEngine;
  readonly scope?: Parameters<SchemaEngine['inspect']>[1];
  readonly devUrl: string;
  /**
   * With an embedded dev URL and a live server side, use a scratch database on that server as
   * the dev database when its user may create one (default true).
   */
  readonly devOnTarget?: boolean;
  readonly dev?: DevOptions;
  /** Called when a dev database is about to start, with where it runs (once more when the scratch database falls back to `devUrl`). */
  readonly onDevStart?: (dev: DevStart) => void;
}

/** Where the dev database of a diff runs. */
export interface DevStart {
  /** In-process (PGlite). */
  readonly embedded: boolean;
  /** A scratch database on the server of a live side (`the target server`, `the server of the --to database`), else undefined. */
  readonly scratchOn?: string;
}

export interface States {
  readonly current: Realm;
  readonly desired: Realm;
  /** What the output should say about the dev database used. */
  readonly notes: readonly string[];
  /** Version differences between the dev database and a live side. */
  readonly warnings: readonly string[];
}

interface Live {
  readonly url: string;
  readonly label: string;
  readonly realm: Realm;
  readonly version?: ServerVersion;
  /** A server (not embedded) whose user may create a scratch database there. */
  readonly canHostDev: boolean;
}

/** buildStates inspects the live sides and builds the others on a dev database (see the file comment). */
export async function buildStates(current: StateSource, desired: StateSource, o: StatesOptions): Promise<States> {
  const wantTarget = o.devOnTarget !== false && isEmbedded(o.devUrl);
  const lives = await bothSettled([inspectLive(current, o, wantTarget), inspectLive(desired, o, wantTarget)]);
  const host = lives.find((l) => l?.canHostDev);
  if (host?.version) {
    const where = host === lives[0] ? 'the target server' : `the server of ${host.label}`;
    try {
      return await onDev([current, desired], lives, o, host.url, host.version, [`dev database: scratch database on ${where} (${host.version.label}) so definitions compare like for like`], where);
    } catch (e) {
      if (!(e instanceof CairnError && e.details.scratchDatabase === 'not created')) throw e;
      return onDev([current, desired], lives, o, o.devUrl, undefined, [`dev database: ${redactUrl(o.devUrl)} (no scratch database could be created on ${where}: ${e.message})`]);
    }
  }
  // A server dev database tells its version on a plain connection, which spares a scratch
  // database for a live side of the same version.
  const devVersion = lives.some((l) => l !== undefined) && !isEmbedded(o.devUrl) ? await serverVersionOf(o.devUrl) : undefined;
  return onDev([current, desired], lives, o, o.devUrl, devVersion, []);
}

async function serverVersionOf(url: string): Promise<ServerVersion | undefined> {
  const conn = await connect(url);
  try {
    return await conn.dialect.devDatabase?.serverVersion(conn);
  } finally {
    await conn.close();
  }
}

async function inspectLive(side: StateSource, o: StatesOptions, wantTarget: boolean): Promise<Live | undefined> {
  if (!('live' in side)) return undefined;
  const conn = await connect(side.live);
  try {
    const hooks = conn.dialect.devDatabase;
    const realm = await o.engine.inspect(conn, o.scope);
    const version = await hooks?.serverVersion(conn);
    const canHostDev = wantTarget && !isEmbedded(side.live) && hooks !== undefined && (await hooks.canCreateDatabase(conn));
    return { url: side.live, label: side.label, realm, version, canHostDev };
  } finally {
    await conn.close();
  }
}

async function onDev(sides: readonly [StateSource, StateSource], lives: readonly (Live | undefined)[], o: StatesOptions, devUrl: string, devVersion: ServerVersion | undefined, notes: string[], scratchOn?: string): Promise<States> {
  const warnings = new Set<string>();
  const known = lives.filter((l): l is Live => l !== undefined);
  // Two live databases of one major version compare like for like without any dev database.
  const allLiveAlike = known.length === 2 && known[0]!.version?.major === known[1]!.version?.major;
  const jobs = sides.map((side, i): DevJob<Realm> | undefined => {
    if ('build' in side) return side.build;
    const live = lives[i]!;
    // An embedded live database is the same build as an embedded dev database.
    const sameBuild = isEmbedded(live.url) && isEmbedded(devUrl);
    if (allLiveAlike || sameBuild || !live.version || (devVersion && devVersion.major === live.version.major)) return undefined;
    return async (conn, dev) => {
      const v = devVersion ?? (await conn.dialect.devDatabase?.serverVersion(conn));
      if (!v || v.major === live.version!.major) return live.realm;
      const differ = `the dev database runs ${v.label} and ${live.label} ${live.version!.label}`;
      try {
        const realm = await loadRealm(conn, dev, o, live.realm);
        warnings.add(`${differ}: its definitions were loaded into the dev database so that both sides are compared as ${v.label} spells them`);
        return realm;
      } catch (e) {
        warnings.add(`${differ}, and its definitions could not be loaded into the dev database (${(e as Error).message}): definitions the two versions spell differently (views, functions, ICU locales) may show as changes; pass --dev-url with a ${live.version!.label} server`);
        return live.realm;
      }
    };
  });
  const dev: DevOptions = {
    ...o.dev,
    extensions: [...new Set([...(o.dev?.extensions ?? []), ...known.flatMap((l) => l.realm.extensions.map((e) => e.name))])],
  };
  const [a, b] = jobs;
  if (a || b) o.onDevStart?.({ embedded: isEmbedded(devUrl), ...(scratchOn ? { scratchOn } : {}) });
  let built: [Realm | undefined, Realm | undefined];
  if (a && b) built = await withDevDatabases(devUrl, a, b, dev);
  else if (a || b) {
    const one = await withDevDatabase(devUrl, (a ?? b)!, dev);
    built = a ? [one, undefined] : [undefined, one];
  } else built = [undefined, undefined];
  // A built side's extension versions are only those its SQL pinned (the build job keeps them,
  // see extension-versions.ts), so the versions a dev database of another version installs by
  // default never reach the comparison; a live side's versions are real and kept as they are.
  return { current: built[0] ?? lives[0]!.realm, desired: built[1] ?? lives[1]!.realm, notes, warnings: [...warnings] };
}

/**
 * loadRealm creates `realm` on the empty dev database behind `conn`, as a migration from empty
 * would (the same planner), and reads it back in the dev database's own spelling.
 */
async function loadRealm(conn: Connection, dev: DevSession, o: StatesOptions, realm: Realm): Promise<Realm> {
  const empty = await o.engine.inspect(conn, o.scope);
  // Extensions are created in the dev database's own version (another server's may not exist
  // there); the live versions are put back afterwards, so they compare as they are.
  const unpinned: Realm = { ...realm, extensions: realm.extensions.map(withoutVersion) };
  const plan = o.engine.plan(diffRealms(empty, unpinned, { hooks: o.engine.diffHooks, allowDrop: true }), empty, unpinned);
  await applyDdl(conn, plan.statements.map((s) => ({ text: s.sql })), { dev, what: 'the live schema' });
  const loaded = await o.engine.inspect(conn, o.scope);
  const liveVersion = new Map(realm.extensions.map((e) => [e.name, e.version]));
  return { ...loaded, extensions: loaded.extensions.map((e) => { const v = liveVersion.get(e.name); return v === undefined ? withoutVersion(e) : { ...e, version: v }; }) };
}
