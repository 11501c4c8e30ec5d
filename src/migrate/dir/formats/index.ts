import { CairnError } from '../../../errors.js';
import { FORMAT_NAMES, type DirFormat, type DirListing, type FormatName } from '../types.js';
import { atlasFormat } from './atlas.js';
import { dbmateFormat } from './dbmate.js';
import { drizzleFormat } from './drizzle.js';
import { flywayFormat } from './flyway.js';
import { golangMigrateFormat } from './golang-migrate.js';
import { gooseFormat } from './goose.js';
import { liquibaseFormat } from './liquibase.js';
import { prismaFormat } from './prisma.js';

/** Every format, keyed by name. Adding a format means one file and one line here. */
const FORMATS: Readonly<Record<FormatName, DirFormat>> = Object.freeze({
  atlas: atlasFormat,
  'golang-migrate': golangMigrateFormat,
  goose: gooseFormat,
  flyway: flywayFormat,
  liquibase: liquibaseFormat,
  dbmate: dbmateFormat,
  prisma: prismaFormat,
  drizzle: drizzleFormat,
});

export function isFormatName(name: string): name is FormatName {
  return (FORMAT_NAMES as readonly string[]).includes(name);
}

/** getFormat returns a format by name; an unknown name is a USAGE error listing the known ones. */
export function getFormat(name: string): DirFormat {
  if (!isFormatName(name)) throw new CairnError('USAGE', `unknown migration directory format "${name}"; expected one of: ${FORMAT_NAMES.join(', ')}`);
  return FORMATS[name];
}

export function allFormats(): readonly DirFormat[] {
  return FORMAT_NAMES.map((n) => FORMATS[n]);
}

/** One format's confidence for a listing, for explaining a detection. */
export interface Detection {
  readonly format: FormatName;
  readonly score: number;
}

/**
 * detectFormat picks the format most sure the listing is its own. Formats score their own
 * evidence (a Drizzle journal, goose markers, `.up.sql` pairs); Atlas's bare `{version}_{name}.sql`
 * convention is the weakest evidence, since every other format's files also look like it. Ties go
 * to the earlier format in FORMAT_NAMES, and an empty directory is Atlas, Cairn's default.
 */
export function detectFormat(listing: DirListing): DirFormat {
  const [best] = rankFormats(listing);
  return best && best.score > 0 ? FORMATS[best.format] : atlasFormat;
}

/** rankFormats lists every format's score, best first (ties in FORMAT_NAMES order). */
export function rankFormats(listing: DirListing): Detection[] {
  return FORMAT_NAMES.map((format) => ({ format, score: FORMATS[format].detect(listing) })).sort(
    (a, b) => b.score - a.score || FORMAT_NAMES.indexOf(a.format) - FORMAT_NAMES.indexOf(b.format),
  );
}
