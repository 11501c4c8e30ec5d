/** DSL round trip for SQLite tests: realm → `inspect --format ts` source → load → compile → apply on an empty database → inspect. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection } from '../../../src/dialects/types.js';
import type { Realm } from '../../../src/schema/model.js';
import { loadSchemaFile } from '../../../src/dsl/load.js';
import { applyDdl } from '../../../src/diff/desired.js';
import { engine } from './helpers.js';

export async function dslRoundTrip(r: Realm, conn: Connection): Promise<Realm> {
  const dir = mkdtempSync(join(tmpdir(), 'cairn-sqlite-dsl-'));
  const file = join(dir, 'schema.ts');
  writeFileSync(file, engine.generateDsl(r));
  try {
    const compiled = engine.compileDsl(await loadSchemaFile(file));
    await applyDdl(conn, compiled.statements.map((text) => ({ text, file })));
  } catch (e) {
    (e as Error).message += ` (schema file kept in ${dir})`;
    throw e;
  }
  rmSync(dir, { recursive: true, force: true });
  return engine.inspect(conn);
}
