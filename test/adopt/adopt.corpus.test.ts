/**
 * Adopt on real-world histories (../shared/corpus): each directory's SQL is run on a real
 * database the way its tool runs it, the tool's history table is created with the DDL the tool
 * uses and filled with the rows (and checksums, by the tool's algorithm) the tool writes; then
 * `adopt` records them, `status` shows nothing pending and nothing unknown, and `apply` of one
 * new migration works. Prisma (umami), Drizzle (homarr), Flyway (kestra), Atlas (hatchet, with
 * its real atlas.sum) and golang-migrate (minder) on PostgreSQL; goose (ncps) on MariaDB.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { adopt } from '../../src/commands/adopt.js';
import { apply } from '../../src/commands/apply.js';
import { status } from '../../src/commands/status.js';
import { flywayChecksum } from '../../src/migrate/adopt/tools/flyway.js';
import { readMigrationDir } from '../../src/migrate/dir/read.js';
import { computeSum } from '../../src/migrate/sum/index.js';
import type { FormatName } from '../../src/migrate/dir/types.js';
import { CORPUS } from '../helpers/corpus.js';
import { freshDatabases } from '../helpers/db.js';
import { copyDir, rehash, runAsTool, withConn, type Dir } from './helpers.js';

const fresh = freshDatabases(after);
const sha256hex = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const corpus = (name: string) => join(CORPUS, name, 'migrations');

async function run(url: string, ...sql: string[]): Promise<void> {
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

/** adopt, then: nothing pending or unknown; one new migration applies. */
async function adoptsAndSwitches(url: string, dir: Dir, from: Parameters<typeof adopt>[0]['from'], count: number, next: Record<string, string>, format?: FormatName): Promise<void> {
  const fmt = format ? { format } : {};
  const r = await adopt({ url, dir: dir.path, from, ...fmt });
  assert.equal(r.problems.length, 0);
  assert.equal(r.written.length, count, `${from}: every migration recorded`);
  assert.ok(r.mapping.every((m) => m.status === 'matched' || m.status === 'ignored'), JSON.stringify(r.mapping.filter((m) => m.status !== 'matched')));
  const again = await adopt({ url, dir: dir.path, from, ...fmt });
  assert.equal(again.alreadyAdopted, true, 'a second adopt writes nothing');
  const st = await status({ url, dir: dir.path, ...fmt });
  assert.deepEqual(st.pending, []);
  assert.deepEqual(st.unknown, []);
  assert.equal(st.integrity, false);
  dir.write(next);
  if (existsSync(join(dir.path, 'atlas.sum'))) rehash(dir, format);
  const a = await apply({ url, dir: dir.path, ...fmt });
  assert.equal(a.applied.length, 1);
}

