/**
 * Desired-state sources: SQL schema files and DSL modules are applied to a dev database and
 * then inspected, so both sides of a diff are normalised by the same server. Reading a source
 * needs the DSL loader and a database, so this sits with the state builders, above both (the
 * `states` layer of test/architecture.test.ts), not with the differ beside it.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { Connection, Dialect } from '../dialects/types.js';
import { isDatabaseUrl } from '../dialects/registry.js';
import { splitStatements } from '../sql/lexer.js';
import { CairnError } from '../errors.js';
import { loadSchemaFile } from '../dsl/load.js';
import type { SchemaEngine } from '../engine/types.js';
import type { RenameHint } from './renames.js';
import { withMissingRoles, type DevSession } from './devdb.js';

/** What `to` names: a database URL, a DSL module, or SQL (one file or a directory of files). */
export type SourceKind = 'url' | 'dsl' | 'sql';

const DSL_EXTENSIONS = new Set(['.ts', '.mts', '.cts', '.js', '.mjs']);

/** sourceKind classifies a `to`/`from` argument. */
export function sourceKind(to: string): SourceKind {
  if (isDatabaseUrl(to)) return 'url';
  if (DSL_EXTENSIONS.has(extname(to))) return 'dsl';
  return 'sql';
}

/** sqlFiles lists a .sql file, or the .sql files of a directory in name order. */
export function sqlFiles(path: string): string[] {
  if (!existsSync(path)) throw new CairnError('FILE_UNREADABLE', `schema source ${path} does not exist`, { details: { file: path } });
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).filter((f) => f.endsWith('.sql')).sort().map((f) => join(path, f));
}

export interface ApplyDdlOptions {
  /** The dev database: a role the statements reference is created there when allowed (see withMissingRoles). */
  readonly dev?: DevSession;
  /** What is applied, for the error message (default: the desired schema). */
  readonly what?: string;
}

/**
 * applyDdl runs statements on the dev database with the dialect's definition checks relaxed
 * (PostgreSQL: function bodies, as pg_dump does), naming the failing file and statement.
 */
export async function applyDdl(conn: Pick<Connection, 'exec' | 'dialect'>, statements: readonly { text: string; file?: string; line?: number }[], opts: ApplyDdlOptions = {}): Promise<void> {
  const relax = conn.dialect.devDatabase?.relaxedChecks;
  if (relax) await conn.exec(relax.on);
  // A schema file lists objects in any order (a view before the table it reads, exports sorted
  // by name): statements that fail are retried after the others while that makes progress.
  const internal = conn.dialect.devDatabase?.isInternalObjectDdl;
  let pending = internal ? statements.filter((s) => !internal(s.text)) : [...statements];
  let failure: { s: (typeof statements)[number]; e: unknown } | undefined;
  while (pending.length) {
    const failed: typeof pending = [];
    failure = undefined;
    for (const s of pending) {
      try {
        await withMissingRoles(conn, opts.dev, () => conn.exec(s.text));
      } catch (e) {
        if (e instanceof CairnError) throw e; // a missing role without consent: no order fixes it
        failed.push(s);
        failure ??= { s, e };
      }
    }
    if (failed.length === pending.length) break;
    pending = failed;
  }
  if (failure) {
    const { s, e } = failure;
    const at = s.file ? ` at ${s.file}${s.line ? `:${s.line}` : ''}` : '';
    const info = conn.dialect.errorInfo(e);
    throw new CairnError('SCHEMA', `${opts.what ?? 'the desired schema'} does not apply${at}: ${info.message}`, { cause: e, hint: info.hint, details: { file: s.file, line: s.line, statement: s.text } });
  }
  if (relax) await conn.exec(relax.off);
}

/** A desired-state source read and compiled, ready to apply to a dev database. */
export interface PreparedDesired {
  readonly statements: readonly { readonly text: string; readonly file: string; readonly line?: number }[];
  /** The DSL's `renamedFrom` hints (none for SQL sources). */
  readonly renames: readonly RenameHint[];
}

/**
 * prepareDesired reads a SQL or DSL source into statements without touching a database, so
 * the caller knows what it will run (the extensions it creates) before opening one.
 */
export async function prepareDesired(to: string, engine: Pick<SchemaEngine, 'compileDsl'>, dialect: Dialect): Promise<PreparedDesired> {
  if (sourceKind(to) === 'dsl') {
    const compiled = engine.compileDsl(await loadSchemaFile(to));
    return { statements: compiled.statements.map((text) => ({ text, file: to })), renames: [...compiled.renames] };
  }
  const statements = sqlFiles(to).flatMap((file) =>
    splitStatements(readFileSync(file, 'utf8'), dialect.lexer).statements.map((s) => ({ text: s.text, file, line: s.start.line })));
  return { statements, renames: [] };
}

/** loadDesired applies a prepared source to the dev database. */
export async function loadDesired(conn: Connection, desired: PreparedDesired, dev?: DevSession): Promise<void> {
  await applyDdl(conn, desired.statements, { dev });
}
