import type { Directives } from './types.js';

/** The goose marker that makes a file run outside a transaction, in any case. */
const GOOSE_NO_TX = /^[ \t]*--[ \t]*\+goose[ \t]+no[ \t]+transaction[ \t]*\r?$/im;

/**
 * parseDirectives reads the file-level directives. Atlas directives live in the comment
 * header at the top of the file; `atlas:sum ignore` must be the first line, and
 * `atlas:nolint` (or Cairn's `cairn:nolint`) counts for the whole file only when a blank line
 * separates it from the first statement (directly above a statement it belongs to that
 * statement). goose's
 * `NO TRANSACTION` marker may sit on any line.
 *
 * @example
 *   parseDirectives('-- atlas:txmode none\n\nCREATE INDEX CONCURRENTLY i ON t (c);')
 *   // => { noTransaction: true, sumIgnore: false }
 */
export function parseDirectives(text: string): Directives {
  const header = headerGroups(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  let noTransaction = GOOSE_NO_TX.test(text);
  let sumIgnore = false;
  let delimiter: string | undefined;
  let nolint: string[] | undefined;
  header.forEach((group, g) => {
    group.lines.forEach((line, l) => {
      const d = atlasDirective(line);
      if (d === undefined) return;
      const n = nolintDirective(line);
      if (n !== undefined && group.detached) nolint = [...(nolint ?? []), ...n];
      if (d.tool === 'cairn') return; // cairn: spells only nolint (Atlas's own directives stay atlas:)
      if (g === 0 && l === 0 && group.firstLine && d.name === 'sum' && /^ignore\b/i.test(d.args)) sumIgnore = true;
      if (d.name === 'txmode' && d.args.toLowerCase() === 'none') noTransaction = true;
      if (d.name === 'delimiter' && d.args !== '') delimiter = unescapeDelimiter(d.args);
    });
  });
  return {
    noTransaction,
    sumIgnore,
    ...(nolint === undefined ? {} : { nolint }),
    ...(delimiter === undefined ? {} : { delimiter }),
  };
}

/** A run of consecutive `--` comment lines in the file header. */
interface CommentGroup {
  readonly lines: string[];
  /** Followed by a blank line or the end of the file, not by a statement. */
  detached: boolean;
  /** The group starts on the file's first line. */
  readonly firstLine: boolean;
}

/**
 * headerGroups splits the leading comment lines into groups separated by blank lines. It
 * stops at the first line that is neither blank nor a `--` comment, so its cost is the
 * header's length, not the file's.
 */
function headerGroups(text: string): CommentGroup[] {
  const groups: CommentGroup[] = [];
  let current: CommentGroup | undefined;
  let start = 0;
  let lineNo = 0;
  while (start <= text.length) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    const line = text.slice(start, end).trim();
    if (line === '') {
      if (current !== undefined) current.detached = true;
      current = undefined;
    } else if (line.startsWith('--')) {
      if (current === undefined) {
        current = { lines: [], detached: false, firstLine: lineNo === 0 };
        groups.push(current);
      }
      current.lines.push(line);
    } else {
      break;
    }
    if (nl < 0) {
      if (current !== undefined) current.detached = true;
      break;
    }
    start = nl + 1;
    lineNo++;
  }
  return groups;
}

/**
 * atlasDirective parses `-- atlas:name args` (the args keep their inner spacing), and Cairn's
 * own spelling `-- cairn:name args`, which only `nolint` uses (see nolintDirective).
 */
function atlasDirective(line: string): { tool: 'atlas' | 'cairn'; name: string; args: string } | undefined {
  const m = /^--[ \t]*(atlas|cairn):([a-z]+)(?:[ \t]+(.*))?$/i.exec(line);
  if (m === null) return undefined;
  return { tool: m[1].toLowerCase() as 'atlas' | 'cairn', name: m[2].toLowerCase(), args: (m[3] ?? '').trim() };
}

/**
 * nolintDirective reads a `nolint` comment: `-- atlas:nolint DS103 MF101` or `-- cairn:nolint
 * DS103, MF101` (also as a one-line block comment), returning the codes or names it silences;
 * an empty list silences everything, and undefined means the comment is no nolint directive.
 * Directly above a statement (`Statement.leadingComments`) it silences that statement; in the
 * file header, detached by a blank line, the whole file (parseDirectives).
 *
 * @example
 *   nolintDirective('-- cairn:nolint DS103, MF101') // => ['DS103', 'MF101']
 *   nolintDirective('-- atlas:nolint')              // => []
 *   nolintDirective('-- a plain comment')           // => undefined
 */
export function nolintDirective(comment: string): readonly string[] | undefined {
  const text = comment.trim().replace(/^\/\*([\s\S]*)\*\/$/, '--$1').trim();
  const m = /^--[ \t]*(?:atlas|cairn):nolint(?:[ \t]+(.*))?$/i.exec(text);
  if (m === null) return undefined;
  return (m[1] ?? '').split(/[\s,]+/).filter((s) => s !== '');
}

/** unescapeDelimiter lets `-- atlas:delimiter \n\n` mean "a blank line ends a statement". */
function unescapeDelimiter(raw: string): string {
  return raw.replace(/\\([nrt\\])/g, (_, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c === 't' ? '\t' : '\\'));
}
