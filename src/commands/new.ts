import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { CairnError } from '../errors.js';
import { getFormat } from '../migrate/dir/formats/index.js';
import { memoryListing } from '../migrate/dir/listing.js';
import type { DirFile, FormatName, MigrationSource } from '../migrate/dir/types.js';
import { writeFilesAtomically } from '../migrate/dir/write.js';
import { computeSum, renderSum, SUM_FILE } from '../migrate/sum/hash.js';
import { assertValidDir } from './validate.js';
import { detectFormat } from '../migrate/dir/formats/index.js';
import { readListing } from '../migrate/dir/listing.js';

export interface NewOptions {
  readonly dir: string;
  /** Description, e.g. `add_orders`; spaces become `_`. */
  readonly name: string;
  readonly format?: FormatName;
  /** The clock, for reproducible versions in tests. */
  readonly now?: Date;
  readonly up?: string;
  /** Down SQL; formats whose files always carry a down section get an empty one by default. */
  readonly down?: string;
  readonly noTransaction?: boolean;
}

export interface NewResult {
  /** Absolute paths of the migration files created. */
  readonly files: string[];
  readonly version: string;
  readonly format: FormatName;
  /** Absolute path of the atlas.sum that was updated. */
  readonly sum: string;
}

/** Formats whose own `create` command writes a down part even when it is empty. */
const DOWN_BY_DEFAULT: ReadonlySet<FormatName> = new Set(['golang-migrate', 'goose', 'dbmate']);

/**
 * newMigration adds an empty (or given) migration to a directory (`cairn new`), using the
 * directory's format and its numbering, and updates atlas.sum. The directory must be valid first
 * (as `atlas migrate new` requires), existing files are never overwritten, and on any error the
 * directory is left as it was (a directory created for the occasion is removed again).
 */
export function newMigration(opts: NewOptions): NewResult {
  const description = checkName(opts.name);
  const dir = resolve(opts.dir);
  const created = !existsSync(dir);
  if (created) {
    try {
      mkdirSync(dir, { recursive: true });
    } catch (err) {
      throw new CairnError('DIR_NOT_FOUND', `cannot create migration directory ${dir}: ${(err as NodeJS.ErrnoException).code === 'ENOTDIR' ? 'a parent is a file' : (err as Error).message}`, {
        details: { file: dir },
        cause: err,
      });
    }
  }
  try {
    const listing = readListing(dir);
    const format = opts.format ? getFormat(opts.format) : detectFormat(listing);
    if (!format.writable) throw new CairnError('USAGE', `the ${format.name} format is read-only; Cairn cannot add migrations to it`);
    const current = assertValidDir(listing, { format: format.name });
    const versions = current.migrations.filter((m) => !m.repeatable).map((m) => m.version);
    const latest = versions.sort(format.compareVersions).at(-1);
    const version = format.nextVersion(opts.now ?? new Date(), latest);
    const source: MigrationSource = {
      version,
      description,
      up: opts.up ?? '',
      ...(opts.down !== undefined ? { down: opts.down } : DOWN_BY_DEFAULT.has(format.name) ? { down: '' } : {}),
      ...(opts.noTransaction ? { noTransaction: true } : {}),
    };
    const files = format.render(source);
    const all: DirFile[] = [...listing.files.filter((f) => !files.some((n) => n.name === f.name)), ...files];
    const sum = computeSum(format.sumFiles(memoryListing(all, dir)));
    const paths = writeFilesAtomically(dir, [
      ...files.map((f) => ({ name: f.name, bytes: f.bytes })),
      { name: SUM_FILE, bytes: Buffer.from(renderSum(sum), 'utf8'), replace: true },
    ]);
    return { files: paths.slice(0, files.length), version, format: format.name, sum: paths[paths.length - 1] };
  } catch (err) {
    if (created) rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/** checkName keeps descriptions usable as file-name parts in every format. */
function checkName(name: string): string {
  const d = name.trim().replace(/\s+/g, '_');
  if (d === '' || /[/\\\0]/.test(d) || d.startsWith('.')) {
    throw new CairnError('USAGE', `invalid migration name "${name}": use letters, digits, _ and -`, { details: { name } });
  }
  return d;
}
