/**
 * compareNumericVersions orders versions made of numeric segments (`1_10`, `1.9`, `000002`,
 * `20240101120000`) segment by segment as integers, so that `1_10` comes after `1_9` and leading
 * zeros do not matter. Missing segments count as zero (`1` equals `1.0`); callers treat equality
 * as a duplicate. BigInt keeps 14-digit timestamps and longer numbers exact.
 */
export function compareNumericVersions(a: string, b: string): number {
  const sa = a.split(/[._]/);
  const sb = b.split(/[._]/);
  for (let i = 0; i < Math.max(sa.length, sb.length); i++) {
    const x = toBig(sa[i]);
    const y = toBig(sb[i]);
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

function toBig(s: string | undefined): bigint {
  return s === undefined || s === '' || !/^\d+$/.test(s) ? 0n : BigInt(s);
}

/** compareBytes orders strings by UTF-8 bytes, Atlas's file order. */
export function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** timestampVersion formats `now` as UTC YYYYMMDDHHMMSS, the version Atlas, goose and dbmate write. */
export function timestampVersion(now: Date): string {
  return now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/**
 * nextSequential gives the version after `latest` for sequentially numbered directories: the
 * width of `latest` is kept (`000041` → `000042`), and a timestamp-looking latest (14 digits)
 * makes the next version a timestamp too.
 */
export function nextSequential(now: Date, latest?: string): string {
  if (latest === undefined || !/^\d+$/.test(latest) || latest.length >= 14) {
    const ts = timestampVersion(now);
    return latest !== undefined && /^\d+$/.test(latest) && BigInt(ts) <= BigInt(latest) ? String(BigInt(latest) + 1n) : ts;
  }
  return String(BigInt(latest) + 1n).padStart(latest.length, '0');
}
