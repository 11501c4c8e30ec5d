/**
 * testMigration: a test for a migration that changes data. It brings the database to the
 * version just before the migration, lets the test write the rows the migration will meet
 * (`seed`, with the same `ctx` a code migration gets, so `ctx.sql` binds values the same way),
 * runs that one migration through the runner, and hands back the database for assertions.
 *
 * @example
 * const m = await testMigration({
 *   url: db.url, dir: 'migrations', version: '20261201120000',
 *   seed: async (ctx) => { await ctx.sql`INSERT INTO orders (id, cents) VALUES (${1}, ${1250})`; },
 * });
 * assert.deepEqual(await m.sql`SELECT total FROM orders`, [{ total: '12.50' }]);
 * await m.rollback();   // and its down, when it has one
 * await m.close();
 */
import { connect, dialectFor } from '../dialects/registry.js';
import type { Connection, DialectName } from '../dialects/types.js';
import { redactUrl } from '../dialects/url.js';
import { CairnError } from '../errors.js';
import { createMigrationContext, type ContextHandle } from '../migrate/code/context.js';
import type { MigrationContext, Row, SqlTag } from '../migrate/code/define.js';
import type { ApplyOptions, ApplyResult, DownResult, TargetOptions } from '../migrate/runner/types.js';
import { apply } from '../commands/apply.js';
import { down } from '../commands/down.js';
import { status } from '../commands/status.js';
import { track } from './connections.js';

export interface TestMigrationOptions extends Omit<ApplyOptions, 'toVersion' | 'count' | 'dryRun' | 'baseline' | 'initSchema'> {
  /** The migration under test; it must be pending on the database. */
  readonly version: string;
  /**
   * Writes the rows the migration will meet, once the database is at the version before it.
   * `ctx` is a code migration's context (`ctx.sql`, `query`, `exec`, `client`), outside a
   * transaction; await every call.
   */
  readonly seed?: (ctx: MigrationContext) => unknown;
}

