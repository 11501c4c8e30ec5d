/** DSL round trip for tests: realm → `inspect --format ts` source → load → compile → apply → inspect. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection } from '../../../src/dialects/types.js';
import type { Realm } from '../../../src/schema/model.js';
import { generateDsl } from '../../../src/dialects/postgres/inspect-ts.js';
import { inspectRealm } from '../../../src/dialects/postgres/inspect.js';
import { loadSchemaFile } from '../../../src/dsl/load.js';
import { compileSchema } from '../../../src/dsl/compile.js';
import { applyDdl } from '../../../src/diff/desired.js';

export async function dslRoundTrip(r: Realm, conn: Connection): Promise<Realm> {
  const dir = mkdtempSync(join(tmpdir(), 'cairn-dsl-'));
  const file = join(dir, 'schema.ts');
  writeFileSync(file, generateDsl(r));
  try {
    const compiled = compileSchema(await loadSchemaFile(file), conn.dialect.quoteIdent);
    await applyDdl(conn, compiled.statements.map((text) => ({ text, file })));
  } catch (e) {
    // Kept for a look at the generated source.
    (e as Error).message += ` (schema file kept in ${dir})`;
    throw e;
  }
  rmSync(dir, { recursive: true, force: true });
  return inspectRealm(conn);
}
