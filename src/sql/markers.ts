/**
 * Line markers that tools put in SQL comments or as client commands, which the lexer treats
 * as structure rather than as comments or SQL: Drizzle's breakpoint, goose's block markers and
 * the mysql client's DELIMITER.
 */

const BREAKPOINT = 'statement-breakpoint';

/**
 * breakpointEnd: if Drizzle's `--> statement-breakpoint` (alone up to the end of the line)
 * starts at `i`, the index of that line end; otherwise -1. It looks no further than the
 * marker, so a long run of `-->` costs linear time.
 */
export function breakpointEnd(text: string, i: number, limit: number): number {
  if (text.charCodeAt(i + 2) !== 62 /* > */) return -1;
  let k = skipBlanks(text, i + 3, limit);
  if (!text.startsWith(BREAKPOINT, k) || k + BREAKPOINT.length > limit) return -1;
  k = skipBlanks(text, k + BREAKPOINT.length, limit);
  if (k < limit && text.charCodeAt(k) === 13) k++;
  return k >= limit || text.charCodeAt(k) === 10 ? k : -1;
}

function skipBlanks(text: string, k: number, limit: number): number {
  while (k < limit && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9)) k++;
  return k;
}

/** startsDashComment: MySQL wants white space, a control character or the end after `--`. */
export function startsDashComment(text: string, k: number, limit: number): boolean {
  return k >= limit || text.charCodeAt(k) <= 32;
}

/** gooseCommand returns the lower-cased command of a `-- +goose Command` line, or ''. */
export function gooseCommand(comment: string): string {
  const m = /^--[ \t]*\+goose[ \t]+(\S[^\r\n]*?)[ \t]*\r?$/i.exec(comment);
  return m === null ? '' : m[1].toLowerCase();
}

/**
 * isDelimiterCommand: the word at [i, end) is the mysql client's DELIMITER, followed by a
 * blank or the end of the line (a bare DELIMITER is still the command, just a broken one).
 */
export function isDelimiterCommand(text: string, i: number, end: number): boolean {
  const c = text.charCodeAt(end);
  const blank = c === 32 || c === 9 || c === 10 || c === 13 || end >= text.length;
  return blank && text.slice(i, end).toUpperCase() === 'DELIMITER';
}
