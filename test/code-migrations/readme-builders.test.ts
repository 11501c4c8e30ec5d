/**
 * README "Using your query builder": the Kysely, Drizzle and Knex examples run as written, as
 * code migrations beside SQL files, on PostgreSQL (only the `cairn-migrate` import is pointed at
 * this repository's source). The README's one-line variants for MariaDB, SQLite and PGlite run
 * the same backfill from snippets written here. On every target, a migration that writes
 * through the builder and then throws leaves no row behind: the builder ran on the migration's
 * own connection, inside its transaction. Every module also type-checks.
 *
 * The migration directories live in a temp folder whose node_modules links to this repository's,
 * so the modules import kysely, drizzle-orm and knex as a user's project would.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apply } from '../../src/commands/apply.js';
import { hash } from '../../src/commands/hash.js';
import { connect } from '../../src/dialects/registry.js';
import type { Connection } from '../../src/dialects/types.js';
import type { ProgressEvent } from '../../src/migrate/runner/types.js';
import { freshDatabases, type TargetName } from '../helpers/db.js';
import { rejects } from '../runner/helpers.js';

const REPO = join(import.meta.dirname, '../..');
const ENTRY = join(REPO, 'src/index.ts');
/** The repository's own TypeScript (7.x, the native port: `bin/tsc` is a Node launcher). */
const TSC = join(REPO, 'node_modules/typescript/bin/tsc');

