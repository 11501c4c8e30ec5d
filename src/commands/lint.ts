/**
 * `cairn lint`: reviews migrations before they merge. The history before them is replayed on
 * the dev database (embedded by default, as `cairn diff` does), then each of their statements
 * runs there against the evolving schema, and the rules (the generic ones and the database's
 * own) report what it will do in production: drops, changes that depend on the data, changes
 * that break the application version still running, locks, table copies and rebuilds.
 */
import { CairnError } from '../errors.js';
import type { LintConfig } from '../config/types.js';
import type { Dialect } from '../dialects/types.js';
import type { FormatName } from '../migrate/dir/types.js';
import { assertValidDir } from '../migrate/sum/dir-gate.js';
import type { TxMode } from '../migrate/runner/types.js';
import { runLint } from '../lint/engine.js';
import { GENERIC_RULES } from '../lint/rules/index.js';
import type { LintResult } from '../lint/result.js';
import { selectMigrations } from '../lint/select.js';
import type { LintRule } from '../lint/types.js';
import type { LintProgressEvent } from '../lint/walk.js';
import { chooseDevDatabase } from './dev-url.js';

export type { LintResult, LintedFile, LintFailure, LintSelection, RuleInfo, LintCounts } from '../lint/result.js';
export type { LintProgressEvent } from '../lint/walk.js';

export interface LintOptions {
  /** The migration directory. */
  readonly dir: string;
  /** Its layout, when detection should not decide. */
  readonly dirFormat?: FormatName;
  /**
   * Which migrations to review, one way at most: the last `latest` of the directory, those
   * added or changed since the merge-base with `gitBase` (untracked ones included), or the
   * `files` named (paths relative to `cwd`). Default: the last one.
   */
  readonly latest?: number;
  readonly gitBase?: string;
  readonly files?: readonly string[];
  /** Where relative `files` are resolved (default: the process's working directory). */
  readonly cwd?: string;
  /** The dev database: the dialect's embedded one by default (see chooseDevDatabase). */
  readonly devUrl?: string;
  /** The project's target database (config `url`): decides the dialect when no dev URL does; never connected to. */
  readonly targetUrl?: string;
  /** The dev database's search_path while statements run (config `devSearchPath`). */
  readonly devSearchPath?: string;
  /** Config `lint`: severities per code, naming patterns. */
  readonly config?: LintConfig;
  /** The runner's transaction mode (config `txMode`): with `none` no file runs in a transaction. */
  readonly txMode?: TxMode;
  /** Schemas and objects inspected (config `schemas`, `exclude`); the revision table is always left out. */
  readonly schemas?: readonly string[];
  readonly exclude?: readonly string[];
  readonly revisionsTable?: string;
  readonly revisionsSchema?: string;
  /** On a server dev database, create roles the history references as NOLOGIN placeholders. */
  readonly createRoles?: boolean;
  /** The rules to run instead of the built-in ones (`lintRules(dialect)` lists those, to extend). */
  readonly rules?: readonly LintRule[];
  readonly onProgress?: (e: LintProgressEvent) => void;
}

/**
 * lint reviews the selected migrations and returns every diagnostic. It writes nothing: not to
 * the directory, not to any database but its own dev database. Throws CairnError: USAGE for a
 * bad selection (a file outside the directory, a --git-base that does not exist), SQL_SYNTAX
 * for a file the lexer cannot split, MIGRATION_FAILED when the dev database rejects a statement
 * under review (`details.lint` is the result up to it).
 *
 * @example
 * const r = await lint({ dir: 'migrations', gitBase: 'origin/main' });
 * for (const d of r.diagnostics) console.log(`${d.file}:${d.line}: ${d.code} ${d.message}`);
 */
export async function lint(opts: LintOptions): Promise<LintResult> {
  const dir = assertValidDir(opts.dir, { sumRequired: false, ...(opts.dirFormat ? { format: opts.dirFormat } : {}) });
  const selected = await selectMigrations(dir, { latest: opts.latest, gitBase: opts.gitBase, files: opts.files, cwd: opts.cwd ?? process.cwd() });
  const { dialect, engine, devUrl } = await chooseDevDatabase({ devUrl: opts.devUrl, target: opts.targetUrl });
  return runLint({
    dir, selected, dialect, engine, devUrl,
    rules: opts.rules ?? (await lintRules(dialect)),
    config: opts.config,
    scope: { schemas: opts.schemas, exclude: opts.exclude, revisionsTable: opts.revisionsTable, revisionsSchema: opts.revisionsSchema },
    devSearchPath: opts.devSearchPath, txMode: opts.txMode, createRoles: opts.createRoles, onProgress: opts.onProgress,
  });
}

/** lintRules lists the rules lint runs on a database: the generic ones, then the dialect's own. */
export async function lintRules(dialect: Dialect): Promise<readonly LintRule[]> {
  const own = dialect.loadLintRules ? await dialect.loadLintRules() : [];
  const rules = [...GENERIC_RULES, ...own];
  const seen = new Set<string>();
  for (const r of rules) {
    if (seen.has(r.code)) throw new CairnError('INTERNAL', `two lint rules share the code ${r.code}`);
    seen.add(r.code);
  }
  return rules;
}
