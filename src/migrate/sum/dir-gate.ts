/**
 * The directory gate: a migration directory parsed and checked against its atlas.sum. It sits
 * with the sum check, below the runner and the commands that both pass it, and in a module of
 * its own so that a runner command that finds nothing to do never loads the SQL lexer
 * (commands/validate.ts needs it for checkSql; this does not).
 */
import { resolve } from 'node:path';
import { CairnError } from '../../errors.js';
import { readListing } from '../dir/listing.js';
import { parseListing } from '../dir/read.js';
import type { DirListing, FormatName, MigrationDir } from '../dir/types.js';
import { checkSum } from './check.js';

/**
 * assertValidDir is the gate every command that reads a migration directory passes first. It
 * returns the parsed directory, or throws: CairnError SUM_MISSING when there are migrations but
 * no atlas.sum, SUM_MISMATCH with `details.findings` when files changed since `cairn hash`, and
 * DIR_INVALID / FILE_UNREADABLE from parsing. An empty directory without atlas.sum is valid.
 * `sumRequired: false` accepts a directory that has no atlas.sum at all (the runner, adopting a
 * golang-migrate or Flyway directory as it is: the revision table's per-file hashes still catch
 * edits of applied files); a sum that exists must always match.
 *
 * @example
 * const dir = assertValidDir('migrations');
 * for (const m of dir.migrations) console.log(m.version);
 */
export function assertValidDir(dir: string | DirListing, opts: { format?: FormatName; sumRequired?: boolean } = {}): MigrationDir {
  const listing = typeof dir === 'string' ? readListing(resolve(dir)) : dir;
  const parsed = parseListing(listing, opts.format ? { format: opts.format } : {});
  const check = checkSum(parsed);
  if (check.ok) return parsed;
  if (!check.present) {
    if (opts.sumRequired === false) return parsed;
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
