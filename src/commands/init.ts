import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CairnError } from '../errors.js';

export interface InitOptions {
  /** Project folder (default: current directory). */
  readonly cwd: string;
  /** Default target URL written into the config (default: an embedded PGlite database). */
  readonly url?: string;
}

export interface InitResult {
  readonly created: readonly string[];
  readonly skipped: readonly string[];
}

const CONFIG = (url: string) => `import { defineConfig } from 'cairn';

// Every option is also a flag (\`cairn apply --url …\`); \`--env prod\` selects a section below.
export default defineConfig({
  dir: './migrations',
  schema: './schema.ts',
  // The database \`cairn diff\` replays the directory on. Embedded PostgreSQL: no server needed.
  devUrl: 'pglite:memory',
  url: '\${DATABASE_URL:-${url}}',
  env: {
    ci: { url: '\${DATABASE_URL}' },
    prod: { url: '\${DATABASE_URL}', lockTimeout: '60s' },
  },
});
`;

const SCHEMA = `import { table, bigserial, text, timestamptz, sql } from 'cairn/dsl';

// The schema you want. \`cairn diff <name>\` writes the migration that gets the database there.
export const users = table('users', {
  id: bigserial().primaryKey(),
  email: text().notNull().unique(),
  created_at: timestamptz().notNull().default(sql\`now()\`),
});
`;

/**
 * init scaffolds a project: cairn.config.ts, schema.ts and an empty migrations/ with atlas.sum.
 * Existing files are never overwritten; they are reported as skipped.
 */
export async function init(opts: InitOptions): Promise<InitResult> {
  const root = resolve(opts.cwd);
  if (!existsSync(root)) throw new CairnError('DIR_NOT_FOUND', `${root} does not exist`, { details: { file: root } });
  const created: string[] = [];
  const skipped: string[] = [];
  const write = (name: string, content: string) => {
    const p = join(root, name);
    if (existsSync(p)) return void skipped.push(p);
    writeFileSync(p, content);
    created.push(p);
  };
  write('cairn.config.ts', CONFIG(opts.url ?? 'pglite:./.cairn/local'));
  write('schema.ts', SCHEMA);
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
  return { created, skipped };
}
