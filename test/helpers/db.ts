/**
 * Throwaway databases on the local servers for tests. Each call creates a uniquely named
 * database and returns its URL plus a `drop()`. When a server is unreachable the helper
 * throws (it never skips): CI must fail loudly if PostgreSQL or MariaDB is missing.
 */
import pg from 'pg';
import mysql from 'mysql2/promise';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase, type TestDatabaseOptions } from '../../src/testing/database.js';

export const PG_ADMIN_URL = process.env.CAIRN_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const MYSQL_ADMIN_URL = process.env.CAIRN_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';

let counter = 0;
function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${Date.now().toString(36)}_${counter++}`;
}

export interface TestDb {
  readonly url: string;
  readonly name: string;
  drop(): Promise<void>;
}

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = '/' + db;
  return u.toString();
}

export async function freshPostgres(): Promise<TestDb> {
  const name = uniqueName('cairn_t');
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  try {
    await admin.connect();
  } catch (e) {
    throw new Error(`PostgreSQL test server unreachable at ${PG_ADMIN_URL}: ${(e as Error).message}`);
  }
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  return {
    url: withDatabase(PG_ADMIN_URL, name),
    name,
    async drop() {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

export async function freshMysql(): Promise<TestDb> {
  const name = uniqueName('cairn_t');
  let admin;
  try {
    admin = await mysql.createConnection(MYSQL_ADMIN_URL);
  } catch (e) {
    throw new Error(`MariaDB/MySQL test server unreachable at ${MYSQL_ADMIN_URL}: ${(e as Error).message}`);
  }
  await admin.query(`CREATE DATABASE \`${name}\``);
  await admin.end();
  return {
    url: withDatabase(MYSQL_ADMIN_URL, name),
    name,
    async drop() {
      const c = await mysql.createConnection(MYSQL_ADMIN_URL);
      await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await c.end();
    },
  };
}

export async function freshSqlite(): Promise<TestDb> {
  const dir = mkdtempSync(join(tmpdir(), 'cairn-sqlite-'));
  const path = join(dir, 'db.sqlite');
  return { url: `sqlite:${path}`, name: path, async drop() { rmSync(dir, { recursive: true, force: true }); } };
}

export async function freshPglite(): Promise<TestDb> {
  const dir = mkdtempSync(join(tmpdir(), 'cairn-pglite-'));
  return { url: `pglite:${dir}`, name: dir, async drop() { rmSync(dir, { recursive: true, force: true }); } };
}

/** The four targets every runner behaviour is tested on. */
export const TARGETS = { postgres: freshPostgres, mysql: freshMysql, sqlite: freshSqlite, pglite: freshPglite } as const;
export type TargetName = keyof typeof TARGETS;

export { CORPUS } from './corpus.js';

/**
 * freshDatabases returns `fresh(target)`, which makes a throwaway database and drops it when the
 * test file ends: one at a time, newest first, since a database a test adds beside another
 * (a MySQL revisions database) is dropped through a connection to the first.
 */
export function freshDatabases(after: (fn: () => Promise<void>) => void): ((target: TargetName) => Promise<TestDb>) & { track(db: TestDb): void } {
  const made: TestDb[] = [];
  after(async () => {
    for (const d of made.reverse()) await d.drop();
  });
  const fresh = async (target: TargetName) => {
    const db = await TARGETS[target]();
    made.push(db);
    return db;
  };
  /** track drops a database the test made itself, with the others. */
  return Object.assign(fresh, { track: (db: TestDb) => void made.push(db) });
}

/** The user tables of a database, sorted (the revision table left out). */
export async function userTables(target: TargetName, db: TestDb): Promise<string[]> {
  let names: string[];
  if (target === 'sqlite') {
    const c = new Database(db.name, { readonly: true });
    names = (c.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name);
    c.close();
  } else if (target === 'postgres') {
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    names = (await c.query("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'")).rows.map((r) => r.name);
    await c.end();
  } else if (target === 'mysql') {
    const c = await mysql.createConnection(db.url);
    const [rows] = await c.query('SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()');
    names = (rows as { name: string }[]).map((r) => r.name);
    await c.end();
  } else {
    const { PGlite } = await import('@electric-sql/pglite');
    const c = await PGlite.create(db.name);
    names = (await c.query<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'")).rows.map((r) => r.name);
    await c.close();
  }
  return names.filter((n) => !n.startsWith('cairn_') && !n.startsWith('sqlite_')).sort();
}

/**
 * createTestDatabase's options for a target on the local servers: Cairn's own tests make their
 * throwaway databases with `cairn-migrate/testing` too (test/testing/, and tests converted to it).
 */
export function testDatabaseOptions(target: TargetName): TestDatabaseOptions {
  switch (target) {
    case 'postgres': return { dialect: 'postgres', url: PG_ADMIN_URL };
    case 'mysql': return { dialect: 'mysql', url: MYSQL_ADMIN_URL };
    case 'sqlite': return { dialect: 'sqlite' };
    case 'pglite': return { dialect: 'pglite' };
  }
}

/** A throwaway database of `target` made by `createTestDatabase` (dispose() drops it). */
export function testDatabase(target: TargetName): Promise<TestDatabase> {
  return createTestDatabase(testDatabaseOptions(target));
}

/** Runs `fn` with a database made by `createTestDatabase`, disposed of afterwards. */
export async function withTestDatabase<T>(target: TargetName, fn: (db: TestDatabase) => Promise<T>): Promise<T> {
  const db = await testDatabase(target);
  try {
    return await fn(db);
  } finally {
    await db.dispose();
  }
}
