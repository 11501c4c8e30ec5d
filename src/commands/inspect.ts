/**
 * `cairn inspect`: reads a live database and prints its schema as SQL (the DDL that re-creates
 * it on an empty database), JSON (the model) or TypeScript (DSL source).
 */
import { connect, dialectFor } from '../dialects/registry.js';
import type { Dialect } from '../dialects/types.js';
import { CairnError } from '../errors.js';
import { canonicalJson, emptySchema, realm } from '../schema/build.js';
import type { Realm } from '../schema/model.js';
import { diffRealms } from '../diff/diff.js';
import { renderStatements } from '../plan/render.js';
import type { SchemaEngine } from '../schema/engine.js';

export type InspectFormat = 'sql' | 'json' | 'ts';

export interface InspectOptions {
  readonly url: string;
  readonly schemas?: readonly string[];
  readonly format?: InspectFormat;
}

export interface InspectResult {
  readonly realm: Realm;
  /** The schema in the requested format. */
  readonly output: string;
}

/** schemaEngineFor loads the schema engine a dialect carries, or explains that it has none. */
export async function schemaEngineFor(dialect: Dialect): Promise<SchemaEngine> {
  if (!dialect.loadSchemaEngine) {
    throw new CairnError('SCHEMA', `the schema engine (diff, inspect) does not support ${dialect.name} yet; it supports PostgreSQL and PGlite`);
  }
  return dialect.loadSchemaEngine();
}

/** inspect reads the schemas of `url` and renders them. */
export async function inspect(opts: InspectOptions): Promise<InspectResult> {
  const engine = await schemaEngineFor(dialectFor(opts.url));
  const conn = await connect(opts.url);
  try {
    const r = await engine.inspect(conn, { schemas: opts.schemas });
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
    case 'sql': {
      const empty = emptyLike(r);
      return renderStatements(engine.plan(diffRealms(empty, r), empty, r).statements);
    }
    default: throw new CairnError('USAGE', `unknown inspect format "${String(format)}": use sql, json or ts`);
  }
}

/** emptyLike is a fresh database as it starts: an empty `public` schema (with its stock comment). */
function emptyLike(r: Realm): Realm {
  const pub = r.schemas.find((s) => s.name === 'public');
  return realm([{ ...emptySchema('public'), comment: pub?.comment }]);
}
