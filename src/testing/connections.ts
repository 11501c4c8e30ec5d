/**
 * Connections the testing helpers leave open for a test's assertions (testMigration's `sql`),
 * by database URL, so that disposing of the test database closes them first: a server refuses
 * to drop a database someone is connected to, and an embedded one must not be removed under
 * an open instance.
 */
type Closer = () => Promise<void>;

const open = new Map<string, Set<Closer>>();

/** track registers `close` under `url`; the returned function unregisters it (call it when closing). */
export function track(url: string, close: Closer): () => void {
  let set = open.get(url);
  if (!set) open.set(url, (set = new Set()));
  set.add(close);
  return () => {
    set.delete(close);
    if (set.size === 0 && open.get(url) === set) open.delete(url);
  };
}

/** closeTracked closes every helper connection still open on `url`. */
export async function closeTracked(url: string): Promise<void> {
  const set = open.get(url);
  if (!set) return;
  open.delete(url);
  await Promise.allSettled([...set].map((close) => close()));
}
