/** Targets a fan-out runs at once unless told otherwise. */
export const DEFAULT_CONCURRENCY = 4;

/**
 * runPool runs `work` on every item with at most `concurrency` at a time, in item order, and
 * returns the outcomes in item order. Once `signal` aborts, no item starts: the ones not begun
 * get `notStarted(item)`, and the ones running finish as `work` decides (the runner stops after
 * its current file). `work` reports failures in its outcome; one that throws anyway rejects the
 * pool after the running items have settled, so that no connection is left behind.
 */
export async function runPool<T, R>(
  items: readonly T[],
  concurrency: number,
  signal: AbortSignal | undefined,
  work: (item: T, index: number) => Promise<R>,
  notStarted: (item: T, index: number) => R,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  let broken = false;
  const worker = async (): Promise<void> => {
    while (next < items.length && !broken) {
      const i = next++;
      try {
        out[i] = signal?.aborted ? notStarted(items[i]!, i) : await work(items[i]!, i);
      } catch (e) {
        broken = true;
        throw e;
      }
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker);
  const settled = await Promise.allSettled(workers);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  return out;
}