describe('adopt on real-world histories', { concurrency: false }, () => {
  it('Prisma: umami on PostgreSQL (SHA-256 of each migration.sql verified)', async () => {
    const db = await fresh('postgres');
    const dir = copyDir(corpus('umami__prisma-migrations'));
    try {
      const ms = await runAsTool(db.url, dir.path);
      await run(db.url, `CREATE TABLE "_prisma_migrations" (
        "id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ, "migration_name" VARCHAR(255) NOT NULL,
        "logs" TEXT, "rolled_back_at" TIMESTAMPTZ, "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`);
      await insert(db.url, '"_prisma_migrations"', ms.map((m, i) => ({
        id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, checksum: sha256hex(readFileSync(join(dir.path, m.up.file))),
        finished_at: new Date(), migration_name: m.version, started_at: new Date(Date.now() - 1000 * (ms.length - i)), applied_steps_count: 1,
      })));
      await adoptsAndSwitches(db.url, dir, 'prisma', ms.length, { '99_adopt_new/migration.sql': 'CREATE TABLE "adopt_new" ("id" INTEGER);\n' });
    } finally {
      dir.dispose();
    }
  });

  it("Drizzle: homarr on PostgreSQL (the drizzle schema's table; journal times and hashes verified)", async () => {
    const db = await fresh('postgres');
    const dir = copyDir(corpus('homarr__packages-db-migrations-postgresql'));
    try {
      const ms = await runAsTool(db.url, dir.path);
      const journal = JSON.parse(readFileSync(join(dir.path, 'meta/_journal.json'), 'utf8')) as { entries: { tag: string; when: number }[] };
      await run(db.url, 'CREATE SCHEMA IF NOT EXISTS "drizzle"', 'CREATE TABLE IF NOT EXISTS "drizzle"."__drizzle_migrations" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint)');
      await insert(db.url, '"drizzle"."__drizzle_migrations"', journal.entries.map((e) => ({ hash: sha256hex(readFileSync(join(dir.path, `${e.tag}.sql`), 'utf8')), created_at: e.when })));
      const last = journal.entries[journal.entries.length - 1]!;
      const next = { ...journal, entries: [...journal.entries, { idx: journal.entries.length, version: '7', when: last.when + 1000, tag: '9999_adopt_new', breakpoints: true }] };
      await adoptsAndSwitches(db.url, dir, 'drizzle', ms.length, { 'meta/_journal.json': JSON.stringify(next, null, 2), '9999_adopt_new.sql': 'CREATE TABLE "adopt_new" ("id" integer);\n' });
    } finally {
      dir.dispose();
    }
  });

  it('Flyway: kestra on PostgreSQL (CRC32 of every script verified; V1_10 after V1_9)', async () => {
    const db = await fresh('postgres');
    const dir = copyDir(corpus('kestra__jdbc-postgres-migrations-postgres'));
    try {
      const ms = await runAsTool(db.url, dir.path);
      await run(db.url,
        `CREATE TABLE "public"."flyway_schema_history" ("installed_rank" INT NOT NULL, "version" VARCHAR(50), "description" VARCHAR(200) NOT NULL,
          "type" VARCHAR(20) NOT NULL, "script" VARCHAR(1000) NOT NULL, "checksum" INTEGER, "installed_by" VARCHAR(100) NOT NULL,
          "installed_on" TIMESTAMP NOT NULL DEFAULT now(), "execution_time" INTEGER NOT NULL, "success" BOOLEAN NOT NULL)`,
        'ALTER TABLE "public"."flyway_schema_history" ADD CONSTRAINT "flyway_schema_history_pk" PRIMARY KEY ("installed_rank")',
        'CREATE INDEX "flyway_schema_history_s_idx" ON "public"."flyway_schema_history" ("success")');
      await insert(db.url, '"public"."flyway_schema_history"', ms.map((m, i) => ({
        installed_rank: i + 1, version: m.version.replace(/_/g, '.'), description: m.description.replace(/_/g, ' '), type: 'SQL', script: m.up.file,
        checksum: flywayChecksum(readFileSync(join(dir.path, m.up.file))), installed_by: 'kestra', execution_time: 12, success: true,
      })));
      await adoptsAndSwitches(db.url, dir, 'flyway', ms.length, { 'V2_1__adopt_new.sql': 'CREATE TABLE adopt_new (id integer);\n' });
    } finally {
      dir.dispose();
    }
  });

  it("Atlas: hatchet on PostgreSQL (each revision's hash is its real atlas.sum entry)", async () => {
    const db = await fresh('postgres');
    const dir = copyDir(corpus('hatchet__sql-migrations'));
    try {
      const ms = await runAsTool(db.url, dir.path);
      const d = readMigrationDir(dir.path);
      const sums = new Map(computeSum(d.format.sumFiles(d.listing)).entries.map((e) => [e.file, e.hash]));
      // The atlas.sum on disk is the one Atlas wrote: its entries are the hashes Atlas stored.
      const onDisk = readFileSync(join(dir.path, 'atlas.sum'), 'utf8');
      for (const m of ms) assert.ok(onDisk.includes(`${m.up.file} h1:${sums.get(m.up.file)}`), m.up.file);
      // URL not bound to a schema: Atlas keeps its table in a schema of its own.
      await run(db.url, 'CREATE SCHEMA "atlas_schema_revisions"', `CREATE TABLE "atlas_schema_revisions"."atlas_schema_revisions" (
        "version" character varying NOT NULL, "description" character varying NOT NULL, "type" bigint NOT NULL DEFAULT 2, "applied" bigint NOT NULL DEFAULT 0,
        "total" bigint NOT NULL DEFAULT 0, "executed_at" timestamptz NOT NULL, "execution_time" bigint NOT NULL, "error" text NULL, "error_stmt" text NULL,
        "hash" character varying NOT NULL, "partial_hashes" jsonb NULL, "operator_version" character varying NOT NULL, PRIMARY KEY ("version"))`);
      await insert(db.url, '"atlas_schema_revisions"."atlas_schema_revisions"', [
        { version: '.atlas_cloud_identifiers', description: 'e1b1b6a0-0000-4000-8000-000000000000', type: 0, applied: 0, total: 0, executed_at: new Date(), execution_time: 0, hash: '', operator_version: 'Atlas CLI v0.31.0' },
        ...ms.map((m) => ({
          version: m.version, description: m.description, type: 2, applied: 3, total: 3, executed_at: new Date(), execution_time: 1_000_000,
          hash: sums.get(m.up.file)!, operator_version: 'Atlas CLI v0.31.0',
        })),
      ]);
      await adoptsAndSwitches(db.url, dir, 'atlas', ms.length, { '99990101000000_adopt_new.sql': 'CREATE TABLE adopt_new (id integer);\n' });
    } finally {
      dir.dispose();
    }
  });

  it('golang-migrate: minder on PostgreSQL (one row: every version up to it)', async () => {
    const db = await fresh('postgres');
    const dir = copyDir(corpus('minder__database-migrations'));
    try {
      const ms = await runAsTool(db.url, dir.path);
      await run(db.url, 'CREATE TABLE IF NOT EXISTS schema_migrations (version bigint not null primary key, dirty boolean not null)',
        `INSERT INTO schema_migrations (version, dirty) VALUES (${BigInt(ms[ms.length - 1]!.version)}, false)`);
      await adoptsAndSwitches(db.url, dir, 'golang-migrate', ms.length, {
        '999999_adopt_new.up.sql': 'CREATE TABLE adopt_new (id integer);\n', '999999_adopt_new.down.sql': 'DROP TABLE adopt_new;\n',
      });
    } finally {
      dir.dispose();
    }
  });

  it('goose: ncps on MariaDB (latest row per version; version 0 is goose\'s own)', async () => {
    const db = await fresh('mysql');
    const dir = copyDir(corpus('ncps__migrations-mysql'));
    try {
      const ms = await runAsTool(db.url, dir.path, { format: 'goose' });
      await run(db.url, 'CREATE TABLE goose_db_version (id serial NOT NULL, version_id bigint NOT NULL, is_applied boolean NOT NULL, tstamp timestamp NULL default now(), PRIMARY KEY(id))');
      await insert(db.url, 'goose_db_version', [{ version_id: 0, is_applied: true }, ...ms.map((m) => ({ version_id: m.version, is_applied: true }))]);
      await adoptsAndSwitches(db.url, dir, 'goose', ms.length, { '29990101000000_adopt_new.sql': '-- +goose Up\nCREATE TABLE adopt_new (id integer);\n-- +goose Down\nDROP TABLE adopt_new;\n' }, 'goose');
    } finally {
      dir.dispose();
    }
  });
});
