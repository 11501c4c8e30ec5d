/** maxVersion: the newest of some versions under a format's ordering; null when none. */
export function newest(versions: Iterable<string>, compare: (a: string, b: string) => number): string | null {
  let best: string | null = null;
  for (const v of versions) if (best === null || compare(v, best) > 0) best = v;
  return best;
}
