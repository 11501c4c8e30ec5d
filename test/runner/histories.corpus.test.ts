/**
 * Real histories: every corpus directory that applies with psql / mariadb / sqlite3 applies
 * through the runner to the same end state (tables and columns compared), and the one that
 * cannot apply on MariaDB fails with a clear error and a consistent revision table.
 *
 * The reference run feeds each migration's up SQL, as the directory reader found it, to the
 * database's own command-line client (its own statement splitting, not ours). Drizzle's SQLite
 * files only work inside the transaction Drizzle opens, so the reference wraps them the same way.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apply } from '../../src/commands/apply.js';
import { status } from '../../src/commands/status.js';
import { CairnError } from '../../src/errors.js';
import { readMigrationDir } from '../../src/migrate/dir/read.js';
import type { FormatName } from '../../src/migrate/dir/types.js';
import { CORPUS, type TargetName, type TestDb } from '../helpers/db.js';
import { copyCorpus, query, revisions, withDb } from './helpers.js';

interface CorpusCase {
  readonly name: string;
  readonly target: TargetName;
  readonly format: FormatName;
  /** Reference run: wrap each file in BEGIN/COMMIT (Drizzle's SQLite files expect it). */
  readonly wrapFiles?: boolean;
}

const CASES: readonly CorpusCase[] = [
  { name: 'ncps__migrations-postgres', target: 'postgres', format: 'goose' },
  { name: 'hatchet__sql-migrations', target: 'postgres', format: 'atlas' },
  { name: 'minder__database-migrations', target: 'postgres', format: 'golang-migrate' },
  { name: 'umami__prisma-migrations', target: 'postgres', format: 'prisma' },
  { name: 'homarr__packages-db-migrations-postgresql', target: 'postgres', format: 'drizzle' },
  { name: 'kestra__jdbc-postgres-migrations-postgres', target: 'postgres', format: 'flyway' },
  { name: 'ncps__migrations-mysql', target: 'mysql', format: 'goose' },
  { name: 'ncps__migrations-sqlite', target: 'sqlite', format: 'goose' },
  { name: 'homarr__packages-db-migrations-sqlite', target: 'sqlite', format: 'drizzle', wrapFiles: true },
];

/** The directory to run: in place when it has an atlas.sum, else a temp copy hashed by `cairn hash`. */
function corpusDir(name: string, format: FormatName): { path: string; dispose(): void } {
  const src = join(CORPUS, name, 'migrations');
  if (existsSync(join(src, 'atlas.sum'))) return { path: src, dispose() {} };
  return copyCorpus(src, format);
}

function referenceScript(dir: string, c: CorpusCase): string {
  const d = readMigrationDir(dir, { format: c.format });
  return d.migrations
    .map((m) => {
      const text = m.up.statements ? m.up.statements.map((s) => s.text).join('\n;\n') : m.up.text;
      return c.wrapFiles ? `BEGIN;\n${text}\n;\nCOMMIT;` : text;
    })
    .join('\n;\n');
}

function applyWithClient(db: TestDb, target: TargetName, script: string): void {
  const tmp = mkdtempSync(join(tmpdir(), 'cairn-ref-'));
  const file = join(tmp, 'all.sql');
  writeFileSync(file, script);
  try {
    switch (target) {
      case 'postgres':
        execFileSync('psql', [db.url, '-q', '-v', 'ON_ERROR_STOP=1', '-f', file], { stdio: 'pipe' });
        break;
      case 'mysql': {
        const u = new URL(db.url);
        execFileSync('mariadb', ['-h', u.hostname, '-P', u.port || '3306', '-u', u.username, db.name], { input: script, stdio: ['pipe', 'pipe', 'pipe'] });
        break;
      }
      case 'sqlite':
        execFileSync('sqlite3', ['-bail', db.name], { input: script, stdio: ['pipe', 'pipe', 'pipe'] });
        break;
      case 'pglite':
        throw new Error('no command-line client for PGlite');
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const COLUMNS: Record<TargetName, string> = {
  postgres: `SELECT table_name AS t, column_name AS c, data_type AS ty FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> 'cairn_revisions' ORDER BY 1, 2`,
  pglite: '',
  mysql: `SELECT table_name AS t, column_name AS c, column_type AS ty FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name <> 'cairn_revisions' ORDER BY 1, 2`,
  sqlite: `SELECT m.name AS t, p.name AS c, p.type AS ty FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name <> 'cairn_revisions' ORDER BY 1, 2`,
};

async function endState(url: string, target: TargetName): Promise<string[]> {
  const rows = await query<{ t: string; c: string; ty: string }>(url, COLUMNS[target]);
  return rows.map((r) => `${r.t}.${r.c} ${r.ty}`);
}

describe('real migration histories', { concurrency: 2 }, () => {
  for (const c of CASES) {
    it(`${c.name} applies on ${c.target} like its own client does`, async () => {
      const dir = corpusDir(c.name, c.format);
      try {
        const expected = await withDb(c.target, async (ref) => {
          applyWithClient(ref, c.target, referenceScript(dir.path, c));
          return endState(ref.url, c.target);
        });
        assert.ok(expected.length > 0, 'the reference run created tables');
        await withDb(c.target, async (db) => {
          const r = await apply({ url: db.url, dir: dir.path, format: c.format });
          const count = readMigrationDir(dir.path, { format: c.format }).migrations.length;
          assert.equal(r.applied.length, count);
          assert.deepEqual(await endState(db.url, c.target), expected);
          const st = await status({ url: db.url, dir: dir.path, format: c.format });
          assert.equal(st.pending.length, 0);
          assert.equal((await apply({ url: db.url, dir: dir.path, format: c.format })).applied.length, 0);
        });
      } finally {
        dir.dispose();
      }
    });
  }

  it('umami__db-mysql-migrations fails on MariaDB with file, statement and server message; the revision table stays consistent', () =>
    withDb('mysql', async (db) => {
      const dir = corpusDir('umami__db-mysql-migrations', 'prisma');
      try {
        let err: CairnError | undefined;
        try {
          await apply({ url: db.url, dir: dir.path, format: 'prisma' });
        } catch (e) {
          err = e as CairnError;
        }
        assert.ok(err instanceof CairnError, 'apply failed');
        assert.equal(err.code, 'MIGRATION_FAILED');
        assert.equal(err.details.file, '05_add_visit_id/migration.sql');
        assert.match(String(err.details.statement), /BIN_TO_UUID/i);
        assert.match(err.message, /05_add_visit_id\/migration\.sql:\d+:\d+ .*BIN_TO_UUID/s);
        assert.ok(err.details.serverMessage);
        assert.ok(err.details.sqlState);
        // Prisma identifies a migration by its folder name.
        const folders = ['01_init', '02_report_schema_session_data', '03_metric_performance_index', '04_team_redesign', '05_add_visit_id'];
        assert.deepEqual((err.details.applied as { version: string }[]).map((a) => a.version), folders.slice(0, 4));
        const rows = await revisions(db.url);
        assert.deepEqual(rows.map((r) => r.version), folders);
        for (const r of rows.slice(0, 4)) assert.equal(Number(r.applied), Number(r.total));
        const failed = rows[4]!;
        assert.equal(Number(failed.applied), err.details.statementsApplied);
        assert.ok(Number(failed.applied) < Number(failed.total));
        assert.equal(failed.error, err.details.serverMessage);
        const st = await status({ url: db.url, dir: dir.path, format: 'prisma' });
        assert.equal(st.partial?.version, '05_add_visit_id');
        assert.equal(st.current, '04_team_redesign');
      } finally {
        dir.dispose();
      }
    }));
});
