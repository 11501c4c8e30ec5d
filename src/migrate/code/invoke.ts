/**
 * Running a code migration's `up` or `down` and telling precisely how it went wrong:
 *  - it threw (or a ctx call it awaited failed): the error, with the SQL and line of the call;
 *  - it returned while a ctx call was still running (a forgotten `await`);
 *  - it never settled: the event loop ran dry while Cairn waited for it (a promise nothing
 *    will ever resolve). Without this watch, Node would exit silently in the middle of the
 *    migration's transaction on an embedded database, which holds no socket open.
 */
import { CairnError } from '../../errors.js';
import type { MigrationFunction } from './define.js';
import type { ContextHandle } from './context.js';
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
    onDry = () => reject(new CairnError('MIGRATION_FAILED', `${info.file}: ${which}() never settled: it awaits a promise that nothing resolves (the process had nothing else left to do)`, {
      details: { file: info.file, version: info.version },
      hint: `make every promise ${which}() awaits settle (a missing resolve() or return?)`,
    }));
  });
  process.once('beforeExit', onDry!);
  try {
    await Promise.race([Promise.resolve().then(() => fn(handle.ctx)), stalled]);
  } catch (error) {
    await handle.drain();
    handle.close();
    const call = handle.failedCall(error);
    throw new CodeMigrationFailure(error, call?.text ?? `${which}()`, call?.site ?? callSite(error, info.path));
  } finally {
    process.off('beforeExit', onDry!);
  }
  const dangling = handle.inflight();
  if (dangling.length > 0) {
    // Let them finish (they share the connection) before the transaction is rolled back.
    await handle.drain();
    handle.close();
    const first = dangling[0]!;
    const error = new CairnError('MIGRATION_FAILED', `${info.file}:${first.site.line}: ${which}() returned while a ctx call it started was still running (a missing \`await\`?)`, {
      details: { file: info.file, line: first.site.line, version: info.version, statement: first.text },
      hint: info.transaction ? 'the migration was rolled back; await every ctx call' : 'await every ctx call; the migration is recorded as partial and runs again on the next apply',
    });
    throw new CodeMigrationFailure(error, first.text, first.site);
  }
  handle.close();
}
