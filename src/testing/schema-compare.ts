/**
 * What the assertions share: reading a database's schema, comparing two schemas with the
 * differ and planner `cairn diff` uses, and the error an assertion throws. Differences are told
 * as the SQL statements that would turn one schema into the other, which is what people read.
 */
import { AssertionError } from 'node:assert';
import { connect, dialectFor } from '../dialects/registry.js';
import type { InspectScope, SchemaEngine } from '../engine/types.js';
import type { Realm } from '../schema/model.js';
import { planGated } from '../diff/gated-plan.js';
import { render, schemaEngineFor } from '../commands/inspect.js';
import type { ErrorDetails } from '../errors.js';

/** Which objects count: as `cairn inspect`'s options (the revision table is always left out). */
export interface SchemaScopeOptions {
  /** Schemas to compare; every user schema when undefined. */
  readonly schemas?: readonly string[];
  /** Schemas (`audit`) and objects (`public.spatial_ref_sys`, `*.tmp_*`) to leave out: glob patterns. */
  readonly exclude?: readonly string[];
  readonly revisionsTable?: string;
  readonly revisionsSchema?: string;
}

export function scopeOf(o: SchemaScopeOptions): InspectScope {
  return { schemas: o.schemas, exclude: o.exclude, revisionsTable: o.revisionsTable, revisionsSchema: o.revisionsSchema };
}

export function engineFor(url: string): Promise<SchemaEngine> {
  return schemaEngineFor(dialectFor(url));
}

/** inspectUrl reads the schema of the database at `url` on a connection of its own. */
export async function inspectUrl(url: string, engine: SchemaEngine, scope: InspectScope): Promise<Realm> {
  const conn = await connect(url);
  try {
    return await engine.inspect(conn, scope);
  } finally {
    await conn.close();
  }
}

/** The statements that turn `from` into `to` (drops included): none when the two are the same. */
export function differences(engine: SchemaEngine, from: Realm, to: Realm, opts: { ignoreExtensionVersions?: boolean } = {}): string[] {
  const { plan } = planGated(engine, from, to, { allowDrop: true, ignoreExtensionVersions: opts.ignoreExtensionVersions });
  return plan.statements.map((s) => s.sql.trim().replace(/;?$/, ';'));
}

/** A schema as `cairn inspect` prints it (the DDL that creates it), for an assertion's actual/expected. */
export function schemaText(engine: SchemaEngine, realm: Realm): string {
  return render(engine, realm, 'sql');
}

/**
 * SchemaAssertionError is node:assert's AssertionError (test runners show its `actual` and
 * `expected` as a diff) with Cairn's `details`: the migration version, the statements.
 */
export class SchemaAssertionError extends AssertionError {
  readonly details: ErrorDetails;

  constructor(message: string, opts: { actual?: string; expected?: string; details?: ErrorDetails; cause?: unknown }) {
    super({ message, actual: opts.actual, expected: opts.expected, operator: 'schemaEqual' });
    this.details = opts.details ?? {};
    if (opts.cause !== undefined) Object.defineProperty(this, 'cause', { value: opts.cause, configurable: true, writable: true });
  }
}

/** Indents a list of statements under a message. */
export function listed(lines: readonly string[]): string {
  return lines.map((l) => `  ${l.replace(/\n/g, '\n  ')}`).join('\n');
}
