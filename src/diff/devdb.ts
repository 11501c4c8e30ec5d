/**
 * The dev database: a scratch database the schema engine replays migrations and desired state
 * into, so that the database itself normalises everything before the two states are compared.
 * An embedded one (`pglite:memory`, `sqlite::memory:`) needs no server. A server URL is
 * used as an admin connection: Cairn creates its own `cairn_dev_<random>` database there and
 * drops it afterwards, so the database named in the URL is never touched.
 */
import { randomBytes } from 'node:crypto';
import { connect, isEmbedded } from '../dialects/registry.js';
import { parseUrl, redactUrl } from '../dialects/url.js';
import type { Connection } from '../dialects/types.js';
import { CairnError } from '../errors.js';


/**
 * An embedded dev database must live in memory: one kept on disk (`pglite:./db`) may be a real
 * database, which replaying a history and resetting it would change. A server URL is safe: Cairn
 * works in its own scratch database there.
 */
function assertDisposable(url: string): void {
  if (isEmbedded(url) && !parseUrl(url).memory) {
    throw new CairnError('USAGE', `the dev database ${redactUrl(url)} is kept on disk; a dev database must be disposable, since Cairn replays migrations into it and empties it`, {
      hint: 'use an in-memory one (pglite:memory, sqlite::memory:) or a server URL, where Cairn creates and drops its own scratch database',
    });
  }
}

/** How to open dev databases. */
export interface DevOptions {
  /** Extensions the jobs will create (an embedded PGlite loads them at start). */
  readonly extensions?: readonly string[];
  /**
   * Consent to create, on a server dev database, the roles that the replayed or loaded SQL
   * references and the server lacks (roles are cluster-wide: they outlive the scratch
   * database). An embedded dev database always gets them, as placeholders.
   */
  readonly createRoles?: boolean;
}

/** What a job knows about the dev database it runs on. */
export interface DevSession {
  /** The dev URL with any password masked, for messages. */
  readonly url: string;
  /** In-process (PGlite): private to this run. */
  readonly embedded: boolean;
  /** Whether a referenced role that does not exist may be created (see DevOptions.createRoles). */
  readonly createRoles: boolean;
}

/** A job that needs a fresh, empty dev database. */
export type DevJob<T> = (conn: Connection, dev: DevSession) => Promise<T>;

function session(url: string, opts: DevOptions): DevSession {
  const embedded = isEmbedded(url);
  return { url: redactUrl(url), embedded, createRoles: embedded || opts.createRoles === true };
}

/**
 * withMissingRoles runs `run` (one statement, or one all-or-nothing unit), and when it fails on
 * a role that does not exist on the dev database, creates that role as a placeholder and runs
 * it again. Roles are cluster objects outside the compared schema: a policy `TO app_reader` or
 * an `OWNER TO app` in a schema is written for a server that has them, and an embedded dev
 * database never does. On a server dev database this needs consent (DevOptions.createRoles);
 * without it the error names the role and what to do.
 */
export async function withMissingRoles<T>(conn: Pick<Connection, 'exec' | 'dialect'>, dev: DevSession | undefined, run: () => Promise<T>): Promise<T> {
  const created = new Set<string>();
  for (;;) {
    try {
      return await run();
    } catch (e) {
      const hooks = conn.dialect.devDatabase;
      const role = dev && hooks?.missingRole(e);
      if (!role || !hooks || created.has(role)) throw e;
      if (!dev.createRoles) {
        throw new CairnError('SCHEMA', `role "${role}" does not exist on the dev server ${dev.url}`, {
          cause: e,
          details: { role },
          hint: `roles are cluster-wide and outside the compared schema: create it on that server (CREATE ROLE ${conn.dialect.quoteIdent(role)} NOLOGIN), or pass --create-roles to let Cairn create missing roles there as NOLOGIN placeholders (they stay on the server)`,
        });
      }
      // Another job on the same server may have created it meanwhile: the retry tells.
      await conn.exec(hooks.createRolePlaceholder(role)).catch(() => undefined);
      created.add(role);
    }
  }
}

