/**
 * Real-world convergence on the embedded dev database (PGlite, no server), through `diff`
 * itself: replay a history on PGlite and inspect it (S), render the plan empty → S as a SQL
 * schema file, then `diff --check` the directory against that file. Being in sync proves
 * that the planned SQL rebuilds S, and exercises what only the command does: the extensions
 * loaded at start (umami creates pgcrypto), and one PGlite instance serving both states with
 * a reset to empty in between.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CORPUS } from '../helpers/db.js';
import { connect, extensionsIn } from '../../src/dialects/registry.js';
import { readMigrationDir } from '../../src/migrate/dir/read.js';
import { replayMigrations } from '../../src/diff/replay.js';
import { inspectRealm } from '../../src/dialects/postgres/inspect.js';
import { diff } from '../../src/commands/diff.js';
import { renderStatements } from '../../src/plan/render.js';
import { plan } from './helpers/engine.js';

const DIRS = [
  'ncps__migrations-postgres', 'hatchet__sql-migrations', 'minder__database-migrations',
  'umami__prisma-migrations', 'homarr__packages-db-migrations-postgresql', 'kestra__jdbc-postgres-migrations-postgres',
];

for (const name of DIRS) {
  test(`PGlite corpus ${name}: diff of the history against its own planned schema is in sync`, async () => {
    const dirPath = join(CORPUS, name, 'migrations');
    const dir = readMigrationDir(dirPath);
    const src = await connect('pglite:memory', { extensions: extensionsIn('pglite:memory', dir.migrations.map((m) => m.up.text)) });
    let schemaSql: string;
    try {
      const empty = await inspectRealm(src);
      await replayMigrations(src, dir.migrations);
      const target = await inspectRealm(src);
      assert.ok(target.schemas.some((s) => s.tables.length > 0), 'the history creates tables');
      schemaSql = renderStatements(plan(empty, target).up.statements);
    } finally {
      await src.close();
    }
    const tmp = mkdtempSync(join(tmpdir(), 'cairn-corpus-pglite-'));
    try {
      const schemaFile = join(tmp, 'schema.sql');
      writeFileSync(schemaFile, schemaSql);
      const r = await diff({ dir: dirPath, name: 'x', to: schemaFile, check: true });
      assert.deepEqual(r.changes.map((c) => c.kind), [], r.up);
      assert.equal(r.inSync, true);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
}
