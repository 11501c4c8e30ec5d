/**
 * validateConfig checks a loaded config against CONFIG_KEYS before anything runs: an unknown
 * key (`env: { prod: { urll: … } }`) would otherwise be ignored silently, and `apply --env
 * prod` would migrate the top-level `url`. Errors name the key with its path (`env.prod.urll`),
 * the file, and the closest known key.
 *
 * @example
 * validateConfig({ env: { prod: { urll: 'postgres://…' } } }, '/app/cairn.config.ts')
 * // CairnError CONFIG: /app/cairn.config.ts: unknown key env.prod.urll (did you mean url?)
 */
import { CairnError } from '../errors.js';
import { parseDuration } from './duration.js';
import { CONFIG_KEYS, LINT_LEVELS, LINT_NAMING_KEYS, type ConfigValueSpec } from './types.js';

const KNOWN: Readonly<Record<string, ConfigValueSpec>> = CONFIG_KEYS;

/** Checks keys and value types of the top level and every `env` section; throws CONFIG. */
export function validateConfig(raw: Record<string, unknown>, file: string): void {
  const { env, ...top } = raw;
  checkSection(top, '', file);
  if (env === undefined) return;
  if (!isPlainObject(env)) fail(file, 'env', `env must be an object of named sections ({ prod: { url: … } }), got ${describe(env)}`);
  for (const [name, section] of Object.entries(env)) {
    if (!isPlainObject(section)) fail(file, `env.${name}`, `env.${name} must be an object of options, got ${describe(section)}`);
    checkSection(section, `env.${name}.`, file);
  }
}

/**
 * checkValues re-checks choices and durations once `${VAR}` references are replaced, for the
 * options actually used; `where(key)` names the section each value came from.
 */
export function checkValues(options: Record<string, unknown>, file: string, where: (key: string) => string): void {
  for (const [key, value] of Object.entries(options)) {
    const spec = KNOWN[key];
    if (spec && value !== undefined) checkValue(spec, value, where(key), file, true);
  }
}

function checkSection(section: Record<string, unknown>, prefix: string, file: string): void {
  for (const [key, value] of Object.entries(section)) {
    const path = prefix + key;
    const spec = Object.hasOwn(KNOWN, key) ? KNOWN[key] : undefined;
    if (!spec) {
      const candidates = prefix === '' ? [...Object.keys(KNOWN), 'env'] : Object.keys(KNOWN);
      const near = closest(key, candidates);
      const nested = key === 'env' && prefix !== '' ? ' (environments do not nest)' : '';
      throw new CairnError('CONFIG', `${file}: unknown key ${path}${nested}${near ? ` (did you mean ${prefix}${near}?)` : ''}`, {
        details: { file, key: path, ...(near ? { suggestion: prefix + near } : {}) },
        hint: `known keys: ${candidates.join(', ')}`,
      });
    }
    // undefined is "not set" (a TypeScript config may spread optional values).
    if (value !== undefined) checkValue(spec, value, path, file, false);
  }
}

function checkValue(spec: ConfigValueSpec, value: unknown, path: string, file: string, interpolated: boolean): void {
  // A switch is a real boolean: 'yes' or 'false' (a string, which reads as true) is a mistake, not a value.
  if (spec.type === 'boolean') {
    if (typeof value !== 'boolean') fail(file, path, `${path} must be true or false, got ${describe(value)}`);
    return;
  }
  if (spec.type === 'lint') {
    checkLint(value, path, file);
    return;
  }
  if (spec.type === 'string[]') {
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
      fail(file, path, `${path} must be a list of strings, got ${describe(value)}`);
    }
    return;
  }
  if (typeof value !== 'string') {
    const expected = spec.type === 'choice' ? `one of ${spec.choices.map((c) => `'${c}'`).join(', ')}` : 'a string';
    fail(file, path, `${path} must be ${expected}, got ${describe(value)}`);
  }
  // `${VAR}` is checked once replaced (checkValues), not as written.
  if (!interpolated && value.includes('${')) return;
  if (spec.type === 'choice' && !spec.choices.includes(value)) {
    const near = closest(value, spec.choices);
    fail(file, path, `${path} is '${value}'; allowed: ${spec.choices.map((c) => `'${c}'`).join(', ')}${near ? ` (did you mean '${near}'?)` : ''}`);
  }
  if (spec.type === 'string' && spec.duration) {
    try {
      parseDuration(value, path);
    } catch (e) {
      fail(file, path, `${path}: ${(e as Error).message}`);
    }
  }
}

