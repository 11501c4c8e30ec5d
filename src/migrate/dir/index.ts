/** The migration-directory API: read a directory in any format, render migrations, detect formats. */
export type { DirFile, DirFormat, DirListing, FormatName, Migration, MigrationDir, MigrationSource, SqlPart } from './types.js';
export { FORMAT_NAMES } from './types.js';
export { readListing, memoryListing, compareNames } from './listing.js';
export { readMigrationDir, parseListing, type ReadDirOptions } from './read.js';
export { getFormat, detectFormat, rankFormats, allFormats, isFormatName, type Detection } from './formats/index.js';
export { DOWN_MARKER } from './formats/atlas.js';
export type { Problem } from './problems.js';
