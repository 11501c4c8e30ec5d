/**
 * The CLI side of fan-out (`cairn apply|status --targets …`): the targets from files, stdin or
 * templates; progress while it runs; the summary table; the failed-targets file.
 *
 * Progress at a terminal (the same rule as progress.ts: stderr a TTY, not CI, not --json) is a
 * block rewritten in place: a counts line, then the current file of each running target; each
 * finished target leaves a permanent line above it. Elsewhere only the permanent lines are
 * written, one per finished target, so a CI log reads in order however the targets interleave.
 * Plain escapes, as in progress.ts: no timer keeps the process alive, and `done()` erases the
 * block before anything else is printed.
 */
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CairnError } from '../errors.js';
import type { ApplyManyResult, ApplyTargetOutcome, FanoutEvent, StatusManyResult, StatusTargetOutcome } from '../commands/apply-many.js';
import {
  assertUniqueTargets, formatTargetsFile, parseTargets, parseTenants, schemaTemplateTargets, urlTemplateTargets, type FanoutTarget,
} from '../migrate/fanout/targets.js';
import { redactUrl } from '../dialects/url.js';
import type { Context } from './context.js';
import { processIo } from './output.js';
import { terminalProgress, type ProgressStream } from './progress.js';
import { anchorFileUrl, colors, requireUrl } from './run.js';

/** The fan-out flags of apply and status, as commander gives them. */
export interface FanoutFlags {
  readonly targets?: string;
  readonly urlTemplate?: string;
  readonly tenants?: string;
  readonly schemaTemplate?: string;
  readonly url?: string;
}

/** Whether the flags ask for a fan-out rather than one --url. */
export function isFanout(f: FanoutFlags): boolean {
  return f.targets !== undefined || f.urlTemplate !== undefined || f.schemaTemplate !== undefined || f.tenants !== undefined;
}

/** The default --failed-targets file, in the current directory. */
export const FAILED_TARGETS_FILE = 'cairn-failed-targets.txt';
/** The first line of a failed-targets file Cairn wrote: a successful run removes only a file that starts with it. */
const FAILED_HEADER = 'cairn apply: targets that did not finish';

/**
 * fanoutTargets reads the targets the flags name, refusing a mix that says two things at once,
 * and adds every URL to the secrets scrubber. `--targets -` reads stdin.
 */
export function fanoutTargets(ctx: Context, f: FanoutFlags): FanoutTarget[] {
  const given = [f.targets !== undefined && '--targets', f.urlTemplate !== undefined && '--url-template', f.schemaTemplate !== undefined && '--schema-template'].filter(Boolean);
  if (given.length > 1) throw new CairnError('USAGE', `${given.join(' and ')} each name the targets: pass one`);
  if (given.length === 0) throw new CairnError('USAGE', '--tenants needs --url-template or --schema-template to make a URL of each tenant');
  if (f.targets === undefined && f.tenants === undefined) throw new CairnError('USAGE', `${given[0]} needs --tenants FILE (one tenant per line)`);
  if (f.targets !== undefined && f.tenants !== undefined) throw new CairnError('USAGE', '--tenants goes with --url-template or --schema-template, not --targets');
  if (f.url !== undefined && f.schemaTemplate === undefined) {
    throw new CairnError('USAGE', `--url names one database and ${given[0]} many: pass one`, { hint: '--url goes with --schema-template (the server whose schemas are the tenants)' });
  }
  let targets: FanoutTarget[];
  if (f.targets !== undefined) {
    const { text, name, base } = readInput(ctx, f.targets);
    // A relative sqlite:/pglite: path is relative to the targets file, as a config file's are.
    targets = parseTargets(text, name).map((t) => anchored(t, base));
    assertUniqueTargets(targets);
  } else {
    const { text, name } = readInput(ctx, f.tenants!);
    const tenants = parseTenants(text, name);
    if (f.urlTemplate !== undefined) {
      ctx.secrets.addUrl(f.urlTemplate);
      targets = urlTemplateTargets(f.urlTemplate, tenants).map((t) => anchored(t, ctx.cwd));
      assertUniqueTargets(targets);
    } else {
      targets = schemaTemplateTargets(requireUrl(ctx, '--schema-template'), f.schemaTemplate!, tenants);
    }
  }
  for (const t of targets) ctx.secrets.addUrl(t.url);
  if (targets.length === 0) throw new CairnError('USAGE', `no targets: ${f.targets ?? f.tenants} lists none`);
  return targets;
}

