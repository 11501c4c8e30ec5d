/**
 * Code migrations in the runner, on every database: interleaved with SQL files they apply, roll
 * back, fail (rolled back, recorded with the error and line), resume, are refused when edited,
 * run outside a transaction when they say so (recorded as partial until up returns), and leave
 * SQL for older binaries to roll them back with.
 */
import { describe, it } from 'node:test';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { apply } from '../../src/commands/apply.js';
import { down } from '../../src/commands/down.js';
import { status } from '../../src/commands/status.js';
import { diff } from '../../src/commands/diff.js';
import { CairnError } from '../../src/errors.js';
import { ALL_TARGETS, objects, query, rejects, revisions, tempDir, withDb, transactional } from '../runner/helpers.js';
import { DEFINE } from './helpers.js';
import { cairn } from '../helpers/cli.js';

const USERS = `CREATE TABLE users (id integer PRIMARY KEY, name varchar(100), score integer);
-- cairn:down
-- DROP TABLE users;
`;
const SCORE = `ALTER TABLE users ADD COLUMN level integer;
-- cairn:down
-- ALTER TABLE users DROP COLUMN level;
`;

/** A code migration that seeds two users through ctx.sql, reversible by a down function. */
const SEED = `import { defineMigration } from '${DEFINE}';
export default defineMigration({
  async up(ctx) {
    for (const [id, name] of [[1, 'Ann'], [2, "O'Brien $1 ?"]] as const) {
      await ctx.sql\`INSERT INTO users (id, name, score) VALUES (\${id}, \${name}, \${id * 10})\`;
    }
  },
  async down(ctx) {
    await ctx.exec('DELETE FROM users');
  },
});
`;

/** Sets level from score: a data migration whose reverse is plain SQL, stored for older binaries. */
const LEVELS = (extra = '') => `import { defineMigration } from '${DEFINE}';
export default defineMigration({
  async up(ctx) {
    const rows = await ctx.sql<{ id: number; score: number }>\`SELECT id, score FROM users ORDER BY id\`;
    for (const r of rows) await ctx.sql\`UPDATE users SET level = \${Number(r.score) / 10} WHERE id = \${r.id}\`;${extra}
  },
  downSql: 'UPDATE users SET level = NULL',
});
`;

const FILES = {
  '1_users.sql': USERS,
  '2_seed.ts': SEED,
  '3_level.sql': SCORE,
  '4_levels.ts': LEVELS(),
};

