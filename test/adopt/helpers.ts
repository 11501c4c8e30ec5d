/**
 * Helpers for adopt tests: a migration directory in a temp folder, a stand-in for the other
 * tool that runs the directory's SQL on the target as that tool would (statement by statement,
 * no Cairn bookkeeping), and checks that a refused adopt wrote nothing.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { connect } from '../../src/dialects/registry.js';
import type { Connection } from '../../src/dialects/types.js';
import { readMigrationDir } from '../../src/migrate/dir/read.js';
import type { FormatName, Migration } from '../../src/migrate/dir/types.js';
import { splitPart } from '../../src/migrate/runner/statements.js';
import { hash } from '../../src/commands/hash.js';

export interface Dir {
  readonly path: string;
  write(files: Record<string, string>): void;
  dispose(): void;
}

/** A directory with `files` (paths may be nested: `01_init/migration.sql`). */
export function makeDir(files: Record<string, string>): Dir {
  const path = mkdtempSync(join(tmpdir(), 'cairn-adopt-'));
  const d: Dir = {
    path,
    write(f) {
      for (const [name, text] of Object.entries(f)) {
        mkdirSync(dirname(join(path, name)), { recursive: true });
        writeFileSync(join(path, name), text);
      }
    },
    dispose: () => rmSync(path, { recursive: true, force: true }),
  };
  d.write(files);
  return d;
}

/** A copy of a corpus directory, so that a test may add a migration to it (and re-hash its atlas.sum). */
export function copyDir(src: string): Dir {
  const path = mkdtempSync(join(tmpdir(), 'cairn-adopt-corpus-'));
  cpSync(src, path, { recursive: true });
  return {
    path,
    write(f) {
      for (const [name, text] of Object.entries(f)) {
        mkdirSync(dirname(join(path, name)), { recursive: true });
        writeFileSync(join(path, name), text);
      }
    },
    dispose: () => rmSync(path, { recursive: true, force: true }),
  };
}

/** Re-hashes atlas.sum after adding a file, as a user of a summed directory would. */
export function rehash(dir: Dir, format?: FormatName): void {
  hash({ dir: dir.path, ...(format ? { format } : {}) });
}

/** Opens a connection, runs `fn`, closes. */
export async function withConn<T>(url: string, fn: (c: Connection) => Promise<T>): Promise<T> {
  const c = await connect(url);
  try {
    return await fn(c);
  } finally {
    await c.close();
  }
}

/**
 * runAsTool applies the directory's migrations (the first `count`, default all) the way the other
 * tool did: each statement in order, outside any Cairn bookkeeping. Returns them, with raw bytes.
 */
export async function runAsTool(url: string, path: string, opts: { format?: FormatName; count?: number } = {}): Promise<Migration[]> {
  const dir = readMigrationDir(path, opts.format ? { format: opts.format } : {});
  const ms = dir.migrations.slice(0, opts.count ?? dir.migrations.length);
  await withConn(url, async (c) => {
    for (const m of ms) for (const s of splitPart(m.up, c.dialect)) await c.exec(s.text);
  });
  return [...ms];
}

/** Whether Cairn's revision table exists (a refused or dry adopt must not create it). */
export async function hasRevisionTable(url: string): Promise<boolean> {
  return withConn(url, (c) => c.dialect.revisionTableExists(c, { table: 'cairn_revisions' }));
}

/** Cairn's revision rows (meta row left out), by version. */
export async function cairnRows(url: string): Promise<Record<string, unknown>[]> {
  return withConn(url, async (c) => {
    if (!(await c.dialect.revisionTableExists(c, { table: 'cairn_revisions' }))) return [];
    const q = c.dialect.quoteIdent;
    return c.query(`SELECT ${q('version')}, ${q('kind')}, ${q('applied')}, ${q('total')}, ${q('hash')} FROM ${q('cairn_revisions')} WHERE ${q('kind')} <> 'meta' ORDER BY ${q('version')}`);
  });
}

/** Asserts that `p` fails with HISTORY_MISMATCH naming each of `mentions`, and returns the message. */
export async function refused(p: Promise<unknown>, ...mentions: RegExp[]): Promise<string> {
  try {
    await p;
  } catch (e) {
    const err = e as { code?: string; message: string };
    assert.equal(err.code, 'HISTORY_MISMATCH', err.message);
    for (const re of mentions) assert.match(err.message, re);
    return err.message;
  }
  assert.fail('adopt should have refused');
}