function anchored(t: FanoutTarget, base: string): FanoutTarget {
  const url = anchorFileUrl(t.url, base);
  return url === t.url ? t : { ...t, url, name: redactUrl(url) };
}

/** readInput reads a file named on the command line (relative to the invocation), or stdin for `-`. */
function readInput(ctx: Context, path: string): { text: string; name: string; base: string } {
  if (path === '-') return { text: readFileSync(0, 'utf8'), name: 'stdin', base: ctx.cwd };
  const full = resolve(ctx.cwd, path);
  try {
    return { text: readFileSync(full, 'utf8'), name: path, base: dirname(full) };
  } catch (e) {
    throw new CairnError('FILE_UNREADABLE', `cannot read ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`, { details: { file: path }, cause: e });
  }
}

/** parseConcurrency reads --concurrency: a whole number from 1 to 256. */
export function parseConcurrency(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 256) throw new CairnError('USAGE', `--concurrency must be a whole number from 1 to 256, got "${text}"`);
  return Number(text);
}

type AnyOutcome = ApplyTargetOutcome | StatusTargetOutcome;

export interface FanoutProgress {
  readonly onEvent: ((e: FanoutEvent<AnyOutcome>) => void) | undefined;
  /** Erases the block; call when the run ends, failed or not. */
  done(): void;
}

/** createFanoutProgress picks the rendering (see the module comment); nothing with --json. */
export function createFanoutProgress(ctx: Context, total: number, stream: ProgressStream | undefined = ctx.io === processIo ? process.stderr : undefined): FanoutProgress {
  if (ctx.json) return { onEvent: undefined, done: () => {} };
  const c = colors(ctx);
  const scrub = (s: string) => ctx.secrets.scrub(s);
  let finished = 0;
  const line = (o: AnyOutcome) => scrub(`[${++finished}/${total}] ${outcomeLine(o, c)}`);
  if (!terminalProgress(ctx.json, stream) || stream === undefined) {
    return { onEvent: (e) => void (e.type === 'target-done' && ctx.io.err(line(e.outcome))), done: () => {} };
  }
  const block = new Block(stream);
  const running = new Map<string, string>();
  let failed = 0;
  const render = () => {
    const head = `${finished}/${total} done · ${running.size} running · ${failed} failed`;
    const rows = [...running].map(([name, now]) => `  ${name}  ${now}`);
    block.show([head, ...rows.slice(0, 20), ...(rows.length > 20 ? [`  … and ${rows.length - 20} more`] : [])].map(scrub));
  };
  const erase = () => block.clear();
  process.prependListener('SIGINT', erase);
  process.prependListener('SIGTERM', erase);
  return {
    onEvent: (e) => {
      if (e.type === 'target-start') running.set(e.target, 'connecting');
      else if (e.type === 'progress') {
        if (e.event.type === 'file-start') running.set(e.target, `[${e.event.position}/${e.event.count}] ${e.event.file}`);
      } else {
        running.delete(e.target);
        if (e.outcome.status === 'failed') failed++;
        block.log(line(e.outcome));
      }
      block.schedule(render);
    },
    done: () => {
      process.off('SIGINT', erase);
      process.off('SIGTERM', erase);
      block.clear();
    },
  };
}

const ERASE_LINE = '\x1b[2K';
const UP = '\x1b[1A';

/** Block: lines rewritten in place below the permanent ones, redrawn at most ten times a second. */
class Block {
  private shown = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly stream: ProgressStream) {}

  show(lines: readonly string[]): void {
    // A line longer than the terminal wraps, and the erase would then miss its first rows.
    const width = this.stream.columns;
    const fit = lines.map((l) => (width !== undefined && width > 1 && l.length > width - 1 ? l.slice(0, width - 2) + '…' : l));
    this.stream.write(this.erasing() + fit.join('\n'));
    this.shown = fit.length;
  }

  /** A permanent line above the block; the block is drawn again on the next schedule. */
  log(text: string): void {
    this.stream.write(this.erasing() + text + '\n');
    this.shown = 0;
  }

  schedule(render: () => void): void {
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      render();
    }, 100);
    this.timer.unref();
  }

  clear(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.stream.write(this.erasing());
    this.shown = 0;
  }

  /** The escapes that erase the block, leaving the cursor at the start of its first line. */
  private erasing(): string {
    if (this.shown === 0) return '';
    return '\r' + ERASE_LINE + (UP + ERASE_LINE).repeat(this.shown - 1);
  }
}

type Colors = ReturnType<typeof colors>;

