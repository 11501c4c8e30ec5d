/**
 * `cairn diff` on databases without schemas (MySQL/MariaDB, SQLite), through the library: rename
 * suggestions and hints leave the schema out (a `main.` or database prefix is accepted), and a
 * MySQL project without a dev URL says that its scratch database is on the target's server.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diff } from '../../src/commands/diff.js';
import { CairnError } from '../../src/errors.js';
import { connect } from '../../src/dialects/registry.js';
import { freshMysql } from '../helpers/db.js';

function project(): { root: string; dir: string; schema: (sql: string) => string; remove(): void } {
  const root = mkdtempSync(join(tmpdir(), 'cairn-sole-'));
  return {
    root,
    dir: join(root, 'migrations'),
    schema: (sql: string) => { const f = join(root, 'schema.sql'); writeFileSync(f, sql); return f; },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

test('SQLite: a suspected rename names the flag without the schema, and every spelling of the hint works', async () => {
  const p = project();
  try {
    const dev = 'sqlite::memory:';
    await diff({ dir: p.dir, name: 'init', to: p.schema('CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);'), devUrl: dev });
    const to = p.schema('CREATE TABLE users (id INTEGER PRIMARY KEY, full_name TEXT);');
    await assert.rejects(diff({ dir: p.dir, name: 'rename', to, devUrl: dev }), (e: unknown) => {
      assert.ok(e instanceof CairnError && e.code === 'UNSAFE_CHANGE');
      assert.match(e.message, /column users\.name would be dropped and users\.full_name added: if this is a rename, pass --rename users\.name=full_name;/);
      return true;
    });
    for (const hint of ['users.name=full_name', 'main.users.name=full_name', 'app.users.name=full_name']) {
      const r = await diff({ dir: p.dir, name: 'rename', to, devUrl: dev, renames: [hint], dryRun: true });
      assert.deepEqual(r.statements.map((s) => s.sql), ['ALTER TABLE "users" RENAME COLUMN "name" TO "full_name"'], hint);
    }
    const people = p.schema('CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT);');
    for (const hint of ['users=people', 'main.users=people']) {
      const r = await diff({ dir: p.dir, name: 'rename', to: people, devUrl: dev, renames: [hint], dryRun: true });
      // The key's deterministic name (`<table>_pkey`) follows the table.
      assert.deepEqual(r.changes.map((c) => c.kind), ['RenameTable', 'RenameConstraint'], hint);
      assert.match(r.statements[0]!.sql, /^ALTER TABLE "users" RENAME TO "people"$/, hint);
    }
  } finally {
    p.remove();
  }
});

test('MySQL: without a dev URL the diff runs in a scratch database on the target server, says so, and leaves the target alone', async () => {
  const p = project();
  const target = await freshMysql();
  try {
    const r = await diff({ dir: p.dir, name: 'init', to: p.schema('CREATE TABLE users (id bigint PRIMARY KEY, email varchar(200) NOT NULL);'), targetUrl: target.url });
    assert.equal(r.devUrl, target.url);
    assert.deepEqual(r.notes.map((n) => n.startsWith('dev database: a scratch cairn_dev_* database on the server of')), [true]);
    assert.match(readFileSync(r.files.find((f) => f.endsWith('.sql'))!, 'utf8'), /CREATE TABLE `users`/);
    const conn = await connect(target.url);
    try {
      assert.deepEqual(await conn.query('SHOW TABLES'), []);
    } finally {
      await conn.close();
    }
  } finally {
    await target.drop();
    p.remove();
  }
});
