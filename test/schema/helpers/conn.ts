/** Test connections for the schema engine, through the dialect registry (pg server or PGlite). */
import { connect } from '../../../src/dialects/registry.js';
import type { Connection } from '../../../src/dialects/types.js';

export type TestConn = Connection;

/** open connects to a database URL (`postgres://...`, `pglite:memory`). */
export function open(url: string): Promise<Connection> {
  return connect(url);
}
