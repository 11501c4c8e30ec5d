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

/**
 * compareBytes orders strings by UTF-8 bytes, Atlas's file order, without encoding them (it runs
 * for every sort comparison of every load). UTF-8 byte order is code point order; UTF-16 code
 * unit order agrees with it except that a surrogate (part of a character above U+FFFF) sorts
 * below U+E000..U+FFFF, so surrogates are lifted above the BMP before comparing.
 */
export function compareBytes(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && x <= 0xdfff) x += 0x10000;
    if (y >= 0xd800 && y <= 0xdfff) y += 0x10000;
    return x < y ? -1 : 1;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
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
