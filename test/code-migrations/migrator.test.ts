/**
 * Migrations declared in application code (createMigrator), gormigrate-style: the wharf-api
 * flow (RFC 3339 + version IDs, initSchema on an empty database, later migrations, unknown and
 * duplicate IDs refused), order beside a directory, rollbacks by an older release, application
 * instances starting together, and a kill -9 in the middle of a code migration.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createMigrator } from '../../src/commands/migrator.js';
import { CairnError } from '../../src/errors.js';
import type { InlineMigration, MigrationContext } from '../../src/migrate/code/define.js';
import { objects, query, rejects, revisions, tempDir, withDb } from '../runner/helpers.js';

/** wharf-api's shape: a project table built by initSchema, then two releases' migrations. */
const SCHEMA = 'CREATE TABLE project (id integer PRIMARY KEY, name varchar(100), avatar varchar(200), group_name varchar(100))';
const init = async (ctx: MigrationContext) => {
  await ctx.exec(SCHEMA);
};
/** The first release's table, for the tests that run every migration instead of initSchema. */
const baseUp = (ctx: MigrationContext) => ctx.exec('CREATE TABLE project (id integer PRIMARY KEY, name varchar(100))');
const V5: InlineMigration = {
  id: '2022-02-02T14:49:00Z-v5.0.0',
  up: (ctx) => ctx.exec('ALTER TABLE project ADD COLUMN avatar varchar(200)'),
  down: 'ALTER TABLE project DROP COLUMN avatar',
};
const V51: InlineMigration = {
  id: '2022-03-15T09:00:00Z-v5.1.0',
  up: (ctx) => ctx.exec('ALTER TABLE project ADD COLUMN group_name varchar(100)'),
  downSql: 'ALTER TABLE project DROP COLUMN group_name',
  down: (ctx) => ctx.exec('ALTER TABLE project DROP COLUMN group_name'),
};
const V52: InlineMigration = {
  id: '2022-04-01T08:30:00Z-v5.2.0',
  up: async (ctx) => {
    await ctx.sql`UPDATE project SET group_name = ${'default'} WHERE group_name IS NULL`;
  },
};

for (const target of ['postgres', 'sqlite', 'mysql'] as const) {
  describe(`createMigrator on ${target}`, () => {
    it('the wharf-api flow: initSchema on an empty database, later migrations, unknown and duplicate IDs refused', () =>
      withDb(target, async (db) => {
        const release = (migrations: InlineMigration[]) => createMigrator({ url: db.url, migrations, initSchema: init, idFormat: 'rfc3339', table: 'migrations' });
        // Release 5.1 starts on an empty database: initSchema builds today's schema, both IDs are recorded.
        const first = await release([V5, V51]).migrate();
        assert.deepEqual(first.applied.map((a) => a.version), ['initSchema']);
        assert.deepEqual((await revisions(db.url, 'migrations')).map((r) => [r.version, r.kind]), [[V5.id, 'set'], [V51.id, 'set']]);
        await query(db.url, "INSERT INTO project (id, name) VALUES (1, 'wharf')");
        // Release 5.2 adds a migration: only it runs (initSchema does not, the database has history).
        const second = await release([V5, V51, V52]).migrate();
        assert.deepEqual(second.applied.map((a) => a.version), [V52.id]);
        assert.deepEqual(await query(db.url, 'SELECT group_name FROM project'), [{ group_name: 'default' }]);
        assert.deepEqual((await release([V5, V51, V52]).migrate()).applied, []);
        // Release 5.1 again (a rollback of the application): the database holds an ID it does not know.
        const e = await rejects(release([V5, V51]).migrate(), 'HISTORY_MISMATCH', new RegExp(V52.id.replace(/[.]/g, '\\.')));
        assert.deepEqual(e.details.unknown, [V52.id]);
        assert.deepEqual((await createMigrator({ url: db.url, migrations: [V5, V51], table: 'migrations', validateUnknown: false }).migrate()).applied, []);
        // Duplicates and a bad ID are refused before connecting, all named at once.
        assert.throws(() => release([V5, V51, { ...V52, id: V5.id }, { ...V52, id: '2022-13-40T00:00:00Z-x' }]), (err: unknown) =>
          err instanceof CairnError && err.code === 'USAGE' && /repeats the id "2022-02-02T14:49:00Z-v5\.0\.0"/.test(err.message) && /2022-13-40.*real RFC 3339/.test(err.message));
      }));

    it('migrateTo and migrate; rollbackLast refuses a migration without a down, naming it; a bad ID format is refused up front', () =>
      withDb(target, async (db) => {
        assert.throws(() => createMigrator({ url: db.url, migrations: [{ id: '0001-base', up: init }], idFormat: 'YYYYMMDDHHMM' }), /"0001-base" is not YYYYMMDDHHMM/);
        const m = createMigrator({ url: db.url, migrations: [{ id: '0001-base', up: baseUp, down: 'DROP TABLE project' }, V5Alt, V51, V52] });
        assert.deepEqual((await m.migrateTo(V5Alt.id)).applied.map((a) => a.version), ['0001-base', V5Alt.id]);
        assert.deepEqual((await m.migrate()).applied.map((a) => a.version), [V51.id, V52.id]);
        const e = await rejects(m.rollbackLast(), 'NO_DOWN', new RegExp(`for ${V52.id.replace(/[.]/g, '\\.')}`));
        assert.deepEqual(e.details.versions, [V52.id]);
        assert.equal((await m.status()).current, V52.id, 'nothing was rolled back');
      }));

    it('an older release rolls back a newer release\'s migration from the SQL it stored', () =>
      withDb(target, async (db) => {
        const base = { id: '0001-base', up: baseUp, down: 'DROP TABLE project' };
        const newer = createMigrator({ url: db.url, migrations: [base, V5Alt, V51] });
        await newer.migrate();
        const older = createMigrator({ url: db.url, migrations: [base, V5Alt] });
        const r = await older.rollbackLast();
        assert.deepEqual(r.reverted.map((x) => x.version), [V51.id]);
        assert.deepEqual((await older.migrate()).applied, [], 'the older release is now up to date');
        // V5Alt's down is a function the newest release has; the older one has it too: rollbackTo works.
        assert.deepEqual((await older.rollbackTo('0001-base')).reverted.map((x) => x.version), [V5Alt.id]);
        assert.deepEqual(await objects(db.url), ['project']);
      }));
  });
}

