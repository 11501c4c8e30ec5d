/**
 * What a code migration's `ctx` does, on PostgreSQL, MariaDB, SQLite and PGlite, through real
 * migration files applied by `apply`: `ctx.sql` binds every value (a value holding quotes, `$1`
 * and `?` comes back as it went in), `ctx.sql.id/list/raw` insert SQL, `ctx.query` and
 * `ctx.exec` run, `ctx.log` emits `log` events, and `ctx.client` is the driver's own object on
 * the migration's session and transaction. A value where SQL needs a name, or inside quotes, is
 * refused naming the file and line, with the database left as it was. A statement sent on
 * `ctx.client` directly keeps the migration alive while it runs (not "never settled"), while a
 * promise nothing resolves is still reported.
 *
 * The modules record what they saw on a global the test reads: they run in this process.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import mysql from 'mysql2/promise';
import Database from 'better-sqlite3';
import { PGlite } from '@electric-sql/pglite';
import { apply } from '../../src/commands/apply.js';
import { connect } from '../../src/dialects/registry.js';
import type { ProgressEvent } from '../../src/migrate/runner/types.js';
import { freshDatabases, type TargetName, type TestDb } from '../helpers/db.js';
import { rejects, tempDir, type TempDir } from '../runner/helpers.js';

const fresh = freshDatabases(after);
const PROBE = Symbol.for('cairn-test.ctx-probe');
const probe = () => (globalThis as Record<symbol, Record<string, unknown>>)[PROBE]!;

/** The driver class each target's ctx.client is an instance of. */
const DRIVER: Record<TargetName, abstract new (...args: never[]) => unknown> = {
  postgres: pg.Client,
  mysql: mysql.PromiseConnection as unknown as abstract new () => unknown,
  sqlite: Database as unknown as abstract new () => unknown,
  pglite: PGlite,
};

const NOTES = '1_notes.sql';
const NOTES_SQL = 'CREATE TABLE notes (id integer PRIMARY KEY, body text NOT NULL);\n';
/** A value that would break, or inject into, SQL pasted as text. */
const TRICKY = "it's $1 and ? and '' -- not a comment; DROP TABLE notes";

// Plain modules (no import): up(ctx) records what it saw on the probe, for the test to assert.
const PROBE_MODULE = `const probe: Record<string, unknown> = {};
(globalThis as Record<symbol, unknown>)[Symbol.for('cairn-test.ctx-probe')] = probe;

export default {
  async up(ctx: any) {
    await ctx.sql\`INSERT INTO notes (id, body) VALUES (\${1}, \${${JSON.stringify(TRICKY)}})\`;
    probe.roundTrip = (await ctx.sql\`SELECT body FROM notes WHERE id = \${1} AND body = \${${JSON.stringify(TRICKY)}}\`).map((r: any) => r.body);

    await ctx.sql\`CREATE TABLE \${ctx.sql.id('Odd "name"')} (id integer)\`;
    await ctx.sql\`INSERT INTO \${ctx.sql.id('Odd "name"')} (id) VALUES (\${7})\`;
    probe.id = (await ctx.sql\`SELECT id FROM \${ctx.sql.id('Odd "name"')}\`).map((r: any) => Number(r.id));
    await ctx.sql\`INSERT INTO notes (id, body) VALUES (\${2}, \${'two'}), (\${3}, \${'three'})\`;
    probe.list = (await ctx.sql\`SELECT id FROM notes WHERE id IN (\${ctx.sql.list([2, 3, 4])}) AND body <> \${'x'} ORDER BY id\`).map((r: any) => Number(r.id));
    probe.raw = (await ctx.sql\`SELECT id FROM notes \${ctx.sql.raw('WHERE id > 1 ORDER BY id DESC')}\`).map((r: any) => Number(r.id));

    const p = ctx.dialect === 'postgres' ? '$1' : '?';
    probe.query = (await ctx.query('SELECT body FROM notes WHERE id = ' + p, [3])).map((r: any) => r.body);
    probe.exec = await ctx.exec('CREATE TABLE made_by_exec (id integer)');
    ctx.log.info('hello from ' + ctx.migration.file);
    ctx.log.warn('careful');

    // The driver's own API sees the rows written above: the same session, in the same transaction.
    const c = ctx.client;
    const count = 'SELECT count(*) AS n FROM notes';
    probe.throughClient = Number(
      ctx.dialect === 'sqlite' ? c.prepare(count).get().n
      : ctx.dialect === 'mysql' ? (await c.query(count))[0][0].n
      : (await c.query(count)).rows[0].n,
    );
    probe.client = c;
    probe.dialect = ctx.dialect;
    probe.migration = ctx.migration;
  },
};
`;

/** A module that writes a row, then makes `mistake` on line 5. */
const misuseModule = (mistake: string) => `export default {
  async up(ctx: any) {
    await ctx.sql\`INSERT INTO notes (id, body) VALUES (\${50}, \${'must roll back'})\`;
    const table = 'notes', name = 'two';
    ${mistake}
  },
};
`;

