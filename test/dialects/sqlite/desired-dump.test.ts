/** A desired schema dumped by the sqlite3 shell (`.schema`) lists sqlite_sequence: diff skips it. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diff } from '../../../src/commands/diff.js';

test("a `.schema` dump with SQLite's own sqlite_sequence table loads as the desired schema", async () => {
  const root = mkdtempSync(join(tmpdir(), 'cairn-dump-'));
  try {
    const schema = join(root, 'schema.sql');
    writeFileSync(schema, 'CREATE TABLE t(id integer primary key autoincrement, v text);\nCREATE TABLE sqlite_sequence(name,seq);\n');
    const r = await diff({ dir: join(root, 'migrations'), name: 'init', to: schema, devUrl: 'sqlite::memory:', dryRun: true });
    assert.equal(r.inSync, false);
    assert.deepEqual(r.statements.map((s) => s.comment), ['create table t']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
