/**
 * Rewriting names inside deparsed SQL text (expressions, types, defaults) after renames, so
 * that an old definition can be compared with a new one. PostgreSQL renames references inside
 * expressions itself when a column or type is renamed; without this step the differ would see
 * `CHECK (a > 0)` against `CHECK (b > 0)` and re-create a constraint the rename already fixed.
 * Only used for comparison and for the "from" side of changes; never to build user SQL.
 */

/** A rename of names: bare identifiers (columns), or `qualifier.name` (types in a schema). */
export interface NameMap {
  readonly bare?: ReadonlyMap<string, string>;
  readonly qualified?: ReadonlyMap<string, ReadonlyMap<string, string>>; // schema -> old -> new
}

/**
 * IdentifierRules: how a database writes identifiers in the definitions it deparses (a dialect's
 * schema engine supplies them as `diffHooks.identifiers`).
 */
export interface IdentifierRules {
  /** The character that quotes an identifier: `"` (standard SQL) or `` ` `` (MySQL). */
  readonly quoteChar: '"' | '`';
  /** The name an unquoted identifier stands for (PostgreSQL folds it to lower case). */
  readonly fold: (unquoted: string) => string;
  /** How the database spells `name` in its deparsed text (quoted only where it must be). */
  readonly quote: (name: string) => string;
}

const tokenPattern = (q: string) => new RegExp(`'(?:[^']|'')*'|${q}(?:[^${q}]|${q}${q})*${q}|[A-Za-z_][A-Za-z0-9_$]*|\\.`, 'g');
const PATTERNS = new Map<string, RegExp>();

/** rewriteNames replaces renamed identifiers in `text`; string literals are left alone. */
export function rewriteNames(text: string, map: NameMap, rules: IdentifierRules): string {
  if (!map.bare?.size && !map.qualified?.size) return text;
  const q = rules.quoteChar;
  const pattern = PATTERNS.get(q) ?? PATTERNS.set(q, tokenPattern(q)).get(q)!;
  const unquote = (t: string) => (t.startsWith(q) ? t.slice(1, -1).split(q + q).join(q) : rules.fold(t));
  const quoteName = rules.quote;
  const tokens = [...text.matchAll(pattern)];
  let out = '';
  let last = 0;
  tokens.forEach((m, i) => {
    const t = m[0];
    if (t.startsWith("'") || t === '.') return;
    const name = unquote(t);
    const prev = tokens[i - 1];
    const qualifier = prev?.[0] === '.' && prev.index === m.index! - 1 ? tokens[i - 2] : undefined;
    const isQualified = qualifier !== undefined && qualifier.index! + qualifier[0].length === prev.index;
    const next = isQualified ? map.qualified?.get(unquote(qualifier[0]))?.get(name) : tokens[i + 1]?.[0] === '.' ? undefined : map.bare?.get(name);
    if (next === undefined) return;
    out += text.slice(last, m.index) + quoteName(next);
    last = m.index! + t.length;
  });
  return out + text.slice(last);
}
