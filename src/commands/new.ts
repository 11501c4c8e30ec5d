import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { CairnError } from '../errors.js';
import { getFormat } from '../migrate/dir/formats/index.js';
import { memoryListing } from '../migrate/dir/listing.js';
import type { DirFile, DirFormat, FormatName, MigrationSource } from '../migrate/dir/types.js';
import type { Problem } from '../migrate/dir/problems.js';
import { writeFilesAtomically } from '../migrate/dir/write.js';
import { computeSum, renderSum, SUM_FILE } from '../migrate/sum/hash.js';
import { assertValidDir } from './validate.js';
import { detectFormat } from '../migrate/dir/formats/index.js';
import { readListing } from '../migrate/dir/listing.js';
import { codeMigrationSkeleton } from '../migrate/code/skeleton.js';

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
  /** Write a code migration (`{version}_{name}.ts`, Atlas-format directories) instead of SQL. */
  readonly code?: boolean;
}

export interface NewResult {
  /** Absolute paths of the migration files created. */
  readonly files: string[];
  readonly version: string;
  readonly format: FormatName;
  /** Absolute path of the atlas.sum that was updated. */
  readonly sum: string;
  /** When the new migration does not run last (see orderWarnings). */
  readonly warnings?: readonly Problem[];
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
    const version = pickVersion(format, opts.now ?? new Date(), versions);
    const source: MigrationSource = {
      version,
      description,
      up: opts.up ?? '',
      ...(opts.down !== undefined ? { down: opts.down } : DOWN_BY_DEFAULT.has(format.name) ? { down: '' } : {}),
      ...(opts.noTransaction ? { noTransaction: true } : {}),
    };
    const files = opts.code ? codeFiles(format, source, opts) : format.render(source);
    const all: DirFile[] = [...listing.files.filter((f) => !files.some((n) => n.name === f.name)), ...files];
    const warnings = orderWarnings(format, all, dir, version);
    const sum = computeSum(format.sumFiles(memoryListing(all, dir)));
    const paths = writeFilesAtomically(dir, [
      ...files.map((f) => ({ name: f.name, bytes: f.bytes })),
      { name: SUM_FILE, bytes: Buffer.from(renderSum(sum), 'utf8'), replace: true },
    ]);
    return { files: paths.slice(0, files.length), version, format: format.name, sum: paths[paths.length - 1], ...(warnings.length ? { warnings } : {}) };
  } catch (err) {
    if (created) rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/** A code migration's file: only Atlas-format directories (Cairn's own) hold them. */
function codeFiles(format: DirFormat, source: MigrationSource, opts: NewOptions): DirFile[] {
  if (format.name !== 'atlas') {
    throw new CairnError('USAGE', `code migrations live in Atlas-format directories; this one is ${format.name}, whose own tool would not run a .ts file`, {
      hint: 'convert the directory with `cairn import --to atlas`, or write this migration in SQL',
    });
  }
  if (opts.up !== undefined || opts.down !== undefined || opts.noTransaction) throw new CairnError('USAGE', 'a code migration takes no up/down SQL or noTransaction: write them in the module');
  const name = `${source.version}${source.description ? `_${source.description}` : ''}.ts`;
  return [{ name, bytes: Buffer.from(codeMigrationSkeleton(), 'utf8') }];
}

const DIGITS = /^\d+$/;

/**
 * pickVersion gives the version of a new migration: the format's next version (nextVersion)
 * after the latest one, checked to sort after every existing version by the format's own rule
 * and, for numeric versions, to be numerically greater than all of them. dbmate keeps versions
 * as text and orders them as text (`10` before `9`), so in a directory with unpadded versions the
 * latest by that rule is not the highest number, and the number after it may be taken already
 * (`9` → `10` next to an existing `10_…`). The number after the highest one then comes first;
 * when that sorts before an existing version as text (`11` before `9`), the version is the
 * highest one by the format's rule followed by digits (`9` → `91`): a string sorts after
 * everything its prefix sorts after, and enough digits make it numerically the greatest.
 */
export function pickVersion(format: Pick<DirFormat, 'compareVersions' | 'nextVersion'>, now: Date, versions: readonly string[]): string {
  const sorted = [...versions].sort(format.compareVersions);
  const latest = sorted.at(-1);
  const numeric = versions.length > 0 && versions.every((v) => DIGITS.test(v));
  if (!numeric) return format.nextVersion(now, latest);
  const highest = versions.reduce((a, b) => (BigInt(b) > BigInt(a) ? b : a));
  const fits = (v: string) => DIGITS.test(v) && BigInt(v) > BigInt(highest) && versions.every((x) => format.compareVersions(v, x) > 0);
  for (const after of new Set([latest!, highest])) {
    const v = format.nextVersion(now, after);
    if (fits(v)) return v;
  }
  for (let zeros = 0; zeros < 64; zeros++) {
    const v = `${latest}1${'0'.repeat(zeros)}`;
    if (fits(v)) return v;
  }
  throw new CairnError('USAGE', `cannot pick a version after ${latest} and ${highest}; rename the files with zero-padded versions`);
}

/**
 * orderWarnings: the new migration should run last. A format that orders by file name (dbmate)
 * may not allow it: nothing sorts after `9_a.sql` by name but version 9 itself (`91_b.sql`
 * comes before it), so the file runs before others on a fresh database, and apply sees it as
 * older than those already applied.
 */
function orderWarnings(format: DirFormat, files: readonly DirFile[], dir: string, version: string): Problem[] {
  let order;
  try {
    order = format.parse(memoryListing(files, dir)).filter((m) => !m.repeatable);
  } catch {
    return []; // the write below reports what is wrong with the directory
  }
  const at = order.findIndex((m) => m.version === version);
  if (at < 0 || at === order.length - 1) return [];
  const last = order[order.length - 1]!;
  return [{
    file: order[at]!.up.file,
    reason: `${format.name} runs it before ${last.up.file} (files run in name order), so apply refuses it as older than ${last.version} where that is applied: ` +
      'pass --exec-order non-linear there, or rename the files with zero-padded versions',
  }];
}

/** checkName keeps descriptions usable as file-name parts in every format. */
function checkName(name: string): string {
  const d = name.trim().replace(/\s+/g, '_');
  if (d === '' || /[/\\\0]/.test(d) || d.startsWith('.')) {
    throw new CairnError('USAGE', `invalid migration name "${name}": use letters, digits, _ and -`, { details: { name } });
  }
  return d;
}
