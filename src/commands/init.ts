import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CairnError } from '../errors.js';
import { dialectFor, isDatabaseUrl } from '../dialects/registry.js';
import { redactUrl, urlSecrets } from '../dialects/url.js';

export interface InitOptions {
  /** Project folder (default: current directory). */
  readonly cwd: string;
  /**
   * Default target URL written into the config (default: an embedded PGlite database). A URL
   * with a password is never written: the config reads `${DATABASE_URL}` instead.
   */
  readonly url?: string;
}

export interface InitResult {
  readonly created: readonly string[];
  /** Existing files that init changed (a `.gitignore` it added `.cairn/` to). */
  readonly updated: readonly string[];
  /** Existing files left as they are. */
  readonly skipped: readonly string[];
  /** What the user should know or do next, one sentence each (never a password). */
  readonly notes: readonly string[];
}

const DEFAULT_URL = 'pglite:./.cairn/local';

/** A TypeScript single-quoted string literal's body. */
const quoted = (s: string) => s.replace(/\\/g, '\\\\').replace(/'/g, "\\'");

/**
 * The config. `url` is `${DATABASE_URL:-<default>}` so that the same file serves a laptop and
 * production; a default with a password becomes plain `${DATABASE_URL}`. Without a schema
 * engine for the target's dialect, `schema`/`devUrl` are left out: `cairn diff` would plan
 * PostgreSQL DDL for another database.
 */
const CONFIG = (url: string, withSchema: boolean) => `import { defineConfig } from 'cairn-migrate';

// Every option is also a flag (\`cairn apply --url …\`); \`--env prod\` selects a section below.
export default defineConfig({
  dir: './migrations',
${
  withSchema
    ? `  schema: './schema.ts',
  // The database \`cairn diff\` replays the directory on. Embedded PostgreSQL: no server needed.
  devUrl: 'pglite:memory',
`
    : ''
}  url: '${quoted(url)}',
  env: {
    ci: { url: '\${DATABASE_URL}' },
    prod: { url: '\${DATABASE_URL}', lockTimeout: '60s' },
  },
});
`;

const SCHEMA = `import { table, bigserial, text, timestamptz, sql } from 'cairn-migrate/dsl';

// The schema you want. \`cairn diff <name>\` writes the migration that gets the database there.
export const users = table('users', {
  id: bigserial().primaryKey(),
  email: text().notNull().unique(),
  created_at: timestamptz().notNull().default(sql\`now()\`),
});
`;

/** The local state Cairn keeps in a project (`pglite:./.cairn/local`, lock files): never committed. */
const IGNORED = '.cairn/';

/**
 * init scaffolds a project: cairn.config.ts, schema.ts, an empty migrations/ with atlas.sum, and
 * `.cairn/` in .gitignore (created, or appended to). Existing files are never overwritten; they
 * are reported as skipped. A `--url` password never reaches a file or the result.
 */
export async function init(opts: InitOptions): Promise<InitResult> {
  const root = resolve(opts.cwd);
  if (!existsSync(root)) throw new CairnError('DIR_NOT_FOUND', `${root} does not exist`, { details: { file: root } });
  const created: string[] = [];
  const updated: string[] = [];
  const skipped: string[] = [];
  const notes: string[] = [];
  const write = (name: string, content: string) => {
    const p = join(root, name);
    if (existsSync(p)) return void skipped.push(p);
    writeFileSync(p, content);
    created.push(p);
  };

  const target = opts.url ?? DEFAULT_URL;
  const hasSecret = urlSecrets(target).length > 0;
  if (hasSecret) {
    notes.push(
      `--url has a password, so cairn.config.ts does not hold it: it reads \${DATABASE_URL}. Set that variable before running cairn (for example export DATABASE_URL='${redactUrl(target)}' with the real password).`,
    );
  }
  const dialect = isDatabaseUrl(target) ? dialectFor(target) : undefined;
  const withSchema = dialect === undefined || dialect.loadSchemaEngine !== undefined;
  if (!withSchema) notes.push(dialectNote(dialect!.displayName));

  write('cairn.config.ts', CONFIG(hasSecret ? '${DATABASE_URL}' : `\${DATABASE_URL:-${target}}`, withSchema));
  if (withSchema) write('schema.ts', SCHEMA);
  const dir = join(root, 'migrations');
  if (!existsSync(dir)) {
    mkdirSync(dir);
    created.push(dir);
  }
  if (!existsSync(join(dir, 'atlas.sum'))) {
    const { hash } = await import('./hash.js');
    const r = await hash({ dir });
    created.push(r.path);
  }
  ignoreLocalState(root, created, updated);
  return { created, updated, skipped, notes };
}

/** What works on a dialect without a schema engine today, said plainly. */
function dialectNote(name: string): string {
  return (
    `On ${name} today, Cairn runs migrations (apply, status, down, set) and manages the directory (new, hash, validate, import); ` +
    `diff and inspect are PostgreSQL-only for now, so no schema.ts was written: write each migration with \`cairn new <name>\`.`
  );
}

/** Adds `.cairn/` to the project's .gitignore (created when missing) unless a line already covers it. */
function ignoreLocalState(root: string, created: string[], updated: string[]): void {
  const p = join(root, '.gitignore');
  if (!existsSync(p)) {
    writeFileSync(p, `# Cairn's local state (embedded database, lock files)\n${IGNORED}\n`);
    created.push(p);
    return;
  }
  const text = readFileSync(p, 'utf8');
  const covered = text.split(/\r?\n/).some((l) => /^\/?\.cairn(\/(\*\*?)?)?\s*$/.test(l.trim()));
  if (covered) return;
  writeFileSync(p, `${text}${text === '' || text.endsWith('\n') ? '' : '\n'}${IGNORED}\n`);
  updated.push(p);
}
