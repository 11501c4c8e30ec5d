/**
 * Reading SQLite SQL text: a tokenizer, and the one spelling the model keeps expressions, view
 * queries and trigger definitions in. SQLite stores the text of a CREATE statement as it was
 * written (its prefix aside), so the same definition typed twice with other spacing would
 * compare unequal: `normalize` re-joins the tokens with canonical spacing and drops comments.
 * Tokens themselves (case, quoting, literals) are never changed, so the text means what it meant.
 */

export type TokenKind = 'string' | 'blob' | 'ident' | 'word' | 'number' | 'param' | 'op';

/** One token: `ident` is a quoted identifier ("a", `a`, [a]); `word` an unquoted identifier or keyword. */
export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

const OPERATORS = ['->>', '||', '<<', '>>', '<=', '>=', '==', '!=', '<>', '->'];
const WORD_START = /[A-Za-z_\u0080-\uffff]/;
const WORD_PART = /[A-Za-z0-9_$\u0080-\uffff]/;

/** tokenize splits SQLite text into tokens, skipping white space and comments. An unterminated quote runs to the end. */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = text.length;
  const push = (kind: TokenKind, end: number) => {
    out.push({ kind, text: text.slice(i, end), start: i, end });
    i = end;
  };
  const quoted = (close: string, from: number): number => {
    let k = from;
    for (;;) {
      const j = text.indexOf(close, k);
      if (j < 0) return n;
      if (close !== ']' && text[j + 1] === close) { k = j + 2; continue; }
      return j + 1;
    }
  };
  while (i < n) {
    const c = text[i];
    if (/\s/.test(c)) { i++; continue; }
    if (c === '-' && text[i + 1] === '-') {
      const j = text.indexOf('\n', i);
      i = j < 0 ? n : j + 1;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const j = text.indexOf('*/', i + 2);
      i = j < 0 ? n : j + 2;
      continue;
    }
    if (c === "'") { push('string', quoted("'", i + 1)); continue; }
    if ((c === 'x' || c === 'X') && text[i + 1] === "'") { push('blob', quoted("'", i + 2)); continue; }
    if (c === '"') { push('ident', quoted('"', i + 1)); continue; }
    if (c === '`') { push('ident', quoted('`', i + 1)); continue; }
    if (c === '[') { push('ident', quoted(']', i + 1)); continue; }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      const m = /^(0[xX][0-9a-fA-F]+|(\d[\d_]*)?(\.\d*)?([eE][+-]?\d+)?)/.exec(text.slice(i));
      push('number', i + Math.max(1, m![0].length));
      continue;
    }
    if (c === '?' || ((c === ':' || c === '@' || c === '$') && WORD_START.test(text[i + 1] ?? ''))) {
      let j = i + 1;
      while (j < n && WORD_PART.test(text[j])) j++;
      push('param', j);
      continue;
    }
    if (WORD_START.test(c)) {
      let j = i + 1;
      while (j < n && WORD_PART.test(text[j])) j++;
      push('word', j);
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    push('op', i + (op?.length ?? 1));
  }
  return out;
}

/** identName is the name an identifier token stands for (quotes removed); a string token is accepted too (`CREATE TABLE 't'`). */
export function identName(t: Token): string {
  if (t.kind === 'ident') {
    const q = t.text[0];
    const close = q === '[' ? ']' : q;
    const body = t.text.slice(1, t.text.endsWith(close) && t.text.length > 1 ? -1 : undefined);
    return q === '[' ? body : body.split(close + close).join(close);
  }
  if (t.kind === 'string') return t.text.slice(1, -1).replace(/''/g, "'");
  return t.text;
}

/** isWord says whether a token is the unquoted keyword `w` (any case). */
export const isWord = (t: Token | undefined, ...ws: string[]): boolean => t !== undefined && t.kind === 'word' && ws.includes(t.text.toUpperCase());

/** isNameToken: a token that can name an object (an identifier, a word, or SQLite's tolerated 'string'). */
export const isNameToken = (t: Token | undefined): t is Token => t !== undefined && (t.kind === 'ident' || t.kind === 'word' || t.kind === 'string');

/**
 * SQLite's keywords (https://www.sqlite.org/lang_keywords.html). Used for spacing (a keyword
 * before `(` is not a function call) and to decide when a name needs quotes.
 */
export const KEYWORDS: ReadonlySet<string> = new Set(`ABORT ACTION ADD AFTER ALL ALTER ALWAYS ANALYZE AND AS ASC ATTACH AUTOINCREMENT BEFORE BEGIN BETWEEN BY
CASCADE CASE CAST CHECK COLLATE COLUMN COMMIT CONFLICT CONSTRAINT CREATE CROSS CURRENT CURRENT_DATE CURRENT_TIME CURRENT_TIMESTAMP
DATABASE DEFAULT DEFERRABLE DEFERRED DELETE DESC DETACH DISTINCT DO DROP EACH ELSE END ESCAPE EXCEPT EXCLUDE EXCLUSIVE EXISTS EXPLAIN
FAIL FILTER FIRST FOLLOWING FOR FOREIGN FROM FULL GENERATED GLOB GROUP GROUPS HAVING IF IGNORE IMMEDIATE IN INDEX INDEXED INITIALLY
INNER INSERT INSTEAD INTERSECT INTO IS ISNULL JOIN KEY LAST LEFT LIKE LIMIT MATCH MATERIALIZED NATURAL NO NOT NOTHING NOTNULL NULL
NULLS OF OFFSET ON OR ORDER OTHERS OUTER OVER PARTITION PLAN PRAGMA PRECEDING PRIMARY QUERY RAISE RANGE RECURSIVE REFERENCES REGEXP
REINDEX RELEASE RENAME REPLACE RESTRICT RETURNING RIGHT ROLLBACK ROW ROWS SAVEPOINT SELECT SET TABLE TEMP TEMPORARY THEN TIES TO
TRANSACTION TRIGGER UNBOUNDED UNION UNIQUE UPDATE USING VACUUM VALUES VIEW VIRTUAL WHEN WHERE WINDOW WITH WITHOUT`.split(/\s+/));

