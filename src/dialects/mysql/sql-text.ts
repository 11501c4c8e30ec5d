/**
 * Small readers and writers of MySQL SQL text: string literals, backquoted identifiers, and the
 * token scan the inspector uses to strip the database name from view definitions and to find
 * which relations a view reads. Literals are written the way MariaDB's catalog writes them
 * (`'it''s'`, backslashes doubled), so a literal default reads back as it was written.
 */
/** quoteIdent backquotes an identifier (every name in generated SQL goes through it). */
export function quoteIdent(name: string): string {
  return '`' + name.replace(/`/g, '``') + '`';
}

/** literal writes a string as a MySQL string literal (default sql_mode: backslash escapes). */
export const literal = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

/** One token of MySQL text: a string literal, a backquoted identifier, a bare word, or anything else. */
export interface Token {
  readonly kind: 'string' | 'ident' | 'word' | 'other';
  readonly text: string;
  readonly start: number;
}

// Strings in single or double quotes (doubled quote or backslash escapes), `identifiers`, words, one other character.
const TOKEN = /'(?:[^'\\]|\\.|'')*'|"(?:[^"\\]|\\.|"")*"|`(?:[^`]|``)*`|[A-Za-z0-9_$]+|\s+|./gs;

/** tokens splits text into tokens (whitespace dropped). */
export function tokens(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(TOKEN)) {
    const t = m[0];
    if (/^\s/.test(t)) continue;
    const kind = t[0] === "'" || t[0] === '"' ? 'string' : t[0] === '`' ? 'ident' : /^[A-Za-z0-9_$]/.test(t) ? 'word' : 'other';
    out.push({ kind, text: t, start: m.index! });
  }
  return out;
}

/** identName is the name a backquoted identifier token stands for. */
export const identName = (t: Token): string => (t.kind === 'ident' ? t.text.slice(1, -1).replace(/``/g, '`') : t.text);

/**
 * stripQualifier removes `` `db`. `` in front of names, outside string literals: MySQL writes
 * view definitions fully qualified with the database they live in, and a scratch database must
 * compare equal to the target whatever the two are called.
 */
export function stripQualifier(text: string, database: string): string {
  const ts = tokens(text);
  let out = '';
  let last = 0;
  ts.forEach((t, i) => {
    if (t.kind !== 'ident' || identName(t) !== database) return;
    const dot = ts[i + 1];
    if (!dot || dot.text !== '.' || dot.start !== t.start + t.text.length) return;
    out += text.slice(last, t.start);
    last = dot.start + 1;
  });
  return out + text.slice(last);
}

/** identifiersIn lists the backquoted names a text uses (string literals skipped). */
export function identifiersIn(text: string): Set<string> {
  return new Set(tokens(text).filter((t) => t.kind === 'ident').map(identName));
}

/**
 * stripOuterParens removes parentheses that wrap a whole expression, as MySQL adds around
 * generated, default and check expressions (`(`a` + 1)`) where MariaDB does not: the model
 * keeps the bare expression, and the DDL writer puts the parentheses back.
 */
export function stripOuterParens(expr: string): string {
  let s = expr.trim();
  while (s.startsWith('(') && s.endsWith(')') && wrapsWhole(s)) s = s.slice(1, -1).trim();
  return s;
}

/** wrapsWhole: the first parenthesis closes at the very end (strings and identifiers skipped). */
function wrapsWhole(s: string): boolean {
  let depth = 0;
  for (const t of tokens(s)) {
    if (t.kind !== 'other') continue;
    if (t.text === '(') depth++;
    else if (t.text === ')' && --depth === 0) return t.start === s.length - 1;
  }
  return false;
}

/** parenthesize wraps an expression once, unless it is already wrapped whole. */
export const parenthesize = (expr: string): string => (expr.startsWith('(') && wrapsWhole(expr) ? expr : `(${expr})`);
