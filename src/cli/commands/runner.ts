import type { Command } from 'commander';
import { Option } from 'commander';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CairnError, EXIT } from '../../errors.js';
import { parseDuration } from '../../config/duration.js';
import type { Context } from '../context.js';
import { action, colors, requireUrl, type Outcome } from '../run.js';
import { describeTarget } from '../output.js';
import { createProgress } from '../progress.js';
import type { StatusResult } from '../../commands/status.js';
import type { ApplyOptions } from '../../commands/apply.js';
import { parseShard, selectShard } from '../../migrate/fanout/shard.js';
import { DEFAULT_CONCURRENCY } from '../../migrate/fanout/pool.js';
import {
  createFanoutProgress, describeMany, FAILED_TARGETS_FILE, fanoutTargets, isFanout, parseConcurrency, writeFailedTargets, type FanoutFlags,
} from '../fanout.js';

function intArg(v: string | undefined, what: string): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new CairnError('USAGE', `${what} must be a whole number, got "${v}"`);
  return Number(v);
}

/** Options every runner command shares, resolved from flags and config. */
/**
 * announceTarget names the database before a long command starts (apply, down), so that it
 * comes first at a terminal, ahead of the per-file lines, and is there even if the run fails.
 */
function announceTarget(ctx: Context, url: string): void {
  if (!ctx.json) ctx.io.out(describeTarget(url));
}

function runnerOptions(ctx: Context) {
  return { url: requireUrl(ctx), ...targetlessOptions(ctx) };
}

/** runnerOptions but the URL: what every target of a fan-out shares. */
function targetlessOptions(ctx: Context) {
  if (existsSync(ctx.options.dir) && !existsSync(join(ctx.options.dir, 'atlas.sum')) && !ctx.json) {
    ctx.io.err(colors(ctx).yellow(`warning: ${ctx.options.dir} has no atlas.sum; run \`cairn hash\` so that edited files are caught before they run`));
  }
  return {
    dir: ctx.options.dir,
    format: ctx.options.dirFormat,
    revisionsTable: ctx.options.revisionsTable,
    revisionsSchema: ctx.options.revisionsSchema,
    lockTimeoutMs: parseDuration(ctx.options.lockTimeout ?? '10s', '--lock-timeout'),
    signal: ctx.signal,
    onWarning: ctx.json ? undefined : (w: { file: string; reason: string }) => ctx.io.err(colors(ctx).yellow(`warning: ${w.file}: ${w.reason}`)),
  };
}

function addTargetOptions(cmd: Command): Command {
  return cmd
    .option('-u, --url <url>', 'target database URL (or DATABASE_URL)')
    .option('--revisions-table <name>', 'revision table name (default cairn_revisions)')
    .option('--revisions-schema <name>', 'schema/database of the revision table')
    .option('--lock-timeout <duration>', 'how long to wait for another runner (default 10s)');
}

/** The flags that run apply or status on many databases (fan-out), and the connect timeout. */
function addFanoutOptions(cmd: Command, apply: boolean): Command {
  cmd
    .option('--targets <file>', 'run on every database URL of FILE (one per line; - reads stdin)')
    .option('--url-template <url>', "one target per tenant: a URL with {tenant}, e.g. 'postgres://app@db/{tenant}' (with --tenants)")
    .option('--tenants <file>', 'the tenants, one per line, for --url-template or --schema-template')
    .option('--schema-template <name>', "one schema per tenant on --url's database, e.g. 'tenant_{tenant}' (with --tenants)")
    .option('--concurrency <k>', 'targets run at once (default 4)')
    .option('--shard <i/n>', 'run only shard i of n of the targets (stable: a hash of each target)')
    .option('--connect-timeout <duration>', 'give up connecting to a database after this long (default 10s)');
  if (apply) cmd.option('--failed-targets <file>', `where to list the targets that did not finish, as a --targets file (default ${FAILED_TARGETS_FILE})`);
  return cmd;
}

function connectTimeout(opts: Record<string, unknown>): { connectTimeoutMs?: number } {
  return typeof opts.connectTimeout === 'string' ? { connectTimeoutMs: parseDuration(opts.connectTimeout, '--connect-timeout') } : {};
}

