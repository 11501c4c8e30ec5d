/**
 * Adopt: the types of `cairn adopt --from <tool>`, which reads the history table another tool
 * keeps, matches every entry to a migration of the directory, and records the matched ones as
 * Cairn revisions. One module per tool (tools/*.ts) implements `AdoptTool`; the rules every tool
 * shares (gaps, conflicts with Cairn's own rows, what is written) live in match.ts.
 */
import type { Dialect } from '../../dialects/types.js';
import type { LoadedDir, DirMigration } from '../runner/session.js';
import type { TargetOptions } from '../runner/types.js';

export const TOOL_NAMES = ['prisma', 'drizzle', 'knex', 'golang-migrate', 'goose', 'flyway', 'atlas', 'dbmate', 'gormigrate', 'liquibase'] as const;
export type ToolName = (typeof TOOL_NAMES)[number];

export interface AdoptOptions extends TargetOptions {
  /** The tool whose history table to read. */
  readonly from: ToolName;
  /** Read, match and report; write nothing (not even Cairn's revision table). */
  readonly dryRun?: boolean;
  /** The tool's table, when it was configured away from the tool's default name. */
  readonly toolTable?: string;
  /** The schema (PostgreSQL) or database (MySQL) of the tool's table, when not the default. */
  readonly toolSchema?: string;
}

/**
 * What Cairn could check of the checksum the tool stored:
 *  - `verified`: recomputed from the file by the tool's algorithm, equal;
 *  - `mismatch`: recomputed, different: the file changed since the tool applied it (refused);
 *  - `absent`: the tool keeps no checksum (golang-migrate, goose, dbmate, knex, gormigrate) or left it empty;
 *  - `not-verified`: the tool keeps one that Cairn cannot reproduce here (`note` says why).
 */
export type ChecksumCheck = 'verified' | 'mismatch' | 'absent' | 'not-verified';

/**
 * One row of the mapping, per directory migration and per tool entry:
 *  - `matched`: the tool applied it; Cairn records it as applied;
 *  - `baseline`: at or below the tool's baseline: counted as done without having run (one Cairn baseline row);
 *  - `pending`: in the directory, not applied by the tool: Cairn applies it later;
 *  - `unmatched`: a tool entry that no migration of the directory matches (refused);
 *  - `ignored`: a row the tool writes for itself (goose's version 0, gormigrate's SCHEMA_INIT, Flyway's schema creation).
 */
export type MappingStatus = 'matched' | 'baseline' | 'pending' | 'unmatched' | 'ignored';

export interface AdoptMapping {
  /** The directory migration's version; null for a tool entry no migration matches. */
  readonly version: string | null;
  /** The migration's file (relative to the directory); null for an unmatched entry. */
  readonly file: string | null;
  /** The tool's key for the entry (migration name, version, `file::id::author`…); null when the tool never recorded it. */
  readonly key: string | null;
  readonly status: MappingStatus;
  /** Only for rows with a tool entry. */
  readonly checksum?: ChecksumCheck;
  /** Why the checksum is not verified, or what else is worth knowing about the row. */
  readonly note?: string;
  /** Why adopt refuses because of this row (dirty, failed, partial, mismatch, unmatched, gap, a disagreeing Cairn row). */
  readonly problem?: string;
  /** For matched and baseline rows: whether Cairn's revision table already records it (adopt writes only the others). */
  readonly recorded?: boolean;
}

export interface AdoptResult {
  readonly tool: ToolName;
  /** The tool's table that was read, qualified when it is not in the connection's schema. */
  readonly toolTable: string;
  readonly mapping: readonly AdoptMapping[];
  /** Versions written as Cairn revisions (for a dry run: that would be written), in directory order. */
  readonly written: readonly string[];
  /** The tool's baseline recorded as a Cairn baseline row, when it had one. */
  readonly baseline?: string;
  /** Nothing to write because Cairn's revision table already records every matched entry. */
  readonly alreadyAdopted: boolean;
  /** Why adopt refuses (empty when it wrote, or would write). A non-dry run throws instead of returning these. */
  readonly problems: readonly string[];
  readonly dryRun: boolean;
  /** How to drop the tool's table once the switch is done (Cairn never drops it). */
  readonly dropHint: string;
  /** The target, password masked. */
  readonly target: string;
}

/** Where a tool keeps its table; `schema` undefined means the connection's own schema/database. */
export interface ToolTable {
  readonly schema?: string;
  readonly table: string;
}

/** A row of the tool's table, keyed by the lower-case column names the tool declares. */
export type ToolRow = Readonly<Record<string, unknown>>;

/** What a tool module reads an entry from and matches it against. */
export interface ToolContext {
  readonly loaded: LoadedDir;
  readonly dialect: Dialect;
}

/** One entry of the tool's history, as the tool's own rules read it. */
export interface ToolEntry {
  /** The tool's key for it, as stored (shown in the mapping and in refusals). */
  readonly key: string;
  /** The directory migration it matches, if any. */
  readonly migration?: DirMigration;
  readonly checksum: ChecksumCheck;
  readonly note?: string;
  /** Why the tool's own rules say the entry is not cleanly applied: dirty, failed, partial, locked. */
  readonly problem?: string;
  /** The entry stands for every directory migration up to its own (golang-migrate's single row). */
  readonly coversEarlier?: boolean;
  /** A baseline: migrations up to it count as done without having run (Flyway's and Atlas's baselines). */
  readonly baseline?: boolean;
  /** A baseline's version as the tool stored it, for one the directory does not hold. */
  readonly version?: string;
  /** A repeatable migration whose file changed: the tool would run it again, so it stays pending. */
  readonly outdated?: boolean;
  /** A row the tool writes for itself: shown, never matched. */
  readonly ignored?: boolean;
}

/** A table read beside the history (knex's and Liquibase's lock tables): a held lock refuses. */
export interface ToolLock {
  /** Candidate names, tried in order, in the schema where the history table (named `found`) is. */
  tables(found: string): readonly string[];
  readonly columns: readonly string[];
  /** The refusal when a row says a run holds the lock, else undefined. */
  held(rows: readonly ToolRow[]): string | undefined;
}

/**
 * AdoptTool: one tool's history table and rules. A tool never branches on the dialect: where
 * its table lives differs per database (Drizzle's `drizzle` schema on PostgreSQL, Liquibase's
 * upper-case name on MySQL), so it lists candidates and the reader takes the first that exists.
 */
export interface AdoptTool {
  readonly name: ToolName;
  /** How people write the tool's name: `golang-migrate`, `Flyway`. */
  readonly label: string;
  /** Candidate locations of the table, in the order tried. */
  readonly tables: readonly ToolTable[];
  /** Columns the rules read (lower case; matched case-insensitively where the database folds names). */
  readonly columns: readonly string[];
  /** Reads the rows into entries, in the tool's apply order. */
  entries(rows: readonly ToolRow[], ctx: ToolContext): readonly ToolEntry[];
  readonly lock?: ToolLock;
  /** How to drop the tool's table(s) once the switch is done; `{table}` is the qualified name found. */
  readonly dropHint: string;
}
