import type { Statement } from '../../sql/types.js';
import type { Problem } from './problems.js';

/** The directory layouts Cairn reads. The first six are also written. */
export type FormatName = 'atlas' | 'golang-migrate' | 'goose' | 'flyway' | 'liquibase' | 'dbmate' | 'prisma' | 'drizzle';

export const FORMAT_NAMES: readonly FormatName[] = ['atlas', 'golang-migrate', 'goose', 'flyway', 'liquibase', 'dbmate', 'prisma', 'drizzle'];

/**
 * The formats Cairn also writes (`cairn import --to`, `new`, `diff`); Prisma and Drizzle are
 * read-only. Each format's `writable` says the same (a test keeps the two in step); this list
 * exists so the CLI can offer the choices without loading every format.
 */
export const WRITABLE_FORMAT_NAMES: readonly FormatName[] = ['atlas', 'golang-migrate', 'goose', 'flyway', 'liquibase', 'dbmate'];

/** A file of a migration directory: `name` is relative to the directory, with `/` separators. */
export interface DirFile {
  readonly name: string;
  readonly bytes: Buffer;
}

/** What a format parser sees: the top-level files and the names of the sub-directories. */
export interface DirListing {
  readonly path: string;
  /** Top-level regular files, sorted by UTF-8 bytes of the name. */
  readonly files: readonly DirFile[];
  /** Top-level sub-directory names, sorted. */
  readonly subdirs: readonly string[];
  /** Reads a nested file (`01_init/migration.sql`); throws CairnError FILE_UNREADABLE. */
  readFile(relative: string): DirFile;
  /** Lists a sub-directory's files (names relative to the top). */
  listSubdir(relative: string): readonly string[];
}

/**
 * A section of SQL inside a file: the whole file (Atlas) or the part under a marker
 * (goose `-- +goose Up`, dbmate `-- migrate:down`, a Liquibase changeset). `line` and `offset`
 * say where `text` starts in `file` so that statement positions map back to the file.
 */
export interface SqlPart {
  readonly file: string;
  readonly text: string;
  /** 1-based line in `file` of the first character of `text`. */
  readonly line: number;
  /** UTF-8 byte offset in `file` of the first character of `text`. */
  readonly offset: number;
  /**
   * Statements when the format fixes them itself (Liquibase `splitStatements:false`, or a format
   * that already split); otherwise undefined and the lexer splits `text`.
   */
  readonly statements?: readonly Statement[];
}

/** One migration, format-neutral. A directory is a list of these in apply order. */
export interface Migration {
  /**
   * The migration's identity in its format, as the revision table stores it: the version as
   * written in the file name ('20240115180414', '000001', '1.10'), a Prisma folder name
   * ('20240528214728_add_cursor_index_01'), a Drizzle journal tag ('0003_add_users'), a
   * Liquibase changeset id (`file::id::author` for a later changeset that reuses an id).
   */
  readonly version: string;
  /**
   * The version an import into another format keeps, when the identity is not itself a
   * version: the numeric prefix of a Prisma folder or a Drizzle tag. Absent: `version`.
   */
  readonly importVersion?: string;
  /** Human description ('add_orders'); may be ''. */
  readonly description: string;
  /** 'sql' for SQL files; 'ts' for TypeScript code migrations (`up`/`down` functions). */
  readonly kind: 'sql' | 'ts';
  /** The up SQL (for a 'ts' migration: `file` is the module and `text` is ''). */
  readonly up: SqlPart;
  /** The down SQL, when the directory has one (an empty down part counts as "has one"). */
  readonly down?: SqlPart;
  /** The file must run outside a transaction (`atlas:txmode none`, goose `NO TRANSACTION`). */
  readonly noTransaction: boolean;
  /** Flyway repeatable (`R__`) migrations: re-run when their checksum changes. */
  readonly repeatable?: boolean;
  /**
   * Flyway baseline (`B<ver>__`) migrations: on an empty database the latest one replaces every
   * versioned migration up to its version; on a database with history it is skipped.
   */
  readonly baseline?: boolean;
}

/** What a writer needs to render one migration in a format. */
export interface MigrationSource {
  readonly version: string;
  readonly description: string;
  readonly up: string;
  readonly down?: string;
  readonly noTransaction?: boolean;
  /** Flyway repeatable / baseline migrations; formats without them refuse such sources. */
  readonly repeatable?: boolean;
  readonly baseline?: boolean;
}

/**
 * DirFormat is one directory layout. Adding a format means adding one file under
 * `formats/` and registering it in `formats/index.ts`.
 */
export interface DirFormat {
  readonly name: FormatName;
  /** Whether `render` is supported (Prisma and Drizzle are read-only). */
  readonly writable: boolean;
  /** How sure (0..1) this format is that the listing is its own. */
  detect(listing: DirListing): number;
  /** The files that atlas.sum covers, in the order they are hashed (UTF-8 byte order of names). */
  sumFiles(listing: DirListing): readonly DirFile[];
  /**
   * Parses the listing into migrations in apply order; throws CairnError DIR_INVALID naming every
   * bad file. Files the format's own tool would skip are reported to `warn`, not refused.
   */
  parse(listing: DirListing, warn?: (w: Problem) => void): readonly Migration[];
  /**
   * Orders two versions of this format (negative: a before b), by the tool's own rule. The
   * runner orders versions the directory holds by their place in it, and falls back to this for
   * versions it does not (revisions applied from another copy of the directory).
   */
  compareVersions(a: string, b: string): number;
  /** Renders one migration as files of this format (names relative to the directory). */
  render(m: MigrationSource): readonly DirFile[];
  /** A new version for "now" (UTC YYYYMMDDHHMMSS, or the format's own numbering), after `latest`. */
  nextVersion(now: Date, latest?: string): string;
}

/** A directory read from disk (or memory), validated and parsed. */
export interface MigrationDir {
  readonly path: string;
  readonly format: DirFormat;
  readonly listing: DirListing;
  readonly migrations: readonly Migration[];
  /** Files the format's own tool would skip, which Cairn skips too but reports. */
  readonly warnings?: readonly Problem[];
}
