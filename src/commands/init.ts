import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CairnError } from '../errors.js';
import { dialectFor, isDatabaseUrl } from '../dialects/registry.js';
import { redactUrl, urlSecrets } from '../dialects/url.js';
import type { DialectName } from '../dialects/types.js';
import { DEFAULT_INIT_DIALECT, INIT_DIALECTS, INIT_TEMPLATES, type InitTemplate } from './init-templates.js';

export interface InitOptions {
  /** Project folder (default: current directory). */
  readonly cwd: string;
  /**
   * Default target URL written into the config (default: the dialect's local database, PGlite's
   * `pglite:./.cairn/local` or SQLite's `sqlite:./dev.db`; none for MySQL, which needs a server).
   * A URL with a password is never written: the config reads `${DATABASE_URL}` instead.
   */
  readonly url?: string;
  /**
   * The database the project is for: it decides the DSL schema.ts imports and the dev database.
   * Taken from `url` when left out, else PostgreSQL; when both are given they must agree.
   */
  readonly dialect?: DialectName;
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

/** A TypeScript single-quoted string literal's body. */
const quoted = (s: string) => s.replace(/\\/g, '\\\\').replace(/'/g, "\\'");

/**
 * The config. `url` is `${DATABASE_URL:-<default>}` so that the same file serves a laptop and
 * production; a default with a password, or none (a server database without `--url`), becomes
 * plain `${DATABASE_URL}`.
 */
const CONFIG = (url: string, t: InitTemplate) => `import { defineConfig } from 'cairn-migrate';

// Every option is also a flag (\`cairn apply --url …\`); \`--env prod\` selects a section below.
export default defineConfig({
  dir: './migrations',
  schema: './schema.ts',
${t.devUrl}  url: '${quoted(url)}',
  env: {
    ci: { url: '\${DATABASE_URL}' },
    prod: { url: '\${DATABASE_URL}', lockTimeout: '60s' },
  },
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

  const dialect = initDialect(opts);
  const template = INIT_TEMPLATES[dialect];
  const target = opts.url ?? template.defaultUrl;
  const hasSecret = target !== undefined && urlSecrets(target).length > 0;
  if (hasSecret) {
    notes.push(
      `--url has a password, so cairn.config.ts does not hold it: it reads \${DATABASE_URL}. Set that variable before running cairn (for example export DATABASE_URL='${redactUrl(target)}' with the real password).`,
    );
  } else if (target === undefined) {
    notes.push(
      `${template.label} needs a server, so cairn.config.ts reads the target from \${DATABASE_URL}${template.exampleUrl ? ` (such as ${template.exampleUrl})` : ''}: set it before running cairn, or run init again with --url.`,
    );
  }

  write('cairn.config.ts', CONFIG(hasSecret || target === undefined ? '${DATABASE_URL}' : `\${DATABASE_URL:-${target}}`, template));
  write('schema.ts', template.schema);
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
  ignoreLocalState(root, [IGNORED, ...template.ignore], created, updated);
  return { created, updated, skipped, notes };
}

/**
 * initDialect: the dialect asked for, else the one `url` names, else PostgreSQL. A dialect and a
 * URL that disagree are a mistake to point out, not to settle silently.
 */
function initDialect(opts: InitOptions): DialectName {
  const fromUrl = opts.url !== undefined && isDatabaseUrl(opts.url) ? dialectFor(opts.url) : undefined;
  const asked = opts.dialect;
  if (asked !== undefined && !INIT_DIALECTS.includes(asked)) {
    throw new CairnError('USAGE', `unknown dialect "${String(asked)}": expected ${INIT_DIALECTS.join(', ')}`);
  }
  if (asked !== undefined && fromUrl !== undefined && fromUrl.name !== asked) {
    throw new CairnError('USAGE', `--dialect ${asked} does not match --url ${redactUrl(opts.url!)}, a ${fromUrl.displayName} URL: leave one out, or make them agree`);
  }
  return asked ?? fromUrl?.name ?? DEFAULT_INIT_DIALECT;
}

/**
 * Adds the local-state lines (`.cairn/`, a SQLite `dev.db*`) to the project's .gitignore
 * (created when missing) unless a line already covers each.
 */
function ignoreLocalState(root: string, lines: readonly string[], created: string[], updated: string[]): void {
  const p = join(root, '.gitignore');
  if (!existsSync(p)) {
    writeFileSync(p, `# Cairn's local state (embedded database, lock files)\n${lines.map((l) => `${l}\n`).join('')}`);
    created.push(p);
    return;
  }
  const text = readFileSync(p, 'utf8');
  const present = text.split(/\r?\n/).map((l) => l.trim());
  const missing = lines.filter((line) => !present.some((l) => covers(l, line)));
  if (!missing.length) return;
  writeFileSync(p, `${text}${text === '' || text.endsWith('\n') ? '' : '\n'}${missing.map((l) => `${l}\n`).join('')}`);
  updated.push(p);
}

/** Whether the .gitignore line `l` already ignores what `line` would (`/.cairn`, `.cairn/**` cover `.cairn/`). */
function covers(l: string, line: string): boolean {
  if (line === IGNORED) return /^\/?\.cairn(\/(\*\*?)?)?$/.test(l);
  return l.replace(/^\//, '') === line;
}
