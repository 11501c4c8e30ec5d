import type { Command } from 'commander';
import { Option } from 'commander';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CairnError, EXIT } from '../../errors.js';
import { parseDuration } from '../../config/duration.js';
import type { Context } from '../context.js';
import { action, colors, requireUrl } from '../run.js';

function intArg(v: string | undefined, what: string): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new CairnError('USAGE', `${what} must be a whole number, got "${v}"`);
  return Number(v);
}

/** Options every runner command shares, resolved from flags and config. */
function runnerOptions(ctx: Context) {
  if (existsSync(ctx.options.dir) && !existsSync(join(ctx.options.dir, 'atlas.sum')) && !ctx.json) {
    ctx.io.err(colors(ctx).yellow(`warning: ${ctx.options.dir} has no atlas.sum; run \`cairn hash\` so that edited files are caught before they run`));
  }
  return {
    url: requireUrl(ctx),
    dir: ctx.options.dir,
    format: ctx.options.dirFormat,
    revisionsTable: ctx.options.revisionsTable,
    revisionsSchema: ctx.options.revisionsSchema,
    lockTimeoutMs: parseDuration(ctx.options.lockTimeout ?? '10s', '--lock-timeout'),
    signal: ctx.signal,
  };
}

function addTargetOptions(cmd: Command): Command {
  return cmd
    .option('-u, --url <url>', 'target database URL (or DATABASE_URL)')
    .option('--revisions-table <name>', 'revision table name (default cairn_revisions)')
    .option('--revisions-schema <name>', 'schema/database of the revision table')
    .option('--lock-timeout <duration>', 'how long to wait for another runner (default 10s)');
}

/** apply, status, down, set: the runner. */
export function registerRunnerCommands(program: Command): void {
  addTargetOptions(
    program
      .command('apply')
      .description('apply pending migrations under a lock')
      .argument('[n]', 'apply at most n pending migrations'),
  )
    .option('--to-version <version>', 'apply up to and including this version')
    .option('--dry-run', 'print what would run, change nothing')
    .addOption(new Option('--tx-mode <mode>', 'transaction per file, one for all, or none').choices(['file', 'all', 'none']))
    .option('--baseline <version>', 'on a database without revisions, treat versions up to this one as applied')
    .option('--allow-dirty', 'apply to a non-empty database that has no revision table')
    .option('--allow-unknown', 'proceed when the database has revisions this directory does not know')
    .addOption(new Option('--exec-order <order>', 'how to treat pending files older than the last applied').choices(['linear', 'linear-skip', 'non-linear']))
    .action(
      action(async (ctx, [n], opts) => {
        const { apply } = await import('../../commands/apply.js');
        const c = colors(ctx);
        const r = await apply({
          ...runnerOptions(ctx),
          count: intArg(n, 'n'),
          toVersion: opts.toVersion as string | undefined,
          dryRun: Boolean(opts.dryRun),
          txMode: (ctx.options.txMode ?? 'file') as 'file' | 'all' | 'none',
          baseline: opts.baseline as string | undefined,
          allowDirty: Boolean(opts.allowDirty),
          allowUnknown: Boolean(opts.allowUnknown),
          execOrder: (ctx.options.execOrder ?? 'linear') as 'linear' | 'linear-skip' | 'non-linear',
          // Per-file progress streams to stderr; the summary below goes to stdout.
          onProgress: ctx.json ? undefined : (e: { type: string; message?: string }) => {
            if (e.type !== 'statement' && e.message) ctx.io.err(c.dim(e.message));
          },
        });
        return { data: r, text: describeApply(r), exitCode: r.interrupted ? EXIT.INTERRUPTED : EXIT.OK };
      }),
    );

  addTargetOptions(program.command('status').description('show applied, pending, partial and unknown migrations (exit 2 when pending)')).action(
    action(async (ctx) => {
      const { status } = await import('../../commands/status.js');
      const r = await status(runnerOptions(ctx));
      const c = colors(ctx);
      const lines = [`current version: ${r.current ?? c.dim('none')}`];
      lines.push(`applied: ${r.applied.length}, pending: ${r.pending.length}${r.unknown.length ? `, unknown: ${r.unknown.length}` : ''}`);
      if (r.partial) lines.push(c.yellow(`partial: ${r.partial.version} (${r.partial.applied}/${r.partial.total} statements)${r.partial.error ? `: ${r.partial.error}` : ''}`));
      for (const p of r.pending) {
        lines.push(`  ${c.cyan('pending')} ${p.version} ${p.description}${p.lastError ? c.red(` (last attempt failed: ${p.lastError})`) : ''}`);
      }
      for (const u of r.unknown) lines.push(`  ${c.red('unknown')} ${u.version} ${u.description ?? ''} (applied by a newer version of the directory)`);
      const dirty = r.pending.length > 0 || Boolean(r.partial);
      return { data: r, text: lines, exitCode: dirty ? EXIT.PENDING : EXIT.OK };
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
        const r = await down({ ...runnerOptions(ctx), count: intArg(n, 'n'), toVersion: opts.toVersion as string | undefined, dryRun: Boolean(opts.dryRun) });
        return { data: r, text: describeDown(r) };
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
      return { data: r, text: describeSet(r) };
    }),
  );
}

// The result shapes are the runner's; these read them loosely so the CLI stays a printer.
type Loose = Record<string, any>;

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
