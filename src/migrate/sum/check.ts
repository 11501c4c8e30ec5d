import type { DirFile, MigrationDir } from '../dir/types.js';
import { compareNames } from '../dir/listing.js';
import { computeSum, headerDigest, isSumIgnored, parseSum, SUM_FILE, type SumFile } from './hash.js';
import { CairnError } from '../../errors.js';

/**
 * What is wrong between atlas.sum and the directory.
 * - `added`, `edited`, `removed`: a migration file changed since the sum was written.
 * - `sum-edited`: atlas.sum itself was edited by hand (its header does not match its lines),
 *   or cannot be parsed.
 * - `sum-missing`: the directory has migration files but no atlas.sum.
 * - `legacy-down-files`: a golang-migrate sum written by Atlas < 0.32.1, which also hashed
 *   `.down.sql` files.
 */
export type SumFindingKind = 'added' | 'edited' | 'removed' | 'sum-edited' | 'sum-missing' | 'legacy-down-files';

export interface SumFinding {
  /** Line in atlas.sum (for `added`: the line `cairn hash` would write it on). */
  readonly line: number;
  readonly file: string;
  readonly kind: SumFindingKind;
  /** `L3: 2_add.sql was edited`. */
  readonly message: string;
  readonly hint: string;
}

export interface SumCheck {
  readonly ok: boolean;
  /** False when the directory has migration files but no atlas.sum. */
  readonly present: boolean;
  readonly findings: readonly SumFinding[];
  /** The sum the directory should have (what `cairn hash` would write). */
  readonly expected: SumFile;
}

const HINT = 'run `cairn hash` to re-hash the directory, after checking the change was intended';

/**
 * checkSum compares atlas.sum with the directory and says which file changed. The running hash
 * makes every entry after an edit differ too, so reporting entry mismatches would be a wall of
 * "edited" lines; instead added and removed files are found by name, and an edit is the first
 * common file whose entry differs once added files are left out of the chain. After a removed
 * file the old chain cannot be recomputed (its bytes are gone), so edits there go unreported
 * beyond the removal itself, which already fails the check.
 */
export function checkSum(dir: Pick<MigrationDir, 'format' | 'listing'>): SumCheck {
  const files = dir.format.sumFiles(dir.listing);
  const expected = computeSum(files);
  const sumFile = dir.listing.files.find((f) => f.name === SUM_FILE);
  if (!sumFile) {
    const ok = expected.entries.length === 0;
    return { ok, present: false, findings: ok ? [] : [finding(0, SUM_FILE, 'sum-missing')], expected };
  }
  let actual: SumFile;
  try {
    actual = parseSum(sumFile.bytes.toString('utf8'));
  } catch (err) {
    const line = err instanceof CairnError && typeof err.details.line === 'number' ? err.details.line : 1;
    return { ok: false, present: true, expected, findings: [finding(line, SUM_FILE, 'sum-edited')] };
  }
  if (actual.sum === expected.sum && sameEntries(actual, expected)) return { ok: true, present: true, findings: [], expected };
  if (headerDigest(actual.entries) !== actual.sum) {
    return { ok: false, present: true, expected, findings: [finding(1, SUM_FILE, 'sum-edited')] };
  }
  const legacy = legacyDownFiles(dir, actual);
  if (legacy) return { ok: false, present: true, expected, findings: legacy };
  return { ok: false, present: true, expected, findings: diffEntries(actual, files) };
}

function sameEntries(a: SumFile, b: SumFile): boolean {
  return a.entries.length === b.entries.length && a.entries.every((e, i) => e.file === b.entries[i].file && e.hash === b.entries[i].hash);
}

/**
 * legacyDownFiles recognises a golang-migrate sum from Atlas < 0.32.1: it lists `.down.sql`
 * files, which newer Atlas (and Cairn) leave out. If the old algorithm reproduces it exactly,
 * that is the only finding; otherwise the diff is made against the old file set so the user
 * sees real edits, not the side effects of the format change.
 */
function legacyDownFiles(dir: Pick<MigrationDir, 'format' | 'listing'>, actual: SumFile): SumFinding[] | undefined {
  if (dir.format.name !== 'golang-migrate' || !actual.entries.some((e) => e.file.endsWith('.down.sql'))) return undefined;
  const all = dir.listing.files.filter((f) => f.name.endsWith('.sql'));
  const note: SumFinding = {
    line: 1,
    file: SUM_FILE,
    kind: 'legacy-down-files',
    message: 'atlas.sum was written by Atlas < 0.32.1, which also hashed .down.sql files',
    hint: 'run `cairn hash` to rewrite it in the current format',
  };
  return [note, ...(computeSum(all).sum === actual.sum ? [] : diffEntries(actual, all))];
}

function diffEntries(actual: SumFile, files: readonly DirFile[]): SumFinding[] {
  const current = computeSum(files);
  const recorded = new Map(actual.entries.map((e, i) => [e.file, i + 2]));
  const onDisk = new Set(current.entries.map((e) => e.file));
  const findings: SumFinding[] = [];
  actual.entries.forEach((e, i) => {
    if (!onDisk.has(e.file)) findings.push(finding(i + 2, e.file, 'removed'));
  });
  current.entries.forEach((e, i) => {
    if (!recorded.has(e.file)) findings.push(finding(i + 2, e.file, 'added'));
  });
  // Recompute the chain without the added files; it then lines up with the recorded one until
  // the first removed file, and the first difference there is an edit.
  // Files marked `atlas:sum ignore` have no entry but still feed their name, so they stay.
  const kept = computeSum(files.filter((f) => recorded.has(f.name) || isSumIgnored(f.bytes)));
  const firstRemoved = findings.find((f) => f.kind === 'removed');
  for (let i = 0; i < kept.entries.length && i < actual.entries.length; i++) {
    const was = actual.entries[i];
    if (firstRemoved && compareNames(was.file, firstRemoved.file) >= 0) break;
    if (was.file !== kept.entries[i].file) break;
    if (was.hash !== kept.entries[i].hash) {
      findings.push(finding(i + 2, was.file, 'edited'));
      break;
    }
  }
  if (findings.length === 0) findings.push(finding(1, SUM_FILE, 'sum-edited'));
  return findings.sort((a, b) => compareNames(a.file, b.file) || a.line - b.line);
}

function finding(line: number, file: string, kind: SumFindingKind): SumFinding {
  if (kind === 'sum-missing') return { line, file, kind, message: 'atlas.sum is missing', hint: 'run `cairn hash` to create it' };
  const what = kind === 'sum-edited' ? 'atlas.sum was edited by hand or is malformed' : `${file} was ${kind}`;
  return { line, file, kind, message: `L${line}: ${what}`, hint: HINT };
}
