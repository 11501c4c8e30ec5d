/**
 * constantNamer: names for the JavaScript constants of a generated schema module (`cairn
 * inspect --format ts`), shared by every dialect's generator: valid identifiers, unique in the
 * file, never one of `reserved` (keywords, and the builders the module imports).
 */
export function constantNamer(reserved: ReadonlySet<string>): (key: string, wanted: string) => string {
  const used = new Set<string>();
  const byKey = new Map<string, string>();
  return (key, wanted) => {
    const known = byKey.get(key);
    if (known !== undefined) return known;
    let base = wanted.replace(/[^A-Za-z0-9_$]+(.)?/g, (_, ch: string | undefined) => (ch ? ch.toUpperCase() : '')).replace(/^(\d)/, '_$1') || '_';
    if (reserved.has(base)) base += '_';
    let name = base;
    for (let i = 2; used.has(name); i++) name = `${base}${i}`;
    used.add(name);
    byKey.set(key, name);
    return name;
  };
}