/** What apply's own flags ask, for one target or each of many. */
function applyFlags(ctx: Context, n: string | undefined, opts: Record<string, unknown>): Omit<ApplyOptions, 'url' | 'dir'> {
  return {
    count: intArg(n, 'n'),
    toVersion: opts.toVersion as string | undefined,
    dryRun: Boolean(opts.dryRun),
    txMode: (ctx.options.txMode ?? 'file') as 'file' | 'all' | 'none',
    baseline: opts.baseline as string | undefined,
    allowDirty: Boolean(opts.allowDirty),
    allowUnknown: Boolean(opts.allowUnknown),
    execOrder: (ctx.options.execOrder ?? 'linear') as 'linear' | 'linear-skip' | 'non-linear',
    ...connectTimeout(opts),
  };
}

/** The targets of a fan-out and how to run them, announced on stdout before anything runs. */
function fanoutPlan(ctx: Context, opts: Record<string, unknown>) {
  const targets = fanoutTargets(ctx, opts as FanoutFlags);
  const shard = typeof opts.shard === 'string' ? parseShard(opts.shard) : undefined;
  const concurrency = parseConcurrency(opts.concurrency as string | undefined);
  const selected = selectShard(targets, shard).length;
  if (!ctx.json) {
    ctx.io.out(`targets: ${selected}${shard ? ` (shard ${shard.index}/${shard.count} of ${targets.length})` : ''}, ${concurrency ?? DEFAULT_CONCURRENCY} at a time`);
  }
  return { targets, shard, concurrency, selected };
}

/**
 * apply on many databases: applyMany with progress per target, then the summary table; the
 * targets that did not finish go to the failed-targets file. Exit 1 when any target failed,
 * 130 when interrupted.
 */
async function applyFanout(ctx: Context, n: string | undefined, opts: Record<string, unknown>): Promise<Outcome> {
  const { applyMany } = await import('../../commands/apply-many.js');
  const { targets, shard, concurrency, selected } = fanoutPlan(ctx, opts);
  const progress = createFanoutProgress(ctx, selected);
  const r = await applyMany({
    ...targetlessOptions(ctx), ...applyFlags(ctx, n, opts), targets, shard, concurrency, signal: ctx.signal, onEvent: progress.onEvent,
  }).finally(() => progress.done());
  const text = describeMany(r, colors(ctx));
  if (!r.dryRun) {
    const shown = (opts.failedTargets as string | undefined) ?? FAILED_TARGETS_FILE;
    const did = writeFailedTargets(resolve(ctx.cwd, shown), shown, r, targets);
    if ('wrote' in did) text.push(`${did.wrote} target(s) did not finish, listed in ${shown}: retry them with \`cairn apply --targets ${shown}\``);
    else if (did.removed) text.push(`removed ${shown}: every target finished`);
  }
  const exitCode = r.interrupted ? EXIT.INTERRUPTED : r.totals.failed > 0 ? EXIT.ERROR : EXIT.OK;
  return { data: r, text, exitCode };
}

/** status on many databases: exit 1 when a target could not be read, else 3 when one has a history apply would refuse, else 2 when one has pending migrations. */
async function statusFanout(ctx: Context, opts: Record<string, unknown>): Promise<Outcome> {
  const { statusMany } = await import('../../commands/apply-many.js');
  const { targets, shard, concurrency, selected } = fanoutPlan(ctx, opts);
  const progress = createFanoutProgress(ctx, selected);
  const r = await statusMany({ ...targetlessOptions(ctx), ...connectTimeout(opts), targets, shard, concurrency, signal: ctx.signal, onEvent: progress.onEvent })
    .finally(() => progress.done());
  const t = r.totals;
  const exitCode = r.interrupted ? EXIT.INTERRUPTED : t.failed > 0 ? EXIT.ERROR : t.integrity > 0 ? EXIT.INTEGRITY : t.pending > 0 ? EXIT.PENDING : EXIT.OK;
  return { data: r, text: describeMany(r, colors(ctx)), exitCode };
}

