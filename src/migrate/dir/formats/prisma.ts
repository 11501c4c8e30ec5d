import { CairnError } from '../../../errors.js';
import { Problems } from '../problems.js';
import { decodeFile, part } from '../text.js';
import type { DirFile, DirFormat, DirListing, Migration } from '../types.js';
import { compareBytes } from '../version.js';

/**
 * Prisma (read-only): one folder per migration holding `migration.sql`, applied in folder-name
 * order. Prisma identifies a migration by its whole folder name (`_prisma_migrations.migration_name`)
 * and sorts folders by name, so `20240528214728_add_cursor_index_01` … `_18` are eighteen
 * migrations: the version is the folder name. Folder names are free-form (`01_init`,
 * `20240101120000_add users`, even `x.sql`); the part before the first `_` is what an import into
 * a `{version}_{name}` format keeps as the version (`importVersion`), the rest the description.
 * `migration_lock.toml` only records the provider.
 */
const MIGRATION = 'migration.sql';

function splitFolder(folder: string): { version: string; description: string } {
  const at = folder.indexOf('_');
  return at > 0 ? { version: folder.slice(0, at), description: folder.slice(at + 1).replace(/\.sql$/, '') } : { version: folder, description: '' };
}

function migrationFiles(listing: DirListing): { folder: string; file: DirFile }[] {
  return listing.subdirs
    .filter((s) => listing.listSubdir(s).includes(`${s}/${MIGRATION}`))
    .map((s) => ({ folder: s, file: listing.readFile(`${s}/${MIGRATION}`) }));
}

function parse(listing: DirListing): readonly Migration[] {
  const problems = new Problems();
  const found = migrationFiles(listing);
  const withSql = new Set(found.map((f) => f.folder));
  for (const s of listing.subdirs) {
    if (withSql.has(s)) continue;
    // A nested directory with its own atlas.sum is a separate migration directory, not a step.
    if (!listing.listSubdir(s).includes(`${s}/atlas.sum`)) problems.add(s, `folder has no ${MIGRATION}`);
  }
  problems.throwIfAny('prisma');
  // Folder names are unique in a directory, so there are no duplicate versions to report.
  return found.map(({ folder, file }) => {
    const { version, description } = splitFolder(folder);
    return { version: folder, importVersion: version, description, kind: 'sql', up: part(decodeFile(file)), noTransaction: false };
  });
}

export const prismaFormat: DirFormat = {
  name: 'prisma',
  writable: false,
  detect(listing) {
    if (migrationFiles(listing).length > 0) return 0.95;
    return listing.files.some((f) => f.name === 'migration_lock.toml') ? 0.8 : 0;
  },
  sumFiles: (listing) => migrationFiles(listing).map((m) => m.file).sort((a, b) => compareBytes(a.name, b.name)),
  parse,
  compareVersions: compareBytes,
  render() {
    throw new CairnError('USAGE', 'the prisma format is read-only; import it into another format with `cairn import`');
  },
  nextVersion() {
    throw new CairnError('USAGE', 'the prisma format is read-only; new migrations are written by Prisma');
  },
};
