/** Test connections for the schema engine, through the dialect registry (pg server or PGlite). */
import { connect, extensionsIn } from '../../../src/dialects/registry.js';
import type { Connection } from '../../../src/dialects/types.js';

export type TestConn = Connection;

/** open connects to a database URL (`postgres://...`, `pglite:memory`); PGlite loads the extensions `sql` creates. */
export function open(url: string, sql: readonly string[] = []): Promise<Connection> {
  return connect(url, { extensions: extensionsIn(url, sql) });
}
