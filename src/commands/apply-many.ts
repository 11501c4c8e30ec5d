/**
 * `cairn apply --targets …` and `cairn status --targets …` as library calls: one history, many
 * databases. Every target is an ordinary single-target `apply` / `status` call (its own
 * connection, lock and revision table), run at most `concurrency` at a time; a target that
 * fails is reported and the others go on. Aborting `signal` starts no new target and lets the
 * running ones stop after their current file, as a single apply does.
 *
 * @example
 * const r = await applyMany({ targets: ['postgres://db/a', 'postgres://db/b'], dir: 'migrations', concurrency: 8 });
 * r.totals.failed   // 0
 * r.targets[0]      // { target: 'postgres://db/a', status: 'ok', applied: 3, current: '3', durationMs: 41 }
 */
import { performance } from 'node:perf_hooks';
import { CairnError, type ErrorCode } from '../errors.js';
import { redactSecrets } from '../dialects/url.js';
import { loadDir } from '../migrate/runner/session.js';
import type { ApplyOptions, ProgressEvent, TargetOptions } from '../migrate/runner/types.js';
import { asTargets, type FanoutTarget } from '../migrate/fanout/targets.js';
import { selectShard, type Shard } from '../migrate/fanout/shard.js';
import { DEFAULT_CONCURRENCY, runPool } from '../migrate/fanout/pool.js';
import { apply } from './apply.js';
import { status } from './status.js';

export type { FanoutTarget, Shard };
export { DEFAULT_CONCURRENCY };

/** What every fan-out takes besides the per-target options. */
export interface FanoutOptions {
  /** The databases: URLs, or targets made by parseTargets / urlTemplateTargets / schemaTemplateTargets. */
  readonly targets: readonly (string | FanoutTarget)[];
  /** Targets run at once (default 4). Each holds one connection while it runs. */
  readonly concurrency?: number;
  /** Run only this shard of the targets (see shard.ts: a stable hash of each target). */
  readonly shard?: Shard;
  /** Aborting starts no new target; running ones stop after their current file. */
  readonly signal?: AbortSignal;
}

/** Why a target did not get where it was going. */
export interface TargetError {
  readonly code: ErrorCode;
  /** The error's message, password masked. */
  readonly message: string;
  readonly hint?: string;
  /** The migration that failed, for MIGRATION_FAILED. */
  readonly version?: string;
}

/**
 * How one target ended: `ok` (brought up to date, or already there), `failed` (see `error`),
 * `interrupted` (the signal stopped it after a file; the next run resumes), `skipped` (the
 * signal came before it started).
 */
export type ApplyTargetStatus = 'ok' | 'failed' | 'interrupted' | 'skipped';

export interface ApplyTargetOutcome {
  /** The target, password masked (FanoutTarget.name). */
  readonly target: string;
  readonly tenant?: string;
  readonly status: ApplyTargetStatus;
  /** Migrations this run completed on the target (before a failure too). */
  readonly applied: number;
  /** For a dry run: how many migrations would run. */
  readonly planned?: number;
  /** The version the target is at; for a failed target, the last one this run completed (undefined: none). */
  readonly current?: string | null;
  readonly error?: TargetError;
  readonly durationMs: number;
}

/**
 * What a fan-out status says of one target: `ok` (nothing pending), `pending` (migrations or a
 * partial one to apply), `integrity` (apply would refuse its history), `failed` (unreachable,
 * unreadable), `skipped` (the signal came first).
 */
export type StatusTargetStatus = 'ok' | 'pending' | 'integrity' | 'failed' | 'skipped';

export interface StatusTargetOutcome {
  readonly target: string;
  readonly tenant?: string;
  readonly status: StatusTargetStatus;
  readonly current?: string | null;
  readonly applied: number;
  readonly pending: number;
  /** The version of a partially applied migration. */
  readonly partial?: string;
  readonly error?: TargetError;
  readonly durationMs: number;
}

