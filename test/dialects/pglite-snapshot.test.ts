/** The PGlite snapshot cache keeps one snapshot: writing one prunes older versions and dead temp files. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cacheDir, readSnapshot, snapshotPath, writeSnapshot } from '../../src/dialects/postgres/pglite-snapshot.js';

it('writing a snapshot removes other versions and stale temp files, and keeps everything else', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'cairn-snapcache-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const old = ['pglite-0.2.17-pgdata.tar', 'pglite-0.5.15-pgdata.tar', 'pglite-0.5.15-pgdata.tar.4242.0badc0de.tmp'];
  const kept = ['notes.txt', 'pglite-0.5.16-pgdata.tar.4243.12345678.tmp', 'other-cache.tar'];
  for (const n of [...old, ...kept]) writeFileSync(join(dir, n), 'x');
  const hourAndMinuteAgo = (Date.now() - 61 * 60 * 1000) / 1000;
  utimesSync(join(dir, old[2]), hourAndMinuteAgo, hourAndMinuteAgo); // a writer that died
  // kept[1] is young: another process may be writing it right now.

  const path = join(dir, 'pglite-0.5.16-pgdata.tar');
  assert.equal(writeSnapshot(new Uint8Array([1, 2, 3]), path), true);
  assert.deepEqual(readdirSync(dir).sort(), [...kept, 'pglite-0.5.16-pgdata.tar'].sort());
  assert.deepEqual([...readFileSync(path)], [1, 2, 3]);
  // Rewriting the same version keeps it (and still nothing else goes).
  assert.equal(writeSnapshot(new Uint8Array([4]), path), true);
  assert.deepEqual(readdirSync(dir).sort(), [...kept, 'pglite-0.5.16-pgdata.tar'].sort());
});

it('the cache folder and file name follow CAIRN_CACHE_DIR and the PGlite version', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'cairn-snapcache-'));
  const saved = process.env.CAIRN_CACHE_DIR;
  process.env.CAIRN_CACHE_DIR = dir;
  t.after(() => {
    if (saved === undefined) delete process.env.CAIRN_CACHE_DIR;
    else process.env.CAIRN_CACHE_DIR = saved;
    rmSync(dir, { recursive: true, force: true });
  });
  assert.equal(cacheDir(), dir);
  assert.equal(snapshotPath('9.9.9'), join(dir, 'pglite-9.9.9-pgdata.tar'));
  writeFileSync(join(dir, 'pglite-1.0.0-pgdata.tar'), 'old');
  assert.equal(writeSnapshot(new Uint8Array([7]), snapshotPath('9.9.9')), true);
  assert.deepEqual(readdirSync(dir), ['pglite-9.9.9-pgdata.tar']);
  assert.equal(readSnapshot(snapshotPath('9.9.9'))?.size, 1);
});
