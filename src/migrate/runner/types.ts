/**
 * Runner types: the revision record the runner stores per migration, the options every runner
 * command shares, and the typed results. The library returns these and never prints: callers
 * render them (the CLI) or react to `onProgress` events.
 */
import type { FormatName } from '../dir/types.js';
import type { Problem } from '../dir/problems.js';
import type { InlineHistory } from './inline.js';
import type { MigrationFunction } from '../code/define.js';

/** How a revision row came to be: run by apply, recorded by `apply --baseline`, or by `set`. */
export type RevisionKind = 'applied' | 'baseline' | 'set';

/** One row of the revision table. Times are ISO-8601 UTC strings so every dialect stores them alike. */
export interface Revision {
  readonly version: string;
  readonly description: string;
  readonly kind: RevisionKind;
  /**
   * Statements applied so far. `applied === 0` with an error (or `total > 0`) records a failed
   * attempt that left nothing applied: the migration counts as pending (plan.ts isAttempt).
   * Otherwise `applied < total` (or `error` set) means the migration is partial.
   */
  readonly applied: number;
  readonly total: number;
  /** Hash of the migration's up SQL (or of a TypeScript module's source), see `hash.ts`. */
  readonly hash: string;
  /** Running hash after each applied statement: `partialHashes[i]` covers statements 0..i. */
  readonly partialHashes: readonly string[];
  readonly error: string | null;
  readonly errorStatement: string | null;
  /** The down SQL of the migration when the directory had one; null for TypeScript migrations. */
  readonly downSql: string | null;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly durationMs: number;
  readonly cairnVersion: string;
}

export type TxMode = 'file' | 'all' | 'none';
export type ExecOrder = 'linear' | 'linear-skip' | 'non-linear';

/**
 * Something that happened while running, for a caller that wants to show progress (the CLI
 * renders these at a terminal, src/cli/progress.ts). Every event has a one-line `message`.
 *  - `file-start`: the `position`-th (1-based) of the `count` files this run will apply starts;
 *    `total` statements, from `resumeAt` (0-based) on. `execution` says how it runs: a
 *    `transaction` file is sent in one round trip, so it reports no statement events;
 *  - `statement`: a `stepwise` file's statement `index` (0-based) of `total` is applied and recorded;
 *  - `log`: a code migration's own message (`ctx.log`);
 *  - `file-done`: the file is applied; `interrupted`: a signal stopped the run (see ApplyResult).
 */
export type ProgressEvent =
  | {
    readonly type: 'file-start'; readonly version: string; readonly description: string; readonly file: string; readonly position: number; readonly count: number;
    readonly total: number; readonly resumeAt: number; readonly execution: 'transaction' | 'stepwise'; readonly message: string;
  }
  | { readonly type: 'statement'; readonly version: string; readonly index: number; readonly total: number; readonly message: string }
  | { readonly type: 'file-done'; readonly version: string; readonly durationMs: number; readonly message: string }
  | { readonly type: 'down'; readonly version: string; readonly message: string }
  /** A code migration's own message (`ctx.log.info` / `ctx.log.warn`). */
  | { readonly type: 'log'; readonly version: string; readonly level: 'info' | 'warn'; readonly message: string }
  | { readonly type: 'interrupted'; readonly message: string };

/** Options shared by apply, status, down and set. */
export interface TargetOptions {
  /** Target database URL; its password never appears in results, errors or events. */
  readonly url: string;
  /** Migration directory path. */
  readonly dir: string;
  readonly format?: FormatName;
  /** Revision table name (default `cairn_revisions`). */
  readonly revisionsTable?: string;
  /** Schema (PostgreSQL) or database (MySQL) of the revision table; default: the connection's. */
  readonly revisionsSchema?: string;
  /** How long to wait for another runner's lock (default 10 s). */
  readonly lockTimeoutMs?: number;
  /** Give up connecting to a server after this long (default 10 s): a dead host of a fleet fails fast. */
  readonly connectTimeoutMs?: number;
  readonly onProgress?: (e: ProgressEvent) => void;
  /** Files of the directory that its format's own tool would skip (Cairn skips them too). */
  readonly onWarning?: (w: Problem) => void;
  /**
   * Aborting stops after the current file (a transactional file finishes or rolls back); a
   * stepwise file stops after its current statement (outside its own BEGIN/COMMIT), with its
   * progress recorded so the next apply resumes there. The lock is released either way.
   */
  readonly signal?: AbortSignal;
  /** Migrations declared in application code, joined to the directory's (createMigrator sets this). */
  readonly inline?: InlineHistory;
}

