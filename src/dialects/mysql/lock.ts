/**
 * MySQL/MariaDB migration lock: a named user lock (GET_LOCK), held by the session, so it is
 * released when the connection dies. GET_LOCK(name, 0) is polled rather than given a server
 * timeout so the error can name the holder; its result must be checked: 1 = acquired,
 * 0 = held elsewhere, NULL = error.
 */
import { createHash } from 'node:crypto';
import { CairnError } from '../../errors.js';
import type { Connection, Lock, RevisionTableName } from '../types.js';
import { pollUntil, sessionLock } from '../poll.js';
import { CURRENT_DATABASE, GET_LOCK, LOCK_OWNER, PROCESS_INFO, RELEASE_LOCK } from './catalog.js';

/** MySQL caps user lock names at 64 characters. */
export const MAX_LOCK_NAME = 64;

/** `cairn:<db>.<table>`, or `cairn:<sha256 prefix>` when that would exceed 64 characters. */
export function lockName(database: string, table: string): string {
  const plain = `cairn:${database}.${table}`;
  if (plain.length <= MAX_LOCK_NAME) return plain;
  return 'cairn:' + createHash('sha256').update(`${database}\0${table}`).digest('hex').slice(0, MAX_LOCK_NAME - 6);
}

export async function acquireMysqlLock(conn: Connection, name: RevisionTableName, timeoutMs: number): Promise<Lock> {
  const db = name.schema ?? (await conn.query<{ db: string | null }>(CURRENT_DATABASE))[0]?.db ?? '';
  const key = lockName(db, name.table);
  const ok = await pollUntil(async () => {
    const rows = await conn.query<{ locked: number | null }>(GET_LOCK, [key]);
    return Number(rows[0]?.locked) === 1;
  }, timeoutMs);
  if (!ok) throw await timeoutError(conn, key, db, name.table, timeoutMs);
  return sessionLock(() => conn.query(RELEASE_LOCK, [key]));
}

interface ProcessInfo {
  user?: string;
  host?: string;
  seconds?: number;
}

async function timeoutError(conn: Connection, key: string, db: string, table: string, timeoutMs: number): Promise<CairnError> {
  let id: number | undefined;
  let info: ProcessInfo | undefined;
  try {
    const owner = (await conn.query<{ id: number | null }>(LOCK_OWNER, [key]))[0]?.id;
    id = owner === null || owner === undefined ? undefined : Number(owner);
    if (id !== undefined) info = (await conn.query<ProcessInfo>(PROCESS_INFO, [id]))[0];
  } catch {
    /* PROCESSLIST may be restricted */
  }
  const who = id === undefined ? 'another session' : `connection ${id}${info?.user ? ` (${info.user}@${info.host ?? '?'}, for ${info.seconds ?? '?'} s)` : ''}`;
  return new CairnError('LOCK_TIMEOUT', `could not take the migration lock for ${db}.${table} within ${timeoutMs} ms: held by ${who}`, {
    details: { lockName: key, holder: id === undefined ? undefined : { connectionId: id, ...info } },
    hint: id === undefined ? 'wait for the other migration run to finish' : `wait for it to finish, or end it with KILL ${id}`,
  });
}