for (const target of ALL_TARGETS) {
  describe(`code migrations on ${target}`, () => {
    it('interleave with SQL files: apply, status kinds, down (function and stored SQL), apply again', () =>
      withDb(target, async (db) => {
        const d = tempDir(FILES);
        try {
          const r = await apply({ url: db.url, dir: d.path });
          assert.deepEqual(r.applied.map((a) => a.version), ['1', '2', '3', '4']);
          const users = await query<{ name: string; level: number }>(db.url, 'SELECT name, level FROM users ORDER BY id');
          assert.deepEqual(users.map((u) => [u.name, Number(u.level)]), [['Ann', 1], ["O'Brien $1 ?", 2]]);
          const s = await status({ url: db.url, dir: d.path });
          assert.deepEqual(s.applied.map((a) => [a.version, a.migrationKind]), [['1', 'sql'], ['2', 'code'], ['3', 'sql'], ['4', 'code']]);
          const rows = await revisions(db.url);
          assert.equal(rows.find((x) => x.version === '4')!.down_sql, 'UPDATE users SET level = NULL', 'downSql is stored');
          assert.equal(rows.find((x) => x.version === '2')!.down_sql, null, 'a down function is not stored');
          const back = await down({ url: db.url, dir: d.path, count: 3 });
          assert.deepEqual(back.reverted.map((x) => x.version), ['4', '3', '2']);
          assert.deepEqual(await query(db.url, 'SELECT * FROM users'), []);
          assert.deepEqual((await apply({ url: db.url, dir: d.path })).applied.map((a) => a.version), ['2', '3', '4']);
        } finally {
          d.dispose();
        }
      }));

    it('a throwing up rolls back its transaction, records the error and line, and the fixed file runs', () =>
      withDb(target, async (db) => {
        const d = tempDir({ ...FILES, '4_levels.ts': LEVELS("\n    throw new Error('levels are wrong');") });
        try {
          const e = await rejects(apply({ url: db.url, dir: d.path }), 'MIGRATION_FAILED', /4_levels\.ts:6:\d+.*levels are wrong/);
          assert.deepEqual((e.details.applied as { version: string }[]).map((a) => a.version), ['1', '2', '3']);
          const levels = await query<{ level: unknown }>(db.url, 'SELECT level FROM users');
          assert.ok(levels.every((u) => u.level === null), 'the updates of the failed migration were rolled back');
          const row = (await revisions(db.url)).find((x) => x.version === '4')!;
          assert.match(String(row.error), /levels are wrong \(at line 6\)/);
          assert.equal(Number(row.applied), 0);
          const s = await status({ url: db.url, dir: d.path });
          assert.deepEqual(s.pending.map((p) => [p.version, p.migrationKind, p.lastError !== undefined]), [['4', 'code', true]]);
          d.write({ '4_levels.ts': LEVELS() });
          assert.deepEqual((await apply({ url: db.url, dir: d.path })).applied.map((a) => a.version), ['4']);
        } finally {
          d.dispose();
        }
      }));

    it('a failing statement is reported with its SQL and the line of the ctx call', () =>
      withDb(target, async (db) => {
        const bad = `import { defineMigration } from '${DEFINE}';
export default defineMigration({
  async up(ctx) {
    await ctx.sql\`INSERT INTO users (id, name) VALUES (\${9}, \${'x'})\`;
    await ctx.sql\`UPDATE no_such_table SET x = \${1}\`;
  },
});
`;
        const d = tempDir({ '1_users.sql': USERS, '2_bad.ts': bad });
        try {
          const e = await rejects(apply({ url: db.url, dir: d.path }), 'MIGRATION_FAILED', /2_bad\.ts:5:/);
          assert.match(String(e.details.statement), /UPDATE no_such_table SET x = (\$1|\?)/);
          assert.equal(e.details.line, 5);
          assert.deepEqual(await query(db.url, 'SELECT * FROM users'), [], 'the insert before it was rolled back');
          assert.match(String((await revisions(db.url)).find((x) => x.version === '2')!.error_stmt), /no_such_table/);
        } finally {
          d.dispose();
        }
      }));

    it('an applied code migration that was edited is refused', () =>
      withDb(target, async (db) => {
        const d = tempDir(FILES);
        try {
          await apply({ url: db.url, dir: d.path });
          d.write({ '2_seed.ts': SEED.replace("'Ann'", "'Anna'"), '5_more.sql': 'CREATE TABLE more_t (id integer);\n' });
          await rejects(apply({ url: db.url, dir: d.path }), 'HISTORY_MISMATCH', /applied migration 2 was edited/);
          assert.ok(!(await objects(db.url)).includes('more_t'), 'nothing ran');
        } finally {
          d.dispose();
        }
      }));

    it('transaction: false is recorded as partial until up returns, and runs again from the start', () =>
      withDb(target, async (db) => {
        const batched = (fail: boolean) => `import { defineMigration } from '${DEFINE}';
export default defineMigration({
  transaction: false,
  async up(ctx) {
    // Idempotent: only rows without a level, one batch at a time, each committed on its own.
    for (;;) {
      const batch = await ctx.sql<{ id: number }>\`SELECT id FROM users WHERE level IS NULL ORDER BY id LIMIT \${1}\`;
      if (batch.length === 0) break;
      await ctx.sql\`UPDATE users SET level = \${5} WHERE id = \${batch[0]!.id}\`;
      ${fail ? "throw new Error('crashed after the first batch');" : ''}
    }
  },
});
`;
        const d = tempDir({ '1_users.sql': USERS, '2_seed.ts': SEED, '3_level.sql': SCORE, '4_batched.ts': batched(true) });
        try {
          await rejects(apply({ url: db.url, dir: d.path }), 'MIGRATION_FAILED', /crashed after the first batch/);
          const levels = await query<{ level: unknown }>(db.url, 'SELECT level FROM users ORDER BY id');
          assert.deepEqual(levels.map((u) => (u.level === null ? null : Number(u.level))), [5, null], 'the first batch stayed committed');
          const s = await status({ url: db.url, dir: d.path });
          assert.equal(s.partial?.version, '4');
          assert.equal(s.partial?.migrationKind, 'code');
          await rejects(down({ url: db.url, dir: d.path }), 'HISTORY_MISMATCH', /partially applied/);
          d.write({ '4_batched.ts': batched(false) });
          assert.deepEqual((await apply({ url: db.url, dir: d.path })).applied.map((a) => a.version), ['4']);
          const after = await query<{ level: unknown }>(db.url, 'SELECT level FROM users ORDER BY id');
          assert.deepEqual(after.map((u) => Number(u.level)), [5, 5]);
          const row = (await revisions(db.url)).find((x) => x.version === '4')!;
          assert.deepEqual([Number(row.applied), Number(row.total), row.error], [2, 2, null]);
        } finally {
          d.dispose();
        }
      }));

    it('an older binary rolls back with the stored SQL, and refuses a code migration that stored none, naming it', () =>
      withDb(target, async (db) => {
        const d = tempDir(FILES);
        const older = tempDir({ '1_users.sql': USERS });
        try {
          await apply({ url: db.url, dir: d.path });
          // The older binary's directory has only 1: 4 (downSql stored) rolls back, then 3 (SQL) too.
          const r = await down({ url: db.url, dir: older.path, count: 2 });
          assert.deepEqual(r.reverted.map((x) => x.version), ['4', '3']);
          assert.ok((await query<{ level?: unknown }>(db.url, 'SELECT * FROM users')).every((u) => !('level' in u)), 'level was dropped by 3\'s stored down');
          // 2 has a down function only: the older binary cannot run it and says so before anything.
          const e = await rejects(down({ url: db.url, dir: older.path, count: 2 }), 'NO_DOWN', /for 2 in/);
          assert.deepEqual(e.details.versions, ['2']);
          assert.equal((await query(db.url, 'SELECT * FROM users')).length, 2, 'nothing was rolled back');
        } finally {
          d.dispose();
          older.dispose();
        }
      }));

    if (transactional(target)) {
      it('a DDL statement of a throwing code migration rolls back too', () =>
        withDb(target, async (db) => {
          const ddl = `import { defineMigration } from '${DEFINE}';
export default defineMigration({
  async up(ctx) {
    await ctx.exec('CREATE TABLE made_in_code (id integer)');
    throw new CairnTestError();
  },
});
class CairnTestError extends Error { constructor() { super('stop here'); } }
`;
          const d = tempDir({ '1_users.sql': USERS, '2_ddl.ts': ddl });
          try {
            await rejects(apply({ url: db.url, dir: d.path }), 'MIGRATION_FAILED', /stop here/);
            assert.ok(!(await objects(db.url)).includes('made_in_code'));
          } finally {
            d.dispose();
          }
        }));
    }
  });
}

