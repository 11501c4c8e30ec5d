/**
 * `cairn push` plans through the same gate as `cairn diff` (src/diff/gated-plan.ts) and honours
 * the plan's split, through the CLI on PGlite: a generated column made plain keeps its rows, a
 * plan that loses data is refused without --allow-drop (naming each lossy statement), and an
 * enum value added and used as a default is committed before the statement that uses it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from '../../src/dialects/registry.js';
import { cairn, expectExit, json, writeTree } from './helpers.js';

async function query(url: string, sql: string): Promise<string[]> {
  const conn = await connect(url);
  try {
    return (await conn.query<Record<string, unknown>>(sql)).map((r) => Object.values(r).map(String).join(','));
  } finally {
    await conn.close();
  }
}

/** A project whose desired schema is schema.sql, and its embedded database. */
function project(schema: string): { cwd: string; url: string; push: (...extra: string[]) => ReturnType<typeof cairn>; schema: (sql: string) => void } {
  const cwd = writeTree({ 'schema.sql': schema });
  const url = `pglite:${join(cwd, 'db')}`;
  return {
    cwd,
    url,
    push: (...extra) => cairn(['push', '--to', 'schema.sql', '--url', url, ...extra], { cwd }),
    schema: (sql) => writeFileSync(join(cwd, 'schema.sql'), sql),
  };
}

const GENERATED = 'CREATE TABLE t (a int, b int GENERATED ALWAYS AS (a * 2) STORED);';
const PLAIN = 'CREATE TABLE t (a int, b int);';

test('push on PGlite: a generated column made plain keeps its rows; made generated again, it is refused without --allow-drop', async () => {
  const p = project(GENERATED);
  expectExit(await p.push('--yes'), 0, 'create');
  await query(p.url, 'INSERT INTO t (a) VALUES (1), (2)');

  p.schema(PLAIN);
  const plain = json(expectExit(await p.push('--yes', '--json'), 0, 'generated -> plain'));
  assert.deepEqual(plain.statements.map((s: { sql: string }) => s.sql), ['ALTER TABLE "public"."t" ALTER COLUMN "b" DROP EXPRESSION']);
  assert.deepEqual(await query(p.url, 'SELECT a, b FROM t ORDER BY a'), ['1,2', '2,4']);
  await query(p.url, 'UPDATE t SET b = 10 WHERE a = 1');

  // Back to generated re-creates the column: its values are lost, so the plan needs consent.
  p.schema(GENERATED);
  const refused = expectExit(await p.push('--yes'), 1, 'plain -> generated without --allow-drop');
  assert.match(refused.stderr, /the plan loses data: re-create column public\.t\.b as generated, losing its values.*--allow-drop/);
  const j = json(expectExit(await p.push('--yes', '--json'), 1, 'refused, --json'));
  assert.equal(j.error.code, 'UNSAFE_CHANGE');
  assert.deepEqual(j.error.statements, ['re-create column public.t.b as generated, losing its values (a plain column cannot become generated in place): drop']);
  assert.deepEqual(await query(p.url, 'SELECT a, b FROM t ORDER BY a'), ['1,10', '2,4'], 'nothing ran');
  const dry = expectExit(await p.push('--dry-run'), 1, 'a dry run is refused too');
  assert.match(dry.stderr, /--allow-drop/);

  expectExit(await p.push('--yes', '--allow-drop'), 0, 'allowed');
  assert.deepEqual(await query(p.url, 'SELECT a, b FROM t ORDER BY a'), ['1,2', '2,4']);
  assert.equal(json(expectExit(await p.push('--yes', '--json'), 0, 'converged')).inSync, true);
});

test('push on PGlite: an enum value added and used as a default is committed first, then used', async () => {
  const p = project("CREATE TYPE mood AS ENUM ('sad', 'ok'); CREATE TABLE t (m mood DEFAULT 'ok');");
  expectExit(await p.push('--yes'), 0, 'create');
  await query(p.url, 'INSERT INTO t DEFAULT VALUES');

  p.schema("CREATE TYPE mood AS ENUM ('sad', 'ok', 'great'); CREATE TABLE t (m mood DEFAULT 'great');");
  const dry = expectExit(await p.push('--dry-run'), 0, 'dry run');
  assert.match(dry.stdout, /ADD VALUE 'great'[^]*-- \(commit: what follows runs in a new transaction\)[^]*SET DEFAULT 'great'/);
  const pushed = json(expectExit(await p.push('--yes', '--json'), 0, 'push'));
  assert.equal(pushed.applied, true);
  assert.deepEqual(pushed.statements.map((s: { splitBefore?: boolean }) => Boolean(s.splitBefore)), [false, true]);
  await query(p.url, 'INSERT INTO t DEFAULT VALUES');
  assert.deepEqual(await query(p.url, 'SELECT m FROM t ORDER BY m'), ['ok', 'great']);
  assert.equal(json(expectExit(await p.push('--yes', '--json'), 0, 'converged')).inSync, true);
});

test('push on PGlite: --exclude and config exclude leave objects alone that the declared schema does not mention', async () => {
  const p = project('CREATE TABLE app_users (id int);');
  expectExit(await p.push('--yes'), 0, 'create');
  // A table the application does not declare (made by an extension or another tool).
  await query(p.url, 'CREATE TABLE spatial_ref_sys (srid int)');
  const refused = expectExit(await p.push('--yes'), 1, 'without exclude, push would drop it');
  assert.match(refused.stderr, /spatial_ref_sys/);
  const flagged = json(expectExit(await p.push('--yes', '--json', '--exclude', 'public.spatial_ref_sys'), 0, '--exclude'));
  assert.deepEqual(flagged.statements, [], 'nothing to do once the table is excluded');
  writeFileSync(join(p.cwd, 'cairn.config.json'), JSON.stringify({ exclude: ['public.spatial_*'] }));
  const configured = json(expectExit(await p.push('--yes', '--json'), 0, 'config exclude'));
  assert.deepEqual(configured.statements, []);
  assert.deepEqual(await query(p.url, "SELECT count(*) FROM pg_tables WHERE tablename = 'spatial_ref_sys'"), ['1'], 'still there');
});
