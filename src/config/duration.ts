import { CairnError } from '../errors.js';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** parseDuration reads `500ms`, `10s`, `2m`, `1h` (a bare number means seconds). */
export function parseDuration(text: string, what = 'duration'): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(text);
  if (!m) throw new CairnError('USAGE', `invalid ${what} "${text}": expected e.g. 500ms, 10s, 2m`);
  return Math.round(Number(m[1]) * UNITS[m[2] ?? 's']);
}
