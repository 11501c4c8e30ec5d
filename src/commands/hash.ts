import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { detectFormat, getFormat } from '../migrate/dir/formats/index.js';
import { readListing } from '../migrate/dir/listing.js';
import { parseListing } from '../migrate/dir/read.js';
import { checkSql } from './validate.js';
import type { FormatName } from '../migrate/dir/types.js';
import { writeFilesAtomically } from '../migrate/dir/write.js';
import { computeSum, renderSum, SUM_FILE, type SumFile } from '../migrate/sum/hash.js';

export interface HashOptions {
  readonly dir: string;
  readonly format?: FormatName;
}

export interface HashResult {
  /** Absolute path of atlas.sum. */
  readonly path: string;
  /** False when atlas.sum already had exactly these bytes. */
  readonly written: boolean;
  readonly format: FormatName;
  readonly sum: SumFile;
}

/**
 * hash writes atlas.sum for a directory (`cairn hash`), byte-compatible with `atlas migrate hash`.
 * Like Atlas it does not judge file names or SQL: it records what is there, so that later edits
 * are caught. The file is replaced atomically and left alone when already up to date, so its
 * mtime only changes when its content does.
 */
export function hash(opts: HashOptions): HashResult {
  const dir = resolve(opts.dir);
  const listing = readListing(dir);
  const format = opts.format ? getFormat(opts.format) : detectFormat(listing);
  // Unlike `atlas migrate hash`, refuse a directory `cairn validate` would reject (bad names,
  // duplicate versions, non-UTF-8 bytes): hashing it would bless files no command can run, and a
  // failed hash must leave the directory untouched.
  checkSql(parseListing(listing, { format: format.name }));
  const sum = computeSum(format.sumFiles(listing));
  const bytes = Buffer.from(renderSum(sum), 'utf8');
  const path = join(dir, SUM_FILE);
  if (existsSync(path) && readFileSync(path).equals(bytes)) return { path, written: false, format: format.name, sum };
  writeFilesAtomically(dir, [{ name: SUM_FILE, bytes, replace: true }]);
  return { path, written: true, format: format.name, sum };
}
