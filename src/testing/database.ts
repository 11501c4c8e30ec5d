/**
 * Throwaway databases for a test suite: `createTestDatabase` makes one, `dispose()` removes it.
 *
 * - `postgres` / `mysql` with a server `url`: a fresh database on that server, created through
 *   the connection the URL gives (its user needs the right to create databases); the database
 *   named in the URL is never touched.
 * - `postgres` without a `url`, and `pglite`: an embedded PostgreSQL (PGlite) in a temporary
 *   directory. A directory, not `pglite:memory`: every helper and runner call opens its own
 *   connection, and an in-memory database would be gone between them.
 * - `sqlite`: a file in a temporary directory, for the same reason (`sqlite::memory:` is private
 *   to one connection).
 * - `mysql` without a `url` is an error: there is no embedded MySQL.
 *
 * Names are unique across parallel test processes (process id, time, a counter and a random
 * part, since containers often share both a process id and a server).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, dialectFor, isEmbedded } from '../dialects/registry.js';
import type { DialectName } from '../dialects/types.js';
import { redactUrl } from '../dialects/url.js';
import { CairnError } from '../errors.js';
import { closeTracked } from './connections.js';
import { dropScratchDatabase } from '../diff/devdb.js';

/** What kind of throwaway database: a dialect, or `pglite` for the embedded PostgreSQL. */
export type TestDialect = 'postgres' | 'mysql' | 'sqlite' | 'pglite';

export interface TestDatabaseOptions {
  readonly dialect: TestDialect;
  /**
   * For `postgres` and `mysql`: a server URL whose user may create and drop databases
   * (`postgres://postgres@127.0.0.1:5432/postgres`). Without it, `postgres` is embedded
   * (PGlite) and `mysql` is refused. `pglite` and `sqlite` take none.
   */
  readonly url?: string;
  /** Where embedded databases get their temporary directory (default: the OS temp directory). */
  readonly tmpDir?: string;
}