/**
 * withDevDatabases runs two independent jobs, each on an empty dev database.
 *
 * On a server the two get their own scratch databases and run at once, since the server does
 * the work. An embedded database runs on this process's one thread, so a second instance only
 * adds its start-up (~0.7 s for PGlite): the jobs run one after the other on one instance,
 * reset to empty in between. Whenever the reset cannot prove the database empty, or the second
 * job fails on the reused database (leftovers could be the cause), the second job runs again
 * on a fresh instance, so reuse only ever changes the time taken, never the result.
 */
export async function withDevDatabases<A, B>(url: string, first: DevJob<A>, second: DevJob<B>, opts: DevOptions = {}): Promise<[A, B]> {
  assertDisposable(url);
  if (!isEmbedded(url)) return bothSettled([withDevDatabase(url, first, opts), withDevDatabase(url, second, opts)]);
  let firstResult: A;
  const conn = await connect(url, opts);
  const dev = session(url, opts);
  try {
    firstResult = await first(conn, dev);
    if (conn.resetToEmpty && (await conn.resetToEmpty())) {
      try {
        return [firstResult, await second(conn, dev)];
      } catch {
        /* retried on a fresh instance below, which reports the error if it is real */
      }
    }
  } finally {
    await conn.close();
  }
  return [firstResult, await withDevDatabase(url, second, opts)];
}

/**
 * bothSettled waits for both promises even when one fails, so that the other's scratch
 * database is dropped before the error surfaces (Promise.all would return while it is still
 * in use).
 */
export async function bothSettled<A, B>(ps: [Promise<A>, Promise<B>]): Promise<[A, B]> {
  const [a, b] = await Promise.allSettled(ps);
  if (a.status === 'rejected') throw a.reason;
  if (b.status === 'rejected') throw b.reason;
  return [a.value, b.value];
}

/** withDevDatabase runs `fn` on a fresh, empty dev database and disposes of it afterwards. */
export async function withDevDatabase<T>(url: string, fn: DevJob<T>, opts: DevOptions = {}): Promise<T> {
  assertDisposable(url);
  const dev = session(url, opts);
  if (isEmbedded(url)) {
    const conn = await connect(url, opts);
    try {
      return await fn(conn, dev);
    } finally {
      await conn.close();
    }
  }
  const admin = await connect(url);
  const name = `cairn_dev_${randomBytes(6).toString('hex')}`;
  try {
    await admin.exec(`CREATE DATABASE ${admin.dialect.quoteIdent(name)}`);
  } catch (e) {
    await admin.close();
    const info = admin.dialect.errorInfo(e);
    throw new CairnError('CONNECT', `cannot create a scratch database on the dev server ${redactUrl(url)}: ${info.message}`, {
      cause: e,
      details: { sqlState: info.code, scratchDatabase: 'not created' },
      hint: (admin.dialect.devDatabase?.isPrivilegeError(e) ? admin.dialect.devDatabase.privilegeHint : undefined)
        ?? 'Cairn creates and drops its own cairn_dev_* database on the dev server; point --dev-url at a server where that is allowed',
    });
  }
  try {
    const u = new URL(url);
    u.pathname = '/' + name;
    const conn = await connect(u.toString());
    try {
      return await fn(conn, dev);
    } finally {
      await conn.close();
    }
  } finally {
    await dropScratchDatabase(admin, name).catch(() => {});
    await admin.close();
  }
}

/**
 * dropScratchDatabase drops a scratch (or test) database with the dialect's best statement: on
 * PostgreSQL 13+ `WITH (FORCE)` also ends sessions still connected to it, and an older server
 * gets the plain form.
 */
export async function dropScratchDatabase(admin: Pick<Connection, 'exec' | 'dialect'>, name: string): Promise<void> {
  const quoted = admin.dialect.quoteIdent(name);
  const statements = admin.dialect.devDatabase?.dropDatabase(quoted) ?? [`DROP DATABASE IF EXISTS ${quoted}`];
  let last: unknown;
  for (const sql of statements) {
    try {
      await admin.exec(sql);
      return;
    } catch (e) {
      last = e;
    }
  }
  throw last;
}
