/**
 * Real-world convergence on the embedded dev database (PGlite, no server): replay → inspect (S)
 * → plan from empty → apply on a second PGlite → inspect equals S → second diff empty.
 * (umami could not run here: its history runs `CREATE EXTENSION pgcrypto`, which PGlite only
 * offers when the extension is loaded at start-up, a driver option. ncps and homarr pass too but
 * add nothing the three below do not cover; the server suite runs all six.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { CORPUS } from '../helpers/db.js';
import { open } from './helpers/conn.js';
import { readMigrationDir } from '../../src/migrate/dir/read.js';
import { replayMigrations } from '../../src/diff/replay.js';
import { inspectRealm } from '../../src/dialects/postgres/inspect.js';
import { diffRealms } from '../../src/diff/diff.js';
import { canonicalJson } from '../../src/schema/build.js';
import { apply, plan } from './helpers/engine.js';
import { firstDifference } from './helpers/cases-run.js';

// The three richest histories (enums, functions, triggers, views, CONCURRENTLY), to keep the suite fast.
const DIRS = ['hatchet__sql-migrations', 'minder__database-migrations', 'kestra__jdbc-postgres-migrations-postgres'];

for (const name of DIRS) {
  test(`PGlite corpus ${name}: replay → inspect → plan from empty → apply converges`, async () => {
    const dir = readMigrationDir(join(CORPUS, name, 'migrations'));
    const [src, dst] = [await open('pglite:memory'), await open('pglite:memory')];
    try {
      await replayMigrations(src, dir.migrations);
      const target = await inspectRealm(src);
      const empty = await inspectRealm(dst);
      await apply(dst, plan(empty, target).up);
      const got = await inspectRealm(dst);
      const [g, w] = [canonicalJson(got), canonicalJson(target)];
      assert.ok(g === w, firstDifference(g, w));
      assert.deepEqual(diffRealms(got, target).map((c) => c.kind), []);
    } finally {
      await src.close();
      await dst.close();
    }
  });
}
