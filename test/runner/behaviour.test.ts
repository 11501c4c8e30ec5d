/**
 * The runner's behaviours as one case table over every target (PostgreSQL, PGlite, MariaDB,
 * SQLite). A missing server fails the test (the helpers throw), it never skips.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { apply } from '../../src/commands/apply.js';
import { status } from '../../src/commands/status.js';
import { down } from '../../src/commands/down.js';
import { set } from '../../src/commands/set.js';
import { createMigrator, migrate } from '../../src/commands/migrator.js';
import { connect } from '../../src/dialects/registry.js';
import { CairnError } from '../../src/errors.js';
import type { ProgressEvent } from '../../src/migrate/runner/types.js';
import type { TargetName } from '../helpers/db.js';
import { ALL_TARGETS, rejects, transactional, objects, query, revisions, tempDir, withDb } from './helpers.js';

const BASE = {
  '1_users.sql': 'CREATE TABLE users (id integer PRIMARY KEY, name varchar(50));\nINSERT INTO users VALUES (1, \'a;b\');\n',
  '2_posts.sql': 'CREATE TABLE posts (id integer PRIMARY KEY, user_id integer);\n-- cairn:down\n-- DROP TABLE posts;\n',
  '3_tags.sql': 'CREATE TABLE tags (id integer PRIMARY KEY);\nCREATE TABLE tag_map (tag_id integer);\n-- cairn:down\n-- DROP TABLE tag_map;\n-- DROP TABLE tags;\n',
};


/**
 * PGlite is the PostgreSQL dialect behind another driver, and opening its data directory costs
 * about a second per connection; the plan-only behaviours (pure functions of the history, same
 * code on every driver) are not repeated there. Everything touching execution, locking and
 * error reporting runs on all four.
 */
const PLAN_ONLY: readonly TargetName[] = ['pglite'];

