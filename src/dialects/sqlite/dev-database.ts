/**
 * What `cairn diff` asks of a SQLite dev database. SQLite is embedded: the dev database is
 * always a fresh `sqlite::memory:` in this process, never a scratch database on a server, so
 * there is nothing to create, no privilege to lack and no role to miss. Definitions are stored
 * as written, not deparsed, so the library's version matters only for the features it has.
 */
import type { Connection, DevDatabaseSupport, ServerVersion } from '../types.js';
import { CairnError } from '../../errors.js';
import { SQLITE_VERSION } from './inspect-queries.js';

export const sqliteDevDatabase: DevDatabaseSupport = Object.freeze({
  async serverVersion(conn: Pick<Connection, 'query'>): Promise<ServerVersion> {
    const [row] = await conn.query<{ version: string }>(SQLITE_VERSION);
    const version = String(row?.version ?? '3');
    return { major: Number(version.split('.')[0]) || 3, label: `SQLite ${version}` };
  },
  canCreateDatabase: async () => false,
  isPrivilegeError: () => false,
  missingRole: () => undefined,
  isInternalObjectDdl: (statement: string) => /^CREATE\s+TABLE\s+(IF\s+NOT\s+EXISTS\s+)?["`[]?sqlite_/i.test(statement.trim()),
  createRolePlaceholder(name: string): string {
    throw new CairnError('INTERNAL', `SQLite has no roles: cannot create ${name}`);
  },
  dropDatabase(name: string): readonly string[] {
    throw new CairnError('INTERNAL', `SQLite databases are files: cannot drop ${name} with SQL`);
  },
});