describe('bad code migration modules', () => {
  it('a syntax error, a module without up, and a wrong transaction option stop apply before anything runs, naming file and line', () =>
    withDb('sqlite', async (db) => {
      const cases: [string, RegExp, number | undefined][] = [
        [`export default { up(ctx) { const x = ; } };\n`, /cannot load code migration 2_bad\.ts: .*2_bad\.ts:1:\d+/, 1],
        [`export default { down() {} };\n`, /2_bad\.ts exports no up\(ctx\) function/, undefined],
        [`export default { up() {}, transaction: 'no' };\n`, /transaction: "no"; it must be true or false/, undefined],
        [`export default { up() {}, down: 42 };\n`, /down that is neither a function nor SQL text/, undefined],
      ];
      for (const [text, re, line] of cases) {
        const d = tempDir({ '1_users.sql': USERS, '2_bad.ts': text });
        try {
          const e = await rejects(apply({ url: db.url, dir: d.path }), 'DIR_INVALID', re);
          assert.equal(e.details.line, line);
          assert.deepEqual(await objects(db.url), [], 'not even 1 ran');
        } finally {
          d.dispose();
        }
      }
    }));

  it('a value where SQL needs a name, a forgotten await, and a promise that never settles fail the migration with the line', () =>
    withDb('sqlite', async (db) => {
      const mod = (body: string) => `import { defineMigration } from '${DEFINE}';
export default defineMigration({
  async up(ctx) {
${body}
  },
});
`;
      const cases: [string, RegExp][] = [
        ["    const table = 'users';\n    await ctx.sql`DELETE FROM ${table}`;", /2_bad\.ts:5:\d+.*after "DELETE FROM ?".*follows FROM.*ctx\.sql\.id/],
        ["    await ctx.sql`SELECT * FROM users WHERE name = '${'x'}'`;", /2_bad\.ts:4:\d+.*inside a quoted string/],
        ["    await ctx.sql`INSERT INTO users (id) VALUES (${1})`;\n    ctx.sql`INSERT INTO users (id) VALUES (${2})`;", /did not await a ctx call it made at line 5/],
      ];
      const d = tempDir({ '1_users.sql': USERS });
      try {
        await apply({ url: db.url, dir: d.path });
        for (const [body, re] of cases) {
          d.write({ '2_bad.ts': mod(body) });
          const e = await rejects(apply({ url: db.url, dir: d.path }), 'MIGRATION_FAILED', re);
          assert.ok(e instanceof CairnError);
          assert.deepEqual(await query(db.url, 'SELECT * FROM users'), [], `${body}: rolled back`);
          assert.ok((await revisions(db.url)).find((x) => x.version === '2')!.error, 'the attempt is recorded with its error');
        }
      } finally {
        d.dispose();
      }
    }));
});