/** initSchema already creates avatar: V5's up in these tests adds another column instead. */
const V5Alt: InlineMigration = {
  id: '2022-02-02T14:49:00Z-v5.0.0',
  up: (ctx) => ctx.exec('ALTER TABLE project ADD COLUMN topic varchar(50)'),
  down: (ctx) => ctx.exec('ALTER TABLE project DROP COLUMN topic'),
};
void V5;

describe('a list beside a directory', () => {
  it('entries are merged among the files by ID; an unordered list and an ID that is a file version are refused', () =>
    withDb('sqlite', async (db) => {
      const d = tempDir({ '20260101000000_a.sql': 'CREATE TABLE a (id integer);\n', '20260103000000_c.sql': 'CREATE TABLE c (id integer);\n' });
      try {
        const b = { id: '20260102000000', up: (ctx: MigrationContext) => ctx.exec('CREATE TABLE b (id integer)') };
        const z = { id: '20260104000000', up: (ctx: MigrationContext) => ctx.exec('CREATE TABLE z (id integer)') };
        const m = createMigrator({ url: db.url, dir: d.path, migrations: [b, z] });
        const order: string[] = [];
        await m.migrate({ onProgress: (e) => void (e.type === 'file-start' && order.push(e.version)) });
        assert.deepEqual(order, ['20260101000000', '20260102000000', '20260103000000', '20260104000000']);
        const s = await m.status();
        assert.deepEqual(s.applied.map((a) => a.migrationKind), ['sql', 'code', 'sql', 'code']);
        await rejects(createMigrator({ url: db.url, dir: d.path, migrations: [z, b] }).migrate(), 'USAGE', /must be in version order.*20260104000000 comes before 20260102000000/);
        await rejects(createMigrator({ url: db.url, dir: d.path, migrations: [{ ...b, id: '20260103000000' }] }).migrate(), 'USAGE', /20260103000000 are also versions of files/);
      } finally {
        d.dispose();
      }
    }));
});

const CHILD = join(import.meta.dirname, 'fixtures/migrator-child.ts');
const TSX = import.meta.resolve('tsx');

function startApp(url: string, scenario: string): { done: Promise<{ code: number | null; lines: Record<string, unknown>[]; stderr: string }>; kill(): void } {
  const child = spawn(process.execPath, ['--import', TSX, CHILD, url, scenario], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ code: number | null; lines: Record<string, unknown>[]; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stderr, lines: out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) })));
  return { done, kill: () => child.kill('SIGKILL') };
}

async function waitFor(check: () => Promise<boolean>, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`timed out waiting for ${what}`);
}

describe('application instances (PostgreSQL, child processes)', () => {
  it('four instances starting at once: one migrates, the others wait on the lock and find nothing to do', () =>
    withDb('postgres', async (db) => {
      const apps = Array.from({ length: 4 }, () => startApp(db.url, 'slow'));
      const results = await Promise.all(apps.map((a) => a.done));
      for (const r of results) assert.equal(r.code, 0, JSON.stringify(r.lines) + r.stderr);
      const ran = results.filter((r) => (r.lines.at(-1)!.result as { applied: string[] }).applied.includes('202601020000'));
      assert.equal(ran.length, 1, 'exactly one instance ran the slow migration');
      assert.equal((await query(db.url, 'SELECT * FROM startup_log')).length, 1);
    }));

  for (const transaction of [true, false]) {
    it(`kill -9 during a code migration (transaction: ${transaction}), then a restart converges`, () =>
      withDb('postgres', async (db) => {
        const app = startApp(db.url, transaction ? 'hang-tx' : 'hang-notx');
        await waitFor(async () => (await query(db.url, "SELECT 1 FROM pg_stat_activity WHERE query LIKE '%cairn-crash-test%' AND pid <> pg_backend_pid()")).length > 0, 'the migration to be running');
        app.kill();
        await app.done;
        // The server notices the dead session (and releases its lock) once the socket closes.
        await waitFor(async () => (await query(db.url, "SELECT 1 FROM pg_stat_activity WHERE query LIKE '%cairn-crash-test%' AND pid <> pg_backend_pid()")).length === 0, 'the killed session to end');
        const row = (await revisions(db.url)).find((r) => r.version === '202601020000');
        if (transaction) assert.equal(row, undefined, 'nothing of a transactional code migration stays');
        else assert.equal(Number(row!.applied), 1, 'a transaction:false migration is recorded as started (partial)');
        assert.equal((await query(db.url, 'SELECT * FROM startup_log')).length, transaction ? 0 : 1);
        const restart = await startApp(db.url, transaction ? 'fast-tx' : 'fast-notx').done;
        assert.equal(restart.code, 0, JSON.stringify(restart.lines) + restart.stderr);
        assert.equal((await query(db.url, 'SELECT * FROM startup_log')).length, 1, 'the idempotent re-run did not duplicate the row');
        const done = (await revisions(db.url)).find((r) => r.version === '202601020000')!;
        assert.equal(done.error, null);
        assert.equal(Number(done.applied), Number(done.total));
      }));
  }
});
