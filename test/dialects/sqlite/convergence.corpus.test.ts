/**
 * Real-world convergence on the SQLite directories of the corpus (Drizzle's and golang-migrate's
 * histories, with their own table rebuilds): replay the history and inspect it (S); plan empty →
 * S on a fresh database, apply, and it inspects as S with an empty second diff, and the down part
 * empties it; `inspect --format ts` compiled on an empty database inspects as S; and, file by
 * file, the plan from each state to the next converges both ways (the incremental sequence).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { CORPUS } from '../../helpers/corpus.js';
import { readMigrationDir } from '../../../src/migrate/dir/read.js';
import { replayMigrations } from '../../../src/diff/replay.js';
import { diffRealms } from '../../../src/diff/diff.js';
import { apply, engine, firstDifference, inspect, json, open, plan } from './helpers.js';
import { dslRoundTrip } from './dsl-round-trip.js';

const DIRS = ['ncps__migrations-sqlite', 'homarr__packages-db-migrations-sqlite'];

for (const name of DIRS) {
  test(`corpus ${name}: replay → inspect → plan from empty → apply converges, down empties, the DSL re-creates it`, async () => {
    const dir = readMigrationDir(join(CORPUS, name, 'migrations'));
    const [src, dst, dsl] = [await open(), await open(), await open()];
    try {
      await replayMigrations(src, dir.migrations);
      const target = await inspect(src);
      assert.ok(target.schemas[0]!.tables.length > 0, 'the history creates tables');
      const empty = await inspect(dst);
      const p = plan(empty, target);
      await apply(dst, p.up);
      const got = await inspect(dst);
      assert.ok(json(got) === json(target), firstDifference(json(got), json(target)));
      assert.deepEqual(diffRealms(got, target, { hooks: engine.diffHooks }).map((c) => c.kind), []);
      await apply(dst, p.down);
      assert.equal(json(await inspect(dst)), json(empty));
      const viaDsl = await dslRoundTrip(target, dsl);
      assert.ok(json(viaDsl) === json(target), firstDifference(json(viaDsl), json(target)));
    } finally {
      await Promise.all([src.close(), dst.close(), dsl.close()]);
    }
  });

  test(`corpus ${name}: each migration, planned from the state before it, converges up and down`, async () => {
    const dir = readMigrationDir(join(CORPUS, name, 'migrations'));
    const [replayed, planned] = [await open(), await open()];
    try {
      let prev = await inspect(planned);
      for (const m of dir.migrations) {
        await replayMigrations(replayed, [m]);
        const next = await inspect(replayed);
        const p = plan(prev, next);
        await apply(planned, p.up);
        const up = await inspect(planned);
        assert.ok(json(up) === json(next), `${m.version} up: ${firstDifference(json(up), json(next))}`);
        await apply(planned, p.down);
        const down = await inspect(planned);
        assert.ok(json(down) === json(prev), `${m.version} down: ${firstDifference(json(down), json(prev))}`);
        await apply(planned, p.up);
        prev = next;
      }
    } finally {
      await Promise.all([replayed.close(), planned.close()]);
    }
  });
}