/** outcomeLine: one target's end, on one line (`ok  postgres://…/a  3 applied, at 3 (41 ms)`). */
function outcomeLine(o: AnyOutcome, c: Colors): string {
  const paint = o.status === 'ok' ? c.green : o.status === 'failed' ? c.red : c.yellow;
  const what = o.error ? `${o.error.code}: ${firstLine(o.error.message)}` : detail(o);
  return `${paint(o.status.padEnd(11))} ${o.target}  ${what}${o.status === 'skipped' ? '' : c.dim(` (${ms(o.durationMs)})`)}`;
}

function detail(o: AnyOutcome): string {
  if (o.status === 'skipped') return 'not started (interrupted)';
  const at = `at ${o.current ?? 'none'}`;
  if ('pending' in o) return o.status === 'integrity' ? `${at}, apply would refuse its history (cairn status --url …)` : `${at}, ${o.pending} pending${o.partial ? `, ${o.partial} partial` : ''}`;
  if (o.planned !== undefined) return `${at}, ${o.planned} would be applied`;
  return `${o.applied} applied, ${at}`;
}

const firstLine = (s: string) => s.split('\n')[0]!;
const ms = (n: number) => (n >= 1000 ? `${(n / 1000).toFixed(1)} s` : `${n} ms`);

/** describeMany: the per-target table, the totals, and every failure in full with its hint. */
export function describeMany(r: ApplyManyResult | StatusManyResult, c: Colors): string[] {
  const isApply = 'applied' in r;
  const head = isApply ? ['STATUS', 'TARGET', r.dryRun ? 'WOULD APPLY' : 'APPLIED', 'VERSION', 'TIME'] : ['STATUS', 'TARGET', 'VERSION', 'APPLIED', 'PENDING', 'TIME'];
  const rows = r.targets.map((o: AnyOutcome) => {
    const version = o.current === undefined ? '-' : o.current ?? 'none';
    const time = o.status === 'skipped' ? '-' : ms(o.durationMs);
    return 'pending' in o ? [o.status, o.target, version, String(o.applied), String(o.pending), time] : [o.status, o.target, String(o.planned ?? o.applied), version, time];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const fmt = (row: readonly string[]) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ');
  const lines = [c.dim(fmt(head)), ...rows.map(fmt)];
  const counts = Object.entries(r.totals).filter(([k, n]) => k !== 'targets' && n > 0).map(([k, n]) => `${n} ${k}`);
  const shard = r.shard ? ` (shard ${r.shard.index}/${r.shard.count} of ${r.shard.of})` : '';
  const applied = isApply ? `; ${(r as ApplyManyResult).applied} migration(s) applied` : '';
  lines.push(`${r.totals.targets} target(s)${shard}: ${counts.join(', ') || 'none'}${applied} in ${ms(r.durationMs)}${r.interrupted ? ' (interrupted)' : ''}`);
  for (const o of r.targets as readonly AnyOutcome[]) {
    if (!o.error) continue;
    lines.push(c.red(`${o.target}: ${o.error.code}: ${o.error.message}`));
    if (o.error.hint) lines.push(`  hint: ${o.error.hint}`);
  }
  return lines;
}

/**
 * writeFailedTargets writes the targets of an apply that did not finish (failed, interrupted,
 * not started) to `path` as a targets file, so that `cairn apply --targets <path>` retries just
 * them; readable by the owner only, since it holds the URLs as given, passwords included. When
 * every target finished, a file an earlier run left there is removed (only one Cairn wrote),
 * so a successful retry from it leaves nothing stale. Returns what it did, for the summary.
 */
export function writeFailedTargets(path: string, shown: string, r: ApplyManyResult, targets: readonly FanoutTarget[]): { wrote: number } | { removed: boolean } {
  const byName = new Map(targets.map((t) => [t.name, t]));
  const left = r.targets.filter((o) => o.status !== 'ok').map((o) => ({ target: byName.get(o.target)!, reason: o.error ? `${o.status}: ${o.error.code}: ${o.error.message}` : o.status }));
  if (left.length === 0) {
    const ours = existsSync(path) && readFileSync(path, 'utf8').startsWith(`# ${FAILED_HEADER}`);
    if (ours) rmSync(path);
    return { removed: ours };
  }
  const header = `${FAILED_HEADER} (${new Date().toISOString()})\nretry them with: cairn apply --targets ${shown}`;
  writeFileSync(path, formatTargetsFile(left, header), { mode: 0o600 });
  chmodSync(path, 0o600); // a file that was already there keeps its mode otherwise
  return { wrote: left.length };
}
