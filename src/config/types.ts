import type { FormatName } from '../migrate/dir/types.js';

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
}

export interface CairnConfig extends CairnOptions {
  /** Named environments (`local`, `ci`, `prod` …) selected with `--env`; each overrides the top level. */
  env?: Record<string, CairnOptions>;
}

/** defineConfig types a config file; it returns its argument unchanged. */
export function defineConfig(config: CairnConfig): CairnConfig {
  return config;
}
