/**
 * dependencyOrder sorts items so that each comes after the items it depends on, visiting keys
 * in name order so the output is deterministic. Dependencies outside `items` are ignored, and a
 * cycle is broken where it is found (its members keep name order) rather than looping.
 */
export function dependencyOrder<T>(items: readonly T[], keyOf: (item: T) => string, depsOf: (item: T) => Iterable<string>): T[] {
  const byKey = new Map(items.map((i) => [keyOf(i), i]));
  const done = new Set<string>();
  const out: T[] = [];
  const visit = (k: string, seen: Set<string>) => {
    const item = byKey.get(k);
    if (!item || done.has(k) || seen.has(k)) return;
    seen.add(k);
    for (const d of depsOf(item)) visit(d, seen);
    done.add(k);
    out.push(item);
  };
  for (const k of [...byKey.keys()].sort()) visit(k, new Set());
  return out;
}
