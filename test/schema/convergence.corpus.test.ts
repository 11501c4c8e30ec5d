/**
 * Real-world convergence on the PostgreSQL directories of the corpus: replay the history,
 * inspect it (S); on a fresh database plan empty → S and apply it; the result inspects as S
 * and a second diff is empty.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { CORPUS, freshPostgres } from '../helpers/db.js';
import { open } from './helpers/conn.js';
import { readMigrationDir } from '../../src/migrate/dir/read.js';
import { replayMigrations } from '../../src/diff/replay.js';
import { inspectRealm } from '../../src/dialects/postgres/inspect.js';
import { diffRealms } from './helpers/pg-diff.js';
import { canonicalJson } from '../../src/schema/build.js';
import { apply, plan } from './helpers/engine.js';
import { firstDifference } from './helpers/cases-run.js';
import { dslRoundTrip } from './helpers/dsl.js';

const DIRS = [
  'ncps__migrations-postgres', 'hatchet__sql-migrations', 'minder__database-migrations',
  'umami__prisma-migrations', 'homarr__packages-db-migrations-postgresql', 'kestra__jdbc-postgres-migrations-postgres',
];

for (const name of DIRS) {
  test(`corpus ${name}: replay → inspect → plan from empty → apply converges`, async () => {
    const dir = readMigrationDir(join(CORPUS, name, 'migrations'));
    const [a, b, c] = [await freshPostgres(), await freshPostgres(), await freshPostgres()];
    const [src, dst, dsl] = [await open(a.url), await open(b.url), await open(c.url)];
    try {
      await replayMigrations(src, dir.migrations);
      const target = await inspectRealm(src);
      assert.ok(target.schemas.some((s) => s.tables.length > 0), 'the history creates tables');
      const empty = await inspectRealm(dst);
      const p = plan(empty, target);
      await apply(dst, p.up);
      const got = await inspectRealm(dst);
      const [g, w] = [canonicalJson(got), canonicalJson(target)];
      assert.ok(g === w, firstDifference(g, w));
      assert.deepEqual(diffRealms(got, target).map((x) => x.kind), []);
      // The down plan takes the database back to empty.
      await apply(dst, p.down);
      const back = await inspectRealm(dst);
      assert.equal(canonicalJson(back), canonicalJson(empty));
      // inspect --format ts, compiled and applied on an empty database, inspects as S.
      const viaDsl = await dslRoundTrip(target, dsl);
      assert.ok(canonicalJson(viaDsl) === w, firstDifference(canonicalJson(viaDsl), w));
    } finally {
      await src.close();
      await dst.close();
      await dsl.close();
      await a.drop();
      await b.drop();
      await c.drop();
    }
  });
}
