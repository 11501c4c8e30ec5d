/**
 * Migration ID formats a team can hold itself to (createMigrator's `idFormat`), checked before
 * anything runs: an ID that breaks the format is usually a typo that would otherwise become
 * permanent history.
 */
import { CairnError } from '../../errors.js';

export type IdFormat = 'YYYYMMDDHHMM' | 'YYYYMMDDHHMMSS' | 'unix' | 'rfc3339' | RegExp;

const DIGITS: Record<'YYYYMMDDHHMM' | 'YYYYMMDDHHMMSS', RegExp> = {
  YYYYMMDDHHMM: /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})$/,
  YYYYMMDDHHMMSS: /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/,
};

/** RFC 3339 date-time, then anything (`2022-02-02T14:49:00Z-v5.0.0`, wharf-api's IDs). */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})/i;

function realTime(y: number, mo: number, d: number, h: number, mi: number, s = 0): boolean {
  const t = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d && h < 24 && mi < 60 && s < 60;
}

/** Why `id` breaks `format`, or undefined when it does not. */
export function idProblem(id: string, format: IdFormat): string | undefined {
  if (format instanceof RegExp) return format.test(id) ? undefined : `does not match ${format}`;
  switch (format) {
    case 'YYYYMMDDHHMM':
    case 'YYYYMMDDHHMMSS': {
      const m = DIGITS[format].exec(id);
      if (!m) return `is not ${format} (${format.length} digits)`;
      const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number?];
      return realTime(y, mo, d, h, mi, s ?? 0) ? undefined : `is not a real date and time (${format})`;
    }
    case 'unix':
      return /^[1-9]\d{8,10}$/.test(id) ? undefined : 'is not unix epoch seconds (9 to 11 digits)';
    case 'rfc3339': {
      const m = RFC3339.exec(id);
      if (!m) return 'does not start with an RFC 3339 date-time (2022-02-02T14:49:00Z…)';
      const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
      return realTime(y, mo, d, h, mi, s) ? undefined : 'does not start with a real RFC 3339 date-time';
    }
    default:
      throw new CairnError('USAGE', `unknown idFormat ${JSON.stringify(format satisfies never)}; use YYYYMMDDHHMM, YYYYMMDDHHMMSS, unix, rfc3339 or a RegExp`);
  }
}

/**
 * checkIds refuses, naming every offender at once: an entry without a string ID, duplicate IDs,
 * and IDs that break `format` (when given).
 */
export function checkIds(ids: readonly unknown[], format?: IdFormat): void {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  ids.forEach((id, i) => {
    if (typeof id !== 'string' || id.trim() === '') {
      problems.push(`migrations[${i}] has no id (a non-empty string)`);
      return;
    }
    const first = seen.get(id);
    if (first !== undefined) problems.push(`migrations[${i}] repeats the id ${JSON.stringify(id)} of migrations[${first}]`);
    else seen.set(id, i);
    const why = format === undefined ? undefined : idProblem(id, format);
    if (why !== undefined) problems.push(`migrations[${i}] id ${JSON.stringify(id)} ${why}`);
  });
  if (problems.length > 0) {
    throw new CairnError('USAGE', `createMigrator: invalid migration list:\n  ${problems.join('\n  ')}`, {
      details: { problems },
      hint: 'IDs are stored in the revision table and must stay unique and stable; nothing was run',
    });
  }
}
