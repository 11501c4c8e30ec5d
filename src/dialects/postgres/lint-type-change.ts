/**
 * Whether `ALTER COLUMN … TYPE` rewrites the table. PostgreSQL skips the rewrite (and keeps the
 * indexes) when the old values are valid values of the new type as they are: a binary-coercible
 * cast (`varchar` → `text`, `cidr` → `inet`) or a type modifier that only relaxes
 * (`varchar(10)` → `varchar(20)`, `numeric(5,2)` → `numeric(7,2)`, `timestamp(3)` →
 * `timestamp(6)`), which its length-coercion support functions (varchar_support,
 * numeric_support, timestamp_support...) recognise. Anything else rewrites every row under an
 * ACCESS EXCLUSIVE lock.
 */

/** A column type as the model spells it, split into its parts. */
interface ParsedType {
  /** The type without modifiers, in the catalog's short name (`varchar`, `timestamptz`). */
  readonly base: string;
  /** The modifiers (`(10)`, `(7,2)`), absent when none are written. */
  readonly mods?: readonly number[];
  readonly array: boolean;
}

/** The model's long spellings (`format_type` output) to short names. */
const BASE_NAMES: Readonly<Record<string, string>> = {
  'character varying': 'varchar',
  'bit varying': 'varbit',
  'timestamp without time zone': 'timestamp',
  'timestamp with time zone': 'timestamptz',
  'time without time zone': 'time',
  'time with time zone': 'timetz',
};

function parseType(sql: string): ParsedType {
  let s = sql.trim();
  const array = s.endsWith(']');
  if (array) s = s.replace(/(\[\d*\])+$/, '');
  const m = /\(([\d\s,]+)\)/.exec(s);
  const mods = m ? m[1].split(',').map((x) => Number(x.trim())) : undefined;
  const bare = (m ? s.slice(0, m.index) + s.slice(m.index + m[0].length) : s).replace(/\s+/g, ' ').trim();
  return { base: BASE_NAMES[bare] ?? bare, ...(mods ? { mods } : {}), array };
}

/** Types whose modifier is a maximum length or precision that may only grow (support functions). */
const RELAXABLE = new Set(['varchar', 'varbit', 'timestamp', 'timestamptz', 'time', 'timetz', 'interval']);

/** Binary-coercible casts (pg_cast method `b`) to a type without modifier: no value changes. */
const BINARY: Readonly<Record<string, readonly string[]>> = {
  text: ['varchar', 'xml'],
  varchar: ['text', 'xml'],
  inet: ['cidr'],
  varbit: ['bit'],
};

/** typeChangeRewrites says whether changing a column from `from` to `to` rewrites the table. */
export function typeChangeRewrites(from: string, to: string): boolean {
  if (from === to) return false;
  const f = parseType(from);
  const t = parseType(to);
  if (f.array || t.array) return true;
  if (f.base === t.base) return !relaxes(f, t);
  return !(BINARY[t.base]?.includes(f.base) === true && t.mods === undefined);
}

/** relaxes: the same type with a modifier that accepts every old value unchanged. */
function relaxes(f: ParsedType, t: ParsedType): boolean {
  if (t.mods === undefined) return RELAXABLE.has(t.base) || t.base === 'numeric';
  if (f.mods === undefined) return false;
  if (t.base === 'numeric') return (t.mods[1] ?? 0) === (f.mods[1] ?? 0) && t.mods[0] >= f.mods[0];
  return RELAXABLE.has(t.base) && t.mods[0] >= f.mods[0];
}

/** typeChangeNote adds what a reader may want to know about a rewriting change, or ''. */
export function typeChangeNote(from: string, to: string): string {
  const f = parseType(from);
  const t = parseType(to);
  if (f.base === 'timestamp' && t.base === 'timestamptz') return ' (PostgreSQL 12+ skips the rewrite only when the session TimeZone is UTC)';
  if (f.base === t.base && f.mods !== undefined && t.mods !== undefined) return ' (a larger length or precision would not rewrite; a smaller one must check and convert every value)';
  return '';
}