const fresh = freshDatabases(after);
const roots: string[] = [];
after(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

type Builder = 'Kysely' | 'Drizzle' | 'Knex';
const BUILDERS: readonly Builder[] = ['Kysely', 'Drizzle', 'Knex'];

/** The README's examples by builder: the file its first line names, and its text. */
function readmeExamples(): Record<Builder, { file: string; code: string }> {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const start = readme.indexOf('\n### Using your query builder\n');
  assert.notEqual(start, -1, 'README has a "### Using your query builder" section');
  const next = /\n#{1,3} /g;
  next.lastIndex = start + 1;
  const section = readme.slice(start, next.exec(readme)?.index ?? readme.length);
  const found: Partial<Record<Builder, { file: string; code: string }>> = {};
  for (const [, code] of section.matchAll(/```ts\n([\s\S]*?)```/g)) {
    const m = /^\/\/ migrations\/(\S+\.ts), with (\w+)\n/.exec(code!);
    if (m) found[m[2] as Builder] = { file: m[1]!, code: code! };
  }
  assert.deepEqual(Object.keys(found).sort(), [...BUILDERS].sort(), 'one example per builder, each marked `// migrations/<file>.ts, with <Builder>`');
  return found as Record<Builder, { file: string; code: string }>;
}

/** Points the module's `cairn-migrate` import at this repository's source, and nothing else. */
function localImport(code: string): string {
  const specifier = /from 'cairn-migrate'/g;
  assert.equal(code.match(specifier)?.length, 1, 'the example imports cairn-migrate once');
  return code.replace(specifier, `from ${JSON.stringify(ENTRY)}`);
}

/** Runs `fn` on one connection to `url` (PGlite opens slowly: one connection per check). */
async function onDb<T>(url: string, fn: (c: Connection) => Promise<T>): Promise<T> {
  const c = await connect(url);
  try {
    return await fn(c);
  } finally {
    await c.close();
  }
}

/** A project folder in tmp: node_modules linked to this repository's, migrations/ hashed. */
function project(files: Record<string, string>): { root: string; dir: string; write(files: Record<string, string>): void } {
  const root = mkdtempSync(join(tmpdir(), 'cairn-builders-'));
  roots.push(root);
  symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'), 'dir');
  const dir = join(root, 'migrations');
  mkdirSync(dir);
  const write = (f: Record<string, string>) => {
    for (const [name, text] of Object.entries(f)) writeFileSync(join(dir, name), text);
    hash({ dir });
  };
  write(files);
  return { root, dir, write };
}

// The history every example continues: the tables, then the column to backfill.
const SETUP = {
  '20261201000000_shop.sql': 'CREATE TABLE customers (id integer PRIMARY KEY, email text NOT NULL);\nCREATE TABLE orders (id integer PRIMARY KEY, customer_id integer NOT NULL REFERENCES customers (id));\n',
  '20261201000001_order_email.sql': 'ALTER TABLE orders ADD COLUMN customer_email text;\n',
};
const BEFORE_BACKFILL = '20261201000001';
const SEED = [
  "INSERT INTO customers (id, email) VALUES (1, 'ann@example.com'), (2, 'o''brien@example.com')",
  "INSERT INTO orders (id, customer_id, customer_email) VALUES (10, 1, NULL), (11, 2, NULL), (12, 1, NULL), (13, 2, 'kept@example.com')",
];
const BACKFILLED = [
  [10, 'ann@example.com'],
  [11, "o'brien@example.com"],
  [12, 'ann@example.com'],
  [13, 'kept@example.com'],
];

/**
 * How a builder is set up on a target, for the snippets written here: imports and table
 * declarations, the driver client's type, the statements making `db` (or `qb`), the backfill
 * (absent on PostgreSQL, where the README's example is the backfill), and an insert of
 * customer 99 through the builder.
 */
interface Recipe {
  readonly head: string;
  readonly client: string;
  readonly open?: string;
  readonly backfill?: string;
  readonly insert: string;
}

const KYSELY_TABLES = `interface Tables {
  customers: { id: number; email: string };
  orders: { id: number; customer_id: number; customer_email: string | null };
}`;
const KYSELY_BACKFILL = `db
      .updateTable('orders')
      .set((eb) => ({
        customer_email: eb.selectFrom('customers').select('customers.email').whereRef('customers.id', '=', 'orders.customer_id'),
      }))
      .where('customer_email', 'is', null)`;
const KYSELY_INSERT = "db.insertInto('customers').values({ id: 99, email: 'ghost@example.com' })";

const drizzleTables = (table: string, int: string) => `const customers = ${table}('customers', { id: ${int}().primaryKey(), email: text().notNull() });
const orders = ${table}('orders', { id: ${int}().primaryKey(), customerId: ${int}('customer_id').notNull(), customerEmail: text('customer_email') });`;
const DRIZZLE_BACKFILL = `const updated = await db
      .update(orders)
      .set({ customerEmail: customers.email })
      .from(customers)
      .where(and(eq(orders.customerId, customers.id), isNull(orders.customerEmail)))
      .returning({ id: orders.id });
    ctx.log.info('backfilled ' + updated.length + ' orders');`;
const DRIZZLE_INSERT = "await db.insert(customers).values({ id: 99, email: 'ghost@example.com' });";

const KNEX_BACKFILL = `qb('orders')
      .update({ customer_email: qb('customers').select('email').where('customers.id', qb.ref('orders.customer_id')) })
      .whereNull('customer_email')`;
const KNEX_INSERT = "qb('customers').insert({ id: 99, email: 'ghost@example.com' })";
const knexBackfill = (conn: string) => `const count = await ${KNEX_BACKFILL}.connection(${conn});
    ctx.log.info('backfilled ' + count + ' orders');`;

// mysql2's typings declare it on PoolConnection only, but every promise Connection wraps the
// callback one at .connection, whose callback API Kysely and Knex call.
const MYSQL_CLIENT = `import type { Connection as CallbackConnection } from 'mysql2';
import type { Connection } from 'mysql2/promise';
type Client = Connection & { connection: CallbackConnection };`;

const RECIPES: Record<TargetName, Record<Builder, Recipe>> = {
  postgres: {
    Kysely: {
      head: `import { Kysely, PostgresDialect } from 'kysely';\nimport type { Client } from 'pg';\n${KYSELY_TABLES}`,
      client: 'Client',
      open: `const client = { query: ctx.client.query.bind(ctx.client), release() {} };
    const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool: { connect: async () => client, end: async () => {} } }) });`,
      // destroy() ends the lent pool, whose end() does nothing: Cairn's client stays open.
      insert: `await ${KYSELY_INSERT}.execute();\n    await db.destroy();`,
    },
    Drizzle: {
      head: `import { drizzle } from 'drizzle-orm/node-postgres';\nimport { integer, pgTable, text } from 'drizzle-orm/pg-core';\nimport type { Client } from 'pg';\n${drizzleTables('pgTable', 'integer')}`,
      client: 'Client',
      open: 'const db = drizzle(ctx.client);',
      insert: DRIZZLE_INSERT,
    },
    Knex: {
      head: `import knex from 'knex';\nimport type { Client } from 'pg';\nconst qb = knex({ client: 'pg' });`,
      client: 'Client',
      insert: `await ${KNEX_INSERT}.connection(ctx.client);`,
    },
  },
  mysql: {
    Kysely: {
      head: `import { Kysely, MysqlDialect } from 'kysely';\n${MYSQL_CLIENT}\n${KYSELY_TABLES}`,
      client: 'Client',
      open: `const conn = ctx.client.connection;
    const lent = { query: conn.query.bind(conn), release() {} };
    const db = new Kysely<Tables>({ dialect: new MysqlDialect({ pool: { getConnection: (cb) => cb(null, lent), end: (cb) => cb(null) } }) });`,
      backfill: `const result = await ${KYSELY_BACKFILL}.executeTakeFirst();\n    ctx.log.info('backfilled ' + result.numUpdatedRows + ' orders');`,
      insert: `await ${KYSELY_INSERT}.execute();\n    await db.destroy();`,
    },
    Drizzle: {
      // MySQL has no UPDATE … FROM: a correlated subquery instead.
      head: `import { eq, isNull, sql } from 'drizzle-orm';\nimport { drizzle } from 'drizzle-orm/mysql2';\nimport { int, mysqlTable, text } from 'drizzle-orm/mysql-core';\nimport type { Connection } from 'mysql2/promise';\n${drizzleTables('mysqlTable', 'int')}`,
      client: 'Connection',
      open: 'const db = drizzle(ctx.client);',
      backfill: `const [result] = await db
      .update(orders)
      .set({ customerEmail: sql\`(\${db.select({ email: customers.email }).from(customers).where(eq(customers.id, orders.customerId))})\` })
      .where(isNull(orders.customerEmail));
    ctx.log.info('backfilled ' + result.affectedRows + ' orders');`,
      insert: DRIZZLE_INSERT,
    },
    Knex: {
      head: `import knex from 'knex';\n${MYSQL_CLIENT}\nconst qb = knex({ client: 'mysql2' });`,
      client: 'Client',
      backfill: knexBackfill('ctx.client.connection'),
      insert: `await ${KNEX_INSERT}.connection(ctx.client.connection);`,
    },
  },
  sqlite: {
    Kysely: {
      head: `import { Kysely, SqliteDialect } from 'kysely';\nimport type BetterSqlite3 from 'better-sqlite3';\n${KYSELY_TABLES}`,
      client: 'BetterSqlite3.Database',
      // No db.destroy() here: Kysely's SQLite driver would close Cairn's database.
      open: 'const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: ctx.client }) });',
      backfill: `const result = await ${KYSELY_BACKFILL}.executeTakeFirst();\n    ctx.log.info('backfilled ' + result.numUpdatedRows + ' orders');`,
      insert: `await ${KYSELY_INSERT}.execute();`,
    },
    Drizzle: {
      head: `import { and, eq, isNull } from 'drizzle-orm';\nimport { drizzle } from 'drizzle-orm/better-sqlite3';\nimport { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';\nimport type BetterSqlite3 from 'better-sqlite3';\n${drizzleTables('sqliteTable', 'integer')}`,
      client: 'BetterSqlite3.Database',
      open: 'const db = drizzle(ctx.client);',
      backfill: DRIZZLE_BACKFILL,
      insert: DRIZZLE_INSERT,
    },
    Knex: {
      head: `import knex from 'knex';\nimport type BetterSqlite3 from 'better-sqlite3';\nconst qb = knex({ client: 'better-sqlite3', useNullAsDefault: true });`,
      client: 'BetterSqlite3.Database',
      backfill: knexBackfill('ctx.client'),
      insert: `await ${KNEX_INSERT}.connection(ctx.client);`,
    },
  },
  // No Kysely or Knex driver for PGlite: they build the SQL, ctx.query runs it.
  pglite: {
    Kysely: {
      head: `import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';\nimport type { PGlite } from '@electric-sql/pglite';\n${KYSELY_TABLES}`,
      client: 'PGlite',
      open: `const db = new Kysely<Tables>({
      dialect: {
        createAdapter: () => new PostgresAdapter(),
        createDriver: () => new DummyDriver(),
        createIntrospector: (k) => new PostgresIntrospector(k),
        createQueryCompiler: () => new PostgresQueryCompiler(),
      },
    });`,
      backfill: `const { sql, parameters } = ${KYSELY_BACKFILL}.returning('id').compile();
    const rows = await ctx.query(sql, parameters);
    ctx.log.info('backfilled ' + rows.length + ' orders');`,
      insert: `const { sql, parameters } = ${KYSELY_INSERT}.compile();\n    await ctx.query(sql, parameters);`,
    },
    Drizzle: {
      head: `import { and, eq, isNull } from 'drizzle-orm';\nimport { drizzle } from 'drizzle-orm/pglite';\nimport { integer, pgTable, text } from 'drizzle-orm/pg-core';\nimport type { PGlite } from '@electric-sql/pglite';\n${drizzleTables('pgTable', 'integer')}`,
      client: 'PGlite',
      open: 'const db = drizzle(ctx.client);',
      backfill: DRIZZLE_BACKFILL,
      insert: DRIZZLE_INSERT,
    },
    Knex: {
      head: `import knex from 'knex';\nimport type { PGlite } from '@electric-sql/pglite';\nconst qb = knex({ client: 'pg' });`,
      client: 'PGlite',
      backfill: `const { sql, bindings } = ${KNEX_BACKFILL}.returning('id').toSQL().toNative();
    const rows = await ctx.query(sql, bindings);
    ctx.log.info('backfilled ' + rows.length + ' orders');`,
      insert: `const { sql, bindings } = ${KNEX_INSERT}.toSQL().toNative();\n    await ctx.query(sql, bindings);`,
    },
  },
};

/**
 * A snippet as a migration module. It imports Cairn's types only (erased): the README examples
 * load Cairn's source through the migration loader, uncached, which takes seconds per module.
 */
function migrationModule(r: Recipe, body: string): string {
  return `import type { CodeMigrationDefinition } from ${JSON.stringify(ENTRY)};
${r.head}

export default {
  async up(ctx) {
    ${r.open ?? ''}
    ${body}
  },
} satisfies CodeMigrationDefinition<${r.client}>;
`;
}

/** The backfill migration of `builder` on `target`: the README's file on PostgreSQL. */
function backfillModule(target: TargetName, builder: Builder): { file: string; code: string } {
  if (target === 'postgres') {
    const ex = readmeExamples()[builder];
    return { file: ex.file, code: localImport(ex.code) };
  }
  return { file: '20261202090000_backfill_order_emails.ts', code: migrationModule(RECIPES[target][builder], RECIPES[target][builder].backfill!) };
}

const FAILING_FILE = '20261203000000_write_then_throw.ts';
/** Writes customer 99 through the builder, reads it back through ctx, then throws. */
function failingModule(target: TargetName, builder: Builder): string {
  const r = RECIPES[target][builder];
  return migrationModule(r, `${r.insert}
    const seen = await ctx.sql\`SELECT email FROM customers WHERE id = \${99}\`;
    throw new Error('boom after ' + seen.length + ' row(s) written through the builder');`);
}

describe('README "Using your query builder"', () => {
  it('has a complete migration file per builder, PostgreSQL first, importing cairn-migrate', () => {
    const ex = readmeExamples();
    for (const b of BUILDERS) {
      assert.match(ex[b].code, /export default defineMigration<Client>\(\{/, `${b}: a default export typed for pg's Client`);
      assert.match(ex[b].code, /ctx\.client/, `${b}: wraps ctx.client`);
      localImport(ex[b].code);
    }
  });

  it('every module here type-checks (the README examples and the variants)', () => {
    const p = project({});
    const files: Record<string, string> = {};
    for (const b of BUILDERS) {
      files[`readme_${b}.ts`] = localImport(readmeExamples()[b].code);
      for (const t of Object.keys(RECIPES) as TargetName[]) {
        if (t !== 'postgres') files[`backfill_${t}_${b}.ts`] = backfillModule(t, b).code;
        files[`fail_${t}_${b}.ts`] = failingModule(t, b);
      }
    }
    const check = join(p.root, 'check');
    mkdirSync(check);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(check, name), text);
    writeFileSync(join(p.root, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: true, esModuleInterop: true, noEmit: true, types: ['node'], allowImportingTsExtensions: true },
      include: ['check/*.ts'],
    }));
    const r = spawnSync(process.execPath, [TSC, '-p', join(p.root, 'tsconfig.json')], { encoding: 'utf8', timeout: 120_000 });
    assert.equal(r.status, 0, `tsc failed:\n${r.stdout}${r.stderr}`);
  });

  for (const target of ['postgres', 'mysql', 'sqlite', 'pglite'] as const) {
    for (const builder of BUILDERS) {
      it(`${builder} on ${target}: the backfill runs on ctx.client; a throw after writing through it leaves no row`, async () => {
        const db = await fresh(target);
        const backfill = backfillModule(target, builder);
        const p = project({ ...SETUP, [backfill.file]: backfill.code });
        await apply({ url: db.url, dir: p.dir, toVersion: BEFORE_BACKFILL });
        await onDb(db.url, async (c) => {
          for (const s of SEED) await c.exec(s);
        });

        const events: ProgressEvent[] = [];
        const r = await apply({ url: db.url, dir: p.dir, onProgress: (e) => events.push(e) });
        assert.deepEqual(r.applied.map((a) => a.version), ['20261202090000']);
        const rows = await onDb(db.url, (c) => c.query<{ id: number; customer_email: string }>('SELECT id, customer_email FROM orders ORDER BY id'));
        assert.deepEqual(rows.map((o) => [Number(o.id), o.customer_email]), BACKFILLED);
        assert.deepEqual(events.flatMap((e) => (e.type === 'log' ? [e.message.trim()] : [])), ['20261202090000: backfilled 3 orders']);

        // The builder's insert is visible to ctx (one session, one transaction), then rolled back.
        p.write({ [FAILING_FILE]: failingModule(target, builder) });
        const e = await rejects(apply({ url: db.url, dir: p.dir }), 'MIGRATION_FAILED', /boom after 1 row\(s\) written through the builder/);
        assert.match(e.message, new RegExp(`${FAILING_FILE}:\\d+`));
        await onDb(db.url, async (c) => {
          assert.deepEqual(await c.query('SELECT id FROM customers WHERE id = 99'), []);
          // Recorded on the same connection after the rollback: the builder (and Kysely's destroy()) left it open.
          const q = c.dialect.quoteIdent;
          const [rev] = await c.query<{ error: string }>(`SELECT ${q('error')} FROM ${q('cairn_revisions')} WHERE ${q('version')} = '20261203000000'`);
          assert.match(String(rev?.error), /boom/);
        });
      });
    }
  }
});
