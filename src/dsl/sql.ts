/**
 * Raw SQL fragments in the DSL: `sql\`now()\`` marks text that goes into the DDL verbatim
 * (defaults, checks, index expressions), as opposed to values that are quoted as literals.
 */
export interface SqlFragment {
  readonly __cairn: 'sql';
  readonly text: string;
}

/** sql marks a raw SQL expression: `default(sql\`now()\`)`, or `sql('now()')`. */
export function sql(strings: TemplateStringsArray | string, ...values: unknown[]): SqlFragment {
  const text = typeof strings === 'string' ? strings : strings.reduce((acc, s, i) => acc + s + (i < values.length ? String(values[i]) : ''), '');
  return Object.freeze({ __cairn: 'sql' as const, text });
}

export function isSql(v: unknown): v is SqlFragment {
  return typeof v === 'object' && v !== null && (v as SqlFragment).__cairn === 'sql';
}

/** A default value: a raw fragment or a JavaScript value written as a SQL literal. */
export type DefaultValue = SqlFragment | string | number | boolean | null;

/** literalOf writes a default value as SQL. */
export function literalOf(v: DefaultValue): string {
  if (isSql(v)) return v.text;
  if (v === null) return 'NULL';
  if (typeof v === 'string') return `'${v.replace(/'/g, "''")}'`;
  return String(v);
}
