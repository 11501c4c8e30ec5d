/**
 * initSchema (gormigrate's InitSchema): on a database with no revisions and no objects, one
 * function builds the schema as it is after every migration, and every migration is recorded as
 * applied (kind `set`: recorded, not run), so a new database skips the history. The function and
 * the records commit together where the database has transactional DDL; elsewhere (MySQL) a
 * failure after the function's DDL leaves objects without revisions, which the next start
 * refuses as a non-empty database, naming them.
 */
import type { CodeMigrationFailure } from '../code/invoke.js';
import { runCodeFunction } from '../code/run.js';
import { storedDownSql, type MigrationFunction } from '../code/define.js';
import { migrationFailed } from './failure.js';
import { setRow } from './set.js';
import type { CodeCache } from './prepare.js';
import type { LoadedDir, Session } from './session.js';
import { TRANSACTION_FRAME } from './transaction.js';
import type { AppliedFile, ProgressEvent } from './types.js';

export async function runInitSchema(s: Session, loaded: LoadedDir, init: MigrationFunction, code: CodeCache, emit: (e: ProgressEvent) => void): Promise<AppliedFile[]> {
  const t0 = Date.now();
  const now = new Date(t0).toISOString();
  const rows = loaded.migrations.filter((m) => !m.repeatable).map((m) => {
    const loadedCode = code.get(m.version);
    return setRow(m, s.conn.dialect, now, loadedCode ? storedDownSql(loadedCode.definition) : null);
  });
  emit({ type: 'log', version: 'initSchema', level: 'info', message: `initSchema: building the schema of an empty database, then recording ${rows.length} migration(s) as applied` });
  try {
    await runCodeFunction(s.conn, {
      fn: init, which: 'up', info: { version: 'initSchema', file: 'initSchema', transaction: true }, frame: TRANSACTION_FRAME,
      log: (level, message) => emit({ type: 'log', version: 'initSchema', level, message: `  initSchema: ${message}` }),
      alongside: async () => {
        for (const r of rows) await s.store.put(r);
      },
    });
  } catch (e) {
    const f = e as CodeMigrationFailure;
    throw migrationFailed(s.conn.dialect, f.error, {
      version: 'initSchema', step: { text: f.statement, file: f.site.path ?? 'initSchema', line: f.site.line, column: f.site.column }, index: 0, total: 1, statementsApplied: 0,
      applied: [], direction: 'up', hint: s.conn.dialect.capabilities.transactionalDdl ? 'initSchema was rolled back; nothing is recorded' : 'no revision was recorded; drop what initSchema created before starting again',
    });
  }
  return [{ version: 'initSchema', description: `initSchema (${rows.length} migration(s) recorded)`, statements: 1, total: 1, durationMs: Date.now() - t0 }];
}
