/**
 * Just enough of PostgreSQL's statement syntax for the lock rules: a token stream that skips
 * comments and keeps strings and quoted identifiers whole, so that `CONCURRENTLY` inside a
 * comment or `'NOT VALID'` inside a string never counts, and `"Users"` keeps its case while
 * `Users` folds to `users`. The rules read the schema changes for what a statement did; the text
 * only answers what the model cannot tell (was it CONCURRENTLY? which table does it lock?).
 */
import { dollarTagLength, isIdentChar, isSpace, skipBlockComment, skipDollarQuoted, skipQuoted } from '../../sql/scan.js';

export type TokenKind = 'word' | 'ident' | 'string' | 'number' | 'op';

/**
 * One token. `value` is what it means: a bare word folded to lower case (keywords compare in
 * lower case), a quoted identifier as written between its quotes, a string's contents.
 */
export interface Token {
  readonly kind: TokenKind;
  readonly value: string;
  /** A string written between dollar quotes: a function body, not a value. */
  readonly dollar?: boolean;
}

/** tokenize splits a statement into tokens; an unterminated construct ends the stream. */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) { i++; continue; }
    if (c === 45 && text.charCodeAt(i + 1) === 45) { // --
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? n : nl + 1;
      continue;
    }
    if (c === 47 && text.charCodeAt(i + 1) === 42) { // /*
      const end = skipBlockComment(text, i, n, true);
      i = end < 0 ? n : end;
      continue;
    }
    if (c === 39 || ((c | 32) === 101 && text.charCodeAt(i + 1) === 39)) { // '...' or E'...'
      const escaped = c !== 39;
      const open = escaped ? i + 1 : i;
      const end = skipQuoted(text, open, n, "'", escaped);
      if (end < 0) break;
      out.push({ kind: 'string', value: unquote(text.slice(open + 1, end - 1), "'") });
      i = end;
      continue;
    }
    if (c === 34) { // "identifier"
      const end = skipQuoted(text, i, n, '"', false);
      if (end < 0) break;
      out.push({ kind: 'ident', value: unquote(text.slice(i + 1, end - 1), '"') });
      i = end;
      continue;
    }
    if (c === 36) { // $tag$ ... $tag$ (a `$1` parameter is an op followed by a number)
      const tag = dollarTagLength(text, i, n);
      if (tag > 0) {
        const end = skipDollarQuoted(text, i, n, tag);
        if (end < 0) break;
        out.push({ kind: 'string', value: text.slice(i + tag, end - tag), dollar: true });
        i = end;
        continue;
      }
    }
    if (isIdentChar(c) && c !== 36) {
      let k = i + 1;
      while (k < n && isIdentChar(text.charCodeAt(k))) k++;
      const word = text.slice(i, k);
      out.push(c >= 48 && c <= 57 ? { kind: 'number', value: word } : { kind: 'word', value: word.toLowerCase() });
      i = k;
      continue;
    }
    out.push({ kind: 'op', value: text[i] });
    i++;
  }
  return out;
}

function unquote(body: string, quote: string): string {
  return body.split(quote + quote).join(quote);
}

/** isWord says whether a token is the bare keyword `w` (lower case). */
export function isWord(t: Token | undefined, w: string): boolean {
  return t !== undefined && t.kind === 'word' && t.value === w;
}

/** isOp says whether a token is the punctuation `o`. */
export function isOp(t: Token | undefined, o: string): boolean {
  return t !== undefined && t.kind === 'op' && t.value === o;
}

/** startsWith says whether the tokens begin with the keywords `words`. */
export function startsWith(tokens: readonly Token[], ...words: string[]): boolean {
  return words.every((w, k) => isWord(tokens[k], w));
}

/** hasWord says whether the bare keyword appears anywhere at the statement's top level or in parentheses. */
export function hasWord(tokens: readonly Token[], w: string): boolean {
  return tokens.some((t) => isWord(t, w));
}

/** A schema-qualified name as written: `schema` undefined when unqualified. */
export interface QualifiedName {
  readonly schema?: string;
  readonly name: string;
}

/** isName says whether a token can be (part of) an object name. */
function isName(t: Token | undefined): boolean {
  return t !== undefined && (t.kind === 'word' || t.kind === 'ident');
}

/**
 * readName reads `name` or `schema.name` (or `db.schema.name`, keeping the last two) at `at`,
 * returning it and the index after it, or undefined when no name is there.
 */
export function readName(tokens: readonly Token[], at: number): { name: QualifiedName; next: number } | undefined {
  if (!isName(tokens[at])) return undefined;
  const parts = [tokens[at].value];
  let k = at + 1;
  while (isOp(tokens[k], '.') && isName(tokens[k + 1])) {
    parts.push(tokens[k + 1].value);
    k += 2;
  }
  const name = parts[parts.length - 1];
  const schema = parts.length > 1 ? parts[parts.length - 2] : undefined;
  return { name: schema === undefined ? { name } : { schema, name }, next: k };
}

/** skipWords moves past any of the optional keyword sequences (`if exists`, `only`) at `at`. */
export function skipWords(tokens: readonly Token[], at: number, ...sequences: readonly string[][]): number {
  let k = at;
  for (let moved = true; moved;) {
    moved = false;
    for (const seq of sequences) {
      if (seq.every((w, j) => isWord(tokens[k + j], w))) {
        k += seq.length;
        moved = true;
      }
    }
  }
  return k;
}

/**
 * splitTopLevel splits tokens at commas outside parentheses: the subcommands of an ALTER TABLE,
 * the tables of a DROP TABLE list.
 */
export function splitTopLevel(tokens: readonly Token[]): Token[][] {
  const out: Token[][] = [[]];
  let depth = 0;
  for (const t of tokens) {
    if (isOp(t, '(') || isOp(t, '[')) depth++;
    else if (isOp(t, ')') || isOp(t, ']')) depth--;
    if (depth === 0 && isOp(t, ',')) out.push([]);
    else out[out.length - 1].push(t);
  }
  return out.filter((part) => part.length > 0);
}

/** stringLiterals lists the values of the statement's single-quoted strings (not function bodies). */
export function stringLiterals(tokens: readonly Token[]): string[] {
  return tokens.filter((t) => t.kind === 'string' && !t.dollar).map((t) => t.value);
}

/** calledFunctions lists the names of functions an expression calls (`gen_random_uuid`, `public.f`), unqualified. */
export function calledFunctions(tokens: readonly Token[]): QualifiedName[] {
  const out: QualifiedName[] = [];
  for (let k = 0; k < tokens.length; k++) {
    if (!isName(tokens[k]) || (k > 0 && isOp(tokens[k - 1], '.'))) continue;
    const n = readName(tokens, k);
    if (n !== undefined && isOp(tokens[n.next], '(')) out.push(n.name);
  }
  return out;
}

const TOKENS = new WeakMap<object, Token[]>();

/** statementTokens tokenizes a statement once, however many rules read it. */
export function statementTokens(statement: { readonly text: string }): Token[] {
  let t = TOKENS.get(statement);
  if (t === undefined) {
    t = tokenize(statement.text);
    TOKENS.set(statement, t);
  }
  return t;
}

/** isTransactionEnd says whether a statement ends a transaction block (COMMIT, END, ROLLBACK, ABORT; not ROLLBACK TO a savepoint). */
export function isTransactionEnd(tokens: readonly Token[]): boolean {
  return (isWord(tokens[0], 'commit') || isWord(tokens[0], 'end') || isWord(tokens[0], 'rollback') || isWord(tokens[0], 'abort')) && !isWord(tokens[1], 'prepared') && !isWord(tokens[1], 'to');
}
