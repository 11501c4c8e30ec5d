/**
 * Replaying a migration directory on a dev database: the "current state" the differ starts from.
 * A minimal apply loop (no revision table, no locking: the database is a scratch one) that runs
 * every migration's up statements in order, each on its own so that statements that refuse a
 * transaction block (CREATE INDEX CONCURRENTLY) run as the directory meant them to.
 */
import type { Connection } from '../dialects/types.js';
import type { Migration } from '../migrate/dir/types.js';
import { splitStatements } from '../sql/lexer.js';
import { CairnError } from '../errors.js';

/** The part of a connection replay needs. */
export type ReplayTarget = Pick<Connection, 'exec' | 'dialect'>;

/** replayMigrations applies the up SQL of `migrations` in order; throws MIGRATION_FAILED naming the file and statement. */
export async function replayMigrations(conn: ReplayTarget, migrations: readonly Migration[]): Promise<void> {
  for (const m of migrations) {
    if (m.kind !== 'sql') {
      throw new CairnError('SCHEMA', `migration ${m.version} is a TypeScript migration; the schema engine can only replay SQL migrations`, { details: { file: m.up.file, version: m.version } });
    }
    const statements = m.up.statements ?? splitStatements(m.up.text, conn.dialect.lexer).statements;
    for (const s of statements) {
      try {
        await conn.exec(s.text);
      } catch (e) {
        throw new CairnError('MIGRATION_FAILED', `replaying ${m.up.file} failed: ${(e as Error).message}`, {
          cause: e,
          details: { file: m.up.file, version: m.version, statement: s.text, line: m.up.line + s.start.line - 1 },
        });
      }
    }
  }
}
