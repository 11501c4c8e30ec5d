/**
 * Polling with backoff for try-locks (`pg_try_advisory_lock`, `GET_LOCK(name, 0)`, O_EXCL lock
 * files). Polling, rather than a blocking wait on the server, keeps the timeout in our hands
 * and lets the error name the holder.
 */

/** Calls `attempt` until it returns true or `timeoutMs` passes; always tries at least once. */
export async function pollUntil(attempt: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + Math.max(0, timeoutMs);
  let delay = 20;
  for (;;) {
    if (await attempt()) return true;
    const left = deadline - Date.now();
    if (left <= 0) return false;
    await sleep(Math.min(delay, left));
    delay = Math.min(Math.round(delay * 1.5), 500);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * sessionLock wraps a server session lock (advisory lock, GET_LOCK) in an idempotent release.
 * A failing unlock means the session is gone, and a session lock dies with its session.
 */
export function sessionLock(unlock: () => Promise<unknown>): { release(): Promise<void> } {
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      try {
        await unlock();
      } catch {
        /* the session is gone, and its lock with it */
      }
    },
  };
}
