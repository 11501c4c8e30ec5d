/**
 * The dev database: a scratch database the schema engine replays migrations and desired state
 * into, so that PostgreSQL itself normalises everything before the two states are compared.
 * `pglite:memory` (the default) needs no server. A server URL (`--dev-url postgres://...`) is
 * used as an admin connection: Cairn creates its own `cairn_dev_<random>` database there and
 * drops it afterwards, so the database named in the URL is never touched.
 */
import { randomBytes } from 'node:crypto';
import { connect } from '../dialects/registry.js';
import { redactUrl } from '../dialects/url.js';
import type { Connection } from '../dialects/types.js';
import { CairnError } from '../errors.js';

export const DEFAULT_DEV_URL = 'pglite:memory';

/** CREATE DATABASE / DROP DATABASE for the scratch database; the name is generated, never user input. */
const CREATE_DATABASE = (name: string) => `CREATE DATABASE "${name}"`;
const DROP_DATABASE = (name: string) => `DROP DATABASE IF EXISTS "${name}"`;

/** withDevDatabase runs `fn` on a fresh, empty dev database and disposes of it afterwards. */
export async function withDevDatabase<T>(devUrl: string | undefined, fn: (conn: Connection) => Promise<T>): Promise<T> {
  const url = devUrl ?? DEFAULT_DEV_URL;
  if (url.startsWith('pglite:')) {
    const conn = await connect(url);
    try {
      return await fn(conn);
    } finally {
      await conn.close();
    }
  }
  const admin = await connect(url);
  const name = `cairn_dev_${randomBytes(6).toString('hex')}`;
  try {
    await admin.exec(CREATE_DATABASE(name));
  } catch (e) {
    await admin.close();
    const info = admin.dialect.errorInfo(e);
    throw new CairnError('CONNECT', `cannot create a scratch database on the dev server ${redactUrl(url)}: ${info.message}`, {
      cause: e,
      details: { sqlState: info.code },
      hint: info.code === '42501'
        ? 'the dev URL\'s user needs the CREATEDB privilege (ALTER ROLE <user> CREATEDB), or leave out --dev-url to use the embedded pglite:memory'
        : 'Cairn creates and drops its own cairn_dev_* database on the dev server; point --dev-url at a server where that is allowed, or leave it out to use pglite:memory',
    });
  }
  try {
    const u = new URL(url);
    u.pathname = '/' + name;
    const conn = await connect(u.toString());
    try {
      return await fn(conn);
    } finally {
      await conn.close();
    }
  } finally {
    await admin.exec(DROP_DATABASE(name)).catch(() => {});
    await admin.close();
  }
}
