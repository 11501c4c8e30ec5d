/**
 * down: roll back the newest revisions with the down SQL stored in the revision table, so a
 * binary whose directory lacks newer files can still roll them back. Every selected revision
 * is checked for a usable down before anything runs; each rollback deletes its row in the same
 * transaction where the dialect allows (stepwise otherwise).
 */
import type { Connection } from '../../dialects/types.js';
import { CairnError } from '../../errors.js';
import { loadCodeMigration, txHandle, type CodeMigration } from '../code/code-migration.js';
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
      const plans = chosen.map((r) => ({ r, code: codeModule(r, loaded) }));
      const modules = await loadDownModules(plans, loaded);
      assertRevertible(plans, modules, s);
      const reverted: DownResult['reverted'][number][] = [];
      let wasInterrupted = false;
      for (const { r, code } of plans) {
        const down = r.downSql ?? `-- down(tx) of ${code}`;
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
        if (code !== undefined) await revertCode(s, r, code, modules.get(r.version)!);
        else await revertSql(s, r, reverted.length);
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

/** A TypeScript migration's module file, when the row has no stored down and the module is in the directory. */
function codeModule(r: Revision, loaded: LoadedDir): string | undefined {
  if (r.downSql !== null || r.kind === 'baseline') return undefined;
  const m = loaded.migrations.find((x) => x.version === r.version)?.source;
  return m?.kind === 'ts' ? m.up.file : undefined;
}

/** Loads the TypeScript modules to roll back up front, so a missing down(tx) refuses before anything runs. */
async function loadDownModules(plans: readonly { r: Revision; code?: string }[], loaded: LoadedDir): Promise<Map<string, CodeMigration>> {
  const out = new Map<string, CodeMigration>();
  for (const p of plans) if (p.code !== undefined) out.set(p.r.version, await loadCodeMigration(loaded.dir.path, p.code));
  return out;
}

function assertRevertible(plans: readonly { r: Revision; code?: string }[], modules: ReadonlyMap<string, CodeMigration>, s: Session): void {
  const partial = plans.filter((p) => isPartial(p.r)).map((p) => p.r.version);
  if (partial.length > 0) {
    throw new CairnError('HISTORY_MISMATCH', `revision(s) ${partial.join(', ')} are only partially applied; their down SQL assumes a complete migration`, {
      details: { partial }, hint: 'finish them with apply (after fixing the file), or record the real state with `cairn set`',
    });
  }
  const none = plans.filter((p) => p.r.downSql === null && typeof modules.get(p.r.version)?.down !== 'function').map((p) => p.r);
  if (none.length > 0) {
    throw new CairnError('NO_DOWN', `cannot roll back: no down SQL stored (nor a TypeScript down(tx) in the directory) for ${none.map((r) => `${r.version}${r.kind === 'baseline' ? ' (baseline)' : ''}`).join(', ')} in ${s.store.label}`, {
      details: { versions: none.map((r) => r.version) },
      hint: 'nothing was rolled back; write the reverse by hand, or use `cairn set <version>` to only move the recorded version',
    });
  }
}

async function revertSql(s: Session, r: Revision, done: number): Promise<void> {
  const label = `${r.version} (stored down SQL)`;
  const steps = splitText(r.downSql ?? '', label, s.conn.dialect);
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

async function revertCode(s: Session, r: Revision, file: string, mod: CodeMigration): Promise<void> {
  await s.conn.exec(TRANSACTION_FRAME.open);
  try {
    await mod.down!(txHandle(s.conn));
    await s.store.run(s.store.bound.remove(r.version));
  } catch (e) {
    await quietly(s.conn, TRANSACTION_FRAME.abort);
    throw migrationFailed(s.conn.dialect, e, { version: r.version, step: { text: 'down(tx)', file, line: 1, column: 1 }, index: 0, total: 1, statementsApplied: 0, applied: [], direction: 'down', hint: 'the rollback was undone' });
  }
  await s.conn.exec(TRANSACTION_FRAME.close);
}
