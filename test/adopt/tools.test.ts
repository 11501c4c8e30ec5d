/**
 * Adopt, per tool, on real databases with directories the tests generate in each tool's format:
 * the tool's history table is created with the DDL the tool runs and filled with the rows (and
 * checksums, by the tool's algorithm) it writes, after the directory's SQL ran the way the tool
 * runs it. Then adopt; then `status` shows nothing pending and nothing unknown, and `apply` of
 * one new migration works. Each tool's refusals (dirty, failed, partial, locked, changed file)
 * write nothing. PostgreSQL mostly; Liquibase and knex also on MariaDB; dbmate and Atlas on SQLite.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { adopt } from '../../src/commands/adopt.js';
import { apply } from '../../src/commands/apply.js';
import { status } from '../../src/commands/status.js';
import { computeSum } from '../../src/migrate/sum/index.js';
import { readMigrationDir } from '../../src/migrate/dir/read.js';
import type { FormatName } from '../../src/migrate/dir/types.js';
import { flywayChecksum } from '../../src/migrate/adopt/tools/flyway.js';
import { liquibaseChangesets, liquibaseChecksumV9 } from '../../src/migrate/adopt/tools/liquibase.js';
import { freshDatabases, type TargetName } from '../helpers/db.js';
import { cairnRows, hasRevisionTable, makeDir, refused, runAsTool, withConn, type Dir } from './helpers.js';

const fresh = freshDatabases(after);
const sha256hex = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/** After adopt: nothing pending or unknown; then one new migration applies. */
async function switchesOver(url: string, dir: Dir, next: Record<string, string>, format?: FormatName): Promise<void> {
  const st = await status({ url, dir: dir.path, ...(format ? { format } : {}) });
  assert.deepEqual(st.pending.map((p) => p.version), [], 'nothing pending after adopt');
  assert.deepEqual(st.unknown, [], 'nothing unknown');
  assert.equal(st.integrity, false);
  dir.write(next);
  const r = await apply({ url, dir: dir.path, ...(format ? { format } : {}) });
  assert.equal(r.applied.length, 1, 'the new migration applies');
  const after = await status({ url, dir: dir.path, ...(format ? { format } : {}) });
  assert.deepEqual(after.pending, []);
}

async function exec(url: string, ...sql: string[]): Promise<void> {
  await withConn(url, async (c) => {
    for (const s of sql) await c.exec(s);
  });
}

async function insert(url: string, table: string, rows: readonly Record<string, unknown>[]): Promise<void> {
  await withConn(url, async (c) => {
    const q = c.dialect.quoteIdent;
    for (const r of rows) {
      const cols = Object.keys(r);
      await c.query(`INSERT INTO ${table} (${cols.map(q).join(', ')}) VALUES (${cols.map((_, i) => c.dialect.placeholder(i + 1)).join(', ')})`, Object.values(r));
    }
  });
}

