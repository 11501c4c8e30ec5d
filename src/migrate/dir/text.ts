import { isUtf8 } from 'node:buffer';
import { CairnError } from '../../errors.js';
import type { DirFile, SqlPart } from './types.js';

/** A decoded file: `text` has the BOM removed; `bomBytes` keeps byte offsets true to the file. */
export interface DecodedFile {
  readonly file: string;
  readonly text: string;
  readonly bomBytes: number;
}

const BOM = [0xef, 0xbb, 0xbf];

/**
 * decodeFile turns raw bytes into SQL text. Bytes that are not UTF-8 are an error naming the file
 * and byte offset rather than a silent U+FFFD: running a mangled statement is worse than stopping.
 * The BOM is stripped from the text only; atlas.sum still hashes the raw bytes.
 */
export function decodeFile(f: DirFile): DecodedFile {
  // isUtf8 is native and as strict as firstInvalidUtf8 (no overlongs, surrogates or values
  // above U+10FFFF); the byte loop only runs to find where a bad file goes wrong.
  const bad = isUtf8(f.bytes) ? -1 : firstInvalidUtf8(f.bytes);
  if (bad >= 0) {
    let line = 1;
    for (let i = 0; i < bad; i++) if (f.bytes[i] === 0x0a) line++;
    const column = bad === 0 ? 1 : bad - (f.bytes.lastIndexOf(0x0a, bad - 1) + 1) + 1;
    throw new CairnError('FILE_UNREADABLE', `${f.name} is not valid UTF-8 at line ${line}, column ${column} (byte offset ${bad}, 0x${f.bytes[bad].toString(16).padStart(2, '0')})`, {
      details: { file: f.name, offset: bad, line, column },
      hint: 're-save the file as UTF-8',
    });
  }
  const bomBytes = f.bytes.length >= 3 && BOM.every((b, i) => f.bytes[i] === b) ? 3 : 0;
  return { file: f.name, text: Buffer.from(f.bytes.buffer, f.bytes.byteOffset, f.bytes.byteLength).toString('utf8', bomBytes), bomBytes };
}

/** firstInvalidUtf8 returns the byte offset where the first malformed sequence starts, or -1. */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    let n: number;
    let min: number;
    if (c < 0x80) { i++; continue; }
    else if (c >= 0xc2 && c <= 0xdf) { n = 1; min = 0x80; }
    else if (c >= 0xe0 && c <= 0xef) { n = 2; min = 0x800; }
    else if (c >= 0xf0 && c <= 0xf4) { n = 3; min = 0x10000; }
    else return i;
    if (i + n >= b.length) return i; // truncated sequence at end of file
    let cp = c & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const cc = b[i + k];
      if ((cc & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (cc & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return -1;
}

/** A line of text: its content without the line break (and without a trailing CR) and where it starts. */
export interface Line {
  readonly text: string;
  /** Index in the decoded text of the first character. */
  readonly start: number;
  /** Index just past the line break (or end of text). */
  readonly next: number;
  /** 1-based line number. */
  readonly number: number;
}

/** lines splits text on LF, tolerating CRLF, and keeps every line's position. */
export function lines(text: string): Line[] {
  const out: Line[] = [];
  let start = 0;
  let number = 1;
  while (start < text.length) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    const next = nl < 0 ? text.length : nl + 1;
    out.push({ text: text.slice(start, end).replace(/\r$/, ''), start, next, number });
    start = next;
    number++;
  }
  return out;
}

/**
 * part makes a SqlPart for `text.slice(from, to)`, with the line and byte offset of `from` in the
 * file so that statement positions found by the lexer map back to the file.
 */
export function part(d: DecodedFile, from = 0, to = d.text.length): SqlPart {
  const before = d.text.slice(0, from);
  let line = 1;
  for (let i = before.indexOf('\n'); i >= 0; i = before.indexOf('\n', i + 1)) line++;
  return { file: d.file, text: d.text.slice(from, to), line, offset: d.bomBytes + Buffer.byteLength(before, 'utf8') };
}

/** emptyPart is the SQL part of a file that holds no SQL of its own (a TypeScript migration). */
export function emptyPart(file: string): SqlPart {
  return { file, text: '', line: 1, offset: 0 };
}

/**
 * headMentions says whether the first 64 KB of a file contain `word` (ASCII, any case). Format
 * detection asks it of every file before decoding the file and running a marker regex on it: a
 * regex can only match a head that contains its literal part. The lowered head is computed once
 * per file and shared by every format's detector (latin1 keeps one character per byte, and
 * lowering it never turns a non-ASCII byte into an ASCII letter).
 */
export function headMentions(f: DirFile, word: string): boolean {
  let head = lowerHeads.get(f);
  if (head === undefined) {
    head = f.bytes.toString('latin1', 0, Math.min(f.bytes.length, 65536)).toLowerCase();
    lowerHeads.set(f, head);
  }
  return head.includes(word.toLowerCase());
}

const lowerHeads = new WeakMap<DirFile, string>();

/**
 * headText is the start of a file as text, for cheap format detection: BOM removed, invalid
 * bytes replaced rather than thrown (parsing reports those properly later).
 */
export function headText(f: DirFile, max = 65536): string {
  return f.bytes.subarray(0, max).toString('utf8').replace(/^\uFEFF/, '');
}
