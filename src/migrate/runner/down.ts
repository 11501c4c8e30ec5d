/**
 * down: roll back the newest revisions with the down SQL stored in the revision table, so a
 * binary whose directory lacks newer files can still roll them back. Every selected revision
 * is checked for a usable down before anything runs; each rollback deletes its row in the same
 * transaction where the dialect allows (stepwise otherwise).
 */
import type { Connection } from '../../dialects/types.js';
import { CairnError } from '../../errors.js';
import { loadCodeMigration, type LoadedCode } from '../code/code-migration.js';
import type { CodeMigrationFailure } from '../code/invoke.js';
import { wantsTransaction, type MigrationFunction } from '../code/define.js';
import { contextInfo, failureFile, runCodeFunction } from '../code/run.js';
import { migrationFailed } from './failure.js';
import { newest } from './ordering.js';
import { isAttempt, isPartial } from './plan.js';
import { withLock, withSession, type LoadedDir, type Session } from './session.js';
import { controlsTransactions, expectsOpenTransaction, splitText, txEffect, type Step } from './statements.js';
import { assertWritable } from './store.js';
import { quietly, runUnit, TRANSACTION_FRAME } from './transaction.js';
import type { DownOptions, DownResult, Revision } from './types.js';

export async function runDown(opts: DownOptions): Promise<DownResult> {
  if (opts.count !== undefined && opts.toVersion !== undefined) throw new CairnError('USAGE', 'pass either count or toVersion to down, not both');
  return withSession(opts, (s, loaded) =>
    withLock(s, opts, async () => {
      const state = await s.store.read();
      if (!state.exists) {
        select([], opts, loaded); // the same checks of count and toVersion on an empty history
        return { dryRun: Boolean(opts.dryRun), reverted: [], current: null, interrupted: false, target: s.target };
      }
      assertWritable(state, s.store.label);
      // Rows of failed attempts that left nothing applied are not revisions to roll back.
      const rows = state.revisions.filter((r) => !isAttempt(r)).sort((a, b) => loaded.compare(b.version, a.version));
      const chosen = select(rows, opts, loaded);
      const plans = await loadDownCode(chosen, loaded);
      assertRevertible(plans, s);
      const reverted: DownResult['reverted'][number][] = [];
      let wasInterrupted = false;
      for (const { r, code } of plans) {
        const how = downOf(r, code);
        const down = how.kind === 'function' ? `-- down(ctx) of ${code!.file}` : how.kind === 'sql' ? how.sql : '';
        if (opts.dryRun) {
          reverted.push({ version: r.version, description: r.description, down });
          continue;
        }
        if (opts.signal?.aborted) {
          wasInterrupted = true;
          opts.onProgress?.({ type: 'interrupted', message: `interrupted after rolling back ${reverted.length} revision(s)` });
          break;
        }
        opts.onProgress?.({ type: 'down', version: r.version, message: `rolling back ${r.version} ${r.description}` });
        if (how.kind === 'function') await revertCode(s, r, code!, opts);
        else if (how.kind === 'sql') await revertSql(s, r, how.sql, reverted.length);
        reverted.push({ version: r.version, description: r.description, down });
      }
      // A signal during the last rollback let it finish: the run still counts as interrupted.
      if (!opts.dryRun && !wasInterrupted && opts.signal?.aborted) {
        wasInterrupted = true;
        opts.onProgress?.({ type: 'interrupted', message: `interrupted after rolling back ${reverted.length} revision(s)` });
      }
      const gone = new Set(opts.dryRun ? [] : reverted.map((x) => x.version));
      const left = rows.filter((r) => !gone.has(r.version) && !isPartial(r)).map((r) => r.version);
      return { dryRun: Boolean(opts.dryRun), reverted, current: newest(left, loaded.compare), interrupted: wasInterrupted, target: s.target };
    }),
  );
}

function select(rows: readonly Revision[], opts: DownOptions, loaded: LoadedDir): Revision[] {
  if (opts.toVersion !== undefined) {
    const to = opts.toVersion;
    // As apply: a version that is nowhere (a typo) is an error, not "roll back everything above
    // it". A revision the directory lacks is a valid target: down works from the stored SQL.
    if (!loaded.migrations.some((m) => m.version === to) && !rows.some((r) => r.version === to)) {
      throw new CairnError('USAGE', `version ${to} is not in the migration directory nor in the revision table`, {
        details: { version: to },
        hint: 'pass a version that `cairn status` lists, or a count (`cairn down 3`) to roll back that many',
      });
    }
    return rows.filter((r) => loaded.compare(r.version, to) > 0);
  }
  const n = opts.count ?? 1;
  if (!Number.isInteger(n) || n < 0) throw new CairnError('USAGE', `count must be a whole number, got ${n}`);
  return rows.slice(0, n);
}

/** A revision to roll back, with its code migration when the directory (or the migrator's list) has one. */
interface DownPlan {
  readonly r: Revision;
  readonly code?: LoadedCode;
}

/**
 * loadDownCode loads the code migrations of the chosen revisions up front, so that a module
 * that does not load, or a revision with no way back, refuses before anything is rolled back.
 */
