/**
 * Real-world convergence on the MySQL and SQLite directories of the corpus, through the shared
 * engine: replay the history and inspect it (S); on a fresh database plan empty → S and run it
 * as the runner runs a file; the result inspects as S, a second diff is empty, and the down
 * part leaves the database empty again.
 *
 * umami's MySQL history is written for MySQL 8: its migration 05 calls BIN_TO_UUID, which
 * MariaDB lacks. The replay must stop there with an error naming the file, the statement and the
 * server's message; the history before it converges like the others.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { connect } from '../../src/dialects/registry.js';
import type { Connection } from '../../src/dialects/types.js';
import { readMigrationDir } from '../../src/migrate/dir/read.js';
import type { Migration } from '../../src/migrate/dir/types.js';
import { replayMigrations } from '../../src/diff/replay.js';
import { diffRealms } from '../../src/diff/diff.js';
import { reversePlan } from '../../src/plan/render.js';
import type { Plan } from '../../src/plan/types.js';
import { canonicalJson } from '../../src/schema/build.js';
import { CORPUS, TARGETS, type TargetName } from '../helpers/db.js';
import { engineFor } from './cases/run.js';

async function run(conn: Connection, plan: Plan): Promise<void> {
  const inTx = conn.dialect.capabilities.transactionalDdl && plan.statements.every((s) => s.transactional);
  if (inTx) await conn.exec('BEGIN');
  for (const s of plan.statements) {
    try {
      await conn.exec(s.sql);
    } catch (e) {
      if (inTx) await conn.exec('ROLLBACK');
      throw new Error(`${(e as Error).message}\n  in: ${s.sql}`);
    }
  }
  if (inTx) await conn.exec('COMMIT');
}

async function converges(target: TargetName, migrations: readonly Migration[], name: string): Promise<void> {
  const engine = await engineFor(target);
  const [a, b] = [await TARGETS[target](), await TARGETS[target]()];
  const [src, dst] = [await connect(a.url), await connect(b.url)];
  try {
    await replayMigrations(src, migrations);
    const s = await engine.inspect(src);
    assert.ok(s.schemas.some((x) => x.tables.length > 0), `${name}: the history creates tables`);
    const empty = await engine.inspect(dst);
    const up = engine.plan(diffRealms(empty, s, { hooks: engine.diffHooks, allowDrop: true }), empty, s);
    await run(dst, up);
    const got = await engine.inspect(dst);
    assert.equal(canonicalJson(got), canonicalJson(s), `${name}: plan from empty does not inspect as the replayed history`);
    assert.deepEqual(diffRealms(got, s, { hooks: engine.diffHooks, allowDrop: true }).map((c) => c.kind), []);
    await run(dst, reversePlan(up));
    assert.equal(canonicalJson(await engine.inspect(dst)), canonicalJson(empty), `${name}: the down part does not return to empty`);
  } finally {
    await src.close();
    await dst.close();
    await a.drop();
    await b.drop();
  }
}

const DIRS: readonly [string, TargetName][] = [
  ['ncps__migrations-mysql', 'mysql'],
  ['ncps__migrations-sqlite', 'sqlite'],
  ['homarr__packages-db-migrations-sqlite', 'sqlite'],
];

for (const [name, target] of DIRS) {
  test(`corpus ${name}: replay → inspect → plan from empty → apply converges (${target})`, async () => {
    await converges(target, readMigrationDir(join(CORPUS, name, 'migrations')).migrations, name);
  });
}

test('corpus umami__db-mysql-migrations on MariaDB: converges up to 04, and 05 fails naming file, statement and server message', async () => {
  const all = readMigrationDir(join(CORPUS, 'umami__db-mysql-migrations', 'migrations')).migrations;
  const i = all.findIndex((m) => m.up.text.includes('BIN_TO_UUID'));
  assert.ok(i > 0, 'migration 05 uses BIN_TO_UUID');
  await converges('mysql', all.slice(0, i), 'umami (01-04)');
  const db = await TARGETS.mysql();
  const conn = await connect(db.url);
  try {
    await assert.rejects(replayMigrations(conn, all), (e: Error) => {
      assert.match(e.message, /05_add_visit_id/);
      assert.match(e.message, /BIN_TO_UUID/i);
      assert.match(String((e as { details?: { statement?: string } }).details?.statement), /BIN_TO_UUID/);
      return true;
    });
  } finally {
    await conn.close();
    await db.drop();
  }
});
