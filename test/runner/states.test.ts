/**
 * Runner states at their edges, on every target: a failed run that left nothing applied is
 * pending (not partial); files are lexed before anything is written; an interrupt stops a
 * stepwise file between statements; `baseline` on a database with history is refused;
 * `set 0` forgets everything.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { apply } from '../../src/commands/apply.js';
import { status } from '../../src/commands/status.js';
import { down } from '../../src/commands/down.js';
import { set } from '../../src/commands/set.js';
import { connect } from '../../src/dialects/registry.js';
import { CairnError } from '../../src/errors.js';
import type { TargetName } from '../helpers/db.js';
import { ALL_TARGETS, rejects, transactional, objects, revisions, tempDir, withDb, type TempDir } from './helpers.js';


async function tableExists(url: string): Promise<boolean> {
  const c = await connect(url);
  try {
    return await c.dialect.revisionTableExists(c, { table: 'cairn_revisions' });
  } finally {
    await c.close();
  }
}

/** A directory without atlas.sum (the runner accepts one; the stored hashes still guard applied files). */
function unhashed(files: Record<string, string>): TempDir {
  const d = tempDir({});
  rmSync(join(d.path, 'atlas.sum'), { force: true });
  d.write(files, { rehash: false });
  return d;
}

const A = { '1_a.sql': 'CREATE TABLE a (id integer);\n-- cairn:down\n-- DROP TABLE a;\n' };

