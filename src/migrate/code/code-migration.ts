/**
 * TypeScript code migrations: a module exporting `up(tx)` and optionally `down(tx)` (named
 * exports or a default export object). It is loaded with jiti, only when such a migration is
 * about to run, so SQL-only directories never pay for a TypeScript loader.
 *
 * The revision table stores no down SQL for these (a function cannot be stored), so an older
 * Cairn binary whose directory lacks the module cannot roll one back; `down` then refuses
 * with NO_DOWN before doing anything.
 *
 * Both the runner (apply, down) and the differ's replay of a directory on a dev database load
 * these modules, so the loader sits below both, with the migration files.
 */
import { join } from 'node:path';
import type { Connection } from '../../dialects/types.js';
import { CairnError } from '../../errors.js';

/** What `up`/`down` receive: the connection, inside the file's transaction when there is one. */
export interface MigrationTx {
  exec(sql: string): Promise<void>;
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
}

export interface CodeMigration {
  up(tx: MigrationTx): unknown;
  down?(tx: MigrationTx): unknown;
}

export function txHandle(conn: Pick<Connection, 'exec' | 'query'>): MigrationTx {
  return { exec: (sql) => conn.exec(sql), query: (sql, params) => conn.query(sql, params) };
}

export async function loadCodeMigration(dirPath: string, file: string): Promise<CodeMigration> {
  const path = join(dirPath, file);
  let mod: Record<string, unknown>;
  try {
    const { createJiti } = await import('jiti');
    // No module cache: a long-lived process must see the file as it is now (its hash was checked).
    mod = (await createJiti(import.meta.url, { moduleCache: false }).import(path)) as Record<string, unknown>;
  } catch (e) {
    throw new CairnError('FILE_UNREADABLE', `cannot load TypeScript migration ${file}: ${(e as Error).message}`, { cause: e, details: { file } });
  }
  const candidate = (typeof mod.up === 'function' ? mod : (mod.default as Record<string, unknown> | undefined)) ?? {};
  if (typeof candidate.up !== 'function') {
    throw new CairnError('DIR_INVALID', `TypeScript migration ${file} exports no up(tx) function`, { details: { file } });
  }
  return candidate as unknown as CodeMigration;
}