export interface ApplyOptions extends TargetOptions {
  /** Apply at most this many pending migrations. */
  readonly count?: number;
  /** Apply up to and including this version. */
  readonly toVersion?: string;
  /** Compute and return the plan, change nothing (not even the revision table). */
  readonly dryRun?: boolean;
  readonly txMode?: TxMode;
  /** On a database without revisions: record a baseline at this version; files up to it are not run. */
  readonly baseline?: string;
  /** Apply to a non-empty database without revisions. */
  readonly allowDirty?: boolean;
  readonly execOrder?: ExecOrder;
  /** Proceed when the database holds revisions this directory does not know. */
  readonly allowUnknown?: boolean;
  /**
   * For a database with no revisions and no objects: build the whole schema with this function
   * instead of running every migration, then record every migration as applied (gormigrate's
   * InitSchema). It runs in a transaction with those records where the database allows.
   */
  readonly initSchema?: MigrationFunction;
}

/** A migration the plan will run. `statements` are the texts still to run (after a resume point). */
export interface PlannedFile {
  readonly version: string;
  readonly description: string;
  readonly file: string;
  readonly kind: 'sql' | 'ts';
  /** Index of the first statement to run (non-zero when resuming a partial revision). */
  readonly resumeAt: number;
  readonly total: number;
  readonly statements: readonly string[];
  /** How it runs: in a transaction with its revision row, or statement by statement. */
  readonly execution: 'transaction' | 'stepwise';
}

export interface AppliedFile {
  readonly version: string;
  readonly description: string;
  /** Statements run in this call (from the resume point on). */
  readonly statements: number;
  readonly total: number;
  readonly durationMs: number;
}

/** A stepwise migration an interrupt stopped between statements; its row is partial and resumes. */
export interface StoppedFile {
  readonly version: string;
  readonly description: string;
  /** Statements applied (committed) so far, of `total`. */
  readonly applied: number;
  readonly total: number;
}

export interface ApplyResult {
  readonly dryRun: boolean;
  /** Migrations run to completion in this call, in order. */
  readonly applied: readonly AppliedFile[];
  /** For a dry run: what would run. Otherwise empty. */
  readonly plan: readonly PlannedFile[];
  /** Files skipped under `execOrder: 'linear-skip'`. */
  readonly skipped: readonly string[];
  readonly baseline?: string;
  readonly current: string | null;
  /** True when a signal stopped the run early. */
  readonly interrupted: boolean;
  /** When the signal stopped a stepwise file between statements: where it stopped. */
  readonly stopped?: StoppedFile;
  /** The target, password masked. */
  readonly target: string;
}

/** A migration's kind: a SQL file, or a code migration (a module, or an entry of createMigrator's list). */
export type MigrationKind = 'sql' | 'code';

export interface RevisionSummary {
  readonly version: string;
  readonly description: string;
  readonly kind: RevisionKind;
  /** The migration's kind, when the directory (or the migrator's list) has it. */
  readonly migrationKind?: MigrationKind;
  readonly applied: number;
  readonly total: number;
  readonly error: string | null;
  readonly finishedAt: string | null;
}

export interface StatusResult {
  readonly current: string | null;
  readonly applied: readonly RevisionSummary[];
  /** Not applied, in directory order; `lastError` when the last attempt failed and left nothing applied. */
  readonly pending: readonly { readonly version: string; readonly description: string; readonly migrationKind: MigrationKind; readonly lastError?: string }[];
  /** The first revision with some but not all statements applied (stepwise progress to resume). */
  readonly partial?: RevisionSummary;
  readonly unknown: readonly RevisionSummary[];
  readonly target: string;
}

export interface DownOptions extends TargetOptions {
  readonly count?: number;
  readonly toVersion?: string;
  readonly dryRun?: boolean;
}

export interface DownResult {
  readonly dryRun: boolean;
  readonly reverted: readonly { readonly version: string; readonly description: string; readonly down: string }[];
  readonly current: string | null;
  readonly interrupted: boolean;
  readonly target: string;
}

export interface SetOptions extends TargetOptions {
  readonly version: string;
}

export interface SetResult {
  readonly version: string;
  /** Versions newly marked as applied (kind 'set'). */
  readonly marked: readonly string[];
  /** Versions whose rows were removed because they were above `version`. */
  readonly removed: readonly string[];
  readonly target: string;
}
