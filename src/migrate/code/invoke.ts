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
  // The process runs dry only when nothing is left to do: a server connection's socket would
  // always be left, so it stops holding the process while the function runs, and a statement in
  // flight on it (through ctx.client too) keeps the process awake by a short timer instead.
  const watch = handle.conn.idleWatch;
  const onBeforeExit = () => {
    if (watch?.busy()) setTimeout(() => {}, 20);
    else onDry!();
  };
  process.on('beforeExit', onBeforeExit);
  watch?.release();
  try {
    await Promise.race([Promise.resolve().then(() => fn(handle.ctx)), stalled]);
  } catch (error) {
    await handle.drain();
    handle.close();
    const call = handle.failedCall(error);
    throw new CodeMigrationFailure(error, call?.text ?? `${which}()`, call?.site ?? callSite(error, info.path));
  } finally {
    process.off('beforeExit', onBeforeExit);
    watch?.hold();
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