/** Something that happened on one target, for a caller showing progress. Every event has a one-line `message`. */
export type FanoutEvent<O> =
  | { readonly type: 'target-start'; readonly target: string; readonly index: number; readonly message: string }
  /** A runner event of the target (file-start, statement, file-done…). */
  | { readonly type: 'progress'; readonly target: string; readonly index: number; readonly event: ProgressEvent; readonly message: string }
  | { readonly type: 'target-done'; readonly target: string; readonly index: number; readonly outcome: O; readonly message: string };

export interface FanoutResult<O extends { readonly status: string }> {
  /** One outcome per target of the shard, in the order given. */
  readonly targets: readonly O[];
  /** How many targets ended in each status. */
  readonly totals: Readonly<Record<'targets' | O['status'], number>>;
  /** True when the signal stopped the run early. */
  readonly interrupted: boolean;
  /** The shard run, with how many targets there were before selecting it. */
  readonly shard?: Shard & { readonly of: number };
  readonly concurrency: number;
  readonly durationMs: number;
}

export interface ApplyManyOptions extends Omit<ApplyOptions, 'url' | 'signal' | 'onProgress'>, FanoutOptions {
  readonly onEvent?: (e: FanoutEvent<ApplyTargetOutcome>) => void;
}

export interface ApplyManyResult extends FanoutResult<ApplyTargetOutcome> {
  readonly dryRun: boolean;
  /** Migrations completed over all targets. */
  readonly applied: number;
}

export interface StatusManyOptions extends Omit<TargetOptions, 'url' | 'signal' | 'onProgress'>, FanoutOptions {
  readonly onEvent?: (e: FanoutEvent<StatusTargetOutcome>) => void;
}

export type StatusManyResult = FanoutResult<StatusTargetOutcome>;

/** applyMany applies the directory to every target; see the module comment. Throws only for bad input, before anything runs. */
export async function applyMany(opts: ApplyManyOptions): Promise<ApplyManyResult> {
  const { signal, onEvent } = opts;
  const rest = perTarget(opts);
  const r = await fanOut<ApplyTargetOutcome>(opts, async (t, index, done) => {
    const started = performance.now();
    let current: string | undefined;
    let completed = 0;
    try {
      const res = await apply({
        ...rest, url: t.url, signal,
        onProgress: (e) => {
          if (e.type === 'file-done') {
            current = e.version;
            completed++;
          }
          onEvent?.({ type: 'progress', target: t.name, index, event: e, message: `${t.name}: ${e.message}` });
        },
      });
      return done({
        target: t.name, ...tenant(t), status: res.interrupted ? 'interrupted' : 'ok', applied: res.applied.length,
        ...(res.dryRun ? { planned: res.plan.length } : {}), current: res.current, durationMs: since(started),
      });
    } catch (e) {
      // `completed` counts the files this run finished before the failure (MIGRATION_FAILED's details.applied).
      const error = targetError(e, t);
      return done({ target: t.name, ...tenant(t), status: 'failed', applied: completed, ...(current !== undefined ? { current } : {}), error, durationMs: since(started) });
    }
  }, (t) => ({ target: t.name, ...tenant(t), status: 'skipped', applied: 0, durationMs: 0 }), ['ok', 'failed', 'interrupted', 'skipped']);
  return { ...r, dryRun: opts.dryRun === true, applied: r.targets.reduce((n, o) => n + o.applied, 0) };
}

/** statusMany reads where every target stands; it changes nothing. */
export async function statusMany(opts: StatusManyOptions): Promise<StatusManyResult> {
  const { signal } = opts;
  const rest = perTarget(opts);
  return fanOut<StatusTargetOutcome>(opts, async (t, _index, done) => {
    const started = performance.now();
    try {
      const res = await status({ ...rest, url: t.url, signal });
      const pending = res.pending.length;
      const state: StatusTargetStatus = res.integrity ? 'integrity' : pending > 0 || res.partial ? 'pending' : 'ok';
      return done({
        target: t.name, ...tenant(t), status: state, current: res.current, applied: res.applied.length, pending,
        ...(res.partial ? { partial: res.partial.version } : {}), durationMs: since(started),
      });
    } catch (e) {
      return done({ target: t.name, ...tenant(t), status: 'failed', applied: 0, pending: 0, error: targetError(e, t), durationMs: since(started) });
    }
  }, (t) => ({ target: t.name, ...tenant(t), status: 'skipped', applied: 0, pending: 0, durationMs: 0 }), ['ok', 'pending', 'integrity', 'failed', 'skipped']);
}

