import { FORMAT_NAMES, type FormatName } from '../migrate/dir/types.js';

/**
 * CairnConfig is what `cairn.config.ts` exports. Every option is also a CLI flag; flags win
 * over the selected environment, which wins over the top level, which wins over defaults.
 * Strings may reference environment variables as `${NAME}` or `${NAME:-default}`.
 */
export interface CairnOptions {
  /** Target database URL (`postgres://…`, `mysql://…`, `sqlite:./app.db`, `pglite:./.cairn/db`). */
  url?: string;
  /** Dev database used by `diff` to replay the directory (default `pglite:memory`). */
  devUrl?: string;
  /** Migration directory (default `./migrations`). */
  dir?: string;
  /** Directory layout; detected from the files when omitted. */
  dirFormat?: FormatName;
  /** Desired schema for `diff`: a `schema.ts`, a `.sql` file or directory, or a database URL. */
  schema?: string;
  /** Revision table name (default `cairn_revisions`). */
  revisionsTable?: string;
  /** Schema (PostgreSQL) or database (MySQL) of the revision table; default: the connection's. */
  revisionsSchema?: string;
  /** How long `apply` waits for another runner's lock: `10s`, `500ms`, `2m` (default `10s`). */
  lockTimeout?: string;
  /** Transaction mode for `apply` (default `file`). */
  txMode?: 'file' | 'all' | 'none';
  /** Order check for `apply` (default `linear`). */
  execOrder?: 'linear' | 'linear-skip' | 'non-linear';
  /** Objects the schema engine leaves out (`diff`, `inspect`): glob patterns such as `public.tmp_*`. */
  exclude?: readonly string[];
  /** Schemas the schema engine compares and inspects; all user schemas when omitted. */
  schemas?: readonly string[];
  /** `search_path` of the dev database while `diff` replays the directory. */
  devSearchPath?: string;
  /** `diff` and `push` neither compare nor pin extension versions: each server installs its default. */
  ignoreExtensionVersions?: boolean;
  /** `cairn lint`: severity per rule code, and the naming rule's patterns. */
  lint?: LintConfig;
}

/** What `lint.rules` may set a rule to: its severity, or `off`. */
export type LintLevel = 'off' | 'info' | 'warning' | 'error';
export const LINT_LEVELS: readonly LintLevel[] = ['off', 'info', 'warning', 'error'];

/**
 * Patterns (JavaScript regular expressions, matched against the whole name unless they anchor
 * themselves) that the naming rule NM101 holds the names a change introduces to; setting any
 * turns NM101 on. A kind left out uses `default`, then snake_case; constraint names are judged
 * only when `constraint` is set (ORMs name them).
 */
export interface LintNaming {
  default?: string;
  table?: string;
  column?: string;
  index?: string;
  /** Unique, foreign key and check constraint names. */
  constraint?: string;
}
export const LINT_NAMING_KEYS: readonly (keyof LintNaming)[] = ['default', 'table', 'column', 'index', 'constraint'];

/**
 * The `lint` section of the config.
 *
 * @example
 * lint: { rules: { DS103: 'warning', PG110: 'off', NM101: 'error' }, naming: { table: '^[a-z][a-z0-9_]*$' } }
 */
export interface LintConfig {
  /** Severity per rule code (`DS103`); `off` silences a rule everywhere; an opt-in rule runs once it has a severity. */
  rules?: Record<string, LintLevel>;
  naming?: LintNaming;
}

/** What a config value may be: a string, a list of strings, one of fixed choices, or true/false. */
export type ConfigValueSpec =
  | { readonly type: 'string'; readonly duration?: true }
  | { readonly type: 'string[]' }
  | { readonly type: 'choice'; readonly choices: readonly string[] }
  | { readonly type: 'boolean' }
  /** The `lint` section: `{ rules?: { CODE: level }, naming?: { default?, table?, column?, index?, constraint? } }`. */
  | { readonly type: 'lint' };

/**
 * CONFIG_KEYS is the one list of keys a config (its top level and each `env` section) may
 * set, with the type of each value; anything else is an error that names the key and the
 * closest known one (config/validate.ts). `satisfies` keeps it in step with CairnOptions:
 * adding an option without its entry here does not compile.
 */
export const CONFIG_KEYS = {
  url: { type: 'string' },
  devUrl: { type: 'string' },
  dir: { type: 'string' },
  dirFormat: { type: 'choice', choices: FORMAT_NAMES },
  schema: { type: 'string' },
  revisionsTable: { type: 'string' },
  revisionsSchema: { type: 'string' },
  lockTimeout: { type: 'string', duration: true },
  txMode: { type: 'choice', choices: ['file', 'all', 'none'] },
  execOrder: { type: 'choice', choices: ['linear', 'linear-skip', 'non-linear'] },
  exclude: { type: 'string[]' },
  schemas: { type: 'string[]' },
  devSearchPath: { type: 'string' },
  ignoreExtensionVersions: { type: 'boolean' },
  lint: { type: 'lint' },
} as const satisfies { readonly [K in keyof Required<CairnOptions>]: ConfigValueSpec };

export interface CairnConfig extends CairnOptions {
  /** Named environments (`local`, `ci`, `prod` …) selected with `--env`; each overrides the top level. */
  env?: Record<string, CairnOptions>;
}

/** defineConfig types a config file; it returns its argument unchanged. */
export function defineConfig(config: CairnConfig): CairnConfig {
  return config;
}
