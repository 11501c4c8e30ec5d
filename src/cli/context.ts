import type { Command } from 'commander';
import { loadConfig } from '../config/load.js';
import type { CairnOptions } from '../config/types.js';
import type { FormatName } from '../migrate/dir/types.js';
import { FORMAT_NAMES } from '../migrate/dir/types.js';
import { CairnError } from '../errors.js';
import type { Io } from './output.js';
import { Secrets } from './output.js';
import { dirname, resolve } from 'node:path';
import { isDatabaseUrl } from '../dialects/registry.js';
import { resolveLocalUrl } from '../dialects/url.js';

/** Global flags every command accepts. */
export interface GlobalFlags {
  dir?: string;
  dirFormat?: string;
  json?: boolean;
  config?: string;
  env?: string;
}

/**
 * Context is what a command's action receives: the merged options (flags > --env section >
 * config top level > defaults), the io and the secrets scrubber.
 */
export interface Context {
  readonly cwd: string;
  readonly io: Io;
  readonly json: boolean;
  readonly options: CairnOptions & { dir: string };
  readonly configFile?: string;
  readonly secrets: Secrets;
  readonly signal: AbortSignal;
}

export async function buildContext(cmd: Command, io: Io, signal: AbortSignal, cwd = process.cwd()): Promise<Context> {
  const flags = cmd.optsWithGlobals() as GlobalFlags & Record<string, unknown>;
  const cfg = await loadConfig({ cwd, file: flags.config, env: flags.env });
  const fromFlags: CairnOptions = {};
  if (flags.dir !== undefined) fromFlags.dir = flags.dir;
  if (flags.dirFormat !== undefined) fromFlags.dirFormat = checkFormat(flags.dirFormat);
  for (const key of ['url', 'devUrl', 'schema', 'revisionsTable', 'revisionsSchema', 'lockTimeout', 'txMode', 'execOrder'] as const) {
    if (typeof flags[key] === 'string') (fromFlags as Record<string, unknown>)[key] = flags[key];
  }
  const merged = { ...relativeTo(cfg.file ? dirname(cfg.file) : cwd, cfg.options), ...fromFlags };
  if (merged.dirFormat) checkFormat(merged.dirFormat);
  const options = { ...merged, dir: resolve(cwd, merged.dir ?? './migrations') };
  const secrets = new Secrets();
  secrets.addUrl(options.url);
  secrets.addUrl(options.devUrl);
  secrets.addUrl(process.env.DATABASE_URL);
  return { cwd, io, json: Boolean(flags.json), options, configFile: cfg.file, secrets, signal };
}

/**
 * Paths in a config file are relative to the file, so `--config sub/cairn.config.ts` works from
 * anywhere; flags stay relative to the current directory.
 */
function relativeTo(base: string, o: CairnOptions): CairnOptions {
  const out: CairnOptions = { ...o };
  if (o.dir !== undefined) out.dir = resolve(base, o.dir);
  if (o.url !== undefined) out.url = resolveLocalUrl(o.url, base);
  if (o.devUrl !== undefined) out.devUrl = resolveLocalUrl(o.devUrl, base);
  if (o.schema !== undefined) out.schema = isDatabaseUrl(o.schema) ? resolveLocalUrl(o.schema, base) : resolve(base, o.schema);
  return out;
}

function checkFormat(f: string): FormatName {
  if (!(FORMAT_NAMES as readonly string[]).includes(f)) {
    throw new CairnError('USAGE', `unknown --dir-format "${f}" (one of: ${FORMAT_NAMES.join(', ')})`);
  }
  return f as FormatName;
}
