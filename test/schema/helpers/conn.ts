/**
 * Test connections for the schema engine: through the dialect registry when it is present,
 * otherwise through a tiny adapter over `pg` and PGlite.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Connection } from '../../../src/dialects/types.js';

const REGISTRY = join(import.meta.dirname, '../../../src/dialects/registry.ts');

export type TestConn = Pick<Connection, 'exec' | 'query' | 'close'>;

export async function open(url: string): Promise<TestConn> {
  if (existsSync(REGISTRY)) {
    const reg = (await import('../../../src/dialects/registry.js' as string)) as { connect(url: string): Promise<Connection> };
    return reg.connect(url);
  }
  if (url.startsWith('pglite:')) {
    const { PGlite } = await import('@electric-sql/pglite');
    const where = url.slice('pglite:'.length);
    const db = new PGlite(where === 'memory' ? undefined : where);
    return {
      async exec(sql) { await db.exec(sql); },
      async query<T>(sql: string, params?: readonly unknown[]) { return (await db.query(sql, params ? [...params] : undefined)).rows as T[]; },
      async close() { await db.close(); },
    };
  }
  const pg = (await import('pg')).default;
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  return {
    async exec(sql) { await c.query(sql); },
    async query<T>(sql: string, params?: readonly unknown[]) { return (await c.query(sql, params ? [...params] : undefined)).rows as T[]; },
    async close() { await c.end(); },
  };
}
