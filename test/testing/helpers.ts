/**
 * Shared by the tests of `cairn-migrate/testing`: the four targets, migration directories in
 * temp folders (hashed like a user's), and code migrations that import `defineMigration` from
 * this repository's source, as a user's import from `cairn-migrate`.
 */
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { connect } from '../../src/dialects/registry.js';
import { SchemaAssertionError } from '../../src/testing/index.js';
export { tempDir, type TempDir } from '../runner/helpers.js';
export { testDatabase } from '../helpers/db.js';
export type { TargetName } from '../helpers/db.js';

export const TARGETS = ['postgres', 'mysql', 'sqlite', 'pglite'] as const;

/** The absolute path of defineMigration's module, for code migrations written in tests. */
export const DEFINE = fileURLToPath(new URL('../../src/migrate/code/define.ts', import.meta.url));

/** A code migration module: `body` is the object passed to defineMigration. */
export function codeMigration(body: string): string {
  return `import { defineMigration } from ${JSON.stringify(DEFINE)};\n\nexport default defineMigration(${body});\n`;
}

export async function query<T = Record<string, unknown>>(url: string, sql: string): Promise<T[]> {
  const c = await connect(url);
  try {
    return await c.query<T>(sql);
  } finally {
    await c.close();
  }
}

/** User objects of a database (the revision table left out), as the dialect lists them. */
export async function userObjects(url: string): Promise<string[]> {
  const c = await connect(url);
  try {
    return (await c.dialect.listUserObjects(c, { table: 'cairn_revisions' })).sort();
  } finally {
    await c.close();
  }
}

/** Awaits `p` and returns the SchemaAssertionError it must fail with. */
export async function assertionFrom(p: Promise<unknown>): Promise<SchemaAssertionError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof SchemaAssertionError, `expected a SchemaAssertionError, got ${(e as Error)?.stack ?? String(e)}`);
    assert.equal(e.name, 'AssertionError');
    assert.equal(e.code, 'ERR_ASSERTION');
    return e;
  }
  assert.fail('expected the assertion to fail');
}
