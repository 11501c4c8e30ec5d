/**
 * expectSchema: the database's schema equals a desired one. The desired schema is loaded the
 * way `cairn diff` loads one, on a dev database (so the server itself normalises both sides),
 * and compared with the differ and planner `diff` uses; a difference throws, listing the
 * statements that would bring the database to the desired schema.
 */
import { dialectFor, extensionsIn, isEmbedded } from '../dialects/registry.js';
import { redactUrl } from '../dialects/url.js';
import { CairnError } from '../errors.js';
import { isDef } from '../dsl/defs.js';
import { loadDesired, type PreparedDesired } from '../diff/desired.js';
import { withDevDatabase } from '../diff/devdb.js';
import { ExtensionPins } from '../diff/extension-pins.js';
import type { SchemaEngine } from '../engine/types.js';
import { splitStatements } from '../sql/lexer.js';
import { differences, engineFor, inspectUrl, listed, SchemaAssertionError, schemaText, scopeOf, type SchemaScopeOptions } from './schema-compare.js';

/**
 * A desired schema: SQL text (`CREATE TABLE …;`), or DSL definitions as a `schema.ts` exports
 * them: the module itself (`await import('./schema.ts')`), an array, or an object of them.
 */
export type DesiredSchema = string | readonly unknown[] | Readonly<Record<string, unknown>>;

export interface ExpectSchemaOptions extends SchemaScopeOptions {
  /**
   * Where the desired schema is loaded: by default the dialect's embedded dev database for an
   * embedded target (`pglite:memory`, `sqlite::memory:`), and a scratch database on the
   * target's own server otherwise (so both sides are spelled by one server version).
   */
  readonly devUrl?: string;
  /** Compare extensions without their versions. */
  readonly ignoreExtensionVersions?: boolean;
}

/** expectSchema throws a SchemaAssertionError listing what differs; resolves when the schemas are equal. */
export async function expectSchema(db: string | { readonly url: string }, desired: DesiredSchema, opts: ExpectSchemaOptions = {}): Promise<void> {
  const url = typeof db === 'string' ? db : db?.url;
  if (typeof url !== 'string') throw new CairnError('USAGE', 'expectSchema needs a database URL, or an object with one (a test database)');
  const engine = await engineFor(url);
  const prepared = prepare(desired, engine, url);
  const devUrl = opts.devUrl ?? (isEmbedded(url) && engine.defaultDevUrl !== undefined ? engine.defaultDevUrl : url);
  const scope = scopeOf(opts);
  const texts = prepared.statements.map((s) => s.text);
  const [want, have] = await Promise.all([
    withDevDatabase(devUrl, async (conn, dev) => {
      await loadDesired(conn, prepared, dev);
      // Only the extension versions the desired schema pins count (see diff/extension-versions.ts).
      return ExtensionPins.of(conn.dialect, texts).keep(await engine.inspect(conn, scope));
    }, { extensions: extensionsIn(devUrl, texts) }),
    inspectUrl(url, engine, scope),
  ]);
  const fix = differences(engine, have, want, { ignoreExtensionVersions: opts.ignoreExtensionVersions });
  if (fix.length === 0) return;
  throw new SchemaAssertionError(`${redactUrl(url)} does not have the expected schema; these statements would give it that schema:\n${listed(fix)}`, {
    actual: schemaText(engine, have),
    expected: schemaText(engine, want),
    details: { statements: fix },
  });
}

/** The desired schema as statements to load, the way `cairn diff` prepares a SQL file or a DSL module. */
function prepare(desired: DesiredSchema, engine: SchemaEngine, url: string): PreparedDesired {
  if (typeof desired === 'string') {
    const statements = splitStatements(desired, dialectFor(url).lexer).statements.map((s) => ({ text: s.text, file: 'the expected schema', line: s.start.line }));
    return { statements, renames: [] };
  }
  if (typeof desired !== 'object' || desired === null) {
    throw new CairnError('USAGE', `expectSchema: the desired schema must be SQL text or DSL definitions, got ${desired === null ? 'null' : typeof desired}`);
  }
  const defs = definitionsOf(desired);
  if (defs.length === 0) {
    throw new CairnError('USAGE', 'expectSchema: the desired schema holds no table, enum, view or other DSL definition', {
      hint: "pass the schema module (import * as schema from './schema.ts'), an array of definitions, or SQL text",
    });
  }
  const compiled = engine.compileDsl(defs);
  return { statements: compiled.statements.map((text) => ({ text, file: 'the expected schema (DSL)' })), renames: [] };
}

/**
 * The definitions of a module, array or object, as `cairn diff` reads a schema file: a default
 * export (an array, whose order is the declaration order) first, then the other exports.
 */
function definitionsOf(desired: readonly unknown[] | Readonly<Record<string, unknown>>): unknown[] {
  if (isDef(desired)) return [desired];
  const values = Array.isArray(desired)
    ? desired
    : [(desired as Record<string, unknown>).default, ...Object.entries(desired).filter(([k]) => k !== 'default').map(([, v]) => v)].filter((v) => v !== undefined);
  return [...new Set(values.flatMap((v) => (Array.isArray(v) ? v : [v])).filter(isDef))];
}
