/**
 * PostgreSQL migration lock: a session advisory lock, so it dies with the connection and a
 * crashed runner never leaves it stuck. The key is a hash of schema + table, so two apps with
 * different revision tables in one database don't block each other. PGlite has a single
 * session per data directory, so its connections carry a local (file / in-process) lock site.
 */
import { createHash } from 'node:crypto';
import { CairnError } from '../../errors.js';
import type { Connection, Lock, RevisionTableName } from '../types.js';
import { pollUntil, sessionLock } from '../poll.js';
import { acquireLocalLock, localLockSite } from '../local-lock.js';
import { ADVISORY_LOCK_HOLDER, ADVISORY_UNLOCK, CURRENT_SCHEMA, TRY_ADVISORY_LOCK } from './catalog.js';

/** The signed 64-bit advisory lock key of a revision table: sha256("cairn\0schema\0table")[0..8]. */
export function advisoryKey(schema: string, table: string): bigint {
  const digest = createHash('sha256').update(`cairn\0${schema}\0${table}`).digest();
  return digest.readBigInt64BE(0);
}

export async function acquirePostgresLock(conn: Connection, name: RevisionTableName, timeoutMs: number): Promise<Lock> {
  const schema = name.schema ?? (await conn.query<{ schema: string }>(CURRENT_SCHEMA))[0]?.schema ?? 'public';
  const site = localLockSite(conn);
  if (site) return acquireLocalLock(site, conn, `${schema}.${name.table}`, timeoutMs);

  const key = advisoryKey(schema, name.table).toString();
  const ok = await pollUntil(async () => {
    const rows = await conn.query<{ locked: boolean }>(TRY_ADVISORY_LOCK, [key]);
    return rows[0]?.locked === true;
  }, timeoutMs);
  if (!ok) throw await timeoutError(conn, schema, name.table, key, timeoutMs);
  return sessionLock(() => conn.query(ADVISORY_UNLOCK, [key]));
}

interface Holder {
  pid: number;
  user?: string;
  application?: string;
  client?: string;
  since?: unknown;
}

async function timeoutError(conn: Connection, schema: string, table: string, key: string, timeoutMs: number): Promise<CairnError> {
  const k = BigInt.asUintN(64, BigInt(key));
  let holder: Holder | undefined;
  try {
    holder = (await conn.query<Holder>(ADVISORY_LOCK_HOLDER, [String(k >> 32n), String(k & 0xffffffffn)]))[0];
  } catch {
    /* pg_stat_activity may be restricted; the message then says "another session" */
  }
  const parts = holder ? [holder.user && `user ${holder.user}`, holder.application && `application ${holder.application}`, holder.client && `from ${holder.client}`].filter(Boolean) : [];
  const who = holder ? `backend pid ${holder.pid}${parts.length ? ` (${parts.join(', ')})` : ''}` : 'another session';
  return new CairnError('LOCK_TIMEOUT', `could not take the migration lock for ${schema}.${table} within ${timeoutMs} ms: held by ${who}`, {
    details: { lockKey: key, holder: holder ? { ...holder, since: holder.since instanceof Date ? holder.since.toISOString() : holder.since } : undefined },
    hint: holder ? `wait for it to finish, or end it with SELECT pg_terminate_backend(${holder.pid})` : 'wait for the other migration run to finish',
  });
}