describe('golang-migrate (PostgreSQL)', () => {
  const files = {
    '1_users.up.sql': 'CREATE TABLE users (id integer PRIMARY KEY);\n',
    '1_users.down.sql': 'DROP TABLE users;\n',
    '2_orders.up.sql': 'CREATE TABLE orders (id integer PRIMARY KEY, user_id integer REFERENCES users (id));\n',
    '2_orders.down.sql': 'DROP TABLE orders;\n',
    '3_index.up.sql': 'CREATE INDEX orders_user ON orders (user_id);\n',
    '3_index.down.sql': 'DROP INDEX orders_user;\n',
  };
  const DDL = 'CREATE TABLE IF NOT EXISTS schema_migrations (version bigint not null primary key, dirty boolean not null)';

  it('adopts the single current-version row: every migration up to it; down SQL kept', async () => {
    const db = await fresh('postgres');
    const dir = makeDir(files);
    try {
      await runAsTool(db.url, dir.path);
      await exec(db.url, DDL, 'INSERT INTO schema_migrations (version, dirty) VALUES (3, false)');
      const r = await adopt({ url: db.url, dir: dir.path, from: 'golang-migrate' });
      assert.deepEqual(r.written, ['1', '2', '3']);
      assert.equal(r.toolTable, 'schema_migrations');
      assert.deepEqual(r.mapping.map((m) => [m.version, m.status, m.checksum]), [['1', 'matched', 'absent'], ['2', 'matched', 'absent'], ['3', 'matched', 'absent']]);
      assert.match(r.dropHint, /DROP TABLE schema_migrations/);
      const rows = await cairnRows(db.url);
      assert.deepEqual(rows.map((x) => [x.version, x.kind]), [['1', 'set'], ['2', 'set'], ['3', 'set']]);
      await switchesOver(db.url, dir, { '4_more.up.sql': 'CREATE TABLE more (id integer);\n', '4_more.down.sql': 'DROP TABLE more;\n' });
      // The stored down SQL works: Cairn can roll back what golang-migrate applied.
      const { down } = await import('../../src/commands/down.js');
      const d = await down({ url: db.url, dir: dir.path, count: 2 });
      assert.deepEqual(d.reverted.map((x) => x.version), ['4', '3']);
    } finally {
      dir.dispose();
    }
  });

  it('a dirty version is refused, naming it, and nothing is written', async () => {
    const db = await fresh('postgres');
    const dir = makeDir(files);
    try {
      await runAsTool(db.url, dir.path, { count: 2 });
      await exec(db.url, DDL, 'INSERT INTO schema_migrations (version, dirty) VALUES (2, true)');
      await refused(adopt({ url: db.url, dir: dir.path, from: 'golang-migrate' }), /2_orders\.up\.sql \(version 2 \(dirty\)\): dirty at version 2/, /nothing written/);
      assert.equal(await hasRevisionTable(db.url), false, 'no Cairn table created');
    } finally {
      dir.dispose();
    }
  });

  it('a dbmate-shaped schema_migrations read as golang-migrate names the missing column', async () => {
    const db = await fresh('postgres');
    const dir = makeDir(files);
    try {
      await exec(db.url, 'CREATE TABLE schema_migrations (version varchar(128) primary key)', "INSERT INTO schema_migrations VALUES ('1')");
      await refused(adopt({ url: db.url, dir: dir.path, from: 'golang-migrate' }), /schema_migrations .* is not golang-migrate's history table/, /missing column\(s\) dirty/);
      assert.equal(await hasRevisionTable(db.url), false);
    } finally {
      dir.dispose();
    }
  });

  it('no history table at all: refused, naming what was looked for', async () => {
    const db = await fresh('postgres');
    const dir = makeDir(files);
    try {
      await refused(adopt({ url: db.url, dir: dir.path, from: 'golang-migrate' }), /no golang-migrate history table/, /looked for schema_migrations/);
      assert.equal(await hasRevisionTable(db.url), false);
    } finally {
      dir.dispose();
    }
  });
});

describe('dbmate (SQLite)', () => {
  const files = {
    '20200101000000_users.sql': '-- migrate:up\nCREATE TABLE users (id integer PRIMARY KEY);\n\n-- migrate:down\nDROP TABLE users;\n',
    '20200102000000_orders.sql': '-- migrate:up\nCREATE TABLE orders (id integer PRIMARY KEY);\n\n-- migrate:down\nDROP TABLE orders;\n',
  };
  const DDL = 'create table if not exists schema_migrations (version varchar(128) primary key)';

  it('adopts every recorded version; a dry run first writes nothing; a second adopt says it is done', async () => {
    const db = await fresh('sqlite');
    const dir = makeDir(files);
    try {
      await runAsTool(db.url, dir.path);
      await exec(db.url, DDL, "insert into schema_migrations (version) values ('20200101000000')", "insert into schema_migrations (version) values ('20200102000000')");
      const dry = await adopt({ url: db.url, dir: dir.path, from: 'dbmate', dryRun: true });
      assert.equal(dry.dryRun, true);
      assert.deepEqual(dry.written, ['20200101000000', '20200102000000']);
      assert.equal(await hasRevisionTable(db.url), false, 'a dry run writes nothing');
      const r = await adopt({ url: db.url, dir: dir.path, from: 'dbmate' });
      assert.deepEqual(r.written, ['20200101000000', '20200102000000']);
      const again = await adopt({ url: db.url, dir: dir.path, from: 'dbmate' });
      assert.equal(again.alreadyAdopted, true);
      assert.deepEqual(again.written, []);
      assert.ok(again.mapping.every((m) => m.recorded));
      await switchesOver(db.url, dir, { '20200103000000_more.sql': '-- migrate:up\nCREATE TABLE more (id integer);\n\n-- migrate:down\nDROP TABLE more;\n' });
    } finally {
      dir.dispose();
    }
  });

  it('a SQLite file that is not there is refused, and not created', async () => {
    const db = await fresh('sqlite');
    const dir = makeDir(files);
    try {
      await assert.rejects(adopt({ url: db.url, dir: dir.path, from: 'dbmate' }), (e: Error & { code?: string }) => e.code === 'CONNECT' && /no database at sqlite:/.test(e.message));
      assert.equal(existsSync(db.name), false);
    } finally {
      dir.dispose();
    }
  });

  it('a version no migration matches, and a skipped migration (a gap), are refused together', async () => {
    const db = await fresh('sqlite');
    const dir = makeDir({ ...files, '20200103000000_more.sql': '-- migrate:up\nCREATE TABLE more (id integer);\n' });
    try {
      await exec(db.url, DDL, "insert into schema_migrations (version) values ('20200101000000')", "insert into schema_migrations (version) values ('20200103000000')", "insert into schema_migrations (version) values ('20190101000000')");
      await refused(adopt({ url: db.url, dir: dir.path, from: 'dbmate' }),
        /20190101000000: no migration of the directory matches it/, /20200102000000_orders\.sql: never applied by dbmate, yet a later migration \(20200103000000\) was/);
      assert.equal(await hasRevisionTable(db.url), false);
    } finally {
      dir.dispose();
    }
  });
});

describe('knex (MariaDB)', () => {
  // Knex's JavaScript migrations, converted to SQL files that keep Knex's names.
  const files = {
    '20200101120000_create_users.sql': 'CREATE TABLE users (id integer PRIMARY KEY);\n',
    '20200102120000_create_orders.sql': 'CREATE TABLE orders (id integer PRIMARY KEY);\n',
  };
  const DDL = [
    'create table `knex_migrations` (`id` int unsigned not null auto_increment primary key, `name` varchar(255), `batch` int, `migration_time` timestamp)',
    'create table `knex_migrations_lock` (`index` int unsigned not null auto_increment primary key, `is_locked` int)',
  ];

  it('matches each row by the file-name stem; a held lock is refused', async () => {
    const db = await fresh('mysql');
    const dir = makeDir(files);
    try {
      await runAsTool(db.url, dir.path);
      await exec(db.url, ...DDL, 'insert into `knex_migrations_lock` (`is_locked`) values (1)');
      await insert(db.url, 'knex_migrations', [
        { name: '20200101120000_create_users.js', batch: 1, migration_time: new Date() },
        { name: '20200102120000_create_orders.js', batch: 2, migration_time: new Date() },
      ]);
      await refused(adopt({ url: db.url, dir: dir.path, from: 'knex' }), /knex_migrations_lock\.is_locked = 1/);
      assert.equal(await hasRevisionTable(db.url), false);
      await exec(db.url, 'update `knex_migrations_lock` set `is_locked` = 0');
      const r = await adopt({ url: db.url, dir: dir.path, from: 'knex' });
      assert.deepEqual(r.written, ['20200101120000', '20200102120000']);
      assert.deepEqual(r.mapping.map((m) => m.key), ['20200101120000_create_users.js', '20200102120000_create_orders.js']);
      await switchesOver(db.url, dir, { '20200103120000_more.sql': 'CREATE TABLE more (id integer);\n' });
    } finally {
      dir.dispose();
    }
  });
});

describe('gormigrate (PostgreSQL)', () => {
  it("matches ids to versions exactly (or to the file stem); InitSchema's row is its own", async () => {
    const db = await fresh('postgres');
    const dir = makeDir({
      '202001011200_users.sql': 'CREATE TABLE users (id integer PRIMARY KEY);\n',
      '202001021200_orders.sql': 'CREATE TABLE orders (id integer PRIMARY KEY);\n',
    });
    try {
      await runAsTool(db.url, dir.path);
      await exec(db.url, 'CREATE TABLE "migrations" ("id" varchar(255),PRIMARY KEY ("id"))');
      await insert(db.url, 'migrations', [{ id: 'SCHEMA_INIT' }, { id: '202001011200' }, { id: '202001021200_orders' }]);
      const r = await adopt({ url: db.url, dir: dir.path, from: 'gormigrate', format: 'atlas' });
      assert.deepEqual(r.written, ['202001011200', '202001021200']);
      assert.deepEqual(r.mapping.filter((m) => m.status === 'ignored').map((m) => m.key), ['SCHEMA_INIT']);
      await switchesOver(db.url, dir, { '202001031200_more.sql': 'CREATE TABLE more (id integer);\n' }, 'atlas');
    } finally {
      dir.dispose();
    }
  });
});

describe('goose (PostgreSQL)', () => {
  it("the latest row of a version decides; version 0 is goose's own; a rolled-back version stays pending", async () => {
    const db = await fresh('postgres');
    const dir = makeDir({
      '00001_users.sql': '-- +goose Up\nCREATE TABLE users (id integer PRIMARY KEY);\n-- +goose Down\nDROP TABLE users;\n',
      '00002_orders.sql': '-- +goose Up\nCREATE TABLE orders (id integer PRIMARY KEY);\n-- +goose Down\nDROP TABLE orders;\n',
      '00003_gone.sql': '-- +goose Up\nCREATE TABLE gone (id integer PRIMARY KEY);\n-- +goose Down\nDROP TABLE gone;\n',
    });
    try {
      await runAsTool(db.url, dir.path, { count: 2 });
      await exec(db.url, `CREATE TABLE goose_db_version (
        id integer PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY, version_id bigint NOT NULL, is_applied boolean NOT NULL, tstamp timestamp NOT NULL DEFAULT now())`);
      // Up 1, 2, 3; down 3 (goose < 3.16 appends is_applied = false).
      await insert(db.url, 'goose_db_version', [
        { version_id: 0, is_applied: true }, { version_id: 1, is_applied: true }, { version_id: 2, is_applied: true },
        { version_id: 3, is_applied: true }, { version_id: 3, is_applied: false },
      ]);
      const r = await adopt({ url: db.url, dir: dir.path, from: 'goose' });
      assert.deepEqual(r.written, ['00001', '00002']);
      assert.deepEqual(r.mapping.map((m) => [m.version, m.status]), [['00001', 'matched'], ['00002', 'matched'], ['00003', 'pending'], [null, 'ignored']]);
      const st = await status({ url: db.url, dir: dir.path });
      assert.deepEqual(st.pending.map((p) => p.version), ['00003'], 'the rolled-back migration is what Cairn applies next');
      const a = await apply({ url: db.url, dir: dir.path });
      assert.deepEqual(a.applied.map((x) => x.version), ['00003']);
    } finally {
      dir.dispose();
    }
  });
});

describe('Flyway (PostgreSQL)', () => {
  const files = {
    'V1__init.sql': 'CREATE TABLE users (id integer PRIMARY KEY);\n',
    'V1_1__orders.sql': 'CREATE TABLE orders (id integer PRIMARY KEY);\r\n',
    'V2__index.sql': 'CREATE INDEX users_id ON users (id);\n',
  };
  const REPORT = 'CREATE OR REPLACE VIEW report AS SELECT count(*) AS n FROM users;\n';
  const DDL = [
    `CREATE TABLE "flyway_schema_history" (
    "installed_rank" INT NOT NULL, "version" VARCHAR(50), "description" VARCHAR(200) NOT NULL, "type" VARCHAR(20) NOT NULL,
    "script" VARCHAR(1000) NOT NULL, "checksum" INTEGER, "installed_by" VARCHAR(100) NOT NULL,
    "installed_on" TIMESTAMP NOT NULL DEFAULT now(), "execution_time" INTEGER NOT NULL, "success" BOOLEAN NOT NULL)`,
    'ALTER TABLE "flyway_schema_history" ADD CONSTRAINT "flyway_schema_history_pk" PRIMARY KEY ("installed_rank")',
    'CREATE INDEX "flyway_schema_history_s_idx" ON "flyway_schema_history" ("success")',
  ];
  const row = (rank: number, version: string | null, description: string, script: string, checksum: number | null, success = true, type = 'SQL') =>
    ({ installed_rank: rank, version, description, type, script, checksum, installed_by: 'postgres', execution_time: 5, success });
  const sum = (dir: Dir, f: string) => flywayChecksum(readFileSync(join(dir.path, f)));

  it('verifies the CRC32 of every script; versions compare as Flyway compares them; repeatables too', async () => {
    const db = await fresh('postgres');
    const dir = makeDir(files);
    try {
      await runAsTool(db.url, dir.path);
      await exec(db.url, ...DDL);
      await insert(db.url, 'flyway_schema_history', [
        row(1, '1', 'init', 'V1__init.sql', sum(dir, 'V1__init.sql')),
        row(2, '1.1', 'orders', 'V1_1__orders.sql', sum(dir, 'V1_1__orders.sql')),
        row(3, '2', 'index', 'V2__index.sql', sum(dir, 'V2__index.sql')),
      ]);
      const r = await adopt({ url: db.url, dir: dir.path, from: 'flyway' });
      assert.deepEqual(r.written, ['1', '1_1', '2']);
      assert.ok(r.mapping.every((m) => m.checksum === 'verified'), JSON.stringify(r.mapping));
      await switchesOver(db.url, dir, { 'V3__more.sql': 'CREATE TABLE more (id integer);\n' });
    } finally {
      dir.dispose();
    }
  });

  it('a repeatable is recorded while its checksum holds; once its file changed, it stays pending as Flyway would re-run it', async () => {
    const db = await fresh('postgres');
    const dir = makeDir({ ...files, 'R__report.sql': REPORT });
    try {
      await runAsTool(db.url, dir.path);
      await exec(db.url, ...DDL);
      await insert(db.url, 'flyway_schema_history', [
        row(1, '1', 'init', 'V1__init.sql', sum(dir, 'V1__init.sql')),
        row(2, '1.1', 'orders', 'V1_1__orders.sql', sum(dir, 'V1_1__orders.sql')),
        row(3, '2', 'index', 'V2__index.sql', sum(dir, 'V2__index.sql')),
        row(4, null, 'report', 'R__report.sql', sum(dir, 'R__report.sql') - 1),
        row(5, null, 'report', 'R__report.sql', sum(dir, 'R__report.sql')),
      ]);
      const dry = await adopt({ url: db.url, dir: dir.path, from: 'flyway', dryRun: true });
      assert.deepEqual(dry.written, ['1', '1_1', '2', 'R__report'], 'the latest row of a repeatable decides');
      dir.write({ 'R__report.sql': REPORT.replace('count(*)', 'count(id)') });
      const r = await adopt({ url: db.url, dir: dir.path, from: 'flyway' });
      assert.deepEqual(r.written, ['1', '1_1', '2']);
      const rep = r.mapping.find((m) => m.version === 'R__report')!;
      assert.deepEqual([rep.status, rep.checksum], ['pending', 'mismatch']);
      const st = await status({ url: db.url, dir: dir.path });
      assert.deepEqual(st.pending.map((p) => p.version), ['R__report']);
      assert.deepEqual((await apply({ url: db.url, dir: dir.path })).applied.map((x) => x.version), ['R__report']);
    } finally {
      dir.dispose();
    }
  });

  it('a failed row and a changed file are refused, each named; nothing is written', async () => {
    const db = await fresh('postgres');
    const dir = makeDir(files);
    try {
      await runAsTool(db.url, dir.path, { count: 2 });
      await exec(db.url, ...DDL);
      await insert(db.url, 'flyway_schema_history', [
        row(1, '1', 'init', 'V1__init.sql', sum(dir, 'V1__init.sql') + 1),
        row(2, '1.1', 'orders', 'V1_1__orders.sql', sum(dir, 'V1_1__orders.sql')),
        row(3, '2', 'index', 'V2__index.sql', sum(dir, 'V2__index.sql'), false),
      ]);
      await refused(adopt({ url: db.url, dir: dir.path, from: 'flyway' }),
        /V1__init\.sql \(1\): checksum mismatch: the file changed since Flyway applied it \(stored checksum -?\d+, file's -?\d+\)/, /V2__index\.sql \(2\): failed \(success = false, rank 3\)/);
      assert.equal(await hasRevisionTable(db.url), false);
    } finally {
      dir.dispose();
    }
  });

  it("a BASELINE row becomes Cairn's baseline: the migrations up to it count as done", async () => {
    const db = await fresh('postgres');
    const dir = makeDir(files);
    try {
      await runAsTool(db.url, dir.path);
      await exec(db.url, ...DDL);
      await insert(db.url, 'flyway_schema_history', [
        row(1, '1.1', '<< Flyway Baseline >>', '<< Flyway Baseline >>', null, true, 'BASELINE'),
        row(2, '2', 'index', 'V2__index.sql', sum(dir, 'V2__index.sql')),
      ]);
      const r = await adopt({ url: db.url, dir: dir.path, from: 'flyway' });
      assert.equal(r.baseline, '1_1');
      assert.deepEqual(r.written, ['2']);
      assert.deepEqual(r.mapping.slice(0, 2).map((m) => m.status), ['baseline', 'baseline']);
      const rows = await cairnRows(db.url);
      assert.deepEqual(rows.map((x) => [x.version, x.kind]), [['1_1', 'baseline'], ['2', 'set']]);
      await switchesOver(db.url, dir, { 'V3__more.sql': 'CREATE TABLE more (id integer);\n' });
    } finally {
      dir.dispose();
    }
  });
});

describe('Atlas (SQLite)', () => {
  const files = {
    '20240101000000_users.sql': 'CREATE TABLE users (id integer PRIMARY KEY);\n',
    '20240102000000_orders.sql': 'CREATE TABLE orders (id integer PRIMARY KEY);\nCREATE INDEX orders_id ON orders (id);\n',
  };
  const DDL = `CREATE TABLE atlas_schema_revisions (version text NOT NULL, description text NOT NULL, type integer NOT NULL DEFAULT 2,
    applied integer NOT NULL DEFAULT 0, total integer NOT NULL DEFAULT 0, executed_at datetime NOT NULL, execution_time integer NOT NULL,
    error text NULL, error_stmt text NULL, hash text NOT NULL, partial_hashes json NULL, operator_version text NOT NULL, PRIMARY KEY (version))`;
  /** The atlas.sum entry of each file, which Atlas stores as a revision's hash. */
  const sums = (dir: Dir) => {
    const d = readMigrationDir(dir.path, { format: 'atlas' });
    return new Map(computeSum(d.format.sumFiles(d.listing)).entries.map((e) => [e.file, e.hash]));
  };
  const rev = (version: string, description: string, hash: string, applied: number, total: number, error: string | null = null, type = 2) =>
    ({ version, description, type, applied, total, executed_at: '2024-01-02 00:00:00', execution_time: 1000, error, hash, operator_version: 'Atlas CLI v0.30.0' });

  it('verifies each revision hash against the atlas.sum entry; a partial revision is refused', async () => {
    const db = await fresh('sqlite');
    const dir = makeDir(files);
    try {
      await runAsTool(db.url, dir.path);
      const h = sums(dir);
      await exec(db.url, DDL);
      await insert(db.url, 'atlas_schema_revisions', [
        { ...rev('.atlas_cloud_identifiers', '', '', 0, 0), type: 0 },
        rev('20240101000000', 'users', h.get('20240101000000_users.sql')!, 1, 1),
        rev('20240102000000', 'orders', h.get('20240102000000_orders.sql')!, 1, 2, 'index exists'),
      ]);
      await refused(adopt({ url: db.url, dir: dir.path, from: 'atlas' }), /20240102000000_orders\.sql \(20240102000000\): partial: 1 of 2 statements applied, error: index exists/);
      assert.equal(await hasRevisionTable(db.url), false);
      await exec(db.url, "UPDATE atlas_schema_revisions SET applied = 2, error = NULL WHERE version = '20240102000000'");
      const r = await adopt({ url: db.url, dir: dir.path, from: 'atlas' });
      assert.deepEqual(r.written, ['20240101000000', '20240102000000']);
      assert.deepEqual(r.mapping.filter((m) => m.version).map((m) => m.checksum), ['verified', 'verified']);
      await switchesOver(db.url, dir, { '20240103000000_more.sql': 'CREATE TABLE more (id integer);\n' });
    } finally {
      dir.dispose();
    }
  });

  it('a file edited after Atlas applied it is a hash mismatch', async () => {
    const db = await fresh('sqlite');
    const dir = makeDir(files);
    try {
      await runAsTool(db.url, dir.path);
      const h = sums(dir);
      await exec(db.url, DDL);
      await insert(db.url, 'atlas_schema_revisions', [rev('20240101000000', 'users', h.get('20240101000000_users.sql')!, 1, 1)]);
      dir.write({ '20240101000000_users.sql': 'CREATE TABLE users (id integer PRIMARY KEY, name text);\n' });
      await refused(adopt({ url: db.url, dir: dir.path, from: 'atlas' }), /20240101000000_users\.sql \(20240101000000\): checksum mismatch/);
      assert.equal(await hasRevisionTable(db.url), false);
    } finally {
      dir.dispose();
    }
  });
});

describe('Drizzle (PostgreSQL)', () => {
  const journal = (entries: { tag: string; when: number }[]) =>
    JSON.stringify({ version: '7', dialect: 'postgresql', entries: entries.map((e, idx) => ({ idx, version: '7', when: e.when, tag: e.tag, breakpoints: true })) }, null, 2);
  const files = {
    'meta/_journal.json': journal([{ tag: '0000_users', when: 1700000000000 }, { tag: '0001_orders', when: 1700000100000 }, { tag: '0002_index', when: 1700000200000 }]),
    '0000_users.sql': 'CREATE TABLE "users" ("id" integer PRIMARY KEY);\n',
    '0001_orders.sql': 'CREATE TABLE "orders" ("id" integer PRIMARY KEY);\n--> statement-breakpoint\nCREATE INDEX "orders_id" ON "orders" ("id");\n',
    '0002_index.sql': 'CREATE INDEX "users_id" ON "users" ("id");\n',
  };
  const DDL = ['CREATE SCHEMA IF NOT EXISTS "drizzle"', 'CREATE TABLE IF NOT EXISTS "drizzle"."__drizzle_migrations" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint)'];
  const row = (dir: Dir, tag: string, when: number) => ({ hash: sha256hex(readFileSync(join(dir.path, `${tag}.sql`), 'utf8')), created_at: when });

  it("reads the drizzle schema's table; matches rows by the journal's `when` and verifies each hash", async () => {
    const db = await fresh('postgres');
    const dir = makeDir(files);
    try {
      await runAsTool(db.url, dir.path);
      await exec(db.url, ...DDL);
      await insert(db.url, '"drizzle"."__drizzle_migrations"', [row(dir, '0000_users', 1700000000000), row(dir, '0001_orders', 1700000100000), row(dir, '0002_index', 1700000200000)]);
      const r = await adopt({ url: db.url, dir: dir.path, from: 'drizzle' });
      assert.equal(r.toolTable, 'drizzle.__drizzle_migrations');
      assert.deepEqual(r.written, ['0000_users', '0001_orders', '0002_index']);
      assert.ok(r.mapping.every((m) => m.checksum === 'verified'));
    } finally {
      dir.dispose();
    }
  });

  it('a journal entry without a row before the newest one is a gap; a tampered hash is a mismatch', async () => {
    const db = await fresh('postgres');
    const dir = makeDir(files);
    try {
      await exec(db.url, ...DDL);
      await insert(db.url, '"drizzle"."__drizzle_migrations"', [{ ...row(dir, '0000_users', 1700000000000), hash: 'f'.repeat(64) }, row(dir, '0002_index', 1700000200000)]);
      await refused(adopt({ url: db.url, dir: dir.path, from: 'drizzle' }),
        /0000_users\.sql \(created_at 1700000000000 \(id 1\)\): checksum mismatch/, /0001_orders\.sql: never applied by Drizzle, yet a later migration \(0002_index\) was/);
      assert.equal(await hasRevisionTable(db.url), false);
    } finally {
      dir.dispose();
    }
  });
});

describe('Prisma (PostgreSQL)', () => {
  const files = {
    '20240101000000_init/migration.sql': '-- CreateTable\nCREATE TABLE "users" ("id" INTEGER NOT NULL, CONSTRAINT "users_pkey" PRIMARY KEY ("id"));\n',
    '20240102000000_orders/migration.sql': '-- CreateTable\nCREATE TABLE "orders" ("id" INTEGER NOT NULL);\n',
    'migration_lock.toml': 'provider = "postgresql"\n',
  };
  const DDL = `CREATE TABLE "_prisma_migrations" (
    "id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ, "migration_name" VARCHAR(255) NOT NULL,
    "logs" TEXT, "rolled_back_at" TIMESTAMPTZ, "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`;
  const row = (dir: Dir, name: string, over: Record<string, unknown> = {}) => ({
    id: createHash('md5').update(name).digest('hex').slice(0, 36), checksum: sha256hex(readFileSync(join(dir.path, name, 'migration.sql'))),
    finished_at: new Date(), migration_name: name, started_at: new Date(), applied_steps_count: 1, ...over,
  });

  it('a tampered checksum and a failed migration are refused, each named; after the fix adopt works', async () => {
    const db = await fresh('postgres');
    const dir = makeDir(files);
    try {
      await runAsTool(db.url, dir.path);
      await exec(db.url, DDL);
      await insert(db.url, '"_prisma_migrations"', [
        row(dir, '20240101000000_init', { checksum: '0'.repeat(64) }),
        row(dir, '20240102000000_orders', { finished_at: null, applied_steps_count: 0, logs: 'relation "orders" already exists' }),
      ]);
      await refused(adopt({ url: db.url, dir: dir.path, from: 'prisma' }),
        /20240101000000_init\/migration\.sql \(20240101000000_init\): checksum mismatch/, /20240102000000_orders\/migration\.sql \(20240102000000_orders\): failed: started .*never finished .*relation "orders" already exists/);
      assert.equal(await hasRevisionTable(db.url), false);
      await exec(db.url, `DELETE FROM "_prisma_migrations"`);
      await insert(db.url, '"_prisma_migrations"', [row(dir, '20240101000000_init'), row(dir, '20240102000000_orders')]);
      const r = await adopt({ url: db.url, dir: dir.path, from: 'prisma' });
      assert.deepEqual(r.written, ['20240101000000_init', '20240102000000_orders']);
      await switchesOver(db.url, dir, { '20240103000000_more/migration.sql': 'CREATE TABLE "more" ("id" INTEGER);\n' });
    } finally {
      dir.dispose();
    }
  });
});

describe('Liquibase (PostgreSQL and MariaDB)', () => {
  const files = {
    '001_users.sql': '--liquibase formatted sql\n\n--changeset alice:1\n--comment: users\nCREATE TABLE users (id integer PRIMARY KEY);\n--rollback DROP TABLE users;\n\n--changeset bob:2\nCREATE TABLE orders (id integer PRIMARY KEY);\n-- a plain comment stays in the checksum\n--rollback DROP TABLE orders;\n',
    '002_more.sql': '--liquibase formatted sql\n\n--changeset alice:3\nCREATE INDEX orders_id ON orders (id);\n--rollback DROP INDEX orders_id ON orders;\n',
  };
  const checksums = (dir: Dir) => {
    const out = new Map<string, string>();
    for (const f of ['001_users.sql', '002_more.sql']) {
      for (const cs of liquibaseChangesets(readFileSync(join(dir.path, f), 'utf8')).changesets) out.set(`${cs.id}:${cs.author}`, liquibaseChecksumV9(cs.sql));
    }
    return out;
  };
  const DDL: Record<'postgres' | 'mysql', string[]> = {
    postgres: [
      `CREATE TABLE public.databasechangelog (ID VARCHAR(255) NOT NULL, AUTHOR VARCHAR(255) NOT NULL, FILENAME VARCHAR(255) NOT NULL, DATEEXECUTED TIMESTAMP WITHOUT TIME ZONE NOT NULL,
        ORDEREXECUTED INTEGER NOT NULL, EXECTYPE VARCHAR(10) NOT NULL, MD5SUM VARCHAR(35), DESCRIPTION VARCHAR(255), COMMENTS VARCHAR(255), TAG VARCHAR(255),
        LIQUIBASE VARCHAR(20), CONTEXTS VARCHAR(255), LABELS VARCHAR(255), DEPLOYMENT_ID VARCHAR(10))`,
      'CREATE TABLE public.databasechangeloglock (ID INTEGER NOT NULL, LOCKED BOOLEAN NOT NULL, LOCKGRANTED TIMESTAMP WITHOUT TIME ZONE, LOCKEDBY VARCHAR(255), CONSTRAINT databasechangeloglock_pkey PRIMARY KEY (ID))',
      'INSERT INTO public.databasechangeloglock (ID, LOCKED) VALUES (1, FALSE)',
    ],
    mysql: [
      `CREATE TABLE DATABASECHANGELOG (ID VARCHAR(255) NOT NULL, AUTHOR VARCHAR(255) NOT NULL, FILENAME VARCHAR(255) NOT NULL, DATEEXECUTED datetime NOT NULL,
        ORDEREXECUTED INT NOT NULL, EXECTYPE VARCHAR(10) NOT NULL, MD5SUM VARCHAR(35) NULL, \`DESCRIPTION\` VARCHAR(255) NULL, COMMENTS VARCHAR(255) NULL, TAG VARCHAR(255) NULL,
        LIQUIBASE VARCHAR(20) NULL, CONTEXTS VARCHAR(255) NULL, LABELS VARCHAR(255) NULL, DEPLOYMENT_ID VARCHAR(10) NULL)`,
      'CREATE TABLE DATABASECHANGELOGLOCK (ID INT NOT NULL, `LOCKED` TINYINT(1) NOT NULL, LOCKGRANTED datetime NULL, LOCKEDBY VARCHAR(255) NULL, CONSTRAINT PK_DATABASECHANGELOGLOCK PRIMARY KEY (ID))',
      'INSERT INTO DATABASECHANGELOGLOCK (ID, `LOCKED`) VALUES (1, 0)',
    ],
  };
  const rows = (dir: Dir, exec3 = 'EXECUTED') => {
    const sums = checksums(dir);
    const at = new Date('2024-05-01T10:00:00Z');
    const r = (id: string, author: string, file: string, order: number, exectype = 'EXECUTED') => ({
      id, author, filename: `db/changelog/${file}`, dateexecuted: at, orderexecuted: order, exectype,
      md5sum: sums.get(`${id}:${author}`), description: 'sql', liquibase: '4.29.2', deployment_id: '4557600000',
    });
    return [r('1', 'alice', '001_users.sql', 1), r('2', 'bob', '001_users.sql', 2), r('3', 'alice', '002_more.sql', 3, exec3)];
  };

  for (const target of ['postgres', 'mysql'] as const satisfies readonly TargetName[]) {
    it(`matches id, author and file; verifies the v9 MD5SUM (${target})`, async () => {
      const db = await fresh(target);
      const dir = makeDir(files);
      try {
        await runAsTool(db.url, dir.path);
        await exec(db.url, ...DDL[target]);
        const table = target === 'postgres' ? 'public.databasechangelog' : 'DATABASECHANGELOG';
        await insert(db.url, table, rows(dir));
        const r = await adopt({ url: db.url, dir: dir.path, from: 'liquibase' });
        assert.equal(r.toolTable, target === 'postgres' ? 'databasechangelog' : 'DATABASECHANGELOG');
        assert.deepEqual(r.written, ['1', '2', '3']);
        assert.deepEqual(r.mapping.map((m) => [m.key, m.checksum]), [
          ['db/changelog/001_users.sql::1::alice', 'verified'], ['db/changelog/001_users.sql::2::bob', 'verified'], ['db/changelog/002_more.sql::3::alice', 'verified'],
        ]);
        await switchesOver(db.url, dir, { '003_new.sql': '--liquibase formatted sql\n\n--changeset carol:4\nCREATE TABLE more (id integer);\n' });
      } finally {
        dir.dispose();
      }
    });
  }

  it('a FAILED changeset, an edited one and a held lock are refused together', async () => {
    const db = await fresh('postgres');
    const dir = makeDir(files);
    try {
      await runAsTool(db.url, dir.path);
      await exec(db.url, ...DDL.postgres, 'UPDATE public.databasechangeloglock SET LOCKED = TRUE');
      await insert(db.url, 'public.databasechangelog', rows(dir, 'FAILED'));
      dir.write({ '001_users.sql': files['001_users.sql'].replace('CREATE TABLE orders (id integer PRIMARY KEY)', 'CREATE TABLE orders (id bigint PRIMARY KEY)') });
      await refused(adopt({ url: db.url, dir: dir.path, from: 'liquibase' }),
        /DATABASECHANGELOGLOCK\.LOCKED is set/, /001_users\.sql \(db\/changelog\/001_users\.sql::2::bob\): checksum mismatch/, /002_more\.sql \(db\/changelog\/002_more\.sql::3::alice\): EXECTYPE FAILED/);
      assert.equal(await hasRevisionTable(db.url), false);
    } finally {
      dir.dispose();
    }
  });
});

describe("Cairn's own rows", () => {
  const files = {
    '1_a.up.sql': 'CREATE TABLE a (id integer);\n',
    '2_b.up.sql': 'CREATE TABLE b (id integer);\n',
  };

  it('a Cairn row that disagrees with the tool is refused; one that agrees is not written again', async () => {
    const db = await fresh('postgres');
    const dir = makeDir(files);
    try {
      await runAsTool(db.url, dir.path);
      await exec(db.url, 'CREATE TABLE schema_migrations (version bigint not null primary key, dirty boolean not null)', 'INSERT INTO schema_migrations VALUES (2, false)');
      // Cairn recorded 1 from another version of the file.
      const { set } = await import('../../src/commands/set.js');
      const other = makeDir({ '1_a.up.sql': 'CREATE TABLE a (id bigint);\n' });
      await set({ url: db.url, dir: other.path, version: '1' });
      other.dispose();
      await refused(adopt({ url: db.url, dir: dir.path, from: 'golang-migrate' }), /1_a\.up\.sql \(≤ version 2\): Cairn's revision table records it as applied from a file with another hash/);
      assert.deepEqual((await cairnRows(db.url)).map((r) => r.version), ['1'], 'nothing written');
      // Recorded from this very file: adopt writes only the rest.
      await set({ url: db.url, dir: dir.path, version: '1' });
      const r = await adopt({ url: db.url, dir: dir.path, from: 'golang-migrate' });
      assert.deepEqual(r.written, ['2']);
      assert.deepEqual(r.mapping.map((m) => m.recorded), [true, false]);
    } finally {
      dir.dispose();
    }
  });
});
