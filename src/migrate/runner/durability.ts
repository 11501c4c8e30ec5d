/**
 * Deferred durability for all but the last file of a run. Each file commits on its own (so a
 * failure keeps the files before it), and on PostgreSQL every commit waits for a WAL flush:
 * 500 files cost 500 fsyncs where `psql -1` pays one. `SET LOCAL synchronous_commit TO OFF`
 * lets a file's commit return before its flush; atomicity is untouched (a server crash can
 * only lose whole transactions, file and revision row together, never half of one), and the
 * run's final commit is synchronous, which flushes every earlier commit with it (WAL is
 * sequential). So when apply returns, everything it reported is durable.
 *
 * The dialect contract has no hook for this, so this adapter keeps it out of the core: it is
 * the only place the runner looks at a dialect's name.
 */
import type { DialectName } from '../../dialects/types.js';
import { assertNever } from '../../errors.js';

/** SQL to run right after BEGIN to defer the commit's flush; undefined where there is none. */
export function deferFlushSql(dialect: DialectName): string | undefined {
  switch (dialect) {
    case 'postgres':
      return 'SET LOCAL synchronous_commit TO OFF';
    case 'mysql':
    case 'sqlite':
      return undefined;
    default:
      return assertNever(dialect, 'dialect');
  }
}
