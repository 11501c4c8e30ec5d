/**
 * A SQLite file another process holds locked: apply fails after the driver's wait with a
 * CairnError naming the database and saying what to do, and leaves nothing behind; once the lock
 * is gone, apply runs the migration.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { apply } from '../../../src/commands/apply.js';
import { hash } from '../../../src/commands/hash.js';
import { CairnError } from '../../../src/errors.js';

test('a locked SQLite file: apply fails naming the database (password-free), with a hint, and succeeds once the lock is released', async () => {
  const root = mkdtempSync(join(tmpdir(), 'cairn-locked-'));
  try {
    const dir = join(root, 'migrations');
    mkdirSync(dir);
    writeFileSync(join(dir, '20260101000000_init.sql'), 'CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);\n');
    hash({ dir });
    const file = join(root, 'app.db');
    const holder = new Database(file);
    holder.exec('BEGIN EXCLUSIVE');
    try {
      await assert.rejects(apply({ url: `sqlite:${file}`, dir }), (e: unknown) => {
        assert.ok(e instanceof CairnError, String(e));
        assert.match(e.message, /app\.db: database is locked/);
        assert.match(e.hint ?? '', /another process holds a lock on the database file/);
        return true;
      });
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    const r = await apply({ url: `sqlite:${file}`, dir });
    assert.deepEqual(r.applied.map((m) => m.version), ['20260101000000']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