/** The database after the migration ran, for assertions; `close()` it (or `await using`). */
export interface MigratedDatabase {
  /** The migration that ran. */
  readonly version: string;
  /** What the runner reported for it. */
  readonly result: ApplyResult;
  readonly dialect: DialectName;
  /** `` m.sql`SELECT …` `` as in a code migration: values bound as parameters; resolves to the rows. */
  readonly sql: SqlTag;
  /** A statement with positional parameters (`$1` / `?`). */
  query<T = Row>(text: string, params?: readonly unknown[]): Promise<T[]>;
  /** SQL text run as written. */
  exec(text: string): Promise<void>;
  /** The context behind `sql`, `query` and `exec`, with `ctx.client` (the driver's connection) for a query builder. */
  readonly ctx: MigrationContext;
  /** Rolls the migration back with its down (and any migration applied after it); the helpers keep working. */
  rollback(): Promise<DownResult>;
  /** Closes the connection (idempotent). Disposing of the test database closes it too. */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** testMigration runs one migration on seeded data and returns the database to assert on. */
export async function testMigration(opts: TestMigrationOptions): Promise<MigratedDatabase> {
  const { version, seed, ...target } = opts;
  if (typeof version !== 'string' || version === '') throw new CairnError('USAGE', 'testMigration needs the version of the migration to test');
  const { before, floor } = await placeOf(target, version);
  if (before !== undefined) await apply({ ...target, toVersion: before });
  if (seed) await runSeed(opts.url, version, seed);
  const result = await apply({ ...target, toVersion: version });
  return migrated(opts.url, version, result, () =>
    floor !== null ? down({ ...target, toVersion: floor }) : downAll(target));
}

/**
 * Where `version` is: `before`, the pending migration just before it (undefined when it is the
 * first pending one), and `floor`, the version a rollback returns to (null: nothing applied).
 */
async function placeOf(target: TargetOptions, version: string): Promise<{ before?: string; floor: string | null }> {
  const s = await status(target);
  const at = s.pending.findIndex((p) => p.version === version);
  if (at > 0) return { before: s.pending[at - 1]!.version, floor: s.pending[at - 1]!.version };
  if (at === 0) return { floor: s.current };
  if (s.applied.some((r) => r.version === version)) {
    throw new CairnError('USAGE', `testMigration: migration ${version} is already applied on ${redactUrl(target.url)}`, {
      details: { version },
      hint: 'test it on a database where it is pending: a new createTestDatabase(), or cleanDatabase() first',
    });
  }
  throw new CairnError('USAGE', `testMigration: version ${version} is not a pending migration of ${target.dir}`, {
    details: { version },
    hint: `pending: ${s.pending.map((p) => p.version).join(', ') || 'none'}`,
  });
}

/** Rolls back everything applied (the migration under test was the first). */
async function downAll(target: TargetOptions): Promise<DownResult> {
  const s = await status(target);
  return down({ ...target, count: s.applied.length });
}

/** Runs the seed on a connection of its own, closed before the migration runs (an embedded database has one session). */
async function runSeed(url: string, version: string, seed: (ctx: MigrationContext) => unknown): Promise<void> {
  const conn = await connect(url);
  const handle = createMigrationContext(conn, { version: `seed before ${version}`, file: 'seed', transaction: false });
  try {
    try {
      await seed(handle.ctx);
    } catch (e) {
      await handle.drain();
      const call = handle.failedCall(e);
      throw new CairnError('USAGE', `the seed before ${version} failed${call ? ` at line ${call.site.line} running ${call.text}` : ''}: ${(e as Error)?.message ?? String(e)}`, {
        cause: e,
        details: { version, ...(call ? { statement: call.text, line: call.site.line, ...(call.site.path ? { file: call.site.path } : {}) } : {}) },
      });
    }
    const dangling = [...handle.inflight(), ...handle.unawaited()];
    await handle.drain();
    if (dangling.length > 0) {
      throw new CairnError('USAGE', `the seed before ${version} did not await a ctx call it made at line ${dangling[0]!.site.line} (a missing \`await\`)`, {
        details: { version, line: dangling[0]!.site.line, statement: dangling[0]!.text },
      });
    }
  } finally {
    handle.close();
    await conn.close();
  }
}

/** The database handed back: one connection, reopened after a rollback, closed with the test database. */
async function migrated(url: string, version: string, result: ApplyResult, roll: () => Promise<DownResult>): Promise<MigratedDatabase> {
  let state: { conn: Connection; handle: ContextHandle; untrack: () => void } | undefined;
  let closed = false;
  const closeConn = async () => {
    const s = state;
    state = undefined;
    if (!s) return;
    s.untrack();
    s.handle.close();
    await s.conn.close();
  };
  const open = async () => {
    const conn = await connect(url);
    const handle = createMigrationContext(conn, { version: `after ${version}`, file: 'test', transaction: false });
    state = { conn, handle, untrack: track(url, closeConn) };
  };
  const live = (): MigrationContext => {
    if (!state) throw new CairnError('USAGE', `testMigration: the database after ${version} was closed`);
    return state.handle.ctx;
  };
  await open();
  const sql = Object.assign(<T = Row>(strings: TemplateStringsArray, ...values: readonly unknown[]) => live().sql<T>(strings, ...values), {
    id: (...names: readonly string[]) => live().sql.id(...names),
    raw: (text: string) => live().sql.raw(text),
    list: (values: readonly unknown[]) => live().sql.list(values),
  }) as SqlTag;
  const close = async () => {
    closed = true;
    await closeConn();
  };
  return {
    version,
    result,
    dialect: dialectFor(url).name,
    sql,
    query: (text, params) => live().query(text, params),
    exec: (text) => live().exec(text),
    get ctx() {
      return live();
    },
    async rollback() {
      if (closed) throw new CairnError('USAGE', `testMigration: the database after ${version} was closed`);
      await closeConn();
      try {
        return await roll();
      } finally {
        await open();
      }
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
