/**
 * A refused apply changes nothing: every check that can refuse runs before the first write
 * (the revision table, its schema and its meta row included). On PostgreSQL, MariaDB and
 * SQLite, after each kind of refusal the database is what it was: the same relations, the same
 * revision rows, and no revision table where there was none; for SQLite, the same file bytes.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { apply } from '../../src/commands/apply.js';
import { connect } from '../../src/dialects/registry.js';
import type { TargetName, TestDb } from '../helpers/db.js';
import { rejects, tempDir, withDb } from './helpers.js';

/** Everything a refused apply could have changed, as comparable data. */
async function fingerprint(target: TargetName, db: TestDb): Promise<unknown> {
  const c = await connect(db.url);
  try {
    const hasTable = await c.dialect.revisionTableExists(c, { table: 'cairn_revisions' });
    const rows = hasTable ? await c.query(`SELECT * FROM ${c.dialect.quoteIdent('cairn_revisions')} ORDER BY ${c.dialect.quoteIdent('version')}`) : null;
    let catalog: unknown;
    if (target === 'postgres') {
      catalog = {
        schemas: await c.query(`SELECT nspname FROM pg_namespace ORDER BY 1`),
        relations: await c.query(`SELECT n.nspname, c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%' ORDER BY 1, 2`),
      };
    } else if (target === 'mysql') {
      catalog = await c.query(`SELECT table_name AS name, table_type AS type FROM information_schema.tables WHERE table_schema = DATABASE() ORDER BY 1`);
    } else {
      catalog = await c.query(`SELECT type, name, sql FROM sqlite_master ORDER BY name`);
    }
    return { hasTable, rows, catalog };
  } finally {
    await c.close();
  }
}

/** For SQLite, the database file's bytes and what lies beside it (a lock file left behind would show). */
function fileState(target: TargetName, db: TestDb): unknown {
  if (target !== 'sqlite') return null;
  const bytes = existsSync(db.name) ? createHash('sha256').update(readFileSync(db.name)).digest('hex') : 'absent';
  return { bytes, beside: readdirSync(dirname(db.name)).sort() };
}

/** Runs `refused` and asserts it fails with `code` while the database stays exactly as it was. */
async function unchangedBy(target: TargetName, db: TestDb, refused: () => Promise<unknown>, code: string, re: RegExp): Promise<void> {
  const before = { db: existsSync(db.name) || target !== 'sqlite' ? await fingerprint(target, db) : 'no database', file: fileState(target, db) };
  await rejects(refused(), code, re);
  const after = { db: existsSync(db.name) || target !== 'sqlite' ? await fingerprint(target, db) : 'no database', file: fileState(target, db) };
  assert.deepEqual(after, before);
}

const FILES = {
  '1_a.sql': 'CREATE TABLE a (id integer);\n',
  '2_b.sql': 'CREATE TABLE b (id integer);\n',
  '3_c.sql': 'CREATE TABLE c (id integer);\n',
};

const TARGETS: readonly TargetName[] = ['postgres', 'mysql', 'sqlite'];

describe('a refused apply changes nothing', { concurrency: false }, () => {
  for (const target of TARGETS) {
    describe(`on ${target}`, { concurrency: 2 }, () => {
      it('a non-empty database without a revision table: no revision table is created', () =>
        withDb(target, async (db) => {
          const d = tempDir(FILES);
          try {
            const c = await connect(db.url);
            await c.exec('CREATE TABLE legacy (id integer)');
            await c.close();
            await unchangedBy(target, db, () => apply({ url: db.url, dir: d.path }), 'HISTORY_MISMATCH', /not empty \(.*legacy.*\) but has no revisions/);
            const after = (await fingerprint(target, db)) as { hasTable: boolean };
            assert.equal(after.hasTable, false, 'no revision table');
          } finally {
            d.dispose();
          }
        }));

      it('an edited applied file, a deleted one, and revisions newer than the directory: no row changes', () =>
        withDb(target, async (db) => {
          const d = tempDir(FILES);
          try {
            await apply({ url: db.url, dir: d.path });
            d.write({ '2_b.sql': 'CREATE TABLE b (id integer, x integer);\n' });
            await unchangedBy(target, db, () => apply({ url: db.url, dir: d.path }), 'HISTORY_MISMATCH', /applied migration 2 was edited: stored hash \S+, current \S+/);
            d.write(FILES);
            d.remove('2_b.sql');
            await unchangedBy(target, db, () => apply({ url: db.url, dir: d.path }), 'HISTORY_MISMATCH', /applied migration 2 \(b\) is missing from the directory/);
            d.write({ '2_b.sql': FILES['2_b.sql'] });
            d.remove('3_c.sql');
            // The newest file deleted: reported as missing, never asserted to come from a newer directory.
            const re = /1 revision\(s\) this directory does not know, newer than its newest migration: 3 \(c\); they are missing from the directory \(deleted, or applied from a newer checkout of it\)/;
            await unchangedBy(target, db, () => apply({ url: db.url, dir: d.path }), 'HISTORY_MISMATCH', re);
            // A pending file newer than it: 3 is now inside the directory's range, a deleted file.
            d.write({ '4_d.sql': 'CREATE TABLE d (id integer);\n' });
            await unchangedBy(target, db, () => apply({ url: db.url, dir: d.path }), 'HISTORY_MISMATCH', /applied migration 3 \(c\) is missing from the directory/);
          } finally {
            d.dispose();
          }
        }));

      it('an atlas.sum that does not match: on a fresh database and on one with history', () =>
        withDb(target, async (db) => {
          const d = tempDir(FILES);
          try {
            d.write({ '2_b.sql': 'CREATE TABLE b (id integer, x integer);\n' }, { rehash: false });
            await unchangedBy(target, db, () => apply({ url: db.url, dir: d.path }), 'SUM_MISMATCH', /atlas\.sum/);
            if (target === 'sqlite') assert.equal(existsSync(db.name), false, 'the SQLite file is not created');
            d.write(FILES);
            await apply({ url: db.url, dir: d.path, count: 1 });
            d.write({ '3_c.sql': 'CREATE TABLE c (id integer, y integer);\n' }, { rehash: false });
            await unchangedBy(target, db, () => apply({ url: db.url, dir: d.path }), 'SUM_MISMATCH', /atlas\.sum/);
          } finally {
            d.dispose();
          }
        }));

      if (target !== 'mysql') {
        it('txMode "all" with a file that must run outside a transaction: no revision table is created', () =>
          withDb(target, async (db) => {
            const d = tempDir({ ...FILES, '4_nt.sql': '-- atlas:txmode none\nCREATE TABLE nt (id integer);\n' });
            try {
              const refused = (revisionsSchema?: string) => apply({ url: db.url, dir: d.path, txMode: 'all', ...(revisionsSchema ? { revisionsSchema } : {}) });
              await unchangedBy(target, db, () => refused(), 'USAGE', /txMode "all" cannot run .*4_nt\.sql/);
              if (target === 'sqlite') assert.equal(existsSync(db.name), false, 'the SQLite file is not created');
              else assert.equal(((await fingerprint(target, db)) as { hasTable: boolean }).hasTable, false);
              // Nor the schema a revisionsSchema names.
              if (target === 'postgres') await unchangedBy(target, db, () => refused('cairn_meta'), 'USAGE', /txMode "all"/);
            } finally {
              d.dispose();
            }
          }));
      }
    });
  }
});
