/**
 * Schema filtering: what an inspection leaves out before anything compares, prints or writes a
 * realm. Applied in one place (`scopedEngine`, which every command gets its engine through), so
 * `inspect`, both sides of `diff` and any other reader see the same schema:
 *
 * - Cairn's own revision table (`revisionsTable`, default `cairn_revisions`, in
 *   `revisionsSchema` or else the connection's schema) is never part of the user's schema;
 * - `exclude` patterns, with Atlas's `--exclude` glob semantics over the whole database:
 *   `audit` (no dot) is a schema, `public.spatial_ref_sys` and `*.tmp_*` are objects (tables,
 *   views, types, sequences, functions...) of the schemas the first part matches. `*` matches
 *   any run of characters within one part, `?` one character.
 */
import { CairnError } from '../errors.js';
import type { Realm, Schema } from './model.js';
import { realm } from './build.js';

/** The revision table's default name (the runner's DEFAULT_REVISIONS_TABLE). */
export const DEFAULT_REVISIONS_TABLE = 'cairn_revisions';

/** A compiled exclude pattern: the schema part, and the object part when there is one. */
interface Pattern {
  readonly text: string;
  readonly schema: RegExp;
  readonly object?: RegExp;
}

const glob = (part: string): RegExp =>
  new RegExp(`^${part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);

/** parseExclude compiles `schema` or `schema.object` glob patterns; anything else is a usage error naming the pattern. */
export function parseExclude(patterns: readonly string[]): Pattern[] {
  return patterns.map((text) => {
    const parts = text.split('.');
    if (text.trim() === '' || parts.length > 2 || parts.some((p) => p === '')) {
      throw new CairnError('USAGE', `bad exclude pattern "${text}": expected a schema (\`audit\`) or schema.object (\`public.spatial_ref_sys\`, \`*.tmp_*\`), with * and ? wildcards`, {
        details: { pattern: text },
      });
    }
    return { text, schema: glob(parts[0]), object: parts[1] === undefined ? undefined : glob(parts[1]) };
  });
}

/** One object to leave out, by exact schema and name (the revision table). */
export interface ExactName {
  readonly schema: string;
  readonly name: string;
}

export interface RealmFilter {
  /** Glob patterns (see the file comment). */
  readonly exclude?: readonly string[];
  /** Objects left out by exact name. */
  readonly objects?: readonly ExactName[];
}

/**
 * filterRealm leaves out the schemas and schema-level objects a filter names. Extensions in an
 * excluded schema go too. References from kept objects to excluded ones are kept as they are:
 * the excluded object is simply not managed.
 */
export function filterRealm(r: Realm, filter: RealmFilter): Realm {
  const { schemaOut, objectOut, none } = matcher(filter);
  if (none) return r;
  const keep = <T extends { readonly name: string }>(s: string, xs: readonly T[]) => xs.filter((x) => !objectOut(s, x.name));
  const schemas: Schema[] = r.schemas.filter((s) => !schemaOut(s.name)).map((s) => ({
    ...s,
    tables: keep(s.name, s.tables),
    views: keep(s.name, s.views),
    enums: keep(s.name, s.enums),
    domains: keep(s.name, s.domains),
    composites: keep(s.name, s.composites),
    sequences: keep(s.name, s.sequences),
    functions: keep(s.name, s.functions),
    collations: keep(s.name, s.collations),
    aggregates: keep(s.name, s.aggregates),
    textSearchConfigs: keep(s.name, s.textSearchConfigs),
  }));
  return realm(schemas, r.extensions.filter((e) => !schemaOut(e.schema)));
}

/** matcher tells which schemas and objects a filter leaves out. */
export function matcher(filter: RealmFilter) {
  const patterns = parseExclude(filter.exclude ?? []);
  const exact = filter.objects ?? [];
  const schemaOut = (s: string) => patterns.some((p) => p.object === undefined && p.schema.test(s));
  const objectOut = (s: string, name: string) =>
    exact.some((o) => o.schema === s && o.name === name) || patterns.some((p) => p.object !== undefined && p.schema.test(s) && p.object.test(name));
  return { schemaOut, objectOut, none: !patterns.length && !exact.length };
}

/** isEmptySchema says whether a schema holds no objects (a comment aside). */
export function isEmptySchema(s: Schema): boolean {
  return [s.tables, s.views, s.enums, s.domains, s.composites, s.sequences, s.functions, s.collations, s.aggregates, s.textSearchConfigs].every((xs) => xs.length === 0);
}
