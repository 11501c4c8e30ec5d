/**
 * What `cairn diff` asks of a PostgreSQL dev database (server or PGlite): its major version
 * (definitions are deparsed per major version: PostgreSQL 15 writes `SELECT t.name FROM t` where
 * 18 writes `SELECT name FROM t`), whether a scratch database may be created on a server, and the
 * SQLSTATEs behind a refused privilege and a missing role.
 */
import type { Connection, DevDatabaseSupport, ServerVersion } from '../types.js';

/** SQLSTATE 42501 insufficient_privilege. */
const INSUFFICIENT_PRIVILEGE = '42501';
/** SQLSTATE 42704 undefined_object: a role, type, collation … that does not exist. */
const UNDEFINED_OBJECT = '42704';
/** The server's message for a missing role (the name is printed as is, unquoted). */
const MISSING_ROLE = /^role "(.+)" does not exist$/;

function sqlState(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

export const postgresDevDatabase: DevDatabaseSupport = Object.freeze({
  async serverVersion(conn: Pick<Connection, 'query'>): Promise<ServerVersion> {
    const [row] = await conn.query<{ v: number | string }>("SELECT current_setting('server_version_num')::int AS v");
    const major = Math.floor(Number(row?.v) / 10000);
    return { major, label: `PostgreSQL ${major}` };
  },

  async canCreateDatabase(conn: Pick<Connection, 'query'>): Promise<boolean> {
    const [row] = await conn.query<{ ok: boolean }>('SELECT rolcreatedb OR rolsuper AS ok FROM pg_roles WHERE rolname = current_user');
    return row?.ok === true;
  },

  isPrivilegeError: (err: unknown) => sqlState(err) === INSUFFICIENT_PRIVILEGE,

  missingRole(err: unknown): string | undefined {
    if (sqlState(err) !== UNDEFINED_OBJECT) return undefined;
    const message = (err as { message?: unknown }).message;
    return typeof message === 'string' ? MISSING_ROLE.exec(message)?.[1] : undefined;
  },

  createRolePlaceholder: (name: string) => `CREATE ROLE "${name.replace(/"/g, '""')}" NOLOGIN`,
  dropDatabase: (n: string) => [`DROP DATABASE IF EXISTS ${n} WITH (FORCE)`, `DROP DATABASE IF EXISTS ${n}`],
  relaxedChecks: Object.freeze({ on: 'SET check_function_bodies = false', off: 'RESET check_function_bodies' }),
  privilegeHint: 'the dev URL\'s user needs the CREATEDB privilege (ALTER ROLE <user> CREATEDB), or leave out --dev-url to use the embedded pglite:memory',
});
