/**
 * Low-level scanners for the lexer. Each takes the index of a construct's opening character
 * and returns the index just past its end, or -1 when `limit` comes first (unterminated).
 * They use indexOf where they can: the closing character is usually far away and the native
 * search is much faster than a JavaScript loop on 400 KiB histories.
 */

export const LF = 10;
const CR = 13;

/** isSpace: the ASCII white space SQL engines skip between tokens. */
export function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/**
 * isIdentChar: letters, digits, `_`, `$` and anything non-ASCII. Keywords, identifiers and
 * numbers are all read as one "word"; `$` belongs to identifiers in PostgreSQL and MySQL.
 */
export function isIdentChar(c: number): boolean {
  const lower = c | 32;
  return (lower >= 97 && lower <= 122) || (c >= 48 && c <= 57) || c === 95 || c === 36 || (c >= 0x80 && c !== 0xfeff);
}

/** lineEnd: index of the `\n` ending the line at `i` (or `limit`); the comment excludes it. */
export function lineEnd(text: string, i: number, limit: number): number {
  const nl = text.indexOf('\n', i);
  return nl < 0 || nl > limit ? limit : nl;
}

/** withoutCR drops the `\r` of a CRLF line ending from a comment's text. */
export function withoutCR(s: string): string {
  return s.charCodeAt(s.length - 1) === CR ? s.slice(0, -1) : s;
}

/** trimEndIndex: the index after the last non-space character in [from, limit). */
export function trimEndIndex(text: string, from: number, limit: number): number {
  let k = limit;
  while (k > from && isSpace(text.charCodeAt(k - 1))) k--;
  return k;
}

/**
 * skipQuoted skips a string or quoted identifier opened by the character at `i`. A doubled
 * closing character stands for itself ('it''s', "a""b", `a``b`, [a]]b]); with `backslash`,
 * `\x` also escapes (MySQL strings, PostgreSQL E'' strings).
 */
export function skipQuoted(text: string, i: number, limit: number, close: string, backslash: boolean): number {
  return backslash ? skipQuotedBackslash(text, i + 1, limit, close.charCodeAt(0)) : skipQuotedPlain(text, i + 1, limit, close);
}

function skipQuotedPlain(text: string, from: number, limit: number, close: string): number {
  let k = from;
  for (;;) {
    const j = text.indexOf(close, k);
    if (j < 0 || j >= limit) return -1;
    if (j + 1 < limit && text.charCodeAt(j + 1) === close.charCodeAt(0)) {
      k = j + 2;
      continue;
    }
    return j + 1;
  }
}

function skipQuotedBackslash(text: string, from: number, limit: number, close: number): number {
  for (let k = from; k < limit; k++) {
    const c = text.charCodeAt(k);
    if (c === 92) {
      k++;
    } else if (c === close) {
      if (k + 1 < limit && text.charCodeAt(k + 1) === close) k++;
      else return k + 1;
    }
  }
  return -1;
}

/**
 * skipBlockComment skips a comment opened at `i`. PostgreSQL nests them; MySQL and SQLite
 * stop at the first close.
 */
export function skipBlockComment(text: string, i: number, limit: number, nested: boolean): number {
  if (!nested) {
    const j = text.indexOf('*/', i + 2);
    return j < 0 || j + 2 > limit ? -1 : j + 2;
  }
  // The next opener is searched again only once passed, so deep nesting stays linear.
  let depth = 1;
  let open = text.indexOf('/*', i + 2);
  let k = i + 2;
  for (;;) {
    const close = text.indexOf('*/', k);
    if (close < 0 || close + 2 > limit) return -1;
    if (open >= 0 && open < close) {
      depth++;
      k = open + 2;
      open = text.indexOf('/*', k);
      continue;
    }
    if (--depth === 0) return close + 2;
    k = close + 2;
  }
}

/**
 * dollarTagLength returns the length of a `$$` or `$tag$` opener at `i`, or 0. A tag starts
 * with a letter or `_` (never a digit), which is what keeps `$1` parameters out.
 */
export function dollarTagLength(text: string, i: number, limit: number): number {
  let k = i + 1;
  if (k < limit && text.charCodeAt(k) === 36) return 2;
  const first = text.charCodeAt(k);
  if (!(isIdentChar(first) && first !== 36 && !(first >= 48 && first <= 57))) return 0;
  for (k++; k < limit; k++) {
    const c = text.charCodeAt(k);
    if (c === 36) return k - i + 1;
    if (!isIdentChar(c)) return 0;
  }
  return 0;
}

/** skipDollarQuoted skips a dollar-quoted body whose opener of `tagLength` starts at `i`. */
export function skipDollarQuoted(text: string, i: number, limit: number, tagLength: number): number {
  const tag = text.slice(i, i + tagLength);
  const j = text.indexOf(tag, i + tagLength);
  return j < 0 || j + tagLength > limit ? -1 : j + tagLength;
}

/**
 * readWordEnd returns the end of the identifier-like word starting at `i`, or the index
 * where `stop(k)` says a custom terminator begins (`END$$` under `DELIMITER $$`).
 */
export function readWordEnd(text: string, i: number, limit: number, stop?: (k: number) => boolean): number {
  let k = i;
  while (k < limit && isIdentChar(text.charCodeAt(k))) {
    if (stop !== undefined && k > i && stop(k)) break;
    k++;
  }
  return k;
}
