/**
 * Fleets of throwaway databases for the fan-out tests, made and dropped a few at a time over
 * one admin connection per lane (creating 50 PostgreSQL databases one by one costs seconds), and
 * a migration directory every dialect runs.
 */
import pg from 'pg';
import mysql from 'mysql2/promise';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hash } from '../../src/commands/hash.js';
import { MYSQL_ADMIN_URL, PG_ADMIN_URL } from '../helpers/db.js';

export interface Fleet {
  readonly urls: string[];
  readonly names: string[];
  drop(): Promise<void>;
}

let counter = 0;
const names = (prefix: string, n: number) => {
  const base = `${prefix}_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  return Array.from({ length: n }, (_, i) => `${base}_${i}`);
};

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = '/' + db;
  return u.toString();
}

/** Runs `sql(name)` for every name over `lanes` admin connections. */
async function inLanes(list: readonly string[], lanes: number, open: () => Promise<{ run(sql: string): Promise<unknown>; end(): Promise<void> }>, sql: (name: string) => string): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(lanes, list.length) }, async () => {
    const c = await open();
    try {
      while (next < list.length) await c.run(sql(list[next++]!));
    } finally {
      await c.end();
    }
  }));
}

const pgAdmin = async () => {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL });
  await c.connect();
  return { run: (sql: string) => c.query(sql), end: () => c.end() };
};
const mysqlAdmin = async () => {
  const c = await mysql.createConnection(MYSQL_ADMIN_URL);
  return { run: (sql: string) => c.query(sql), end: () => c.end() };
};

export async function pgFleet(n: number): Promise<Fleet> {
  const list = names('cairn_fo', n);
  await inLanes(list, 3, pgAdmin, (d) => `CREATE DATABASE "${d}"`);
  return {
    urls: list.map((d) => withDatabase(PG_ADMIN_URL, d)),
    names: list,
    drop: () => inLanes(list, 3, pgAdmin, (d) => `DROP DATABASE IF EXISTS "${d}" WITH (FORCE)`),
  };
}

export async function mysqlFleet(n: number): Promise<Fleet> {
  const list = names('cairn_fo', n);
  await inLanes(list, 2, mysqlAdmin, (d) => `CREATE DATABASE \`${d}\``);
  return {
    urls: list.map((d) => withDatabase(MYSQL_ADMIN_URL, d)),
    names: list,
    drop: () => inLanes(list, 2, mysqlAdmin, (d) => `DROP DATABASE IF EXISTS \`${d}\``),
  };
}

/** One query on one database, through the plain driver. */
export async function sql(url: string, text: string): Promise<Record<string, unknown>[]> {
  if (url.startsWith('mysql')) {
    const c = await mysql.createConnection(url);
    try {
      return (await c.query(text))[0] as Record<string, unknown>[];
    } finally {
      await c.end();
    }
  }
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text)).rows;
  } finally {
    await c.end();
  }
}

/** Five migrations in SQL both PostgreSQL and MariaDB run. */
export const PORTABLE = {
  '20240101000001_users.sql': 'CREATE TABLE users (id int PRIMARY KEY, name varchar(100) NOT NULL);\n',
  '20240101000002_orders.sql': 'CREATE TABLE orders (id int PRIMARY KEY, user_id int NOT NULL);\n',
  '20240101000003_orders_user.sql': 'CREATE INDEX orders_user ON orders (user_id);\n',
  '20240101000004_notes.sql': 'CREATE TABLE notes (id int PRIMARY KEY, body varchar(200));\n',
  '20240101000005_email.sql': 'ALTER TABLE users ADD COLUMN email varchar(200);\n',
};
export const NEWEST = '20240101000005';

/** A hashed migration directory in a temp folder. */
export function migrationDir(files: Record<string, string>): { path: string; dispose(): void } {
  const path = mkdtempSync(join(tmpdir(), 'cairn-fanout-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(path, name), text);
  hash({ dir: path });
  return { path, dispose: () => rmSync(path, { recursive: true, force: true }) };
}
