/**
 * kill -9 in the middle of a file. PostgreSQL: the file's transaction dies with the session,
 * so no revision row and no partial objects remain, and a rerun converges. MariaDB (DDL
 * commits implicitly): the row records every statement that ran, and the rerun resumes at the
 * next one (re-running the first CREATE TABLE would fail, so success proves the resume point).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { apply } from '../../src/commands/apply.js';
import type { TargetName } from '../helpers/db.js';
import { runChild } from './child.js';
import { query } from './helpers.js';
import { objects, revisions, sleepSql, tempDir, withDb } from './helpers.js';

function crashDir(target: TargetName) {
  return tempDir({
    '1_a.sql': 'CREATE TABLE a (id integer);\n',
    '2_slow.sql': `CREATE TABLE s1 (id integer);\n${sleepSql(target, 4)};\nCREATE TABLE s2 (id integer);\n`,
  });
}

/** Starts a child apply and SIGKILLs it while `2_slow.sql` sleeps. */
async function killDuringSlowFile(url: string, dir: string): Promise<void> {
  let started: () => void;
  const inSlowFile = new Promise<void>((r) => (started = r));
  const child = runChild(url, dir, (l) => {
    const e = l.event as { type?: string; version?: string } | undefined;
    if (e?.type === 'file-start' && e.version === '2') started();
  });
  await Promise.race([inSlowFile, child.done.then((r) => assert.fail(`child ended early: ${JSON.stringify(r.lines)}`))]);
  await new Promise((r) => setTimeout(r, 1200));
  child.kill('SIGKILL');
  const r = await child.done;
  assert.equal(r.code, null, 'killed');
}

describe('crash during a file', { concurrency: true }, () => {
  it('postgres: no revision row, no partial objects, rerun converges', () =>
    withDb('postgres', async (db) => {
      const d = crashDir('postgres');
      // The server must notice the dead client while the statement runs (otherwise it finishes
      // the whole one-round-trip batch, which is just as consistent: file and row commit together).
      await query(db.url, `ALTER DATABASE "${db.name}" SET client_connection_check_interval = '100ms'`);
      try {
        await killDuringSlowFile(db.url, d.path);
        assert.deepEqual((await revisions(db.url)).map((r) => r.version), ['1']);
        assert.deepEqual(await objects(db.url), ['a']);
        const r = await apply({ url: db.url, dir: d.path, lockTimeoutMs: 15_000 });
        assert.deepEqual(r.applied.map((a) => a.version), ['2']);
        assert.deepEqual(await objects(db.url), ['a', 's1', 's2']);
      } finally {
        d.dispose();
      }
    }));

  it('mariadb: the rerun resumes at the statement after the last one recorded', () =>
    withDb('mysql', async (db) => {
      const d = crashDir('mysql');
      try {
        await killDuringSlowFile(db.url, d.path);
        const row = (await revisions(db.url)).find((r) => r.version === '2')!;
        assert.equal(Number(row.applied), 1, 'CREATE TABLE s1 recorded');
        assert.equal(Number(row.total), 3);
        assert.deepEqual(await objects(db.url), ['a', 's1']);
        const r = await apply({ url: db.url, dir: d.path, lockTimeoutMs: 15_000 });
        assert.deepEqual(r.applied.map((a) => [a.version, a.statements]), [['2', 2]]);
        assert.deepEqual(await objects(db.url), ['a', 's1', 's2']);
        const done = (await revisions(db.url)).find((x) => x.version === '2')!;
        assert.equal(Number(done.applied), 3);
      } finally {
        d.dispose();
      }
    }));
});