async function loadDownCode(chosen: readonly Revision[], loaded: LoadedDir): Promise<DownPlan[]> {
  const out: DownPlan[] = [];
  for (const r of chosen) {
    const m = r.kind === 'baseline' ? undefined : loaded.migrations.find((x) => x.version === r.version);
    if (m?.source.kind !== 'ts') out.push({ r });
    else out.push({ r, code: m.inline ?? (await loadCodeMigration(loaded.dir.path, m.source.up.file)) });
  }
  return out;
}

/**
 * How a revision is rolled back: the code migration's down function when this binary has it;
 * else SQL: the module's SQL `down`, or the down SQL stored with the revision (which is how a
 * binary whose directory lacks the migration rolls it back).
 */
function downOf(r: Revision, code: LoadedCode | undefined): { kind: 'function' } | { kind: 'sql'; sql: string } | { kind: 'none' } {
  const down = code?.definition.down;
  if (typeof down === 'function') return { kind: 'function' };
  if (typeof down === 'string') return { kind: 'sql', sql: down };
  if (r.downSql !== null) return { kind: 'sql', sql: r.downSql };
  return { kind: 'none' };
}

function assertRevertible(plans: readonly DownPlan[], s: Session): void {
  const partial = plans.filter((p) => isPartial(p.r)).map((p) => p.r.version);
  if (partial.length > 0) {
    throw new CairnError('HISTORY_MISMATCH', `revision(s) ${partial.join(', ')} are only partially applied; their down SQL assumes a complete migration`, {
      details: { partial }, hint: 'finish them with apply (after fixing the file), or record the real state with `cairn set`',
    });
  }
  const none = plans.filter((p) => downOf(p.r, p.code).kind === 'none').map((p) => p.r);
  if (none.length > 0) {
    const named = none.map((r) => `${r.version}${r.kind === 'baseline' ? ' (baseline)' : ''}`).join(', ');
    throw new CairnError('NO_DOWN', `cannot roll back: no down SQL stored (nor a code migration with a down in this binary's directory) for ${named} in ${s.store.label}`, {
      details: { versions: none.map((r) => r.version) },
      hint: 'nothing was rolled back; run down from a binary (directory) that has the migration, give code migrations a downSql so older binaries can roll them back, or use `cairn set <version>` to only move the recorded version',
    });
  }
}

async function revertSql(s: Session, r: Revision, sql: string, done: number): Promise<void> {
  const label = `${r.version} (stored down SQL)`;
  const steps = splitText(sql, label, s.conn.dialect);
  const remove = s.store.bound.remove(r.version);
  const fail = (error: unknown, index: number, hint: string) =>
    migrationFailed(s.conn.dialect, error, { version: r.version, step: steps[index]!, index, total: steps.length, statementsApplied: 0, applied: [], direction: 'down', hint: `${hint} (${done} revision(s) rolled back before this one)` });
  if (s.conn.dialect.capabilities.transactionalDdl && !controlsTransactions(steps)) {
    const out = await runUnit(s.conn, steps, { literal: [s.store.literal.remove(r.version).sql], bound: [remove] }, TRANSACTION_FRAME, true);
    if (!out.ok) throw fail(out.error, out.index, 'the rollback was undone; the revision is still recorded');
    return;
  }
  await runStepwise(s.conn, steps, expectsOpenTransaction(steps), (e, i) => fail(e, i, `statements before this one ran; revision ${r.version} is still recorded`));
  await s.store.run(remove);
}

/** Runs steps one by one, following the file's own transaction statements. */
async function runStepwise(conn: Connection, steps: readonly Step[], wrap: boolean, fail: (e: unknown, i: number) => Error): Promise<void> {
  let open = wrap;
  if (open) await conn.exec(TRANSACTION_FRAME.open);
  for (let i = 0; i < steps.length; i++) {
    try {
      await conn.exec(steps[i]!.text);
    } catch (e) {
      if (open) await quietly(conn, TRANSACTION_FRAME.abort);
      throw fail(e, i);
    }
    const effect = txEffect(steps[i]!.text);
    if (effect !== 'none') open = effect === 'open';
  }
  if (open) await conn.exec(TRANSACTION_FRAME.close);
}

/** Runs a code migration's down function, in a transaction (unless it runs without one) with the row's removal. */
async function revertCode(s: Session, r: Revision, code: LoadedCode, opts: DownOptions): Promise<void> {
  const inTx = wantsTransaction(code.definition);
  try {
    await runCodeFunction(s.conn, {
      fn: code.definition.down as MigrationFunction, which: 'down', info: contextInfo(r.version, code, inTx), ...(inTx ? { frame: TRANSACTION_FRAME } : {}),
      log: (level, message) => opts.onProgress?.({ type: 'log', version: r.version, level, message: `  ${r.version}: ${message}` }),
      alongside: () => s.store.run(s.store.bound.remove(r.version)),
    });
  } catch (e) {
    const f = e as CodeMigrationFailure;
    throw migrationFailed(s.conn.dialect, f.error, {
      version: r.version, step: { text: f.statement, file: failureFile(code, f), line: f.site.line, column: f.site.column }, index: 0, total: 1, statementsApplied: 0, applied: [], direction: 'down',
      hint: inTx ? 'the rollback was undone; the revision is still recorded' : 'down ran outside a transaction: what it did before failing stays; the revision is still recorded',
    });
  }
}
