/**
 * Building the statement of a `ctx.sql` tagged template: text with the dialect's placeholders,
 * and the values as bound parameters. Values never become text, so the one mistake to catch is
 * a value where SQL needs a name or a literal: `FROM ${table}` or `'${name}'` would fail on the
 * server with a bare syntax error (or, in ORDER BY, silently sort by a constant), so such a
 * value is refused here, naming what precedes it and what to write instead.
 */
import type { Dialect } from '../../dialects/types.js';
import type { SqlFragment } from './define.js';

export interface BuiltSql {
  readonly text: string;
  readonly params: readonly unknown[];
}

/** A value the template refused; `context` is the SQL just before it, for the message. */
export class SqlMisuse extends Error {
  constructor(readonly index: number, readonly context: string, readonly reason: string) {
    super(reason);
  }
}

export function isFragment(v: unknown): v is SqlFragment {
  return typeof v === 'object' && v !== null && (v as SqlFragment).sqlFragment === true;
}

export function fragment(parts: SqlFragment['parts']): SqlFragment {
  return { sqlFragment: true, parts };
}

/** Keywords after which SQL expects a name (a table, column, type...), never a value. */
const NAME_BEFORE = /\b(from|join|into|update|table|exists|index|view|schema|sequence|trigger|column|type|database|extension|function|procedure|truncate|rename\s+to|group\s+by|order\s+by|partition\s+by|as|references|alter|drop|create)\s*$/i;

export function buildSql(dialect: Dialect, strings: readonly string[], values: readonly unknown[]): BuiltSql {
  let text = '';
  const params: unknown[] = [];
  const bind = (value: unknown) => {
    params.push(value);
    text += dialect.placeholder(params.length);
  };
  for (let i = 0; i < strings.length; i++) {
    text += strings[i];
    if (i >= values.length) break;
    const value = values[i];
    if (isFragment(value)) {
      for (const part of value.parts) typeof part === 'string' ? (text += part) : bind(part.value);
      continue;
    }
    const misuse = misuseAt(text, strings[i + 1] ?? '');
    if (misuse !== undefined) throw new SqlMisuse(i + 1, text.slice(-40).trimStart(), misuse);
    bind(value);
  }
  return { text, params };
}

/** Why a value cannot go between `before` and `after`, or undefined when it can. */
function misuseAt(before: string, after: string): string | undefined {
  const quote = openQuote(before);
  if (quote !== undefined) {
    return `it is inside ${quote === "'" ? 'a quoted string' : 'a quoted name'} (${quote}…${quote}), where a parameter is not substituted; remove the quotes around \${…}: the value is bound as it is`;
  }
  const tail = before.trimEnd();
  const keyword = NAME_BEFORE.exec(tail);
  if (keyword) {
    return `it follows ${keyword[1]!.toUpperCase().replace(/\s+/g, ' ')}, where SQL needs a name (table, column, type…); parameters are values only: write \${ctx.sql.id(name)} for an identifier, or \${ctx.sql.raw(text)} for trusted SQL text`;
  }
  if (tail.endsWith('.') || /^\s*\./.test(after) || /^\(/.test(after)) {
    return 'it is part of a name (qualified with a dot, or a function name); parameters are values only: write ${ctx.sql.id(name)} for an identifier';
  }
  return undefined;
}

/** The quote character left open at the end of `text` (' " or `), ignoring doubled quotes. */
function openQuote(text: string): string | undefined {
  let open: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (open === undefined) {
      if (c === "'" || c === '"' || c === '`') open = c;
      else if (c === '-' && text[i + 1] === '-') {
        const end = text.indexOf('\n', i);
        if (end === -1) return undefined;
        i = end;
      }
    } else if (c === open) {
      if (text[i + 1] === open) i++;
      else open = undefined;
    }
  }
  return open;
}
