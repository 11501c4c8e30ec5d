/**
 * Progress events, as the library emits them to `onProgress`: apply's file and statement
 * events in order (position in the run, file, statement counts), on SQLite and PostgreSQL, and
 * diff's steps (dev database, replay, inspections) on the embedded dev database. An interrupt
 * during the last file makes the run an interrupted one.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apply } from '../../src/commands/apply.js';
import { down } from '../../src/commands/down.js';
import { diff, type DiffProgressEvent } from '../../src/commands/diff.js';
import type { ProgressEvent } from '../../src/migrate/runner/types.js';
import { withTestDatabase, type TargetName } from '../helpers/db.js';
import { revisions, tempDir } from './helpers.js';

const FILES = {
  '1_a.sql': 'CREATE TABLE a (id integer);\nCREATE TABLE a2 (id integer);\n',
  '2_b.sql': '-- atlas:txmode none\nCREATE TABLE b1 (id integer);\nCREATE TABLE b2 (id integer);\nCREATE TABLE b3 (id integer);\n',
  '3_c.sql': 'CREATE TABLE c (id integer);\n',
};

/** The fields a renderer uses, without durations. */
function shape(e: ProgressEvent): unknown[] {
  switch (e.type) {
    case 'file-start':
      return [e.type, e.position, e.count, e.file, e.version, e.total, e.resumeAt, e.execution];
    case 'statement':
      return [e.type, e.version, e.index, e.total];
    case 'file-done':
    case 'down':
      return [e.type, e.version];
    case 'log':
      return [e.type, e.version, e.level];
    case 'interrupted':
      return [e.type];
  }
}

describe('progress events', () => {
  for (const target of ['sqlite', 'postgres'] as TargetName[]) {
    it(`${target}: apply emits file-start (position, file, statements, execution), statements of a stepwise file, file-done`, () =>
      withTestDatabase(target, async (db) => {
        const d = tempDir(FILES);
        try {
          const events: ProgressEvent[] = [];
          await apply({ url: db.url, dir: d.path, onProgress: (e) => events.push(e) });
          assert.deepEqual(events.map(shape), [
            ['file-start', 1, 3, '1_a.sql', '1', 2, 0, 'transaction'],
            ['file-done', '1'],
            ['file-start', 2, 3, '2_b.sql', '2', 3, 0, 'stepwise'],
            ['statement', '2', 0, 3],
            ['statement', '2', 1, 3],
            ['statement', '2', 2, 3],
            ['file-done', '2'],
            ['file-start', 3, 3, '3_c.sql', '3', 1, 0, 'transaction'],
            ['file-done', '3'],
          ]);
          assert.ok(events.every((e) => typeof e.message === 'string' && e.message.length > 0));
          // Positions count this run's files: a second run with one new file is [1/1].
          d.write({ '4_d.sql': 'CREATE TABLE d (id integer);\n' });
          const again: ProgressEvent[] = [];
          await apply({ url: db.url, dir: d.path, onProgress: (e) => again.push(e) });
          assert.deepEqual(again.map(shape), [['file-start', 1, 1, '4_d.sql', '4', 1, 0, 'transaction'], ['file-done', '4']]);
        } finally {
          d.dispose();
        }
      }));
  }

  it('sqlite: a signal during the last file lets it finish, and the run is interrupted', () =>
    withTestDatabase('sqlite', async (db) => {
      const d = tempDir(FILES);
      try {
        const ac = new AbortController();
        const events: ProgressEvent[] = [];
        const r = await apply({
          url: db.url, dir: d.path, signal: ac.signal,
          onProgress: (e) => {
            events.push(e);
            if (e.type === 'file-start' && e.version === '3') ac.abort();
          },
        });
        assert.equal(r.interrupted, true);
        assert.deepEqual(r.applied.map((a) => a.version), ['1', '2', '3'], 'the last file finished');
        assert.equal(r.current, '3');
        assert.deepEqual(events.slice(-2).map(shape), [['file-done', '3'], ['interrupted']]);
        assert.deepEqual((await revisions(db.url)).map((x) => x.version), ['1', '2', '3']);
        // txMode "all": an interrupt rolls the whole run back, the last file included.
        d.write({ '4_d.sql': 'CREATE TABLE d (id integer);\n', '5_e.sql': 'CREATE TABLE e (id integer);\n' });
        const ac2 = new AbortController();
        const r2 = await apply({ url: db.url, dir: d.path, txMode: 'all', signal: ac2.signal, onProgress: (e) => e.type === 'file-start' && e.version === '5' && ac2.abort() });
        assert.deepEqual([r2.interrupted, r2.applied], [true, []]);
        assert.deepEqual((await revisions(db.url)).map((x) => x.version), ['1', '2', '3']);
      } finally {
        d.dispose();
      }
    }));

  it('sqlite: a signal during the last rollback of down lets it finish, and the run is interrupted', () =>
    withTestDatabase('sqlite', async (db) => {
      const d = tempDir({ '1_a.sql': 'CREATE TABLE a (id integer);\n-- cairn:down\n-- DROP TABLE a;\n', '2_b.sql': 'CREATE TABLE b (id integer);\n-- cairn:down\n-- DROP TABLE b;\n' });
      try {
        await apply({ url: db.url, dir: d.path });
        const ac = new AbortController();
        const events: ProgressEvent[] = [];
        const r = await down({ url: db.url, dir: d.path, signal: ac.signal, onProgress: (e) => { events.push(e); if (e.type === 'down') ac.abort(); } });
        assert.deepEqual([r.interrupted, r.reverted.map((x) => x.version), r.current], [true, ['2'], '1']);
        assert.deepEqual(events.map(shape), [['down', '2'], ['interrupted']]);
      } finally {
        d.dispose();
      }
    }));

  it('diff emits the dev database start, the replay and both inspections', async () => {
    const d = tempDir({ '1_a.sql': 'CREATE TABLE a (id integer);\n' });
    const other = mkdtempSync(join(tmpdir(), 'cairn-schema-'));
    try {
      const schema = join(other, 'schema.sql');
      writeFileSync(schema, 'CREATE TABLE a (id integer);\nCREATE TABLE b (id integer);\n');
      const events: DiffProgressEvent[] = [];
      const r = await diff({ dir: d.path, name: 'add_b', to: schema, dryRun: true, onProgress: (e) => events.push(e) });
      assert.equal(r.inSync, false);
      assert.deepEqual(events.map((e) => [e.type, 'state' in e ? e.state : 'files' in e ? e.files : 'embedded' in e ? e.embedded : null]), [
        ['dev-start', true],
        ['replay', 1],
        ['inspect', 'current'],
        ['load-desired', null],
        ['inspect', 'desired'],
      ]);
      assert.deepEqual(events.map((e) => e.message), [
        'starting the dev database (embedded PostgreSQL)',
        'replaying 1 migration(s) on the dev database',
        'inspecting the current schema',
        'loading the desired schema',
        'inspecting the desired schema',
      ]);
    } finally {
      d.dispose();
      rmSync(other, { recursive: true, force: true });
    }
  });
});