// Targets run one after another (PGlite's WASM would starve the servers' handshakes here).
describe('runner states', { concurrency: false }, () => {
  for (const target of ALL_TARGETS) {
    describe(`on ${target}`, { concurrency: 2 }, () => {
      it('a failed file that left nothing applied is pending with its last error; status, down and set agree', () =>
        withDb(target, async (db) => {
          const d = tempDir({ ...A, '2_b.sql': 'CREATE TABLE b (id integer);\nINSERT INTO nope VALUES (1);\n' });
          try {
            const e = await rejects(apply({ url: db.url, dir: d.path }), 'MIGRATION_FAILED', /2_b\.sql:2:\d+ \(statement 2 of 2\).*nope/s);
            assert.doesNotMatch(e.message, /statement:/);
            assert.equal(e.details.statement, 'INSERT INTO nope VALUES (1)');
            const st = await status({ url: db.url, dir: d.path });
            assert.equal(st.current, '1');
            if (transactional(target)) {
              assert.equal(st.partial, undefined);
              assert.deepEqual(st.pending.map((p) => p.version), ['2']);
              assert.match(String(st.pending[0]!.lastError), /nope/);
              // Version 1 is the newest applied revision: down rolls it back.
              const r = await down({ url: db.url, dir: d.path });
              assert.deepEqual(r.reverted.map((x) => x.version), ['1']);
              assert.equal(r.current, null);
              assert.deepEqual(await objects(db.url), []);
              assert.deepEqual((await status({ url: db.url, dir: d.path })).pending.map((p) => p.version), ['1', '2']);
            } else {
              // MariaDB: the CREATE TABLE committed, so the file is partial and resumable as before.
              assert.equal(st.partial?.version, '2');
              assert.equal(st.partial?.applied, 1);
              assert.deepEqual(st.pending, []);
              await rejects(down({ url: db.url, dir: d.path }), 'HISTORY_MISMATCH', /2 are only partially applied/);
            }
            d.write({ '2_b.sql': 'CREATE TABLE b (id integer);\nCREATE TABLE b2 (id integer);\n' });
            const r = await apply({ url: db.url, dir: d.path });
            assert.deepEqual(r.applied.map((a) => a.version), transactional(target) ? ['1', '2'] : ['2']);
            const row = (await revisions(db.url)).find((x) => x.version === '2')!;
            assert.equal(row.error, null);
            assert.equal(Number(row.applied), 2);
          } finally {
            d.dispose();
          }
        }));

      it('a failure at the first statement leaves the migration pending on every target; set marks it', () =>
        withDb(target, async (db) => {
          const d = tempDir({ ...A, '2_b.sql': 'INSERT INTO nope VALUES (1);\nCREATE TABLE b (id integer);\n' });
          try {
            await rejects(apply({ url: db.url, dir: d.path }), 'MIGRATION_FAILED', /2_b\.sql:1:/);
            const st = await status({ url: db.url, dir: d.path });
            assert.equal(st.partial, undefined);
            assert.deepEqual(st.pending.map((p) => p.version), ['2']);
            assert.equal(st.current, '1');
            assert.deepEqual((await set({ url: db.url, dir: d.path, version: '2' })).marked, ['2']);
            const after = await status({ url: db.url, dir: d.path });
            assert.deepEqual([after.current, after.pending.length], ['2', 0]);
          } finally {
            d.dispose();
          }
        }));

      it('a file that cannot be split fails before anything is written', () =>
        withDb(target, async (db) => {
          // `cairn hash` refuses such a file, so this is a directory without atlas.sum.
          const bad = { '2_bad.sql': "CREATE TABLE x (id integer);\nINSERT INTO x VALUES ('oops);\n" };
          const d = unhashed({ ...A, ...bad });
          try {
            const e = await rejects(apply({ url: db.url, dir: d.path }), 'SQL_SYNTAX', /^2_bad\.sql:2:23: unterminated string starting at line 2, column 23$/);
            assert.deepEqual([e.details.file, e.details.line, e.details.column], ['2_bad.sql', 2, 23]);
            // A local target that did not exist is not created.
            if (target === 'sqlite') assert.equal(existsSync(db.name), false, 'no SQLite file');
            if (target === 'pglite') assert.deepEqual(readdirSync(db.name), [], 'no PGlite data directory');
            assert.equal(await tableExists(db.url), false, 'no revision table');
            assert.deepEqual(await objects(db.url), []);
            // With history: still nothing written (no row, no table touched), also for a dry run.
            d.remove('2_bad.sql', { rehash: false });
            await apply({ url: db.url, dir: d.path });
            d.write(bad, { rehash: false });
            await rejects(apply({ url: db.url, dir: d.path }), 'SQL_SYNTAX', /2_bad\.sql:2:23/);
            await rejects(apply({ url: db.url, dir: d.path, dryRun: true }), 'SQL_SYNTAX', /2_bad\.sql:2:23/);
            assert.deepEqual((await revisions(db.url)).map((x) => x.version), ['1']);
            assert.deepEqual(await objects(db.url), ['a']);
          } finally {
            d.dispose();
          }
        }));

      it('an abort signal stops a stepwise file between statements, outside its own transaction; apply resumes', () =>
        withDb(target, async (db) => {
          const d = tempDir({
            '1_s.sql': 'CREATE TABLE s1 (id integer);\nCREATE TABLE s2 (id integer);\nCREATE TABLE s3 (id integer);\n',
            '2_t.sql': 'CREATE TABLE t1 (id integer);\nBEGIN;\nINSERT INTO t1 VALUES (1);\nINSERT INTO t1 VALUES (2);\nCOMMIT;\nCREATE TABLE t2 (id integer);\n',
          });
          try {
            const ac = new AbortController();
            const r = await apply({ url: db.url, dir: d.path, txMode: 'none', signal: ac.signal, onProgress: (e) => e.type === 'statement' && ac.abort() });
            assert.equal(r.interrupted, true);
            assert.deepEqual(r.applied, []);
            assert.deepEqual(r.stopped && [r.stopped.version, r.stopped.applied, r.stopped.total], ['1', 1, 3]);
            assert.deepEqual(await objects(db.url), ['s1']);
            const st = await status({ url: db.url, dir: d.path });
            assert.deepEqual([st.partial?.version, st.partial?.applied], ['1', 1]);
            // The lock was released (a short timeout would fail otherwise); stop inside 2's BEGIN..COMMIT.
            const ac2 = new AbortController();
            const r2 = await apply({
              url: db.url, dir: d.path, txMode: 'none', lockTimeoutMs: 500, signal: ac2.signal,
              onProgress: (e) => e.type === 'statement' && e.version === '2' && e.index === 1 && ac2.abort(),
            });
            assert.deepEqual(r2.applied.map((a) => [a.version, a.statements]), [['1', 2]]);
            assert.deepEqual(r2.stopped && [r2.stopped.version, r2.stopped.applied], ['2', 5], 'ran to the file\'s COMMIT');
            assert.equal(Number((await revisions(db.url)).find((x) => x.version === '2')!.applied), 5);
            const r3 = await apply({ url: db.url, dir: d.path, lockTimeoutMs: 500 });
            assert.deepEqual(r3.applied.map((a) => [a.version, a.statements, a.total]), [['2', 1, 6]]);
            assert.equal(r3.interrupted, false);
          } finally {
            d.dispose();
          }
        }));

      it('baseline on a database with revisions is refused unless it is the recorded baseline; set 0 forgets every row', () =>
        withDb(target, async (db) => {
          const d = tempDir({ ...A, '2_b.sql': 'CREATE TABLE b (id integer);\n', '3_c.sql': 'CREATE TABLE c (id integer);\n' });
          try {
            await apply({ url: db.url, dir: d.path, count: 2 });
            const e = await rejects(apply({ url: db.url, dir: d.path, baseline: '1' }), 'USAGE', /baseline 1 applies only to a database without revisions; this one is at version 2/);
            assert.equal(e.details.current, '2');
            assert.equal((await status({ url: db.url, dir: d.path })).pending.length, 1, 'nothing ran');
            // set 0: nothing applied any more (objects untouched: set runs no SQL).
            const s0 = await set({ url: db.url, dir: d.path, version: '0' });
            assert.deepEqual([s0.marked, s0.removed], [[], ['1', '2']]);
            const st = await status({ url: db.url, dir: d.path });
            assert.deepEqual([st.current, st.pending.map((p) => p.version)], [null, ['1', '2', '3']]);
            await rejects(set({ url: db.url, dir: d.path, version: '2x' }), 'USAGE', /not in the migration directory/);
            // A recorded baseline may be repeated (the same deploy command run twice).
            const r = await apply({ url: db.url, dir: d.path, baseline: '2' });
            assert.deepEqual([r.baseline, r.applied.map((a) => a.version)], ['2', ['3']]);
            assert.deepEqual((await apply({ url: db.url, dir: d.path, baseline: '2' })).applied, []);
            await rejects(apply({ url: db.url, dir: d.path, baseline: '1' }), 'USAGE', /at version 3 \(baseline 2\)/);
          } finally {
            d.dispose();
          }
        }));

      if (target === 'sqlite') {
        it('SQL_SYNTAX positions are file-relative in a section that starts mid-file (goose)', () =>
          withDb(target, async (db) => {
            const d = unhashed({ '00001_a.sql': "-- +goose Up\n-- a comment\n\nCREATE TABLE a (id integer);\nSELECT 'x;\n\n-- +goose Down\nDROP TABLE a;\n" });
            try {
              await rejects(apply({ url: db.url, dir: d.path }), 'SQL_SYNTAX', /^00001_a\.sql:5:8: unterminated string starting at line 5, column 8$/);
            } finally {
              d.dispose();
            }
          }));
      }
    });
  }
});
