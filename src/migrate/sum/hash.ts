import { createHash } from 'node:crypto';
import { CairnError } from '../../errors.js';
import type { DirFile } from '../dir/types.js';

/** The file name Atlas and Cairn use for the integrity sum. */
export const SUM_FILE = 'atlas.sum';

/** One line of atlas.sum after the header: a file and the base64 running digest up to it. */
export interface SumEntry {
  readonly file: string;
  /** Base64 (standard, padded), without the `h1:` prefix. */
  readonly hash: string;
}

/** atlas.sum as data. `sum` is the header digest, without `h1:`. JSON-serialisable. */
export interface SumFile {
  readonly sum: string;
  readonly entries: readonly SumEntry[];
}

/**
 * Atlas's `atlas:sum ignore` check: it matches `^([ -~]*)atlas:(\w+)(?: +([ -~]*))*` against the
 * raw bytes, so only the first line counts, any printable prefix (`-- `, `//`) is allowed, and the
 * argument must be exactly `ignore`. We decode as latin1 so that every byte stays one character,
 * as in Go, and non-ASCII bytes end the first "line" just as they end `[ -~]*` there.
 */
const SUM_DIRECTIVE = /^([\x20-\x7e]*)atlas:(\w+)(?: +([\x20-\x7e]*))*/;

export function isSumIgnored(bytes: Buffer): boolean {
  // Only the leading run of printable ASCII can match; cut there instead of decoding the file.
  let end = 0;
  while (end < bytes.length && bytes[end] >= 0x20 && bytes[end] <= 0x7e) end++;
  const m = SUM_DIRECTIVE.exec(bytes.subarray(0, end).toString('latin1'));
  return m !== null && m[2] === 'sum' && m[3] === 'ignore';
}

/**
 * computeSum reproduces Atlas's HashFile byte for byte: one SHA-256 runs over the whole directory
 * and is never reset; for each file (callers pass them in UTF-8 byte order of names) the name and
 * then the raw bytes are written, and the entry is the digest of the running state so far. Files
 * marked `atlas:sum ignore` still feed their name but get no entry. Raw bytes, BOM included: the
 * sum protects what is on disk, not what we decoded.
 */
export function computeSum(files: readonly DirFile[]): SumFile {
  const running = createHash('sha256');
  const entries: SumEntry[] = [];
  for (const f of files) {
    running.update(Buffer.from(f.name, 'utf8'));
    if (isSumIgnored(f.bytes)) continue;
    running.update(f.bytes);
    entries.push({ file: f.name, hash: running.copy().digest('base64') });
  }
  return { sum: headerDigest(entries), entries };
}

/** headerDigest is the first line's digest: SHA-256 over every `name + entry` pair, concatenated. */
export function headerDigest(entries: readonly SumEntry[]): string {
  const h = createHash('sha256');
  for (const e of entries) {
    h.update(Buffer.from(e.file, 'utf8'));
    h.update(Buffer.from(e.hash, 'utf8'));
  }
  return h.digest('base64');
}

/** renderSum writes atlas.sum exactly as Atlas does: LF line ends, a final newline. */
export function renderSum(s: SumFile): string {
  return `h1:${s.sum}\n${s.entries.map((e) => `${e.file} h1:${e.hash}\n`).join('')}`;
}

/**
 * parseSum reads atlas.sum the way Atlas does (CRLF tolerated, the name is everything before
 * `h1:` trimmed). A line without `h1:` is a CairnError SUM_MISMATCH naming the line, since
 * the file can then protect nothing. The header is not checked here; see `checkSum`.
 */
export function parseSum(text: string): SumFile {
  const rows = text.split('\n').map((l) => l.replace(/\r$/, ''));
  if (rows.length > 0 && rows[rows.length - 1] === '') rows.pop();
  const header = rows[0] ?? '';
  const entries: SumEntry[] = [];
  rows.slice(1).forEach((row, i) => {
    const at = row.indexOf('h1:');
    if (at < 0) {
      throw new CairnError('SUM_MISMATCH', `atlas.sum is malformed at line ${i + 2}: expected "<file> h1:<hash>"`, {
        details: { file: SUM_FILE, line: i + 2 },
        hint: 'run `cairn hash` to rewrite atlas.sum',
      });
    }
    entries.push({ file: row.slice(0, at).trim(), hash: row.slice(at + 3) });
  });
  return { sum: header.startsWith('h1:') ? header.slice(3) : header, entries };
}