/** apply, status, down, set: the runner. */
export function registerRunnerCommands(program: Command): void {
  addFanoutOptions(addTargetOptions(
    program
      .command('apply')
      .description('apply pending migrations under a lock (to one database, or many with --targets / --url-template / --schema-template)')
      .argument('[n]', 'apply at most n pending migrations'),
  ), true)
    .option('--to-version <version>', 'apply up to and including this version')
    .option('--dry-run', 'print what would run, change nothing')
    .addOption(new Option('--tx-mode <mode>', 'transaction per file, one for all, or none').choices(['file', 'all', 'none']))
    .option('--baseline <version>', 'on a database without revisions, treat versions up to this one as applied')
    .option('--allow-dirty', 'apply to a non-empty database that has no revision table')
    .option('--allow-unknown', 'proceed when the database has revisions this directory does not know')
    .addOption(new Option('--exec-order <order>', 'how to treat pending files older than the last applied').choices(['linear', 'linear-skip', 'non-linear']))
    .action(
      action(async (ctx, [n], opts) => {
        if (isFanout(opts)) return applyFanout(ctx, n, opts);
        const { apply } = await import('../../commands/apply.js');
        // Per-file progress goes to stderr (a rewritten line at a terminal); the summary below to stdout.
        const options = runnerOptions(ctx);
        announceTarget(ctx, options.url);
        const progress = createProgress(ctx, { log: true });
        const r = await apply({ ...options, ...applyFlags(ctx, n, opts), onProgress: progress.onProgress }).finally(() => progress.done());
        // A signal that arrived while the last file ran still ends the run as interrupted (130).
        const interrupted = r.interrupted || ctx.signal.aborted;
        return { data: r, text: describeApply({ ...r, interrupted }), exitCode: interrupted ? EXIT.INTERRUPTED : EXIT.OK };
      }),
    );

  addFanoutOptions(addTargetOptions(program.command('status').description('show applied, pending, partial, edited and missing migrations (exit 2 when pending, 3 when apply would refuse)')), false).action(
    action(async (ctx, _args, opts) => {
      if (isFanout(opts)) return statusFanout(ctx, opts);
      const { status } = await import('../../commands/status.js');
      const r = await status({ ...runnerOptions(ctx), ...connectTimeout(opts) });
      const lines = describeStatus(r, colors(ctx));
      const dirty = r.pending.length > 0 || Boolean(r.partial);
      return { data: r, text: [describeTarget(r.target), ...lines], exitCode: r.integrity ? EXIT.INTEGRITY : dirty ? EXIT.PENDING : EXIT.OK };
    }),
  );

  addTargetOptions(
    program
      .command('down')
      .description('roll back applied migrations with the down SQL stored in the database')
      .argument('[n]', 'how many to roll back (default 1)'),
  )
    .option('--to-version <version>', 'roll back everything above this version')
    .option('--dry-run', 'print the down SQL, change nothing')
    .action(
      action(async (ctx, [n], opts) => {
        const { down } = await import('../../commands/down.js');
        const options = runnerOptions(ctx);
        announceTarget(ctx, options.url);
        const progress = createProgress(ctx, { log: true });
        const r = await down({
          ...options, count: intArg(n, 'n'), toVersion: opts.toVersion as string | undefined, dryRun: Boolean(opts.dryRun), onProgress: progress.onProgress,
        }).finally(() => progress.done());
        const interrupted = r.interrupted || (!r.dryRun && ctx.signal.aborted);
        return { data: r, text: describeDown(r), exitCode: interrupted ? EXIT.INTERRUPTED : EXIT.OK };
      }),
    );

  addTargetOptions(
    program
      .command('set')
      .description('mark migrations up to VERSION applied without running them; forget rows above it')
      .argument('<version>', 'the version the database is at'),
  ).action(
    action(async (ctx, [version]) => {
      const { set } = await import('../../commands/set.js');
      const r = await set({ ...runnerOptions(ctx), version: version! });
      return { data: r, text: [describeTarget(r.target), ...describeSet(r)] };
    }),
  );
}

// The result shapes are the runner's; these read them loosely so the CLI stays a printer.
type Loose = Record<string, any>;

