/**
 * Helpers that make model values immutable and deterministic: deep freezing, sorting by name,
 * a canonical JSON form for equality, and empty-value constructors.
 */
import type { Realm, Schema, Table, View } from './model.js';

/** freezeDeep freezes a value and everything it reaches, so a model can be shared and cached. */
export function freezeDeep<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as object)) freezeDeep(v);
  }
  return value;
}

/** byName sorts by `name` in code-unit order (stable across locales). */
export function byName<T extends { readonly name: string }>(a: T, b: T): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** sortedByName returns a sorted copy. */
export function sortedByName<T extends { readonly name: string }>(xs: readonly T[]): T[] {
  return [...xs].sort(byName);
}

/** byNameAndArgs sorts overloads (functions, aggregates) by name, then arguments. */
const byNameAndArgs = (a: { name: string; args: string }, b: { name: string; args: string }) => byName({ name: a.name + '(' + a.args }, { name: b.name + '(' + b.args });

/** emptySchema is a schema with no objects. */
export function emptySchema(name: string): Schema {
  return { name, tables: [], views: [], enums: [], domains: [], composites: [], sequences: [], functions: [], collations: [], aggregates: [], textSearchConfigs: [] };
}

/** realm builds a frozen realm with every list sorted. */
export function realm(schemas: readonly Schema[], extensions: Realm['extensions'] = []): Realm {
  const sorted = sortedByName(schemas).map((s) => ({
    ...s,
    tables: sortedByName(s.tables),
    views: sortedByName(s.views),
    enums: sortedByName(s.enums),
    domains: sortedByName(s.domains),
    composites: sortedByName(s.composites),
    sequences: sortedByName(s.sequences),
    functions: [...s.functions].sort(byNameAndArgs),
    collations: sortedByName(s.collations ?? []),
    aggregates: [...(s.aggregates ?? [])].sort(byNameAndArgs),
    textSearchConfigs: sortedByName(s.textSearchConfigs ?? []).map((c) => ({ ...c, mappings: [...c.mappings].sort((a, b) => byName({ name: a.token }, { name: b.token })) })),
  }));
  return freezeDeep({ schemas: sorted, extensions: sortedByName(extensions) });
}

/** canonicalJson is the form two models are compared in: keys sorted, dependency lists left out. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (key, v) => {
    if (key === 'deps') return undefined;
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.keys(v).sort().filter((k) => v[k] !== undefined).map((k) => [k, v[k]]));
    }
    return v;
  }, 1);
}

/** findSchema returns a schema of the realm by name. */
export function findSchema(r: Realm, name: string): Schema | undefined {
  return r.schemas.find((s) => s.name === name);
}

/** findTable returns a table by schema and name. */
export function findTable(r: Realm, schema: string, name: string): Table | undefined {
  return findSchema(r, schema)?.tables.find((t) => t.name === name);
}

/** findView returns a view by schema and name. */
export function findView(r: Realm, schema: string, name: string): View | undefined {
  return findSchema(r, schema)?.views.find((t) => t.name === name);
}

/** pick restricts a realm to some schemas (all when `names` is undefined). */
export function pickSchemas(r: Realm, names?: readonly string[]): Realm {
  if (!names) return r;
  return realm(r.schemas.filter((s) => names.includes(s.name)), r.extensions);
}
