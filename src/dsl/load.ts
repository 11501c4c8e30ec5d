/**
 * Loading a TypeScript schema file (`schema.ts`) with jiti. The file imports the DSL as
 * `cairn-migrate/dsl` (or `cairn-migrate`, or the older names `cairn/dsl` and `cairn`), or a
 * dialect's DSL as `cairn-migrate/dsl/mysql` or `cairn-migrate/dsl/sqlite`; all are aliased to
 * this folder so that a schema file works without Cairn installed in the user's node_modules.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve, sep } from 'node:path';
import { createJiti } from 'jiti';
import { CairnError } from '../errors.js';
import { isDef, type AnyDef } from './defs.js';

const here = fileURLToPath(new URL('.', import.meta.url));
/** A DSL entry point in this folder, as source (tsx, tests) or as built JavaScript (dist/). */
const entryIn = (dir: string) => ['index.ts', 'index.js'].map((f) => join(here, dir, f)).find((f) => existsSync(f)) ?? join(here, dir, 'index.js');
const entry = entryIn('.');

/**
 * The DSL entry points a schema file may import, aliased to this folder (the dialect ones first:
 * jiti matches an alias as a path prefix).
 */
const ALIASES: Readonly<Record<string, string>> = {
  'cairn-migrate/dsl/mysql': entryIn('mysql'),
  'cairn-migrate/dsl/sqlite': entryIn('sqlite'),
  'cairn-migrate/dsl': entry,
  'cairn-migrate': entry,
  'cairn/dsl': entry,
  cairn: entry,
};

/** loadSchemaFile imports a schema module and returns its DSL definitions (arrays are flattened). */
export async function loadSchemaFile(path: string): Promise<AnyDef[]> {
  const file = resolve(path);
  const jiti = createJiti(import.meta.url, { alias: { ...ALIASES }, moduleCache: false, fsCache: false });
  let mod: Record<string, unknown>;
  try {
    mod = (await jiti.import(file)) as Record<string, unknown>;
  } catch (e) {
    throw loadError(e, path);
  }
  // A module namespace lists exports alphabetically, so declaration order is lost: a default
  // export (an array of definitions) gives the order; the other exports follow.
  const values = [mod.default, ...Object.entries(mod).filter(([k]) => k !== 'default').map(([, v]) => v)].filter((v) => v !== undefined);
  const defs = values.flatMap((v) => (Array.isArray(v) ? v : [v])).filter(isDef);
  if (!defs.length) throw new CairnError('SCHEMA', `schema file ${path} exports no table, enum, view or other definition`, { details: { file: path } });
  return [...new Set(defs)];
}

/** Cairn's own code (src/ or dist/): frames there are the DSL reporting a bad call, not the user's code. */
const cairnRoot = dirname(here.replace(/[\\/]$/, '')) + sep;

/**
 * loadError names where in the user's code a schema file failed: `schema.ts:7:24: TypeError:
 * users.c.idd is undefined`, with the source line. jiti transpiles with lines retained, so the
 * stack's line and column are the file's own; the location is the innermost frame outside
 * Cairn and node_modules (a bad call into the DSL is reported at the call), or, for a syntax
 * error, the position jiti's parser appends to its message. Transpiled call text
 * (`(0 , _dsl.text)(...)`) is put back as written (`text(...)`).
 */
function loadError(e: unknown, path: string): CairnError {
  const err = e instanceof Error ? e : new Error(String(e));
  const syntax = /ParseError|SyntaxError/.test(`${err.name} ${err.message}`);
  const loc = userFrame(`${err.message}\n${err.stack ?? ''}`);
  const reason = (err.message.split(/\s+(?:file:\/\/)?\S+:\d+:\d+\s*$/)[0] ?? err.message)
    .replace(/^(?:ParseError|SyntaxError):\s*/, '')
    .replace(/\(0\s*,\s*_[\w$]+\.([\w$]+)\)/g, '$1')
    .replace(/_[\w$]+\.([\w$]+)/g, '$1')
    .trim();
  const what = syntax ? `syntax error: ${reason}` : `${err.name && err.name !== 'Error' ? `${err.name}: ` : ''}${reason}`;
  if (!loc) {
    return new CairnError('SCHEMA', `cannot load schema file ${path}: ${what}`, { cause: e, details: { file: path } });
  }
  const source = sourceLine(loc.file, loc.line);
  const column = columnOf(reason, source) ?? loc.column;
  const excerpt = source === undefined ? '' : `\n  ${loc.line} | ${source}`;
  const inSchema = loc.file === resolve(path);
  const where = `${inSchema ? path : loc.file}:${loc.line}:${column}`;
  const message = inSchema ? `cannot load schema file ${where}: ${what}` : `cannot load schema file ${path}: ${where}: ${what}`;
  return new CairnError('SCHEMA', message + excerpt, {
    cause: e,
    details: { file: inSchema ? path : loc.file, line: loc.line, column },
  });
}

function userFrame(text: string): { file: string; line: number; column: number } | undefined {
  for (const m of text.matchAll(/(?:file:\/\/)?((?:\/|[A-Za-z]:[\\/])[^\s():]+):(\d+):(\d+)/g)) {
    const file = m[1]!;
    if (file.startsWith(cairnRoot) || /[\\/]node_modules[\\/]/.test(file) || !existsSync(file)) continue;
    return { file, line: Number(m[2]), column: Number(m[3]) };
  }
  return undefined;
}

/**
 * columnOf: jiti keeps lines but not columns (type annotations are stripped), so when the error
 * names an identifier (`x.nope is not a function`, `reading 'nope'`, `nope is not defined`) its
 * place in the source line is the column; otherwise the stack's column stands.
 */
function columnOf(reason: string, source: string | undefined): number | undefined {
  if (source === undefined) return undefined;
  const m = /\.([\w$]+) is not a function|reading '([\w$]+)'|^([\w$]+) is not (?:defined|a function)/.exec(reason);
  const name = m?.[1] ?? m?.[2] ?? m?.[3];
  if (!name) return undefined;
  const at = source.search(new RegExp(`(?<![\\w$])${name.replace(/\$/g, '\\$')}(?![\\w$])`));
  return at < 0 ? undefined : at + 1;
}

function sourceLine(file: string, line: number): string | undefined {
  try {
    return readFileSync(file, 'utf8').split(/\r?\n/)[line - 1]?.trimEnd();
  } catch {
    return undefined;
  }
}
