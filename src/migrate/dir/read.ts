import { detectFormat, getFormat } from './formats/index.js';
import { readListing } from './listing.js';
import type { DirListing, FormatName, MigrationDir } from './types.js';
import type { Problem } from './problems.js';

export interface ReadDirOptions {
  /** The directory's format; detected from its files when absent. */
  readonly format?: FormatName;
}

/**
 * readMigrationDir reads and parses a migration directory. Only the top level is read (and the
 * sub-directories a format defines, like Prisma folders or Drizzle's `meta/`), so a nested
 * directory with its own atlas.sum is never mixed in. It does not check atlas.sum; commands that
 * run migrations call `assertValidDir` first.
 *
 * @example
 * const dir = readMigrationDir('migrations');
 * dir.migrations.map((m) => m.version);
 */
export function readMigrationDir(path: string, opts: ReadDirOptions = {}): MigrationDir {
  return parseListing(readListing(path), opts);
}

/** parseListing is readMigrationDir for a listing already in hand (in memory, or read once). */
export function parseListing(listing: DirListing, opts: ReadDirOptions = {}): MigrationDir {
  const format = opts.format ? getFormat(opts.format) : detectFormat(listing);
  const warnings: Problem[] = [];
  const migrations = format.parse(listing, (w) => warnings.push(w));
  return { path: listing.path, format, listing, migrations, warnings };
}
