/**
 * Running a code migration's `up` or `down` and telling precisely how it went wrong:
 *  - it threw (or a ctx call it awaited failed): the error, with the SQL and line of the call;
 *  - it returned while a ctx call was still running (a forgotten `await`);
 *  - it never settled: the event loop ran dry while Cairn waited for it (a promise nothing
 *    will ever resolve). Without this watch, Node would exit silently in the middle of the
 *    migration's transaction on an embedded database, which holds no socket open.
 */
import type { MigrationFunction } from './define.js';
import { CodeMisuse, type ContextHandle } from './context.js';
import { callSite, type CallSite } from './call-site.js';

/** Why a code migration failed, for the runner's message and the revision row. */
export class CodeMigrationFailure extends Error {
  constructor(
    readonly error: unknown,
    /** The SQL of the failing ctx call, or `up()` / `down()`. */
    readonly statement: string,
    readonly site: CallSite,
  ) {
    super(error instanceof Error ? error.message : String(error));
  }
}

export async function invokeMigration(fn: MigrationFunction, handle: ContextHandle, which: 'up' | 'down'): Promise<void> {
  const { info } = handle;
  let onDry: (() => void) | undefined;
  const stalled = new Promise<never>((_, reject) => {
    onDry = () => reject(new CodeMisuse(`${which}() never settled: it awaits a promise that nothing resolves (the process had nothing else left to do)`));
  });
  // Embedded databases hold nothing open: a function awaiting what nothing resolves lets the
  // process run dry. A server connection's socket keeps the process up, so there a watchdog
  // looks for the same state: connection idle, no ctx call running, nothing pending in the
  // process but the sockets that were already open (no timer, no new socket, no file work).
  process.once('beforeExit', onDry!);
  const watchdog = handle.conn.idleWatch ? watchIdle(handle, onDry!) : undefined;
  try {
    await Promise.race([Promise.resolve().then(() => fn(handle.ctx)), stalled]);
  } catch (error) {
    await handle.drain();
    handle.close();
    const call = handle.failedCall(error);
    throw new CodeMigrationFailure(error, call?.text ?? `${which}()`, call?.site ?? callSite(error, info.path));
  } finally {
    process.off('beforeExit', onDry!);
    if (watchdog) clearInterval(watchdog);
  }
  const dangling = [...handle.inflight(), ...handle.unawaited()];
  if (dangling.length > 0) {
    // Let them finish (they share the connection) before the transaction is rolled back.
    await handle.drain();
    handle.close();
    const first = dangling[0]!;
    const error = new CodeMisuse(`${which}() did not await a ctx call it made at line ${first.site.line} (a missing \`await\`): its work could escape the migration, so the migration fails`);
    throw new CodeMigrationFailure(error, first.text, first.site);
  }
  handle.close();
}

/** Resource kinds that are open connections; anything else pending (a timer, a file read) may still resolve the function. */
const CONNECTIONS = new Set(['TCPSocketWrap', 'PipeWrap', 'TTYWrap']);

function counts(kinds: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const k of kinds) out.set(k, (out.get(k) ?? 0) + 1);
  return out;
}

/**
 * watchIdle fires `onDry` when, twice in a row a second apart, the connection is idle, no ctx
 * call is running, and the process has nothing pending but connections it already had when the
 * function started: then nothing can ever resolve what the function awaits.
 */
function watchIdle(handle: ContextHandle, onDry: () => void): NodeJS.Timeout {
  const baseline = counts(process.getActiveResourcesInfo());
  let idleTicks = 0;
  const timer = setInterval(() => {
    const now = counts(process.getActiveResourcesInfo());
    const onlyOld = [...now].every(([kind, n]) => CONNECTIONS.has(kind) && n <= (baseline.get(kind) ?? 0));
    idleTicks = onlyOld && !handle.conn.idleWatch!.busy() && handle.inflight().length === 0 ? idleTicks + 1 : 0;
    if (idleTicks >= 2) onDry();
  }, 1_000);
  timer.unref();
  return timer;
}
