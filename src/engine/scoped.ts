/**
 * The scope every command inspects with: an engine's `inspect` wrapped so that it takes a
 * SchemaScope (schemas, `exclude` patterns, the revision table) and applies the model filter of
 * src/schema/filter.ts. Every command gets its engine through `scopedEngine`, so none can forget
 * the filter.
 */
import type { Realm } from '../schema/model.js';
import { realm } from '../schema/build.js';
import { DEFAULT_REVISIONS_TABLE, filterRealm, isEmptySchema, matcher, parseExclude, type ExactName, type RealmFilter } from '../schema/filter.js';
import type { CatalogReader, InspectScope, SchemaEngine } from './types.js';

/** What a command passes to inspect: the schemas to read and what to leave out of them. */
export type SchemaScope = InspectScope;

/** inspectScoped inspects a database and applies the scope's filter, the revision table always included. */
export async function inspectScoped(engine: SchemaEngine, conn: CatalogReader, scope: SchemaScope = {}): Promise<Realm> {
  parseExclude(scope.exclude ?? []); // a bad pattern fails before the database is read
  // A database without schemas (soleSchema) holds the revision table in its one schema.
  const schema = engine.soleSchema ?? scope.revisionsSchema ?? (await engine.defaultSchema?.(conn));
  const revisions: ExactName[] = schema === undefined ? [] : [{ schema, name: scope.revisionsTable ?? DEFAULT_REVISIONS_TABLE }];
  const filter: RealmFilter = { exclude: scope.exclude, objects: revisions };
  const m = matcher(filter);
  const excluded = (s: string, name?: string) => m.schemaOut(s) || (name !== undefined && m.objectOut(s, name));
  const r = await engine.inspect(conn, { schemas: scope.schemas, excluded });
  const filtered = filterRealm(r, filter);
  // A schema named for the revision table was created by the runner for it: once the table is
  // left out, an otherwise empty one is Cairn's too.
  const own = scope.revisionsSchema;
  if (own === undefined || !r.schemas.find((s) => s.name === own)?.tables.some((t) => t.name === revisions[0].name)) return filtered;
  const rest = filtered.schemas.find((s) => s.name === own);
  if (!rest || !isEmptySchema(rest) || filtered.extensions.some((e) => e.schema === own)) return filtered;
  return realm(filtered.schemas.filter((s) => s !== rest), filtered.extensions);
}

/**
 * scopedEngine wraps a dialect's schema engine so that its `inspect` takes a SchemaScope and
 * filters: every command gets its engine through this, so none can forget the filter.
 */
export function scopedEngine(engine: SchemaEngine): SchemaEngine {
  if (SCOPED.has(engine)) return engine;
  const scoped: SchemaEngine = Object.freeze({ ...engine, inspect: (conn: CatalogReader, scope?: SchemaScope) => inspectScoped(engine, conn, scope) });
  SCOPED.add(scoped);
  return scoped;
}

/** Engines scopedEngine made, so that wrapping one again changes nothing. */
const SCOPED = new WeakSet<SchemaEngine>();