describe('a code migration that never settles', () => {
  const NEVER = `import { defineMigration } from '${DEFINE}';
export default defineMigration({
  async up(ctx) {
    await ctx.sql\`INSERT INTO users (id) VALUES (\${1})\`;
    await new Promise(() => {}); // a forgotten resolve
  },
});
`;
  // Embedded: the process runs dry. node:test fails a test whose process runs dry by itself, so
  // this runs the CLI, as a user would.
  it('on SQLite, the CLI reports it, rolls it back and records it, instead of exiting silently', () =>
    withDb('sqlite', async (db) => {
      const d = tempDir({ '1_users.sql': USERS, '2_never.ts': NEVER });
      try {
        const r = await cairn(['apply', '--dir', d.path, '--url', db.url]);
        assert.equal(r.code, 1, r.stderr);
        assert.match(r.stderr, /2_never\.ts.*up\(\) never settled/);
        assert.deepEqual(await query(db.url, 'SELECT * FROM users'), []);
        assert.match(String((await revisions(db.url)).find((x) => x.version === '2')!.error), /never settled/);
      } finally {
        d.dispose();
      }
    }));

  // Servers: the socket keeps the process up; the watchdog finds the idle state (in-process).
  for (const target of ['postgres', 'mysql'] as const) {
    it(`on ${target}, apply reports it within seconds and rolls it back`, () =>
      withDb(target, async (db) => {
        const d = tempDir({ '1_users.sql': USERS, '2_never.ts': NEVER });
        try {
          await rejects(apply({ url: db.url, dir: d.path }), 'MIGRATION_FAILED', /never settled/);
          assert.deepEqual(await query(db.url, 'SELECT * FROM users'), []);
        } finally {
          d.dispose();
        }
      }));
  }

  it('on PostgreSQL, a long statement through ctx.client and a timer are not mistaken for it', () =>
    withDb('postgres', async (db) => {
      const slow = `import { defineMigration } from '${DEFINE}';
export default defineMigration<{ query(sql: string): Promise<unknown> }>({
  async up(ctx) {
    await ctx.client.query('SELECT pg_sleep(2.5)');
    await new Promise((resolve) => setTimeout(resolve, 2500));
    await ctx.sql\`INSERT INTO users (id) VALUES (\${1})\`;
  },
});
`;
      const d = tempDir({ '1_users.sql': USERS, '2_slow.ts': slow });
      try {
        await apply({ url: db.url, dir: d.path });
        assert.equal((await query(db.url, 'SELECT * FROM users')).length, 1);
      } finally {
        d.dispose();
      }
    }));
});

