import { existsSync } from 'node:fs';
import { resolve, extname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CairnError } from '../errors.js';
import type { CairnConfig, CairnOptions } from './types.js';
import { interpolateEnv } from './interpolate.js';
import { checkValues, validateConfig } from './validate.js';

export const CONFIG_NAMES = ['cairn.config.ts', 'cairn.config.mts', 'cairn.config.js', 'cairn.config.mjs', 'cairn.config.json'];

export interface LoadedConfig {
  /** Absolute path of the file, or undefined when there is none. */
  readonly file?: string;
  /** Options of the top level merged with the selected environment, variables interpolated. */
  readonly options: CairnOptions;
  readonly envNames: readonly string[];
}

/**
 * loadConfig finds and loads the config. TypeScript configs load through jiti (no build step);
 * it is imported only when a `.ts` config exists, so that commands without one start fast.
 */
export async function loadConfig(opts: { cwd: string; file?: string; env?: string; processEnv?: NodeJS.ProcessEnv }): Promise<LoadedConfig> {
  const processEnv = opts.processEnv ?? process.env;
  const file = opts.file ? resolve(opts.cwd, opts.file) : CONFIG_NAMES.map((n) => resolve(opts.cwd, n)).find(existsSync);
  if (opts.file && (!file || !existsSync(file))) {
    throw new CairnError('CONFIG', `config file ${opts.file} not found`, { details: { file: opts.file } });
  }
  if (!file) {
    if (opts.env) throw new CairnError('CONFIG', `--env ${opts.env} given, but no cairn.config.ts was found in ${opts.cwd}`);
    return { options: {}, envNames: [] };
  }
  const raw = await importConfig(file);
  validateConfig(raw as Record<string, unknown>, file);
  const envs = raw.env ?? {};
  let selected: CairnOptions = {};
  if (opts.env) {
    if (!Object.hasOwn(envs, opts.env)) {
      throw new CairnError('CONFIG', `${file}: no environment "${opts.env}" (defined: ${Object.keys(envs).join(', ') || 'none'})`, {
        details: { file, env: opts.env },
      });
    }
    selected = envs[opts.env] ?? {};
  }
  const { env: _envs, ...top } = raw;
  const merged = { ...stripUndefined(top), ...stripUndefined(selected) };
  const options = interpolateEnv(merged, processEnv, file);
  checkValues(options, file, (key) => (opts.env && selected[key as keyof CairnOptions] !== undefined ? `env.${opts.env}.${key}` : key));
  return { file, options, envNames: Object.keys(envs) };
}

async function importConfig(file: string): Promise<CairnConfig> {
  let mod: unknown;
  try {
    const ext = extname(file);
    if (ext === '.json') {
      const { readFileSync } = await import('node:fs');
      mod = JSON.parse(readFileSync(file, 'utf8'));
      // `"$schema": "…"` at the top of a JSON config is for editors (completion, checking); Cairn ignores it.
      if (mod && typeof mod === 'object' && !Array.isArray(mod) && Object.hasOwn(mod, '$schema')) {
        const { $schema: _editorSchema, ...rest } = mod as Record<string, unknown>;
        mod = rest;
      }
    } else if (ext === '.ts' || ext === '.mts') {
      const { createJiti } = await import('jiti');
      // `import … from 'cairn-migrate'` in a config resolves to the Cairn that is running, so a
      // config works before the package is installed next to it (and never sees another copy).
      // `cairn` (the name before the package was published as cairn-migrate) stays an alias
      // so that existing configs keep loading.
      const self = selfEntry();
      const jiti = createJiti(import.meta.url, { moduleCache: false, alias: { 'cairn-migrate': self, cairn: self } });
      mod = await jiti.import(file, { default: true });
    } else {
      mod = ((await import(pathToFileURL(file).href)) as { default?: unknown }).default;
    }
  } catch (e) {
    throw new CairnError('CONFIG', `cannot load ${file}: ${(e as Error).message}`, { details: { file }, cause: e });
  }
  if (!mod || typeof mod !== 'object') {
    throw new CairnError('CONFIG', `${file} must export a config object (export default defineConfig({ … }))`, { details: { file } });
  }
  return mod as CairnConfig;
}

/** The module a config's `import { defineConfig } from 'cairn-migrate'` gets: small, so loading stays fast. */
function selfEntry(): string {
  const js = fileURLToPath(new URL('./types.js', import.meta.url));
  return existsSync(js) ? js : js.replace(/\.js$/, '.ts');
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
