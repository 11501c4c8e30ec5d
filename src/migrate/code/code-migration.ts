/**
 * Loading code migrations: a module of the migration directory (`.ts`, `.js` or `.mjs`) whose
 * default export is `defineMigration({ up, down?, downSql?, transaction? })`. Named `up`/`down`
 * exports are read too (the shape Cairn accepted first). Modules load through jiti, so
 * TypeScript needs no build step, and only when a code migration is about to run: SQL-only
 * directories never pay for a TypeScript loader.
 *
 * Both the runner (apply, down) and the differ's replay of a directory on a dev database load
 * these modules, so the loader sits below both, with the migration files.
 */
import { join } from 'node:path';
import { CairnError } from '../../errors.js';
import type { CodeMigrationDefinition, MigrationContext } from './define.js';

/** The first name of the context: `up(tx)` with `exec`/`query`; the context still has both. */
export type MigrationTx = MigrationContext;

/** A code migration ready to run, from a file of the directory or from application code. */
export interface LoadedCode {
  readonly definition: CodeMigrationDefinition;
  /** Absolute path of the module, for locating lines; undefined for inline migrations. */
  readonly path?: string;
  /** How messages name it. */
  readonly file: string;
}

export async function loadCodeMigration(dirPath: string, file: string): Promise<LoadedCode> {
  const path = join(dirPath, file);
  let mod: Record<string, unknown>;
  try {
    const { createJiti } = await import('jiti');
    // No module cache: a long-lived process must see the file as it is now (its hash was checked).
    mod = (await createJiti(import.meta.url, { moduleCache: false, fsCache: false }).import(path)) as Record<string, unknown>;
  } catch (e) {
    throw new CairnError('DIR_INVALID', `cannot load code migration ${file}: ${loadMessage(e, path, file)}`, {
      cause: e, details: { file, ...lineOf(e, path) }, hint: 'fix the module; nothing was run',
    });
  }
  const candidate = typeof mod.up === 'function' ? mod : mod.default;
  return { definition: checkDefinition(candidate, file), path, file };
}

/**
 * checkDefinition validates a migration's shape before anything runs: `up` a function, `down`
 * a function or SQL text, `downSql` text, `transaction` a boolean. `where` names it in errors.
 */
export function checkDefinition(candidate: unknown, where: string): CodeMigrationDefinition {
  const bad = (what: string) =>
    new CairnError('DIR_INVALID', `code migration ${where} ${what}`, {
      details: { file: where },
      hint: 'export default defineMigration({ up(ctx) {…}, down(ctx) {…} }) (import { defineMigration } from "cairn-migrate")',
    });
  if (typeof candidate !== 'object' || candidate === null) throw bad('has no default export (nor named up/down exports)');
  const def = candidate as Record<string, unknown>;
  if (typeof def.up !== 'function') throw bad(`exports no up(ctx) function${def.up === undefined ? '' : ` (up is ${typeof def.up})`}`);
  if (def.down !== undefined && typeof def.down !== 'function' && typeof def.down !== 'string') throw bad(`has a down that is neither a function nor SQL text (${typeof def.down})`);
  if (def.downSql !== undefined && typeof def.downSql !== 'string') throw bad(`has a downSql that is not SQL text (${typeof def.downSql})`);
  if (def.transaction !== undefined && typeof def.transaction !== 'boolean') throw bad(`has transaction: ${JSON.stringify(def.transaction)}; it must be true or false`);
  return def as unknown as CodeMigrationDefinition;
}

/** jiti's parse errors carry `path:line:col`; keep the message, with the path made relative. */
function loadMessage(e: unknown, path: string, file: string): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.split(path).join(file).replace(/\s+/g, ' ').trim();
}

function lineOf(e: unknown, path: string): { line?: number; column?: number } {
  const text = e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e);
  const at = text.indexOf(`${path}:`);
  if (at === -1) return {};
  const m = /^:(\d+):(\d+)/.exec(text.slice(at + path.length));
  return m ? { line: Number(m[1]), column: Number(m[2]) } : {};
}
