/**
 * Loading a TypeScript schema file (`schema.ts`) with jiti. The file imports the DSL as
 * `cairn/dsl` (or `cairn`); both names are aliased to this folder so that a schema file works
 * without Cairn installed in the user's node_modules.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import { createJiti } from 'jiti';
import { CairnError } from '../errors.js';
import { isDef, type AnyDef } from './compile.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const entry = ['index.ts', 'index.js'].map((f) => join(here, f)).find((f) => existsSync(f)) ?? join(here, 'index.js');

/** loadSchemaFile imports a schema module and returns its DSL definitions (arrays are flattened). */
export async function loadSchemaFile(path: string): Promise<AnyDef[]> {
  const file = resolve(path);
  const jiti = createJiti(import.meta.url, { alias: { 'cairn/dsl': entry, cairn: entry }, moduleCache: false, fsCache: false });
  let mod: Record<string, unknown>;
  try {
    mod = (await jiti.import(file)) as Record<string, unknown>;
  } catch (e) {
    throw new CairnError('SCHEMA', `cannot load schema file ${path}: ${(e as Error).message}`, { cause: e, details: { file: path } });
  }
  // A module namespace lists exports alphabetically, so declaration order is lost: a default
  // export (an array of definitions) gives the order; the other exports follow.
  const values = [mod.default, ...Object.entries(mod).filter(([k]) => k !== 'default').map(([, v]) => v)].filter((v) => v !== undefined);
  const defs = values.flatMap((v) => (Array.isArray(v) ? v : [v])).filter(isDef);
  if (!defs.length) throw new CairnError('SCHEMA', `schema file ${path} exports no table, enum, view or other definition`, { details: { file: path } });
  return [...new Set(defs)];
}