/**
 * checkLint: the `lint` section's shape. Rule codes are not checked against a list here (each
 * database has its own rules, loaded only by `cairn lint`, which reports a code no rule has);
 * a level or a naming key that does not exist, or a pattern that does not compile, is an error.
 */
function checkLint(value: unknown, path: string, file: string): void {
  if (!isPlainObject(value)) fail(file, path, `${path} must be an object ({ rules: { DS103: 'warning' }, naming: { table: '^[a-z_]+$' } }), got ${describe(value)}`);
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined) continue;
    if (key === 'rules') {
      if (!isPlainObject(v)) fail(file, `${path}.rules`, `${path}.rules must be an object of rule codes and levels ({ DS103: 'warning' }), got ${describe(v)}`);
      for (const [code, level] of Object.entries(v)) {
        if (typeof level !== 'string' || !(LINT_LEVELS as readonly string[]).includes(level)) {
          const near = typeof level === 'string' ? closest(level, LINT_LEVELS) : undefined;
          fail(file, `${path}.rules.${code}`, `${path}.rules.${code} is ${describe(level)}; allowed: ${LINT_LEVELS.map((l) => `'${l}'`).join(', ')}${near ? ` (did you mean '${near}'?)` : ''}`);
        }
      }
    } else if (key === 'naming') {
      if (!isPlainObject(v)) fail(file, `${path}.naming`, `${path}.naming must be an object of patterns ({ table: '^[a-z_]+$' }), got ${describe(v)}`);
      for (const [kind, pattern] of Object.entries(v)) {
        const where = `${path}.naming.${kind}`;
        if (!(LINT_NAMING_KEYS as readonly string[]).includes(kind)) {
          const near = closest(kind, LINT_NAMING_KEYS);
          fail(file, where, `unknown key ${where}${near ? ` (did you mean ${path}.naming.${near}?)` : ''}; known: ${LINT_NAMING_KEYS.join(', ')}`);
        }
        if (pattern === undefined) continue;
        if (typeof pattern !== 'string') fail(file, where, `${where} must be a regular expression as a string, got ${describe(pattern)}`);
        try {
          new RegExp(pattern);
        } catch (e) {
          fail(file, where, `${where} is not a valid regular expression: ${(e as Error).message}`);
        }
      }
    } else {
      const near = closest(key, ['rules', 'naming']);
      fail(file, `${path}.${key}`, `unknown key ${path}.${key}${near ? ` (did you mean ${path}.${near}?)` : ''}; known: rules, naming`);
    }
  }
}

function fail(file: string, key: string, message: string): never {
  throw new CairnError('CONFIG', `${file}: ${message}`, { details: { file, key } });
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array ${truncate(JSON.stringify(v))}`;
  if (typeof v === 'string') return `'${truncate(v)}'`;
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}

function truncate(s: string): string {
  return s.length > 60 ? s.slice(0, 60) + '…' : s;
}

/**
 * closest returns the candidate nearest to `word` (case, '-' and '_' ignored, so `dev_url`
 * finds `devUrl`), or undefined when none is close enough to be what was meant.
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/[-_]/g, '');
  const w = norm(word);
  let best: { c: string; d: number } | undefined;
  for (const c of candidates) {
    const d = distance(w, norm(c));
    if (!best || d < best.d) best = { c, d };
  }
  if (!best) return undefined;
  return best.d <= Math.max(2, Math.floor(w.length / 3)) ? best.c : undefined;
}

/** Levenshtein distance (insert, delete, substitute). */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}
