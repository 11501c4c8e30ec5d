/**
 * PGlite start-up: the first `pglite:memory` runs initdb and caches a PGDATA snapshot; later
 * starts load the snapshot. Both are logged; timing is not asserted (shared CI machines).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '../../src/dialects/registry.js';
import type { PgliteConnection } from '../../src/dialects/postgres/pglite.js';
import { cacheDir, snapshotPath } from '../../src/dialects/postgres/pglite-snapshot.js';

test('cache dir: CAIRN_CACHE_DIR, else XDG_CACHE_HOME/cairn, else ~/.cache/cairn', () => {
  assert.equal(cacheDir({ CAIRN_CACHE_DIR: '/c', XDG_CACHE_HOME: '/x' }), '/c');
  assert.equal(cacheDir({ XDG_CACHE_HOME: '/x' }), '/x/cairn');
  assert.match(cacheDir({}), /\.cache\/cairn$/);
});

test('pglite:memory starts from a cached snapshot after one cold start', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'cairn-cache-'));
  const saved = process.env.CAIRN_CACHE_DIR;
  process.env.CAIRN_CACHE_DIR = dir;
  try {
    const cold = (await connect('pglite:memory')) as PgliteConnection;
    assert.equal(cold.startedFrom, 'cold');
    await cold.close();
    assert.ok(existsSync(snapshotPath()), 'the snapshot was written');
    assert.match(snapshotPath(), /pglite-\d+\.\d+\.\d+-pgdata\.tar$/, 'keyed by the PGlite version');
    assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp')), [], 'no temp files left');

    const warm = (await connect('pglite:memory')) as PgliteConnection;
    assert.equal(warm.startedFrom, 'snapshot');
    assert.deepEqual(await warm.query('SELECT current_schema() AS s'), [{ s: 'public' }]);
    await warm.close();

    const dataDir = mkdtempSync(join(tmpdir(), 'cairn-pglite-dir-'));
    const fresh = (await connect(`pglite:${dataDir}`)) as PgliteConnection;
    await fresh.exec('CREATE TABLE kept (id int)');
    await fresh.close();
    const reopened = (await connect(`pglite:${dataDir}`)) as PgliteConnection;
    assert.deepEqual(await reopened.query('SELECT count(*) AS n FROM kept'), [{ n: 0 }]);
    await reopened.close();
    rmSync(dataDir, { recursive: true, force: true });

    const msg = `PGlite start: cold (initdb) ${cold.startMs.toFixed(0)} ms + snapshot write ${cold.snapshotWriteMs.toFixed(0)} ms; from snapshot ${warm.startMs.toFixed(0)} ms; ` +
      `new dir from snapshot ${fresh.startMs.toFixed(0)} ms (${fresh.startedFrom}); reopen dir ${reopened.startMs.toFixed(0)} ms (${reopened.startedFrom})`;
    t.diagnostic(msg);
    assert.equal(fresh.startedFrom, 'snapshot');
    assert.equal(reopened.startedFrom, 'existing');
  } finally {
    if (saved === undefined) delete process.env.CAIRN_CACHE_DIR;
    else process.env.CAIRN_CACHE_DIR = saved;
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a corrupt snapshot is discarded and rebuilt', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cairn-cache-'));
  const saved = process.env.CAIRN_CACHE_DIR;
  process.env.CAIRN_CACHE_DIR = dir;
  try {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(snapshotPath(), 'not a tarball');
    const c = (await connect('pglite:memory')) as PgliteConnection;
    assert.equal(c.startedFrom, 'cold');
    assert.deepEqual(await c.query('SELECT 1 AS one'), [{ one: 1 }]);
    await c.close();
  } finally {
    if (saved === undefined) delete process.env.CAIRN_CACHE_DIR;
    else process.env.CAIRN_CACHE_DIR = saved;
    rmSync(dir, { recursive: true, force: true });
  }
});
