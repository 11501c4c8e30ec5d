/**
 * Helpers for runner tests: throwaway migration directories (Atlas layout, hashed with the
 * real `cairn hash`), and small queries against a target through the real drivers.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hash } from '../../src/commands/hash.js';
import { connect } from '../../src/dialects/registry.js';
import { CairnError } from '../../src/errors.js';
import type { FormatName } from '../../src/migrate/dir/types.js';
import { TARGETS, type TargetName, type TestDb } from '../helpers/db.js';

export const ALL_TARGETS = Object.keys(TARGETS) as TargetName[];

/** A migration directory in a temp folder; `write` changes files and re-hashes like a user would. */
export interface TempDir {
  readonly path: string;
  write(files: Record<string, string>, opts?: { rehash?: boolean }): void;
  remove(name: string, opts?: { rehash?: boolean }): void;
  dispose(): void;
}

export function tempDir(files: Record<string, string>, format: FormatName = 'atlas'): TempDir {
  const path = mkdtempSync(join(tmpdir(), 'cairn-dir-'));
  const d: TempDir = {
    path,
    write(f, opts = {}) {
      for (const [name, text] of Object.entries(f)) writeFileSync(join(path, name), text);
      if (opts.rehash !== false) hash({ dir: path, format });
    },
    remove(name, opts = {}) {
      rmSync(join(path, name));
      if (opts.rehash !== false) hash({ dir: path, format });
    },
    dispose() {
      rmSync(path, { recursive: true, force: true });
    },
  };
  d.write(files);
  return d;
}

/** copyCorpus copies a corpus directory to a temp folder and writes its atlas.sum when it has none. */
export function copyCorpus(src: string, format?: FormatName): TempDir {
  const path = mkdtempSync(join(tmpdir(), 'cairn-corpus-'));
  cpSync(src, path, { recursive: true });
  hash({ dir: path, format });
  return {
    path,
    write() {
      throw new Error('read-only');
    },
    remove() {
      throw new Error('read-only');
    },
    dispose() {
      rmSync(path, { recursive: true, force: true });
    },
  };
}

export async function query<T = Record<string, unknown>>(url: string, sql: string, params?: unknown[]): Promise<T[]> {
  const c = await connect(url);
  try {
    return await c.query<T>(sql, params);
  } finally {
    await c.close();
  }
}

/** User objects of the target (tables, views...), the revision table excluded. */
export async function objects(url: string, table = 'cairn_revisions'): Promise<string[]> {
  const c = await connect(url);
  try {
    return (await c.dialect.listUserObjects(c, { table })).map((s) => s.replace(/^\w+ /, '')).sort();
  } finally {
    await c.close();
  }
}

export async function revisions(url: string, table = 'cairn_revisions'): Promise<Record<string, unknown>[]> {
  const c = await connect(url);
  try {
    const q = c.dialect.quoteIdent;
    return await c.query(`SELECT * FROM ${q(table)} WHERE ${q('kind')} <> 'meta' ORDER BY ${q('version')}`);
  } finally {
    await c.close();
  }
}

/** Runs `fn` with a fresh database of `target`, dropping it afterwards. */
export async function withDb<T>(target: TargetName, fn: (db: TestDb) => Promise<T>): Promise<T> {
  const db = await TARGETS[target]();
  try {
    return await fn(db);
  } finally {
    await db.drop();
  }
}

/** A statement that sleeps for `seconds` on each target (for crash and lock tests). */
export function sleepSql(target: TargetName, seconds: number): string {
  switch (target) {
    case 'postgres':
    case 'pglite':
      return `SELECT pg_sleep(${seconds})`;
    case 'mysql':
      return `SELECT SLEEP(${seconds})`;
    case 'sqlite':
      // No sleep in SQLite: a recursive CTE that counts long enough.
      return `WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ${Math.round(seconds * 3_000_000)}) SELECT count(*) FROM c`;
  }
}

/** Targets whose DDL is transactional (a failed file rolls back whole). */
export const transactional = (t: TargetName) => t !== 'mysql';

/** rejects awaits `p` and asserts it fails with a CairnError of `code` (and message `re`). */
export async function rejects(p: Promise<unknown>, code: string, re?: RegExp): Promise<CairnError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof CairnError, `expected CairnError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    if (re) assert.match(e.message, re);
    return e;
  }
  assert.fail(`expected ${code}`);
}
