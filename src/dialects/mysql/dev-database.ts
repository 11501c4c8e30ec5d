/**
 * What `cairn diff` asks of a MySQL/MariaDB dev server: its version (MySQL and MariaDB, and
 * their minor versions, write definitions differently), whether the URL's user may create and
 * drop the scratch database Cairn works in, and which errors are refused privileges. MySQL has
 * no roles that a schema file would reference, so none is ever created.
 */
import type { Connection, DevDatabaseSupport, ServerVersion } from '../types.js';
import { parseServerVersion, serverLabel } from './capabilities.js';
import { quoteIdent } from './sql-text.js';

/** ER_DBACCESS_DENIED_ERROR, ER_ACCESS_DENIED_ERROR, ER_TABLEACCESS_DENIED_ERROR, ER_SPECIFIC_ACCESS_DENIED_ERROR. */
const PRIVILEGE_ERRNOS = new Set([1044, 1045, 1142, 1227]);

/** The name Cairn gives a scratch database, as devdb.ts makes it. */
const SCRATCH_SAMPLE = 'cairn_dev_000000000000';

/**
 * serverVersionOf: `major` is compared for equality only, so it encodes the family and the
 * minor version (MariaDB 10.11 → 101011, MySQL 8.0 → 800).
 */
export async function serverVersionOf(conn: Pick<Connection, 'query'>): Promise<ServerVersion> {
  const [row] = await conn.query<{ v: string }>('SELECT VERSION() AS v');
  const s = parseServerVersion(String(row?.v ?? ''));
  const [major, minor] = s.version;
  return { major: (s.flavor === 'mariadb' ? 100000 : 0) + major * 100 + minor, label: serverLabel({ ...s, version: [major, minor, 0] }).replace(/\.0$/, '') };
}

/** grantsAllowScratch: a grant line gives CREATE and DROP on every database, or on a pattern the scratch name matches. */
export function grantsAllowScratch(lines: readonly string[]): boolean {
  const scopes = lines.flatMap((l) => {
    const m = /^GRANT (.+?) ON (\*|`(?:[^`]|``)*`)\.\* TO /i.exec(l.trim());
    if (!m) return [];
    const privs = m[1].toUpperCase();
    const all = /\bALL( PRIVILEGES)?\b/.test(privs);
    return [{ on: m[2], create: all || /\bCREATE\b(?! (VIEW|ROUTINE|TEMPORARY|USER|ROLE|TABLESPACE))/.test(privs), drop: all || /\bDROP\b(?! ROLE)/.test(privs) }];
  });
  const matches = (on: string) => on === '*' || likePattern(on.slice(1, -1).replace(/``/g, '`')).test(SCRATCH_SAMPLE);
  return scopes.some((s) => s.create && matches(s.on)) && scopes.some((s) => s.drop && matches(s.on));
}

/** A MySQL database-name pattern in a grant (`%`, `_`, `\_` escapes) as a regular expression. */
function likePattern(p: string): RegExp {
  let re = '';
  for (let i = 0; i < p.length; i++) {
    const ch = p[i];
    if (ch === '\\' && i + 1 < p.length) re += p[++i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (ch === '%') re += '.*';
    else if (ch === '_') re += '.';
    else re += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 'i');
}

export const mysqlDevDatabase: DevDatabaseSupport = Object.freeze({
  serverVersion: serverVersionOf,

  async canCreateDatabase(conn: Pick<Connection, 'query'>): Promise<boolean> {
    const rows = await conn.query<Record<string, string>>('SHOW GRANTS');
    return grantsAllowScratch(rows.map((r) => String(Object.values(r)[0] ?? '')));
  },

  isPrivilegeError: (err: unknown) => PRIVILEGE_ERRNOS.has(Number((err as { errno?: unknown } | null)?.errno)),
  missingRole: () => undefined,
  createRolePlaceholder: (name: string) => `CREATE ROLE IF NOT EXISTS ${quoteIdent(name)}`,
  dropDatabase: (n: string) => [`DROP DATABASE IF EXISTS ${n}`],
  /** A desired schema may declare a foreign key before the table it points at. */
  relaxedChecks: Object.freeze({ on: 'SET FOREIGN_KEY_CHECKS = 0', off: 'SET FOREIGN_KEY_CHECKS = 1' }),
  privilegeHint: "the dev URL's user needs CREATE and DROP on *.* (GRANT CREATE, DROP ON *.* TO ...) so that Cairn can create and drop its own cairn_dev_* scratch database",
});
