import { resolve } from 'node:path';
import { CairnError } from '../errors.js';
import { detectFormat, getFormat } from '../migrate/dir/formats/index.js';
import { readListing } from '../migrate/dir/listing.js';
import { parseListing } from '../migrate/dir/read.js';
import type { DirListing, FormatName, MigrationDir } from '../migrate/dir/types.js';
import { checkSum, type SumFinding } from '../migrate/sum/check.js';

export interface ValidateOptions {
  readonly dir: string;
  readonly format?: FormatName;
}

export interface ValidateResult {
  /** True when atlas.sum matches and every file parses. */
  readonly ok: boolean;
  readonly findings: readonly SumFinding[];
  readonly format: FormatName;
  /** Number of migrations parsed. */
  readonly migrations: number;
}

/**
 * validate checks a directory (`cairn validate`): file names, versions and encodings (a problem
 * there throws CairnError DIR_INVALID / FILE_UNREADABLE listing every bad file), then atlas.sum
 * against the files. Sum problems are returned as findings, not thrown, so the caller can
 * print them all and choose the exit code.
 */
export function validate(opts: ValidateOptions): ValidateResult {
  const listing = readListing(resolve(opts.dir));
  const format = opts.format ? getFormat(opts.format) : detectFormat(listing);
  const dir = parseListing(listing, { format: format.name });
  const check = checkSum(dir);
  return { ok: check.ok, findings: check.findings, format: format.name, migrations: dir.migrations.length };
}

/**
 * assertValidDir is the gate every command that reads a migration directory passes first. It
 * returns the parsed directory, or throws: CairnError SUM_MISSING when there are migrations but
 * no atlas.sum, SUM_MISMATCH with `details.findings` when files changed since `cairn hash`, and
 * DIR_INVALID / FILE_UNREADABLE from parsing. An empty directory without atlas.sum is valid.
 *
 * @example
 * const dir = assertValidDir('migrations');
 * for (const m of dir.migrations) console.log(m.version);
 */
export function assertValidDir(dir: string | DirListing, opts: { format?: FormatName } = {}): MigrationDir {
  const listing = typeof dir === 'string' ? readListing(resolve(dir)) : dir;
  const parsed = parseListing(listing, opts.format ? { format: opts.format } : {});
  const check = checkSum(parsed);
  if (check.ok) return parsed;
  if (!check.present) {
    throw new CairnError('SUM_MISSING', `${listing.path} has migrations but no atlas.sum`, {
      details: { file: 'atlas.sum', findings: check.findings },
      hint: 'run `cairn hash` to create it',
    });
  }
  const lines = check.findings.map((f) => `  ${f.message}`).join('\n');
  throw new CairnError('SUM_MISMATCH', `atlas.sum does not match ${listing.path}:\n${lines}`, {
    details: { file: check.findings[0]?.file, line: check.findings[0]?.line, findings: check.findings },
    hint: check.findings[0]?.hint,
  });
}

