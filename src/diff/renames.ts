/**
 * Rename hints: how the user tells the differ that an object was renamed rather than dropped and
 * re-created. Written `schema.object=new_name` for schema-level objects (tables, views, indexes,
 * enums, sequences) and `schema.table.name=new_name` for what lives in a table (columns,
 * constraints), where `table` is the table's name in the desired state.
 */
import { CairnError } from '../errors.js';

export interface RenameHint {
  readonly schema: string;
  /** The table (desired name) for column/constraint renames; undefined for schema-level objects. */
  readonly table?: string;
  readonly from: string;
  readonly to: string;
}

/** parseRename reads `public.users.name=full_name`; throws CairnError USAGE on anything else. */
export function parseRename(spec: string): RenameHint {
  const m = /^([^=]+)=([^=.]+)$/.exec(spec.trim());
  const path = m?.[1].split('.') ?? [];
  if (!m || path.length < 2 || path.length > 3 || path.some((p) => p === '')) {
    throw new CairnError('USAGE', `bad rename "${spec}": expected schema.object=new_name or schema.table.column=new_name`);
  }
  return path.length === 2 ? { schema: path[0], from: path[1], to: m[2] } : { schema: path[0], table: path[1], from: path[2], to: m[2] };
}

/**
 * parseRenameIn reads a hint for a database whose realm has one schema (MySQL, SQLite: see
 * `SchemaEngine.soleSchema`), else as parseRename. The schema may be left out and, when given,
 * may be any name (the database, `main`): `users=people` renames a table, `users.name=full_name`
 * a column, and `app.users.name=full_name` is the same column. A two-part hint could also be
 * `database.table`, so it is read both ways; only the reading that matches objects applies.
 */
export function parseRenameIn(spec: string, soleSchema: string | undefined): RenameHint[] {
  if (soleSchema === undefined) return [parseRename(spec)];
  const m = /^([^=]+)=([^=.]+)$/.exec(spec.trim());
  const path = m?.[1].split('.') ?? [];
  if (!m || path.length < 1 || path.length > 3 || path.some((p) => p === '')) {
    throw new CairnError('USAGE', `bad rename "${spec}": expected table=new_name or table.column=new_name (a database prefix is optional)`);
  }
  const to = m[2];
  if (path.length === 1) return [{ schema: soleSchema, from: path[0], to }];
  if (path.length === 3) return [{ schema: soleSchema, table: path[1], from: path[2], to }];
  return [{ schema: soleSchema, table: path[0], from: path[1], to }, { schema: soleSchema, from: path[1], to }];
}

/** inSoleSchema puts hints (a DSL's `renamedFrom`) into the one schema of a database without schemas. */
export function inSoleSchema(hints: readonly RenameHint[], soleSchema: string | undefined): RenameHint[] {
  return soleSchema === undefined ? [...hints] : hints.map((h) => ({ ...h, schema: soleSchema }));
}

/** formatRename is the inverse of parseRename, used to name the flag in error messages. */
export function formatRename(h: RenameHint): string {
  return [h.schema, h.table, h.from].filter((p) => p !== undefined).join('.') + '=' + h.to;
}

/** schemaHint answers "what was the object now called `to` in `schema` called before?". */
export const schemaHint = (hints: readonly RenameHint[], schema: string) => (to: string): string | undefined =>
  hints.find((h) => h.schema === schema && h.table === undefined && h.to === to)?.from;

/** tableHint is schemaHint for columns and constraints of a table (by its desired name). */
export const tableHint = (hints: readonly RenameHint[], schema: string, table: string) => (to: string): string | undefined =>
  hints.find((h) => h.schema === schema && h.table === table && h.to === to)?.from;

/** Match is the outcome of pairing two lists of named things. */
export interface Match<T> {
  readonly added: T[];
  readonly dropped: T[];
  readonly same: [T, T][];
  readonly renamed: [T, T][];
}

/**
 * matchByName pairs objects by key; `renamedFrom(toKey)` names the old key of a renamed object.
 * A hint applies only when the old object is gone from the desired state and the new one is new.
 * Results keep the input order (inputs are sorted), so the output is deterministic.
 */
export function matchByName<T>(from: readonly T[], to: readonly T[], key: (x: T) => string, renamedFrom: (toKey: string) => string | undefined = () => undefined): Match<T> {
  const fromMap = new Map(from.map((x) => [key(x), x]));
  const toKeys = new Set(to.map(key));
  const used = new Set<string>();
  const m: Match<T> = { added: [], dropped: [], same: [], renamed: [] };
  for (const t of to) {
    const k = key(t);
    const f = fromMap.get(k);
    if (f) { m.same.push([f, t]); used.add(k); continue; }
    const old = renamedFrom(k);
    const of = old === undefined ? undefined : fromMap.get(old);
    if (of && old !== undefined && !toKeys.has(old) && !used.has(old)) { m.renamed.push([of, t]); used.add(old); continue; }
    m.added.push(t);
  }
  for (const f of from) if (!used.has(key(f))) m.dropped.push(f);
  return m;
}