/**
 * describeStatus: the summary, then every migration that needs attention: partial, pending,
 * and what apply would refuse (edited files with stored and current hash, revisions whose file
 * is gone), followed by the way out. A revision newer than every file could be a deleted file
 * or a newer checkout's migration; nothing stored tells which, so the text says both.
 */
function describeStatus(r: StatusResult, c: ReturnType<typeof colors>): string[] {
  const missing = r.missing.length + r.unknown.length;
  const counts = [`applied: ${r.applied.length}`, `pending: ${r.pending.length}`];
  if (r.edited.length > 0) counts.push(`edited: ${r.edited.length}`);
  if (missing > 0) counts.push(`missing: ${missing}`);
  const lines = [`current version: ${r.current ?? c.dim('none')}`, counts.join(', ')];
  if (r.partial) lines.push(c.yellow(`partial: ${r.partial.version} (${r.partial.migrationKind === 'code' ? 'code migration started, not finished' : `${r.partial.applied}/${r.partial.total} statements`})${r.partial.error ? `: ${r.partial.error}` : ''}`));
  for (const p of r.pending) {
    lines.push(`  ${c.cyan('pending')} ${p.version} ${p.description}${p.migrationKind === 'code' ? c.dim(' (code)') : ''}${p.lastError ? c.red(` (last attempt failed: ${p.lastError})`) : ''}`);
  }
  for (const e of r.edited) lines.push(`  ${c.red('edited')} ${e.version} ${e.file}: applied with hash ${e.stored}, the file's hash is now ${e.current}`);
  const gone = (m: StatusResult['missing'][number], why: string) =>
    `  ${c.red('missing')} ${m.version}${m.description ? ` ${m.description}` : ''}${m.file ? ` (${m.file})` : ''}: applied (hash ${m.hash}), but missing from the directory (${why})`;
  for (const m of r.missing) lines.push(gone(m, 'deleted or renamed since'));
  for (const u of r.unknown) lines.push(gone(u, 'deleted, or applied from a newer checkout of it'));
  if (r.integrity) {
    lines.push(c.yellow('apply refuses this history: restore the files as they were applied (add changes as new migrations), or record what the database holds with `cairn set <version>`'
      + (r.unknown.length > 0 ? '; --allow-unknown applies despite revisions newer than the directory' : '')));
  }
  return lines;
}

function describeApply(r: Loose): string[] {
  const applied: Loose[] = r.applied ?? [];
  if (r.dryRun) {
    // A dry run applies nothing: the count is the plan's (r.applied is empty).
    const lines = [`dry run: ${(r.plan ?? r.pending ?? applied).length} migration(s) would be applied`];
    for (const m of r.plan ?? r.pending ?? []) {
      lines.push(`-- ${m.version} ${m.description ?? ''}`);
      for (const s of m.statements ?? []) lines.push(`${typeof s === 'string' ? s : s.text};`);
    }
    return lines;
  }
  const stopped = r.stopped ? `; stopped in ${r.stopped.version} after ${r.stopped.applied}/${r.stopped.total} statements (the next apply resumes there)` : '';
  if (applied.length === 0) {
    return [r.interrupted ? `interrupted before any migration completed${stopped}` : `no migration to apply (current version: ${r.current ?? 'none'})`];
  }
  const lines: string[] = [];
  lines.push(`${applied.length} migration(s) applied, current version ${r.current ?? applied[applied.length - 1]!.version}${r.interrupted ? ` (interrupted${stopped})` : ''}`);
  return lines;
}

function describeDown(r: Loose): string[] {
  const rolled: Loose[] = r.reverted ?? r.rolledBack ?? [];
  if (r.dryRun) {
    return [`dry run: would roll back ${rolled.length} migration(s)`, ...rolled.flatMap((m) => [`-- ${m.version}`, m.down ?? m.sql ?? ''])];
  }
  if (rolled.length === 0) return ['nothing to roll back'];
  return [...rolled.map((m) => `rolled back ${m.version} ${m.description ?? ''}`), `current version: ${r.current ?? 'none'}`];
}

function describeSet(r: Loose): string[] {
  return [`database marked at version ${r.version ?? r.current}` + (r.removed?.length ? `; forgot ${r.removed.length} revision(s) above it` : '')];
}
