/**
 * The `ctx` a code migration receives, and the watch the runner keeps on it.
 *
 * Every ctx call is tracked with the line of the migration that made it, for three reasons:
 *  - a failing statement is reported (and recorded) with its SQL and that line;
 *  - `up` returning while a call it started is still running is a forgotten `await`: the work
 *    would escape the migration's transaction, so it fails the migration instead;
 *  - a call after `up` returned would run inside whatever the connection does next, so it is
 *    refused.
 */
import type { Connection } from '../../dialects/types.js';
import { CairnError } from '../../errors.js';
import type { MigrationContext, Row, SqlFragment, SqlTag } from './define.js';
import { buildSql, fragment, SqlMisuse } from './sql-tag.js';
import { callSite, type CallSite } from './call-site.js';

/** Which migration a context serves; `path` is the module's absolute path, when it is a file. */
export interface ContextInfo {
  readonly version: string;
  /** The file as messages name it (relative to the directory), or `createMigrator` for inline ones. */
  readonly file: string;
  readonly path?: string;
  readonly transaction: boolean;
}

/** A ctx call that failed: its SQL and where the migration made it. */
export interface FailedCall {
  readonly text: string;
  readonly site: CallSite;
  readonly error: unknown;
}

export interface ContextLog {
  (level: 'info' | 'warn', message: string): void;
}

export interface ContextHandle {
  readonly ctx: MigrationContext;
  /** Calls still running, oldest first. */
  inflight(): readonly { readonly text: string; readonly site: CallSite }[];
  /** Calls whose promise nobody awaited (nor passed to then/catch/Promise.all). */
  unawaited(): readonly { readonly text: string; readonly site: CallSite }[];
  /** Waits until every call made so far has settled. */
  drain(): Promise<void>;
  /** Refuses every later call (the function returned). */
  close(): void;
  /** The ctx call an error came from, when it came from one. */
  failedCall(error: unknown): FailedCall | undefined;
  readonly info: ContextInfo;
  readonly conn: ContextConnection;
}

/** A mistake in how a migration uses ctx (not a database error, so it carries no error code). */
export class CodeMisuse extends Error {
  override readonly name = 'CodeMisuse';
}

interface Call {
  readonly text: string;
  readonly site: CallSite;
  /** Settles (never rejects) when the call does. */
  readonly done: Promise<unknown>;
  observed: boolean;
}

/**
 * observe returns a promise that records when anyone awaits it (await calls `then`), so a call
 * left unawaited is found even when it happened to finish in time (an embedded database answers
 * synchronously). Promises derived from it are plain ones.
 */
function observe<T>(p: Promise<T>, call: Call): Promise<T> {
  class Observed<U> extends Promise<U> {
    static override get [Symbol.species]() {
      return Promise;
    }
    override then<A = U, B = never>(onFulfilled?: ((v: U) => A | PromiseLike<A>) | null, onRejected?: ((r: unknown) => B | PromiseLike<B>) | null): Promise<A | B> {
      call.observed = true;
      return super.then(onFulfilled, onRejected);
    }
  }
  return new Observed<T>((resolve, reject) => p.then(resolve, reject));
}

/** What a context runs on: a connection (the driver's client is optional for wrappers that have none). */
export type ContextConnection = Pick<Connection, 'exec' | 'query' | 'dialect'> & Partial<Pick<Connection, 'client' | 'idleWatch'>>;

export function createMigrationContext(conn: ContextConnection, info: ContextInfo, log: ContextLog = () => {}): ContextHandle {
  const running = new Map<number, Call>();
  const calls: Call[] = [];
  const failures = new WeakMap<object, FailedCall>();
  let next = 0;
  let closed = false;

  const track = <T>(text: string, site: CallSite, run: () => Promise<T>): Promise<T> => {
    if (closed) {
      return Promise.reject(new CodeMisuse(`${info.file}:${site.line}: a ctx call after the migration's function returned (a missing \`await\`?); it was not run`));
    }
    const id = next++;
    const done = run().catch((error: unknown) => {
      if (typeof error === 'object' && error !== null && !failures.has(error)) failures.set(error, { text, site, error });
      throw error;
    });
    const call: Call = { text, site, done: done.catch(() => undefined), observed: false };
    running.set(id, call);
    calls.push(call);
    void call.done.then(() => running.delete(id));
    return observe(done, call);
  };

  const siteOf = (err: Error) => callSite(err, info.path);

  const sql = (<T = Row>(strings: TemplateStringsArray, ...values: readonly unknown[]): Promise<T[]> => {
    const site = siteOf(new Error());
    let built;
    try {
      built = buildSql(conn.dialect, [...strings], values);
    } catch (e) {
      if (!(e instanceof SqlMisuse)) throw e;
      const error = new CodeMisuse(`ctx.sql value ${e.index} (after "${e.context}") cannot be a parameter: ${e.reason}`);
      failures.set(error, { text: strings.join('${…}'), site, error });
      return Promise.reject(error);
    }
    return track(built.text, site, () => conn.query<T>(built.text, built.params));
  }) as SqlTag;
  sql.id = (...names: readonly string[]): SqlFragment => {
    if (names.length === 0 || names.some((n) => typeof n !== 'string' || n === '')) throw new CairnError('USAGE', 'ctx.sql.id needs one or more non-empty names');
    return fragment([names.map((n) => conn.dialect.quoteIdent(n)).join('.')]);
  };
  sql.raw = (text: string): SqlFragment => fragment([String(text)]);
  sql.list = (values: readonly unknown[]): SqlFragment => {
    if (!Array.isArray(values) || values.length === 0) throw new CairnError('USAGE', 'ctx.sql.list needs a non-empty array (IN () is not valid SQL)');
    return fragment(values.flatMap((value, i) => (i === 0 ? [{ value }] : [', ', { value }])));
  };

  const ctx: MigrationContext = {
    sql,
    query: <T = Row>(text: string, params?: readonly unknown[]) => track(text, siteOf(new Error()), () => conn.query<T>(text, params)),
    exec: (text: string) => track(text, siteOf(new Error()), () => conn.exec(text)),
    dialect: conn.dialect.name,
    client: conn.client,
    log: { info: (m) => log('info', String(m)), warn: (m) => log('warn', String(m)) },
    migration: { version: info.version, file: info.file, transaction: info.transaction },
  };

  return {
    ctx, info, conn,
    inflight: () => [...running.values()].map(({ text, site }) => ({ text, site })),
    unawaited: () => calls.filter((c) => !c.observed).map(({ text, site }) => ({ text, site })),
    drain: async () => {
      while (running.size > 0) await Promise.all([...running.values()].map((r) => r.done));
    },
    close: () => {
      closed = true;
    },
    failedCall: (error) => (typeof error === 'object' && error !== null ? failures.get(error) : undefined),
  };
}