describe('a code migration that ends its own transaction', () => {
  for (const target of ['postgres', 'sqlite'] as const) {
    it(`on ${target}, is refused after the fact, naming what happened`, () =>
      withDb(target, async (db) => {
        const commits = `import { defineMigration } from '${DEFINE}';
export default defineMigration({
  async up(ctx) {
    await ctx.sql\`INSERT INTO users (id) VALUES (\${1})\`;
    await ctx.exec('COMMIT');
  },
});
`;
        const d = tempDir({ '1_users.sql': USERS, '2_commits.ts': commits });
        try {
          await rejects(apply({ url: db.url, dir: d.path }), 'MIGRATION_FAILED', /ended the migration's transaction itself/);
          assert.match(String((await revisions(db.url)).find((x) => x.version === '2')!.error), /ended the migration's transaction/);
        } finally {
          d.dispose();
        }
      }));
  }

  it('a down that commits its own transaction is reported too, and the revision stays recorded', () =>
    withDb('sqlite', async (db) => {
      const downCommits = `import { defineMigration } from '${DEFINE}';
export default defineMigration({
  async up(ctx) {
    await ctx.sql\`INSERT INTO users (id) VALUES (\${1})\`;
  },
  async down(ctx) {
    await ctx.exec('DELETE FROM users');
    await ctx.exec('COMMIT');
  },
});
`;
      const d = tempDir({ '1_users.sql': USERS, '2_down_commits.ts': downCommits });
      try {
        await apply({ url: db.url, dir: d.path });
        await rejects(down({ url: db.url, dir: d.path }), 'MIGRATION_FAILED', /down\(\) ended the migration's transaction itself/);
        assert.ok((await revisions(db.url)).some((x) => x.version === '2'), 'the revision is still recorded');
      } finally {
        d.dispose();
      }
    }));
});

describe('code migrations in a diff replay', () => {
  it('replay on the embedded dev database gives ctx the driver client too (a query builder works there)', async () => {
    const viaClient = `import { defineMigration } from '${DEFINE}';
export default defineMigration<{ query(sql: string): Promise<unknown> }>({
  async up(ctx) {
    await ctx.client.query('CREATE TABLE via_client (id integer PRIMARY KEY)');
    await ctx.sql\`INSERT INTO via_client (id) VALUES (\${1})\`;
  },
});
`;
    const d = tempDir({ '1_users.sql': USERS, '2_client.ts': viaClient });
    try {
      const desired = join(d.path, '..', `desired-${process.pid}.sql`);
      writeFileSync(desired, 'CREATE TABLE users (id integer PRIMARY KEY, name varchar(100), score integer);\nCREATE TABLE via_client (id integer PRIMARY KEY);\n');
      const r = await diff({ dir: d.path, name: 'next', to: desired, check: true }).finally(() => rmSync(desired));
      assert.equal(r.inSync, true, JSON.stringify(r.statements));
    } finally {
      d.dispose();
    }
  });
});
