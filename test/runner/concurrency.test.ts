/**
 * Ten processes run apply at once on the same database: the lock (and creating the revision
 * table under it) must make every migration run exactly once, and every process succeed.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { withTestDatabase, type TargetName } from '../helpers/db.js';
import { query, revisions, tempDir } from './helpers.js';
import { runChild } from './child.js';

const N = 12;

function migrations(): Record<string, string> {
  const files: Record<string, string> = { '01_log.sql': 'CREATE TABLE run_log (v varchar(10));\n' };
  for (let i = 2; i <= N; i++) {
    const v = String(i).padStart(2, '0');
    files[`${v}_m.sql`] = `CREATE TABLE t${v} (id integer);\nINSERT INTO run_log VALUES ('${v}');\n`;
  }
  return files;
}

describe('concurrent apply', { concurrency: true }, () => {
  for (const target of ['postgres', 'mysql', 'sqlite'] as TargetName[]) {
    it(`10 processes on ${target}: every migration exactly once, all succeed`, () =>
      withTestDatabase(target, async (db) => {
        const d = tempDir(migrations());
        try {
          const runs = await Promise.all(Array.from({ length: 10 }, () => runChild(db.url, d.path).done));
          for (const r of runs) assert.equal(r.code, 0, JSON.stringify(r.lines.slice(-2)));
          const appliedBy = runs.map((r) => ((r.lines.find((l) => 'result' in l)!.result as { applied: unknown[] }).applied.length));
          assert.equal(appliedBy.reduce((a, b) => a + b, 0), N, `applied counts per process: ${appliedBy}`);
          const log = await query<{ v: string }>(db.url, 'SELECT v FROM run_log ORDER BY v');
          assert.deepEqual(log.map((r) => r.v), Array.from({ length: N - 1 }, (_, i) => String(i + 2).padStart(2, '0')));
          assert.equal((await revisions(db.url)).length, N);
        } finally {
          d.dispose();
        }
      }));
  }
});
