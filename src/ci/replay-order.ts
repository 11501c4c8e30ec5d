/**
 * Replaying one order of migrations on a dev database and reading the schema it builds, or the
 * statement that stopped it: the step the merge, upgrade and production checks share. A failure
 * is an outcome, not an error: "this order does not apply" is what a check reports.
 */
import type { Connection } from '../dialects/types.js';
import type { DevSession } from '../diff/devdb.js';
import { replayMigrations } from '../diff/replay.js';
import { CairnError } from '../errors.js';
import type { SchemaEngine } from '../engine/types.js';
import type { Migration } from '../migrate/dir/types.js';
import type { Realm } from '../schema/model.js';
import type { InspectScope } from '../schema/engine.js';

/** Where and why a migration failed on the dev database. */
export interface ReplayFailure {
  readonly version: string;
  /** The file, relative to the migration directory. */
  readonly file: string;
  /** 1-based line of the failing statement in the file (absent for a TypeScript migration's `up`). */
  readonly line?: number;
  readonly statement?: string;
  /** What went wrong, with the file and line (`replaying migration 2 failed at 2_b.sql:1: …`). */
  readonly message: string;
  /** The database's own words (`relation "users" already exists`). */
  readonly reason: string;
  readonly sqlState?: string;
}

/** What one order built: the schema, or where it stopped. */
export type OrderOutcome =
  | { readonly ok: true; readonly realm: Realm }
  | { readonly ok: false; readonly failure: ReplayFailure };

/** failureOf turns a replay error into a ReplayFailure; anything but a migration's own failure is rethrown. */
export function failureOf(e: unknown, dialect?: Pick<Connection['dialect'], 'errorInfo'>, fallback?: Migration): ReplayFailure {
  if (!(e instanceof CairnError) || (e.code !== 'MIGRATION_FAILED' && e.details.version === undefined)) throw e;
  const d = e.details;
  return {
    version: String(d.version ?? fallback?.version ?? ''),
    file: String(d.file ?? fallback?.up.file ?? ''),
    ...(typeof d.line === 'number' ? { line: d.line } : {}),
    ...(typeof d.statement === 'string' ? { statement: d.statement } : {}),
    message: e.message,
    reason: e.cause !== undefined && dialect ? dialect.errorInfo(e.cause).message : e.message,
    ...(typeof d.sqlState === 'string' ? { sqlState: d.sqlState } : {}),
  };
}

export interface ReplayOrderOptions {
  readonly engine: SchemaEngine;
  /** The branch's directory, where TypeScript migrations' modules are loaded from. */
  readonly dir: string;
  readonly scope?: InspectScope;
}

/**
 * replayOrder applies `migrations` in the order given on the empty dev database behind `conn`
 * and inspects the result; a migration that fails ends the order there.
 */
export async function replayOrder(conn: Connection, dev: DevSession, migrations: readonly Migration[], o: ReplayOrderOptions): Promise<OrderOutcome> {
  try {
    await replayMigrations(conn, migrations, { dir: o.dir, dev });
  } catch (e) {
    return { ok: false, failure: failureOf(e, conn.dialect) };
  }
  return { ok: true, realm: await o.engine.inspect(conn, o.scope) };
}

/** where: `20240102_b.sql:3`, for reports. */
export function where(f: ReplayFailure): string {
  return `${f.file}${f.line ? `:${f.line}` : ''}`;
}
