/**
 * Replaying a migration directory on a dev database: the "current state" the differ starts from.
 * A minimal apply loop (no revision table, no locking: the database is a scratch one) that runs
 * every migration's up statements in order: a file in one round trip when it can, else each
 * statement on its own so that statements that refuse a transaction block (CREATE INDEX
 * CONCURRENTLY) run as the directory meant them to. TypeScript migrations load through the
 * loader the runner uses too (src/migrate/code), never through the runner itself.
 */
import type { Connection } from '../dialects/types.js';
import type { Migration } from '../migrate/dir/types.js';
import { splitStatements } from '../sql/lexer.js';
import { CairnError } from '../errors.js';
import { loadCodeMigration } from '../migrate/code/code-migration.js';
import { CodeMigrationFailure } from '../migrate/code/invoke.js';
import { contextInfo, runCodeFunction } from '../migrate/code/run.js';
import { wantsTransaction } from '../migrate/code/define.js';
import { withMissingRoles, type DevSession } from './devdb.js';

/** Statements that control transactions themselves: a batch containing one is not all-or-nothing. */
const TRANSACTION_CONTROL = /^(begin|commit|end|rollback|start\s+transaction|savepoint|release|abort)\b/i;

/**
 * tryBatch sends a whole file in one round trip, inside an explicit transaction so that a
 * failure leaves nothing behind on every database with transactional DDL (PostgreSQL would run
 * a multi-statement query as one implicit transaction anyway; SQLite would not). The caller then
 * re-runs the file statement by statement: that is where statements that refuse a transaction
 * block (CREATE INDEX CONCURRENTLY) run, and where a real error gets its file, line and
 * statement. Statements are joined with a terminator on its own line, so a trailing `--`
 * comment cannot swallow it.
 */
async function tryBatch(conn: ReplayTarget, statements: readonly { text: string }[]): Promise<boolean> {
  if (statements.length < 2 || !conn.dialect.capabilities.transactionalDdl) return false;
  if (statements.some((s) => TRANSACTION_CONTROL.test(s.text))) return false;
  try {
    await conn.exec(['BEGIN', ...statements.map((s) => s.text), 'COMMIT'].join('\n;\n'));
    return true;
  } catch {
    await conn.exec('ROLLBACK').catch(() => undefined);
    return false;
  }
}

/**
 * wrapsItself: a file that controls transactions itself (Drizzle's SQLite files: `COMMIT;
 * PRAGMA foreign_keys=OFF; BEGIN;`) is written for a runner that has opened a transaction
 * around it, as `apply` does: the replay opens one too, statement by statement.
 */
const wrapsItself = (conn: ReplayTarget, m: Migration, statements: readonly { text: string }[]) =>
  conn.dialect.capabilities.transactionalDdl && !m.noTransaction && statements.some((s) => TRANSACTION_CONTROL.test(s.text));

/** The part of a connection replay needs. */
export type ReplayTarget = Pick<Connection, 'exec' | 'query' | 'dialect'> & { readonly client?: unknown };

/**
 * A code migration replays by running its `up(ctx)` on the dev database, in a transaction
 * where the database has transactional DDL, as `apply` would run it.
 */
const REPLAY_FRAME = { open: 'BEGIN', close: 'COMMIT', abort: 'ROLLBACK' } as const;

async function replayCode(conn: ReplayTarget, m: Migration, dir: string | undefined, dev: DevSession | undefined): Promise<void> {
  if (dir === undefined) {
    throw new CairnError('SCHEMA', `migration ${m.version} is a TypeScript migration and its directory is unknown here`, { details: { file: m.up.file, version: m.version } });
  }
  const code = await loadCodeMigration(dir, m.up.file);
  const inTx = conn.dialect.capabilities.transactionalDdl && !m.noTransaction && wantsTransaction(code.definition);
  // A transaction rolls back whole, so after creating a missing role the migration runs again.
  const once = async () => {
    try {
      await runCodeFunction(conn, { fn: code.definition.up, which: 'up', info: contextInfo(m.version, code, inTx), ...(inTx ? { frame: REPLAY_FRAME } : {}) });
    } catch (e) {
      // A missing role is the driver's error underneath: withMissingRoles must see it to create the role and retry.
      if (e instanceof CodeMigrationFailure && conn.dialect.devDatabase?.missingRole(e.error) !== undefined) throw e.error;
      throw e;
    }
  };
  try {
    await (inTx ? withMissingRoles(conn, dev, once) : once());
  } catch (e) {
    if (e instanceof CairnError && e.details.role !== undefined) throw located(e, `replaying migration ${m.version} failed in up(ctx) of ${m.up.file}`, { file: m.up.file, version: m.version, statement: 'up(ctx)' });
    const f = e instanceof CodeMigrationFailure ? e : undefined;
    const info = conn.dialect.errorInfo(f?.error ?? e);
    const line = f && f.site.line > 1 ? `:${f.site.line}` : '';
    throw new CairnError('MIGRATION_FAILED', `replaying migration ${m.version} failed in up(ctx) of ${m.up.file}${line}: ${info.message}`, {
      cause: f?.error ?? e,
      hint: info.hint,
      details: { file: m.up.file, version: m.version, statement: f?.statement ?? 'up(ctx)', ...(line ? { line: f!.site.line } : {}) },
    });
  }
}

/** located prefixes an error raised while replaying (a missing role) with the migration it came from. */
function located(e: CairnError, where: string, details: Record<string, unknown>): CairnError {
  return new CairnError(e.code, `${where}: ${e.message}`, { cause: e.cause, hint: e.hint, details: { ...e.details, ...details } });
}

/**
 * replayMigrations applies the up part of `migrations` in order; throws MIGRATION_FAILED naming
 * the file and statement. `dir` locates TypeScript migrations' modules; `dev` lets a role the
 * history references but never creates (a policy `TO app`, written for servers that have it)
 * be created on the dev database (see withMissingRoles).
 */
export async function replayMigrations(conn: ReplayTarget, migrations: readonly Migration[], opts: { dir?: string; dev?: DevSession } = {}): Promise<void> {
  for (const m of migrations) {
    if (m.kind !== 'sql') {
      await replayCode(conn, m, opts.dir, opts.dev);
      continue;
    }
    const statements = m.up.statements ?? splitStatements(m.up.text, conn.dialect.lexer).statements;
    if (await tryBatch(conn, statements)) continue;
    const wrapped = wrapsItself(conn, m, statements);
    if (wrapped) await conn.exec('BEGIN');
    for (const s of statements) {
      try {
        await withMissingRoles(conn, opts.dev, () => conn.exec(s.text));
      } catch (e) {
        if (wrapped) await conn.exec('ROLLBACK').catch(() => undefined);
        const line = m.up.line + s.start.line - 1;
        if (e instanceof CairnError) throw located(e, `replaying migration ${m.version} failed at ${m.up.file}:${line}`, { file: m.up.file, version: m.version, statement: s.text, line });
        const info = conn.dialect.errorInfo(e);
        throw new CairnError('MIGRATION_FAILED', `replaying migration ${m.version} failed at ${m.up.file}:${line}${info.code ? ` [${info.code}]` : ''}: ${info.message}`, {
          cause: e,
          hint: info.hint,
          details: { file: m.up.file, version: m.version, statement: s.text, line, sqlState: info.code },
        });
      }
    }
    if (wrapped) await conn.exec('COMMIT');
  }
}