// Targets run one after another: PGlite's WASM holds the event loop for seconds at a time,
// which would starve the server targets' connection handshakes in this same process.
describe('runner case table', { concurrency: false }, () => {
for (const target of ALL_TARGETS) {
  /** `it` for behaviours that are pure plan logic, identical across drivers of one dialect. */
  const planIt = (name: string, fn: () => Promise<unknown>) => {
    if (!PLAN_ONLY.includes(target)) it(name, async () => void (await fn()));
  };
  describe(`runner on ${target}`, { concurrency: 3 }, () => {
    it('applies pending migrations, records revisions, and a second run is a no-op', () =>
      withDb(target, async (db) => {
        const d = tempDir(BASE);
        try {
          const events: ProgressEvent[] = [];
          const r = await apply({ url: db.url, dir: d.path, onProgress: (e) => events.push(e) });
          assert.deepEqual(r.applied.map((a) => a.version), ['1', '2', '3']);
          assert.equal(r.current, '3');
          assert.ok(events.some((e) => e.type === 'file-done'));
          assert.deepEqual(await objects(db.url), ['posts', 'tag_map', 'tags', 'users']);
          const rows = await revisions(db.url);
          assert.equal(rows.length, 3);
          const r3 = rows.find((x) => x.version === '3')!;
          assert.equal(r3.kind, 'applied');
          assert.equal(Number(r3.applied), 2);
          assert.equal(Number(r3.total), 2);
          assert.equal(JSON.parse(String(r3.partial_hashes)).length, 2);
          assert.match(String(r3.down_sql), /DROP TABLE tag_map;\s*DROP TABLE tags;/);
          assert.equal(r3.cairn_version, '0.1.0');
          assert.ok(r3.finished_at, 'finished_at recorded');
          assert.equal(rows.find((x) => x.version === '1')!.down_sql, null);
          const again = await apply({ url: db.url, dir: d.path });
          assert.deepEqual(again.applied, []);
          assert.equal(again.current, '3');
          const st = await status({ url: db.url, dir: d.path });
          assert.equal(st.current, '3');
          assert.equal(st.pending.length, 0);
          assert.equal(st.applied.length, 3);
        } finally {
          d.dispose();
        }
      }));

    planIt('count, toVersion and status pending', () =>
      withDb(target, async (db) => {
        const d = tempDir(BASE);
        try {
          assert.deepEqual((await apply({ url: db.url, dir: d.path, count: 1 })).applied.map((a) => a.version), ['1']);
          const st = await status({ url: db.url, dir: d.path });
          assert.deepEqual(st.pending.map((p) => p.version), ['2', '3']);
          assert.deepEqual((await apply({ url: db.url, dir: d.path, toVersion: '2' })).applied.map((a) => a.version), ['2']);
          assert.deepEqual((await apply({ url: db.url, dir: d.path })).applied.map((a) => a.version), ['3']);
        } finally {
          d.dispose();
        }
      }));

    it('dry run changes nothing', () =>
      withDb(target, async (db) => {
        const d = tempDir(BASE);
        try {
          const r = await apply({ url: db.url, dir: d.path, dryRun: true });
          assert.equal(r.dryRun, true);
          assert.deepEqual(r.plan.map((p) => p.version), ['1', '2', '3']);
          assert.equal(r.plan[0]!.statements.length, 2);
          assert.deepEqual(await objects(db.url), []);
          const c = await connect(db.url);
          try {
            assert.equal(await c.dialect.revisionTableExists(c, { table: 'cairn_revisions' }), false);
          } finally {
            await c.close();
          }
        } finally {
          d.dispose();
        }
      }));

    planIt('refuses an edited applied file, naming it with stored and current hash', () =>
      withDb(target, async (db) => {
        const d = tempDir(BASE);
        try {
          await apply({ url: db.url, dir: d.path });
          d.write({ '2_posts.sql': 'CREATE TABLE posts (id integer PRIMARY KEY, user_id integer, extra integer);\n' });
          const e = await rejects(apply({ url: db.url, dir: d.path }), 'HISTORY_MISMATCH', /applied migration 2 was edited: stored hash \S+, current \S+/);
          assert.ok(e.hint);
          const st = await status({ url: db.url, dir: d.path });
          assert.deepEqual(st.edited.map((x) => x.version), ['2']);
          // The way out when the database really matches: `set` records the current file.
          assert.deepEqual((await set({ url: db.url, dir: d.path, version: '3' })).marked, ['2']);
          assert.deepEqual((await apply({ url: db.url, dir: d.path })).applied, []);
        } finally {
          d.dispose();
        }
      }));

    planIt('refuses when the atlas.sum does not match (files changed without re-hashing)', () =>
      withDb(target, async (db) => {
        const d = tempDir(BASE);
        try {
          d.write({ '4_x.sql': 'CREATE TABLE x (id integer);\n' }, { rehash: false });
          await rejects(apply({ url: db.url, dir: d.path }), 'SUM_MISMATCH');
          assert.deepEqual(await objects(db.url), []);
        } finally {
          d.dispose();
        }
      }));

    planIt('refuses a deleted applied file, naming it', () =>
      withDb(target, async (db) => {
        const d = tempDir(BASE);
        try {
          await apply({ url: db.url, dir: d.path });
          d.remove('2_posts.sql');
          await rejects(apply({ url: db.url, dir: d.path }), 'HISTORY_MISMATCH', /applied migration 2 \(posts\) is missing from the directory/);
        } finally {
          d.dispose();
        }
      }));

    planIt('refuses unknown revisions (applied by a newer directory) unless allowed', () =>
      withDb(target, async (db) => {
        const d = tempDir(BASE);
        try {
          await apply({ url: db.url, dir: d.path });
          d.remove('3_tags.sql');
          await rejects(apply({ url: db.url, dir: d.path }), 'HISTORY_MISMATCH', /1 revision\(s\) this directory does not know.*3/);
          const r = await apply({ url: db.url, dir: d.path, allowUnknown: true });
          assert.deepEqual(r.applied, []);
          const st = await status({ url: db.url, dir: d.path });
          assert.deepEqual(st.unknown.map((u) => u.version), ['3']);
          // An older directory can still roll the newer revision back: its down SQL is stored.
          const dn = await down({ url: db.url, dir: d.path });
          assert.deepEqual(dn.reverted.map((x) => x.version), ['3']);
          assert.deepEqual(await objects(db.url), ['posts', 'users']);
          assert.equal((await status({ url: db.url, dir: d.path })).unknown.length, 0);
        } finally {
          d.dispose();
        }
      }));

    it('refuses a dirty database without revisions; allowDirty and baseline', () =>
      withDb(target, async (db) => {
        const d = tempDir(BASE);
        try {
          const c = await connect(db.url);
          await c.exec('CREATE TABLE users (id integer PRIMARY KEY, name varchar(50))');
          await c.close();
          await rejects(apply({ url: db.url, dir: d.path }), 'HISTORY_MISMATCH', /not empty \(.*users.*\) but has no revisions/);
          const dry = await apply({ url: db.url, dir: d.path, dryRun: true, baseline: '1' });
          assert.deepEqual(dry.plan.map((p) => p.version), ['2', '3']);
          const r = await apply({ url: db.url, dir: d.path, baseline: '1' });
          assert.equal(r.baseline, '1');
          assert.deepEqual(r.applied.map((a) => a.version), ['2', '3']);
          const rows = await revisions(db.url);
          assert.equal(rows.find((x) => x.version === '1')!.kind, 'baseline');
          await rejects(down({ url: db.url, dir: d.path, count: 3 }), 'NO_DOWN', /1 \(baseline\)/);
          assert.deepEqual(await objects(db.url), ['posts', 'tag_map', 'tags', 'users'], 'NO_DOWN refused before doing anything');
        } finally {
          d.dispose();
        }
      }));

    planIt('allowDirty applies on top of existing objects', () =>
      withDb(target, async (db) => {
        const d = tempDir(BASE);
        try {
          const c = await connect(db.url);
          await c.exec('CREATE TABLE legacy (id integer)');
          await c.close();
          const r = await apply({ url: db.url, dir: d.path, allowDirty: true });
          assert.equal(r.applied.length, 3);
        } finally {
          d.dispose();
        }
      }));

    it('a failure names file, line:column, statement and server message; transactional files roll back', () =>
      withDb(target, async (db) => {
        const d = tempDir({ ...BASE, '4_bad.sql': 'CREATE TABLE t4 (id integer);\n\nINSERT INTO missing_table VALUES (1);\nCREATE TABLE t5 (id integer);\n' });
        try {
          const e = await rejects(apply({ url: db.url, dir: d.path }), 'MIGRATION_FAILED', /4_bad\.sql:3:\d+ \(statement 2 of 3\).*missing_table/s);
          assert.equal(e.details.file, '4_bad.sql');
          assert.equal(e.details.line, 3);
          assert.equal(e.details.statement, 'INSERT INTO missing_table VALUES (1)');
          assert.ok(e.details.sqlState, 'SQLSTATE/errno present');
          assert.match(String(e.details.serverMessage), /missing_table/);
          assert.deepEqual((e.details.applied as { version: string }[]).map((a) => a.version), ['1', '2', '3']);
          const row = (await revisions(db.url)).find((x) => x.version === '4')!;
          assert.match(String(row.error), /missing_table/);
          assert.equal(row.error_stmt, 'INSERT INTO missing_table VALUES (1)');
          assert.doesNotMatch(e.message, /statement:/, 'the statement is in details only');
          const st = await status({ url: db.url, dir: d.path });
          if (transactional(target)) {
            assert.equal(st.partial, undefined, 'a rolled-back file is not partial');
            assert.deepEqual(st.pending.map((p) => p.version), ['4']);
            assert.match(String(st.pending[0]!.lastError), /missing_table/);
            assert.equal(Number(row.applied), 0, 'rolled back');
            assert.ok(!(await objects(db.url)).includes('t4'));
          } else {
            assert.equal(st.partial?.version, '4');
            assert.equal(Number(row.applied), 1, 'MariaDB: the CREATE TABLE committed');
            assert.ok((await objects(db.url)).includes('t4'));
          }
          // Fix the failing statement (the applied prefix unchanged): the rerun resumes there.
          d.write({ '4_bad.sql': 'CREATE TABLE t4 (id integer);\n\nCREATE TABLE t5 (id integer);\nCREATE TABLE t6 (id integer);\n' });
          const r = await apply({ url: db.url, dir: d.path });
          assert.deepEqual(r.applied.map((a) => [a.version, a.statements, a.total]), [['4', transactional(target) ? 3 : 2, 3]]);
          const fixed = (await revisions(db.url)).find((x) => x.version === '4')!;
          assert.equal(Number(fixed.total), 3, 'total recomputed');
          assert.equal(Number(fixed.applied), 3);
          assert.equal(fixed.error, null);
        } finally {
          d.dispose();
        }
      }));

    it('a non-transactional file resumes at the failed statement; a changed prefix is refused', () =>
      withDb(target, async (db) => {
        const bad = '-- atlas:txmode none\n\nCREATE TABLE n1 (id integer);\nCREATE TABLE n2 (id integer);\nINSERT INTO nope VALUES (1);\nCREATE TABLE n3 (id integer);\n';
        const d = tempDir({ ...BASE, '4_nt.sql': bad });
        try {
          const e = await rejects(apply({ url: db.url, dir: d.path }), 'MIGRATION_FAILED', /4_nt\.sql:5:/);
          assert.equal(e.details.statementsApplied, 2);
          const row = (await revisions(db.url)).find((x) => x.version === '4')!;
          assert.equal(Number(row.applied), 2);
          // Changing an applied statement: resume is refused with the way out.
          d.write({ '4_nt.sql': bad.replace('n2', 'n2x').replace('INSERT INTO nope VALUES (1);\n', '') });
          const e2 = await rejects(apply({ url: db.url, dir: d.path }), 'HISTORY_MISMATCH', /cannot resume migration 4/);
          assert.match(e2.hint ?? '', /cairn set/);
          // Fixing only the failing statement resumes after the two applied ones.
          d.write({ '4_nt.sql': bad.replace('INSERT INTO nope VALUES (1);\n', '') });
          const r = await apply({ url: db.url, dir: d.path });
          assert.deepEqual(r.applied.map((a) => [a.version, a.statements, a.total]), [['4', 1, 3]]);
          assert.ok((await objects(db.url)).includes('n3'));
        } finally {
          d.dispose();
        }
      }));

    it('a file with its own BEGIN/COMMIT runs as written; a failure inside rolls back to before its BEGIN', () =>
      withDb(target, async (db) => {
        const own = 'CREATE TABLE g1 (id integer);\nBEGIN;\nINSERT INTO g1 VALUES (1);\nINSERT INTO nope VALUES (1);\nCOMMIT;\n';
        const d = tempDir({ ...BASE, '4_own.sql': own });
        try {
          const e = await rejects(apply({ url: db.url, dir: d.path }), 'MIGRATION_FAILED', /4_own\.sql:4:/);
          assert.equal(e.details.statementsApplied, 1, 'the statements inside the rolled-back transaction do not count');
          assert.equal(Number((await revisions(db.url)).find((x) => x.version === '4')!.applied), 1);
          assert.deepEqual(await query(db.url, 'SELECT id FROM g1'), []);
          d.write({ '4_own.sql': own.replace('INSERT INTO nope VALUES (1);\n', '') });
          const r = await apply({ url: db.url, dir: d.path });
          assert.deepEqual(r.applied.map((a) => [a.version, a.statements, a.total]), [['4', 3, 4]]);
          assert.equal((await query(db.url, 'SELECT id FROM g1')).length, 1);
        } finally {
          d.dispose();
        }
      }));

    it('down runs the stored down SQL newest first and deletes the rows', () =>
      withDb(target, async (db) => {
        const d = tempDir(BASE);
        try {
          await apply({ url: db.url, dir: d.path });
          const dry = await down({ url: db.url, dir: d.path, count: 2, dryRun: true });
          assert.deepEqual(dry.reverted.map((x) => x.version), ['3', '2']);
          assert.equal((await revisions(db.url)).length, 3, 'dry run changed nothing');
          const r = await down({ url: db.url, dir: d.path, toVersion: '1' });
          assert.deepEqual(r.reverted.map((x) => x.version), ['3', '2']);
          assert.equal(r.current, '1');
          assert.deepEqual(await objects(db.url), ['users']);
          assert.deepEqual((await revisions(db.url)).map((x) => x.version), ['1']);
          await rejects(down({ url: db.url, dir: d.path }), 'NO_DOWN', /no down SQL stored .* for 1/);
          assert.deepEqual(await objects(db.url), ['users']);
          const again = await apply({ url: db.url, dir: d.path });
          assert.deepEqual(again.applied.map((a) => a.version), ['2', '3']);
        } finally {
          d.dispose();
        }
      }));

    planIt('set marks versions applied without running them and forgets rows above', () =>
      withDb(target, async (db) => {
        const d = tempDir(BASE);
        try {
          const r = await set({ url: db.url, dir: d.path, version: '2' });
          assert.deepEqual(r.marked, ['1', '2']);
          assert.deepEqual(await objects(db.url), []);
          const rows = await revisions(db.url);
          assert.deepEqual(rows.map((x) => [x.version, x.kind]), [['1', 'set'], ['2', 'set']]);
          await apply({ url: db.url, dir: d.path });
          assert.deepEqual(await objects(db.url), ['tag_map', 'tags']);
          const back = await set({ url: db.url, dir: d.path, version: '1' });
          assert.deepEqual(back.removed, ['2', '3']);
          assert.equal((await status({ url: db.url, dir: d.path })).current, '1');
        } finally {
          d.dispose();
        }
      }));

    planIt('execOrder: linear refuses an older unapplied file, linear-skip skips it, non-linear applies it', () =>
      withDb(target, async (db) => {
        const d = tempDir({ '1_a.sql': 'CREATE TABLE a (id integer);\n', '3_c.sql': 'CREATE TABLE c (id integer);\n' });
        try {
          await apply({ url: db.url, dir: d.path });
          d.write({ '2_b.sql': 'CREATE TABLE b (id integer);\n' });
          await rejects(apply({ url: db.url, dir: d.path }), 'HISTORY_MISMATCH', /2.*older than the last applied/);
          const skip = await apply({ url: db.url, dir: d.path, execOrder: 'linear-skip' });
          assert.deepEqual(skip.skipped, ['2']);
          assert.deepEqual(skip.applied, []);
          const nl = await apply({ url: db.url, dir: d.path, execOrder: 'non-linear' });
          assert.deepEqual(nl.applied.map((a) => a.version), ['2']);
        } finally {
          d.dispose();
        }
      }));

    it('lock timeout when another runner holds the lock', () =>
      withDb(target, async (db) => {
        const d = tempDir(BASE);
        const holder = await connect(db.url);
        try {
          const lock = await holder.dialect.acquireLock(holder, { table: 'cairn_revisions' }, 1000);
          await rejects(apply({ url: db.url, dir: d.path, lockTimeoutMs: 300 }), 'LOCK_TIMEOUT');
          await lock.release();
          assert.equal((await apply({ url: db.url, dir: d.path, lockTimeoutMs: 2000 })).applied.length, 3);
        } finally {
          await holder.close();
          d.dispose();
        }
      }));

    it('an abort signal stops after the current file and releases the lock', () =>
      withDb(target, async (db) => {
        const d = tempDir(BASE);
        try {
          const ac = new AbortController();
          const r = await apply({ url: db.url, dir: d.path, signal: ac.signal, onProgress: (e) => e.type === 'file-done' && ac.abort() });
          assert.equal(r.interrupted, true);
          assert.deepEqual(r.applied.map((a) => a.version), ['1']);
          assert.deepEqual((await revisions(db.url)).map((x) => x.version), ['1']);
          const rest = await apply({ url: db.url, dir: d.path, lockTimeoutMs: 500 });
          assert.deepEqual(rest.applied.map((a) => a.version), ['2', '3']);
        } finally {
          d.dispose();
        }
      }));

    it('txMode all: one transaction, or a clear refusal without transactional DDL', () =>
      withDb(target, async (db) => {
        const d = tempDir({ ...BASE, '4_bad.sql': 'CREATE TABLE t4 (id integer);\nINSERT INTO nope VALUES (1);\n' });
        try {
          if (!transactional(target)) {
            await rejects(apply({ url: db.url, dir: d.path, txMode: 'all' }), 'USAGE', /transactional DDL/);
            assert.deepEqual(await objects(db.url), []);
            const c = await connect(db.url);
            try {
              assert.equal(await c.dialect.revisionTableExists(c, { table: 'cairn_revisions' }), false, 'refused before creating anything');
            } finally {
              await c.close();
            }
            return;
          }
          const e = await rejects(apply({ url: db.url, dir: d.path, txMode: 'all' }), 'MIGRATION_FAILED', /4_bad\.sql:2/);
          assert.deepEqual(e.details.applied, []);
          assert.deepEqual(await objects(db.url), [], 'everything rolled back');
          assert.deepEqual((await revisions(db.url)).map((x) => [x.version, Number(x.applied)]), [['4', 0]]);
          d.write({ '4_bad.sql': 'CREATE TABLE t4 (id integer);\n' });
          const r = await apply({ url: db.url, dir: d.path, txMode: 'all' });
          assert.deepEqual(r.applied.map((a) => a.version), ['1', '2', '3', '4']);
          assert.equal((await revisions(db.url)).length, 4);
        } finally {
          d.dispose();
        }
      }));

    it('txMode none runs statement by statement', () =>
      withDb(target, async (db) => {
        const d = tempDir(BASE);
        try {
          const r = await apply({ url: db.url, dir: d.path, txMode: 'none' });
          assert.equal(r.applied.length, 3);
          assert.equal(Number((await revisions(db.url)).find((x) => x.version === '3')!.applied), 2);
        } finally {
          d.dispose();
        }
      }));

    it('TypeScript code migrations run up(tx) and down(tx)', () =>
      withDb(target, async (db) => {
        const ts = `export async function up(tx: { exec(sql: string): Promise<void>; query(sql: string, p?: unknown[]): Promise<unknown[]> }) {
  await tx.exec('CREATE TABLE code_made (id integer)');
  await tx.exec('INSERT INTO code_made VALUES (7)');
}
export async function down(tx: { exec(sql: string): Promise<void> }) {
  await tx.exec('DROP TABLE code_made');
}
`;
        const d = tempDir({ ...BASE, '4_code.ts': ts });
        try {
          const r = await apply({ url: db.url, dir: d.path });
          assert.deepEqual(r.applied.map((a) => a.version), ['1', '2', '3', '4']);
          const rows = await query<{ id: number }>(db.url, 'SELECT id FROM code_made');
          assert.equal(Number(rows[0]!.id), 7);
          const row = (await revisions(db.url)).find((x) => x.version === '4')!;
          assert.equal(row.down_sql, null, 'a function cannot be stored');
          await down({ url: db.url, dir: d.path });
          assert.ok(!(await objects(db.url)).includes('code_made'));
          // Without down(tx), rolling back refuses before touching anything (3's stored down included).
          d.write({ '4_code.ts': ts.replace(/export async function down[\s\S]*$/, '') });
          assert.deepEqual((await apply({ url: db.url, dir: d.path })).applied.map((a) => a.version), ['4']);
          await rejects(down({ url: db.url, dir: d.path, count: 2 }), 'NO_DOWN', /for 4/);
          assert.ok((await objects(db.url)).includes('tags'), 'revision 3 was not rolled back either');
        } finally {
          d.dispose();
        }
      }));

    planIt('custom revision table name (and schema where there are schemas); newer table format refused', () =>
      withDb(target, async (db) => {
        const d = tempDir(BASE);
        const schema = target === 'sqlite' ? undefined : target === 'mysql' ? `${db.name}_meta` : 'cairn_meta';
        const opts = { url: db.url, dir: d.path, revisionsTable: 'my_revs', ...(schema ? { revisionsSchema: schema } : {}) };
        try {
          assert.equal((await apply(opts)).applied.length, 3);
          assert.equal((await apply(opts)).applied.length, 0);
          const c = await connect(db.url);
          try {
            const name = { table: 'my_revs', ...(schema ? { schema } : {}) };
            assert.ok(await c.dialect.revisionTableExists(c, name));
            const q = c.dialect.quoteIdent;
            await c.exec(`UPDATE ${c.dialect.qualify(name)} SET ${q('total')} = 99 WHERE ${q('kind')} = 'meta'`);
          } finally {
            await c.close();
          }
          d.write({ '4_x.sql': 'CREATE TABLE x4 (id integer);\n' });
          await rejects(apply(opts), 'REVISION_TABLE', /format 99, newer than this Cairn/);
        } finally {
          if (target === 'mysql' && schema) await query(db.url, `DROP DATABASE IF EXISTS \`${schema}\``);
          d.dispose();
        }
      }));

    planIt('library: createMigrator and migrate()', () =>
      withDb(target, async (db) => {
        const d = tempDir(BASE);
        try {
          const m = createMigrator({ url: db.url, dir: d.path });
          assert.equal((await m.status()).pending.length, 3);
          assert.equal((await migrate({ url: db.url, dir: d.path })).applied.length, 3);
          assert.equal((await m.down({ count: 1 })).reverted.length, 1);
          assert.equal((await m.apply()).applied.length, 1);
          assert.deepEqual((await m.set('3')).marked, []);
        } finally {
          d.dispose();
        }
      }));
  });
}
});