export interface TestDatabase {
  /** The database's URL, for every Cairn call and your own driver. It carries the password, if any. */
  readonly url: string;
  /** `postgres` (PGlite included), `mysql` or `sqlite`. */
  readonly dialect: DialectName;
  /** The database's name on the server, or the file (SQLite) or directory (PGlite) it lives in. */
  readonly name: string;
  /**
   * Drops the database (or removes its files), after closing what Cairn's testing helpers left
   * open on it. Idempotent; a database already gone is not an error.
   */
  dispose(): Promise<void>;
  /** `await using db = await createTestDatabase(…)` disposes of it at the end of the block. */
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Where each kind lives: on a server (a URL of that scheme), embedded (a URL scheme and, for a
 * single-file database, the file's name in its temporary directory), or either.
 */
const KINDS: Readonly<Record<TestDialect, { readonly server?: string; readonly embedded?: { readonly scheme: string; readonly file?: string } }>> = {
  postgres: { server: 'postgres://', embedded: { scheme: 'pglite' } },
  mysql: { server: 'mysql://' },
  sqlite: { embedded: { scheme: 'sqlite', file: 'test.db' } },
  pglite: { embedded: { scheme: 'pglite' } },
};

let counter = 0;

/** A database name unique across processes and calls; short enough for MySQL's 64 characters. */
export function uniqueDatabaseName(prefix = 'cairn_test'): string {
  return `${prefix}_${process.pid}_${Date.now().toString(36)}_${counter++}_${randomBytes(3).toString('hex')}`;
}

/** createTestDatabase makes a throwaway database (see the file comment for where it lives). */
export async function createTestDatabase(opts: TestDatabaseOptions): Promise<TestDatabase> {
  const kind = opts?.dialect;
  const where = Object.hasOwn(KINDS, kind) ? KINDS[kind] : undefined;
  if (!where) {
    throw new CairnError('USAGE', `createTestDatabase: unknown dialect ${JSON.stringify(kind)}`, { hint: `use one of ${Object.keys(KINDS).join(', ')}` });
  }
  if (opts.url !== undefined) {
    if (!where.server) {
      throw new CairnError('USAGE', `createTestDatabase: ${kind} takes no url: it makes its own database in a temporary directory`, {
        hint: 'leave url out (tmpDir chooses where the directory goes)',
      });
    }
    return onServer(kind, where.server, opts.url);
  }
  if (!where.embedded) {
    throw new CairnError('USAGE', `createTestDatabase: ${kind} needs the url of a server (there is no embedded ${dialectFor(where.server!).displayName})`, {
      hint: `pass a server URL whose user may create databases, e.g. { dialect: '${kind}', url: process.env.DATABASE_URL }`,
    });
  }
  return embedded(where.embedded, opts.tmpDir);
}

function embedded(where: { readonly scheme: string; readonly file?: string }, base = tmpdir()): TestDatabase {
  const dir = mkdtempSync(join(base, `cairn-test-${where.scheme}-`));
  const name = where.file ? join(dir, where.file) : dir;
  const url = `${where.scheme}:${name}`;
  return handle(url, name, async () => {
    await closeTracked(url);
    rmSync(dir, { recursive: true, force: true });
  });
}

async function onServer(kind: TestDialect, scheme: string, adminUrl: string): Promise<TestDatabase> {
  // An unknown scheme is a CONNECT error naming the URL, password masked.
  const dialect = dialectFor(adminUrl);
  if (isEmbedded(adminUrl) || dialect !== dialectFor(scheme)) {
    throw new CairnError('USAGE', `createTestDatabase: ${redactUrl(adminUrl)} is not a ${dialectFor(scheme).displayName} server URL (dialect ${kind})`, {
      hint: `pass ${scheme}user@host:port/database, whose user may create databases`,
    });
  }
  const name = uniqueDatabaseName();
  const admin = await connect(adminUrl);
  try {
    await admin.exec(`CREATE DATABASE ${admin.dialect.quoteIdent(name)}`);
  } catch (e) {
    const info = admin.dialect.errorInfo(e);
    throw new CairnError('CONNECT', `cannot create a test database on ${redactUrl(adminUrl)}: ${info.message}`, {
      cause: e,
      details: { sqlState: info.code },
      hint: "the URL's user needs the right to create and drop databases on that server",
    });
  } finally {
    await admin.close();
  }
  const url = withDatabase(adminUrl, name);
  return handle(url, name, async () => {
    await closeTracked(url);
    await dropDatabase(adminUrl, name);
  });
}

/** The server URL with its database replaced (query parameters such as sslmode kept). */
function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = '/' + encodeURIComponent(name);
  return u.toString();
}

/**
 * dropDatabase drops `name` if it is still there. A server may still be ending the session of
 * a connection that was just closed (PostgreSQL then refuses: "being accessed by other users",
 * after waiting up to 5 s itself), so a refusal is retried for a few seconds before it is
 * reported.
 */
async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const admin = await connect(adminUrl);
  try {
    const deadline = Date.now() + 3_000;
    for (let attempt = 1; ; attempt++) {
      try {
        await dropScratchDatabase(admin, name);
        return;
      } catch (e) {
        if (Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 50 * attempt));
          continue;
        }
        throw new CairnError('CONNECT', `cannot drop the test database ${name} on ${redactUrl(adminUrl)}: ${admin.dialect.errorInfo(e).message}`, {
          cause: e,
          details: { database: name },
          hint: 'close every connection your test opened to it (a pool: await pool.end()) before dispose()',
        });
      }
    }
  } finally {
    await admin.close();
  }
}

function handle(url: string, name: string, remove: () => Promise<void>): TestDatabase {
  let removing: Promise<void> | undefined;
  // A failed removal may be retried (a connection was still open); a finished one is not repeated.
  const dispose = () => {
    removing ??= remove().catch((e: unknown) => {
      removing = undefined;
      throw e;
    });
    return removing;
  };
  return { url, dialect: dialectFor(url).name, name, dispose, [Symbol.asyncDispose]: dispose };
}