/** Keywords written like functions (`CAST(x AS INT)`, `RAISE(ABORT, 'no')`): no space before their `(`. */
const CALL_KEYWORDS = new Set(['CAST', 'RAISE', 'REPLACE', 'EXISTS']);
/** Keywords that end an operand, so a `-` after them is binary (`CASE ... END - 1`). */
const OPERAND_KEYWORDS = new Set(['NULL', 'CURRENT_DATE', 'CURRENT_TIME', 'CURRENT_TIMESTAMP', 'END']);

const isKeyword = (t: Token) => t.kind === 'word' && KEYWORDS.has(t.text.toUpperCase());

/** Whether `-`/`+`/`~` at index i is a sign (unary) rather than an operator. */
function unary(ts: readonly Token[], i: number): boolean {
  const t = ts[i];
  if (t.kind !== 'op' || !['-', '+', '~'].includes(t.text)) return false;
  const p = ts[i - 1];
  if (!p) return true;
  if (p.kind === 'op') return p.text !== ')';
  return isKeyword(p) && !OPERAND_KEYWORDS.has(p.text.toUpperCase());
}

/**
 * joinTokens writes tokens with canonical spacing: one space between tokens, none inside
 * parentheses, before `,` `;` `)` or around `.`, none between a function name and its `(`, none
 * after a sign. A quoted identifier is written without quotes where it needs none, and with
 * double quotes otherwise (`"years"`, `[years]` → `years`): SQLite quotes every name it rewrites
 * in a rename, and double quotes always mean an identifier here (the driver is built without
 * double-quoted string literals). The same tokens always give the same text.
 */
export function joinTokens(ts: readonly Token[]): string {
  let out = '';
  ts.forEach((t0, i) => {
    const t = t0.kind === 'ident' ? { ...t0, text: quoteIfNeeded(identName(t0)) } : t0;
    const p = ts[i - 1];
    let space = i > 0;
    if (p) {
      if (p.kind === 'op' && (p.text === '(' || p.text === '.')) space = false;
      else if (t.kind === 'op' && [')', ',', ';', '.'].includes(t.text)) space = false;
      else if (t.kind === 'op' && t.text === '(' && (p.kind === 'ident' || (p.kind === 'word' && (!isKeyword(p) || CALL_KEYWORDS.has(p.text.toUpperCase()))))) space = false;
      else if (unary(ts, i - 1)) space = false;
    }
    out += (space ? ' ' : '') + t.text;
  });
  return out;
}

/** normalize is `text` in the model's spelling (see the file comment). */
export const normalize = (text: string): string => joinTokens(tokenize(text));

/** A plain name is written without quotes in normalized text: a word that is not a keyword. */
export const isPlainName = (name: string): boolean => /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !KEYWORDS.has(name.toUpperCase());

/** quoteIfNeeded spells a name as SQLite text would without needless quotes. */
export const quoteIfNeeded = (name: string): string => (isPlainName(name) ? name : `"${name.replace(/"/g, '""')}"`);

/** literal writes a string as an SQLite string literal. */
export const literal = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/**
 * balanced returns the index just past the `)` that closes the `(` at `open`, or the length
 * when it never closes.
 */
export function balanced(ts: readonly Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < ts.length; i++) {
    const t = ts[i];
    if (t.kind !== 'op') continue;
    if (t.text === '(') depth++;
    else if (t.text === ')' && --depth === 0) return i + 1;
  }
  return ts.length;
}

/** unwrap drops parentheses around the whole of an expression (`((a > 0))` → `a > 0`). */
export function unwrap(ts: readonly Token[]): readonly Token[] {
  let out = ts;
  while (out.length >= 2 && out[0].kind === 'op' && out[0].text === '(' && balanced(out, 0) === out.length) out = out.slice(1, -1);
  return out;
}

/** normalizeExpr is an expression in the model's spelling: normalized, without parentheses around the whole. */
export const normalizeExpr = (text: string): string => joinTokens(unwrap(tokenize(text)));

/** splitTopLevel splits tokens at commas outside parentheses. */
export function splitTopLevel(ts: readonly Token[]): Token[][] {
  const parts: Token[][] = [[]];
  let depth = 0;
  for (const t of ts) {
    if (t.kind === 'op' && t.text === '(') depth++;
    if (t.kind === 'op' && t.text === ')') depth--;
    if (depth === 0 && t.kind === 'op' && t.text === ',') { parts.push([]); continue; }
    parts[parts.length - 1].push(t);
  }
  return parts.filter((p) => p.length > 0);
}

/** mentions says whether a text uses `name` as an identifier (SQLite compares names case-insensitively). */
export function mentions(text: string, name: string): boolean {
  const n = name.toLowerCase();
  return tokenize(text).some((t) => (t.kind === 'ident' || t.kind === 'word' || t.kind === 'string') && identName(t).toLowerCase() === n);
}