/** Runs one statement on a new connection; `sql` may be built with the dialect's quoting. */
async function rows<T = Record<string, unknown>>(url: string, sql: string | ((quote: (name: string) => string) => string)): Promise<T[]> {
  const c = await connect(url);
  try {
    return await c.query<T>(typeof sql === 'string' ? sql : sql(c.dialect.quoteIdent));
  } finally {
    await c.close();
  }
}

for (const target of ['postgres', 'mysql', 'sqlite', 'pglite'] as const) {
  describe(`ctx on ${target}`, () => {
    let db: TestDb;
    let d: TempDir;
    before(async () => {
      db = await fresh(target);
      d = tempDir({ [NOTES]: NOTES_SQL });
      await apply({ url: db.url, dir: d.path });
    });
    after(() => d?.dispose());

    it('sql binds values; id, list and raw; query, exec and log; client is the driver on the same transaction', async () => {
      d.write({ '2_probe.ts': PROBE_MODULE });
      const events: ProgressEvent[] = [];
      await apply({ url: db.url, dir: d.path, onProgress: (e) => events.push(e) });
      const seen = probe();
      assert.deepEqual(seen.roundTrip, [TRICKY], 'a value with quotes, $1 and ? comes back as it went in');
      assert.deepEqual(seen.id, [7]);
      assert.deepEqual(seen.list, [2, 3]);
      assert.deepEqual(seen.raw, [3, 2]);
      assert.deepEqual(seen.query, ['three']);
      assert.equal(seen.exec, undefined);
      assert.equal(seen.throughClient, 3);
      assert.ok(seen.client instanceof DRIVER[target], `ctx.client is the driver's object (${(seen.client as object).constructor.name})`);
      assert.equal(seen.dialect, target === 'pglite' ? 'postgres' : target);
      assert.deepEqual(seen.migration, { version: '2', file: '2_probe.ts', transaction: true });
      const logs = events.flatMap((e) => (e.type === 'log' ? [[e.version, e.level, e.message.trim()]] : []));
      assert.deepEqual(logs, [['2', 'info', '2: hello from 2_probe.ts'], ['2', 'warn', '2: careful']]);
      assert.deepEqual((await rows<{ body: string }>(db.url, 'SELECT body FROM notes WHERE id = 1')).map((r) => r.body), [TRICKY]);
      assert.equal((await rows(db.url, 'SELECT id FROM made_by_exec')).length, 0, 'ctx.exec created the table');
    });

    const refusals = [
      { name: 'a value where SQL needs a name (FROM ${table})', mistake: 'await ctx.sql`SELECT * FROM ${table}`;', re: /ctx\.sql value 1 \(after "SELECT \* FROM ?"\) cannot be a parameter: it follows FROM/ },
      { name: "a value inside quotes ('${name}')", mistake: "await ctx.sql`SELECT id FROM notes WHERE body = '${name}'`;", re: /cannot be a parameter: it is inside a quoted string/ },
    ];
    for (const [i, r] of refusals.entries()) {
      it(`${r.name} is refused naming the file and line; the row written before is rolled back`, async () => {
        const file = `${3 + i}_misuse.ts`;
        d.write({ [file]: misuseModule(r.mistake) });
        const e = await rejects(apply({ url: db.url, dir: d.path }), 'MIGRATION_FAILED', r.re);
        assert.match(e.message, new RegExp(`^migration ${3 + i} failed at ${file}:5:`));
        assert.equal(e.details.line, 5);
        assert.deepEqual(await rows(db.url, 'SELECT id FROM notes WHERE id = 50'), [], 'rolled back');
        const [rev] = await rows<{ error: string }>(db.url, (q) => `SELECT ${q('error')} FROM ${q('cairn_revisions')} WHERE ${q('version')} = '${3 + i}'`);
        assert.match(rev!.error, /cannot be a parameter.*\(at line 5\)/);
        // Fixed, it applies (the failed attempt left nothing to resume).
        d.write({ [file]: misuseModule('await ctx.sql`SELECT * FROM ${ctx.sql.id(table)} WHERE body = ${name}`;') });
        await apply({ url: db.url, dir: d.path });
        assert.equal((await rows(db.url, 'SELECT id FROM notes WHERE id = 50')).length, 1);
        await rows(db.url, 'DELETE FROM notes WHERE id = 50');
      });
    }

    if (target === 'postgres' || target === 'mysql') {
      it('a long statement sent on ctx.client directly is waited for, not reported as never settled', { timeout: 60_000 }, async () => {
        const sleep = target === 'postgres' ? 'SELECT pg_sleep(1.5)' : 'SELECT SLEEP(1.5)';
        d.write({ '5_sleep.ts': `export default { async up(ctx: any) { await ctx.client.query(${JSON.stringify(sleep)}); } };\n` });
        const t0 = Date.now();
        const r = await apply({ url: db.url, dir: d.path });
        assert.deepEqual(r.applied.map((a) => a.version), ['5']);
        assert.ok(Date.now() - t0 >= 1400, 'the statement ran to its end');
        // The same watch still reports a promise nothing resolves.
        d.write({ '6_stuck.ts': 'export default { async up() { await new Promise(() => {}); } };\n' });
        await rejects(apply({ url: db.url, dir: d.path }), 'MIGRATION_FAILED', /never settled/);
      });
    }
  });
}
