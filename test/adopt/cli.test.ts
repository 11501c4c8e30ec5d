/**
 * `cairn adopt` through the CLI, as a user runs it, against a URL with a password: the dry run
 * prints the mapping table and a summary, a refusal exits 3 naming the entry, the real run
 * records and says how to drop the old table, `--json` is the library's result, and the
 * password never appears in any output.
 */
import { after, it } from 'node:test';
import assert from 'node:assert/strict';
import { adopt } from '../../src/commands/adopt.js';
import { cairn } from '../helpers/cli.js';
import { freshDatabases } from '../helpers/db.js';
import { hasRevisionTable, makeDir, runAsTool, withConn } from './helpers.js';

const fresh = freshDatabases(after);
const PASSWORD = 's3cret-adopt-pw';

it('adopt --from golang-migrate: dry-run table, refusal, real run, --json; the password is never printed', async () => {
  const db = await fresh('postgres');
  // The local server trusts connections, so any password logs in: enough to prove it is masked.
  const u = new URL(db.url);
  u.password = PASSWORD;
  const url = u.toString();
  const dir = makeDir({
    '1_users.up.sql': 'CREATE TABLE users (id integer PRIMARY KEY);\n',
    '2_orders.up.sql': 'CREATE TABLE orders (id integer PRIMARY KEY);\n',
    '3_later.up.sql': 'CREATE TABLE later (id integer PRIMARY KEY);\n',
  });
  const outputs: string[] = [];
  const run = async (...args: string[]) => {
    const r = await cairn(['adopt', '--from', 'golang-migrate', '--url', url, '--dir', dir.path, ...args]);
    outputs.push(r.stdout, r.stderr);
    return r;
  };
  try {
    await runAsTool(db.url, dir.path, { count: 2 });
    await withConn(db.url, async (c) => {
      await c.exec('CREATE TABLE schema_migrations (version bigint not null primary key, dirty boolean not null)');
      await c.exec('INSERT INTO schema_migrations (version, dirty) VALUES (2, true)');
    });

    const dirty = await run();
    assert.equal(dirty.code, 3, dirty.stderr);
    assert.match(dirty.stderr, /2_orders\.up\.sql \(version 2 \(dirty\)\): dirty at version 2/);
    assert.match(dirty.stderr, /hint: /);

    const dryBad = await run('--dry-run');
    assert.equal(dryBad.code, 3);
    assert.match(dryBad.stdout, /VERSION\s+TOOL ENTRY\s+STATUS\s+CHECKSUM\s+FILE/);
    assert.match(dryBad.stdout, /refused: dirty at version 2/);
    assert.match(dryBad.stdout, /dry run: adopt would refuse 1 problem\(s\); nothing written/);
    assert.equal(await hasRevisionTable(db.url), false);

    await withConn(db.url, (c) => c.exec('UPDATE schema_migrations SET dirty = false'));
    const dry = await run('--dry-run');
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /^target: postgres:\/\/postgres:\*\*\*\*@/m);
    assert.match(dry.stdout, /^1\s+≤ version 2\s+matched\s+absent\s+1_users\.up\.sql$/m);
    assert.match(dry.stdout, /^2\s+version 2\s+matched\s+absent\s+2_orders\.up\.sql$/m);
    assert.match(dry.stdout, /^3\s+-\s+pending\s+-\s+3_later\.up\.sql$/m);
    assert.match(dry.stdout, /dry run: would record 2 migration\(s\) from golang-migrate \(schema_migrations\) as applied; 1 pending; nothing written/);
    assert.equal(await hasRevisionTable(db.url), false, 'a dry run writes nothing');

    const json = await run('--dry-run', '--json');
    assert.equal(json.code, 0);
    assert.deepEqual(JSON.parse(json.stdout), JSON.parse(JSON.stringify(await adopt({ url, dir: dir.path, from: 'golang-migrate', dryRun: true }))));

    const real = await run();
    assert.equal(real.code, 0, real.stderr);
    assert.match(real.stdout, /recorded 2 migration\(s\) from golang-migrate \(schema_migrations\) as applied; 1 pending/);
    assert.match(real.stdout, /schema_migrations is left in place; once every deploy runs Cairn: DROP TABLE schema_migrations/);

    const again = await run();
    assert.equal(again.code, 0);
    assert.match(again.stdout, /already adopted: Cairn's revision table records every migration golang-migrate \(schema_migrations\) applied; nothing written/);

    const unknownTool = await cairn(['adopt', '--from', 'rails', '--url', url, '--dir', dir.path]);
    outputs.push(unknownTool.stdout, unknownTool.stderr);
    assert.equal(unknownTool.code, 4);

    for (const o of outputs) assert.ok(!o.includes(PASSWORD), `password printed in:\n${o}`);
  } finally {
    dir.dispose();
  }
});
