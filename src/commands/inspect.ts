/**
 * `cairn inspect`: reads a live database and prints its schema as SQL (the DDL that re-creates
 * it on an empty database), JSON (the model) or TypeScript (DSL source).
 */
import { connect, dialectFor } from '../dialects/registry.js';
import type { Dialect } from '../dialects/types.js';
import { CairnError } from '../errors.js';
import { canonicalJson } from '../schema/build.js';
import type { Realm } from '../schema/model.js';
import { diffRealms } from '../diff/diff.js';
import { renderStatements } from '../plan/render.js';
import type { SchemaEngine } from '../engine/types.js';
import { scopedEngine, type SchemaScope } from '../engine/scoped.js';
import { renderErd } from '../schema/render-erd.js';

export type InspectFormat = 'sql' | 'json' | 'ts' | 'mermaid' | 'dot';

export interface InspectOptions {
  readonly url: string;
  /** Schemas to read; every user schema when undefined. */
  readonly schemas?: readonly string[];
  /** Schemas (`audit`) and objects (`public.spatial_ref_sys`, `*.tmp_*`) to leave out: glob patterns. */
  readonly exclude?: readonly string[];
  /** The revision table, always left out (default `cairn_revisions` in the connection's schema). */
  readonly revisionsTable?: string;
  readonly revisionsSchema?: string;
  readonly format?: InspectFormat;
}

export interface InspectResult {
  readonly realm: Realm;
  /** The schema in the requested format. */
  readonly output: string;
}

/**
 * schemaEngineFor loads the schema engine a dialect carries, or explains that it has none. Its
 * `inspect` takes a SchemaScope and applies the schema filter (src/schema/filter.ts): the
 * revision table and `exclude` patterns are left out for every command that reads a schema.
 */
export async function schemaEngineFor(dialect: Dialect): Promise<SchemaEngine> {
  if (!dialect.loadSchemaEngine) {
    throw new CairnError('SCHEMA', `the schema engine (diff, inspect) does not support ${dialect.displayName} yet`);
  }
  return scopedEngine(await dialect.loadSchemaEngine());
}

/** inspect reads the schemas of `url` and renders them. */
export async function inspect(opts: InspectOptions): Promise<InspectResult> {
  const engine = await schemaEngineFor(dialectFor(opts.url));
  const conn = await connect(opts.url);
  try {
    const scope: SchemaScope = { schemas: opts.schemas, exclude: opts.exclude, revisionsTable: opts.revisionsTable, revisionsSchema: opts.revisionsSchema };
    const r = await engine.inspect(conn, scope);
    return { realm: r, output: render(engine, r, opts.format ?? 'sql') };
  } finally {
    await conn.close();
  }
}

/** render writes a realm in a format. */
export function render(engine: SchemaEngine, r: Realm, format: InspectFormat): string {
  switch (format) {
    case 'json': return canonicalJson(r) + '\n';
    case 'ts': return engine.generateDsl(r);
    case 'mermaid':
    case 'dot': return renderErd(r, format);
    case 'sql': {
      const empty = engine.emptyRealm(r);
      return renderStatements(engine.plan(diffRealms(empty, r, { hooks: engine.diffHooks }), empty, r).statements);
    }
    default: throw new CairnError('USAGE', `unknown inspect format "${String(format)}": use sql, json, ts, mermaid or dot`);
  }
}
