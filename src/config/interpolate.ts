import { CairnError } from '../errors.js';

const VAR = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/**
 * interpolateEnv replaces `${NAME}` and `${NAME:-default}` in every string of a config value.
 * A variable that is unset and has no default is an error naming the key that used it, so
 * a forgotten DATABASE_URL fails loudly instead of migrating the wrong database.
 */
export function interpolateEnv<T>(value: T, env: NodeJS.ProcessEnv, where: string, path = ''): T {
  if (typeof value === 'string') {
    return value.replace(VAR, (_m, name: string, fallback: string | undefined) => {
      const v = env[name];
      if (v !== undefined && v !== '') return v;
      if (fallback !== undefined) return fallback;
      throw new CairnError('CONFIG', `${where}: ${path || 'value'} uses \${${name}}, but ${name} is not set`, {
        details: { file: where, key: path, variable: name },
        hint: `set ${name} in the environment, or write \${${name}:-default}`,
      });
    }) as T;
  }
  if (Array.isArray(value)) return value.map((v, i) => interpolateEnv(v, env, where, `${path}[${i}]`)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = interpolateEnv(v, env, where, path ? `${path}.${k}` : k);
    return out as T;
  }
  return value;
}