type Done<O> = (o: O) => O;

/**
 * fanOut is what applyMany and statusMany share: check the input before anything runs (the
 * targets, the directory once, so that a directory error is one error and not one per
 * target), pick the shard, run the pool, count.
 */
async function fanOut<O extends { readonly status: string; readonly target: string }>(
  opts: FanoutOptions & Pick<TargetOptions, 'dir' | 'format' | 'onWarning'> & { readonly onEvent?: (e: FanoutEvent<O>) => void },
  run: (t: FanoutTarget, index: number, done: Done<O>) => Promise<O>,
  notStarted: (t: FanoutTarget) => O,
  statuses: readonly O['status'][],
): Promise<FanoutResult<O>> {
  const started = performance.now();
  const concurrency = opts.concurrency ?? DEFAULT_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new CairnError('USAGE', `concurrency must be a whole number of at least 1, got ${concurrency}`);
  }
  const all = asTargets(opts.targets);
  const targets = selectShard(all, opts.shard);
  // Each target reads the directory again (the runner's own gate); this first read reports its
  // problems and warnings once, before any database is touched.
  loadDir({ dir: opts.dir, format: opts.format, onWarning: opts.onWarning });
  const outcomes = await runPool(targets, concurrency, opts.signal, (t, index) => {
    opts.onEvent?.({ type: 'target-start', target: t.name, index, message: `${t.name}: started` });
    return run(t, index, (o) => {
      opts.onEvent?.({ type: 'target-done', target: t.name, index, outcome: o, message: `${t.name}: ${o.status}` });
      return o;
    });
  }, notStarted);
  const totals = Object.fromEntries([['targets', outcomes.length], ...statuses.map((s) => [s, outcomes.filter((o) => o.status === s).length])]);
  return {
    targets: outcomes,
    totals: totals as FanoutResult<O>['totals'],
    interrupted: opts.signal?.aborted === true,
    ...(opts.shard ? { shard: { ...opts.shard, of: all.length } } : {}),
    concurrency,
    durationMs: since(started),
  };
}

/** perTarget: the options each single-target call gets (the directory's warnings were reported once, by fanOut). */
function perTarget<T extends FanoutOptions & { readonly onEvent?: unknown; readonly onWarning?: unknown }>(opts: T): Omit<T, keyof FanoutOptions | 'onEvent' | 'onWarning'> {
  const { targets: _t, concurrency: _c, shard: _s, signal: _a, onEvent: _e, onWarning: _w, ...rest } = opts;
  return rest;
}

function tenant(t: FanoutTarget): { tenant?: string } {
  return t.tenant !== undefined ? { tenant: t.tenant } : {};
}

function since(t0: number): number {
  return Math.round(performance.now() - t0);
}

/** targetError keeps what a report needs of a target's error, with its password masked once more (a driver may echo a DSN). */
function targetError(e: unknown, t: FanoutTarget): TargetError {
  const scrub = (s: string) => redactSecrets(s, t.url);
  if (e instanceof CairnError) {
    const version = typeof e.details.version === 'string' && e.code === 'MIGRATION_FAILED' ? e.details.version : undefined;
    return { code: e.code, message: scrub(e.message), ...(e.hint ? { hint: scrub(e.hint) } : {}), ...(version ? { version } : {}) };
  }
  return { code: 'INTERNAL', message: scrub((e as Error)?.message ?? String(e)) };
}
