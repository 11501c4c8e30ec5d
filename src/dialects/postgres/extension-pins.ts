/**
 * What SQL text says, explicitly, about extension versions: the statements that pin one
 * (`CREATE EXTENSION … VERSION '1.6'`, `ALTER EXTENSION … UPDATE TO '1.6'`) and those that hand
 * the version back to the server (`DROP EXTENSION`, `ALTER EXTENSION … UPDATE` without TO, a
 * `CREATE EXTENSION` without VERSION and without IF NOT EXISTS, which can only create afresh).
 * `CREATE EXTENSION IF NOT EXISTS name` without VERSION says nothing: it may be a no-op on an
 * extension pinned earlier.
 *
 * A small tokenizer, not a regular expression over the text: comments, strings and
 * dollar-quoted bodies (functions, DO blocks) are skipped, so a commented-out statement pins
 * nothing. Only statements that start with CREATE / ALTER / DROP EXTENSION count.
 */
import type { ExtensionVersionEvent } from '../types.js';
import { dollarTagLength, isIdentChar, isSpace, lineEnd, readWordEnd, skipBlockComment, skipDollarQuoted, skipQuoted } from '../../sql/scan.js';

type Token = { readonly t: 'word' | 'ident' | 'str' | 'sym'; readonly v: string };

function tokens(sql: string): Token[][] {
  const out: Token[][] = [[]];
  const n = sql.length;
  let i = 0;
  const push = (tok: Token) => out[out.length - 1]!.push(tok);
  while (i < n) {
    const c = sql.charCodeAt(i);
    if (isSpace(c)) {
      i++;
    } else if (c === 45 && sql.charCodeAt(i + 1) === 45) { // --
      i = lineEnd(sql, i, n) + 1;
    } else if (c === 47 && sql.charCodeAt(i + 1) === 42) { // /*
      const e = skipBlockComment(sql, i, n, true);
      i = e < 0 ? n : e;
    } else if (c === 39 || c === 34) { // ' or "
      const e = skipQuoted(sql, i, n, c === 39 ? "'" : '"', false);
      const end = e < 0 ? n : e;
      const q = c === 39 ? "'" : '"';
      push({ t: c === 39 ? 'str' : 'ident', v: sql.slice(i + 1, end - 1).split(q + q).join(q) });
      i = end;
    } else if (c === 36 && dollarTagLength(sql, i, n) > 0) { // $$ … $$: a body, never a statement here
      const e = skipDollarQuoted(sql, i, n, dollarTagLength(sql, i, n));
      push({ t: 'str', v: '' });
      i = e < 0 ? n : e;
    } else if (isIdentChar(c)) {
      const end = readWordEnd(sql, i, n);
      const word = sql.slice(i, end);
      // E'…': a string with backslash escapes.
      if (end < n && sql.charCodeAt(end) === 39 && word.length === 1 && (word === 'e' || word === 'E')) {
        const e = skipQuoted(sql, end, n, "'", true);
        const stop = e < 0 ? n : e;
        push({ t: 'str', v: sql.slice(end + 1, stop - 1).replace(/''/g, "'").replace(/\\(.)/g, '$1') });
        i = stop;
      } else {
        push({ t: 'word', v: word.toLowerCase() });
        i = end;
      }
    } else if (c === 59) { // ;
      out.push([]);
      i++;
    } else {
      push({ t: 'sym', v: sql[i]! });
      i++;
    }
  }
  return out.filter((s) => s.length > 0);
}

const isWord = (tok: Token | undefined, ...words: string[]) => tok?.t === 'word' && words.includes(tok.v);
/** A name or a version: a bare word (folded to lower case), a quoted identifier, or (versions) a string. */
const value = (tok: Token | undefined): string | undefined => (tok && tok.t !== 'sym' ? tok.v : undefined);

/** extensionVersionEvents lists, in order, what the statements of `sql` do to explicit extension versions. */
export function extensionVersionEvents(sql: string): ExtensionVersionEvent[] {
  const events: ExtensionVersionEvent[] = [];
  if (!/extension/i.test(sql)) return events; // most statements of a long history: no tokenizing
  for (const s of tokens(sql)) {
    if (!isWord(s[1], 'extension')) continue;
    if (isWord(s[0], 'create')) {
      let k = 2;
      const ifNotExists = isWord(s[k], 'if') && isWord(s[k + 1], 'not') && isWord(s[k + 2], 'exists');
      if (ifNotExists) k += 3;
      const name = value(s[k]);
      if (name === undefined) continue;
      let version: string | undefined;
      for (k++; k < s.length; k++) {
        if (isWord(s[k], 'schema', 'from')) k++;
        else if (isWord(s[k], 'version')) version = value(s[++k]);
      }
      if (version !== undefined) events.push({ name, version });
      else if (!ifNotExists) events.push({ name });
    } else if (isWord(s[0], 'alter')) {
      const name = value(s[2]);
      if (name === undefined || !isWord(s[3], 'update')) continue;
      const version = isWord(s[4], 'to') ? value(s[5]) : undefined;
      events.push(version !== undefined ? { name, version } : { name });
    } else if (isWord(s[0], 'drop')) {
      let k = 2;
      if (isWord(s[k], 'if') && isWord(s[k + 1], 'exists')) k += 2;
      for (; k < s.length; k += 2) {
        const name = value(s[k]);
        if (name === undefined || isWord(s[k], 'cascade', 'restrict')) break;
        events.push({ name });
        if (s[k + 1]?.v !== ',') break;
      }
    }
  }
  return events;
}
