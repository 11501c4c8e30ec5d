import type { Command } from 'commander';
import { join } from 'node:path';
import { CairnError } from '../../errors.js';
import type { CheckStatus, CiResult } from '../../commands/ci.js';
import type { Context } from '../context.js';
import { action, colors } from '../run.js';
import { describeTarget } from '../output.js';
import { collect, scopeOf } from './schema.js';
import { rel } from './dir.js';

/**
 * The base branch when `--git-base` is not given: the pull request's target as the CI service
 * names it (GitHub Actions `GITHUB_BASE_REF`, GitLab `CI_MERGE_REQUEST_TARGET_BRANCH_NAME`),
 * on the `origin` remote.
 */
export function defaultGitBase(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const branch = env.GITHUB_BASE_REF || env.CI_MERGE_REQUEST_TARGET_BRANCH_NAME;
  return branch ? `origin/${branch}` : undefined;
}

/** `cairn ci`: validate, merge check, upgrade check and lint for a pull-request job. */
export function registerCiCommand(program: Command): void {
  program
    .command('ci')
    .description('for a pull-request job: validate atlas.sum, prove the new migrations merge into the base branch in either order (merge check), replay the base then the new files (upgrade check), and lint them; exit non-zero when a check fails')
    .option('--git-base <ref>', 'the base branch to compare with, e.g. origin/main (default: origin/$GITHUB_BASE_REF or origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME)')
    .option('-u, --url <url>', 'production (or staging): also run the upgrade on a copy of its schema; it is only read')
    .option('--dev-url <url>', 'dev database to replay on: the dialect\'s embedded one by default (pglite:memory, sqlite::memory:), or a server URL where Cairn creates and drops its own scratch database')
    .option('--revisions-table <name>', 'the revision table of --url (default cairn_revisions)')
    .option('--revisions-schema <name>', 'schema (database) of the revision table of --url')
    .option('--schema <name>', 'with --url: only this schema of production (repeatable)', collect)
    .option('--exclude <pattern>', 'with --url: leave out a schema or objects of production; glob, repeatable', collect)
    .option('--create-roles', 'on a server dev database, create roles the migrations reference but the server lacks (NOLOGIN placeholders, which stay)')
    .option('--no-lint', 'skip linting the new migrations')
    .action(
      action(async (ctx, _args, opts) => {
        const { ci } = await import('../../commands/ci.js');
        const gitBase = (opts.gitBase as string | undefined) ?? defaultGitBase();
        if (gitBase === undefined) {
          throw new CairnError('USAGE', 'ci needs the base branch to compare with: pass --git-base REF (e.g. origin/main)', {
            hint: 'outside a pull-request job of GitHub Actions or GitLab CI there is no default: name the branch the changes merge into',
          });
        }
        const url = opts.url as string | undefined;
        if (url) ctx.secrets.addUrl(url);
        const r = await ci({
          dir: ctx.options.dir,
          format: ctx.options.dirFormat,
          gitBase,
          devUrl: (opts.devUrl as string | undefined) ?? ctx.options.devUrl,
          targetUrl: ctx.options.url ?? process.env.DATABASE_URL,
          url,
          ...scopeOf(ctx, opts),
          createRoles: Boolean(opts.createRoles),
          lint: opts.lint === false ? false : ctx.options.lint,
          txMode: ctx.options.txMode,
        });
        const lines = report(ctx, r, gitBase, url);
        // GitHub turns these lines of the log into annotations on the pull request's files.
        if (process.env.GITHUB_ACTIONS === 'true') lines.unshift(...annotations(ctx, r));
        return { data: r, text: lines, exitCode: r.exitCode };
      }),
    );
}

const LABEL: Record<CheckStatus, string> = { passed: 'passed ', failed: 'FAILED ', skipped: 'skipped' };

/** The short text report: where the base is, then one line per check, with what failed indented under it. */
function report(ctx: Context, r: CiResult, gitBase: string, url: string | undefined): string[] {
  const c = colors(ctx);
  const paint = (s: CheckStatus) => (s === 'passed' ? c.green(LABEL[s]) : s === 'failed' ? c.red(LABEL[s]) : c.dim(LABEL[s]));
  const base = r.base ? `${gitBase} (${r.base.sha.slice(0, 12)})${r.mergeBase && r.mergeBase.sha !== r.base.sha ? `, merge base ${r.mergeBase.sha.slice(0, 12)}` : ''}` : gitBase;
  const out = [`base: ${base}`, `new migrations: ${r.added.length === 0 ? 'none' : r.added.map((m) => m.file).join(', ')}`, describeTarget(r.devUrl, 'dev database')];
  if (url) out.push(describeTarget(url, 'production'));
  out.push(...r.notes.map((n) => c.yellow(`note: ${n}`)));
  const line = (name: string, check: { status: CheckStatus; message: string }) => out.push(`${paint(check.status)} ${name.padEnd(10)} ${check.message}`);
  line('validate', r.validate);
  line('merge', r.merge);
  for (const s of r.merge.result.difference) out.push(...`${s};`.split('\n').map((l) => `             ${l}`));
  if (!r.merge.result.linear && r.merge.status === 'passed') {
    out.push(c.yellow(`             production applies them after the base's newer migrations: \`cairn apply\` needs --exec-order non-linear there, or give them newer versions`));
  }
  line('upgrade', r.upgrade);
  line('production', r.production);
  for (const n of r.production.result?.notes ?? []) out.push(c.yellow(`             note: ${n}`));
  line('lint', r.lint);
  for (const d of r.lint.diagnostics) {
    const sev = d.severity === 'error' ? c.red(d.severity) : d.severity === 'warning' ? c.yellow(d.severity) : d.severity;
    out.push(`             ${rel(ctx.cwd, join(ctx.options.dir, d.file))}:${d.line}:${d.column} ${d.code} ${sev}: ${d.message}`, `               fix: ${d.fix}`);
  }
  out.push(r.ok ? c.green('ci: every check passed') : c.red(`ci: ${[r.validate, r.merge, r.upgrade, r.production, r.lint].filter((x) => x.status === 'failed').length} check(s) failed`));
  return out;
}

/** GitHub Actions workflow commands (`::error file=…,line=…::…`), one per failure and per lint finding. */
function annotations(ctx: Context, r: CiResult): string[] {
  const path = (file: string) => rel(ctx.cwd, join(ctx.options.dir, file));
  const out: string[] = [];
  const add = (level: 'error' | 'warning' | 'notice', title: string, message: string, file?: string, line?: number, col?: number) => {
    const props = [file && `file=${prop(path(file))}`, line && `line=${line}`, col && `col=${col}`, `title=${prop(title)}`].filter(Boolean).join(',');
    out.push(`::${level} ${props}::${data(message)}`);
  };
  if (r.validate.status === 'failed') for (const f of r.validate.findings) add('error', 'cairn ci: atlas.sum', f.message, 'atlas.sum', f.line || undefined);
  if (r.merge.status === 'failed') {
    const m = r.merge.result;
    // On this branch's file: a failure in one of its migrations where it failed, else its first out-of-order file.
    const ours = new Set(m.added.map((a) => a.version));
    const failure = [m.baseFirst?.failure, m.versionOrder?.failure].find((f) => f !== undefined && ours.has(f.version));
    add('error', 'cairn ci: merge check', m.message + (m.difference.length ? `\n${m.difference.map((s) => `${s};`).join('\n')}` : ''), failure?.file ?? m.outOfOrder[0]?.file, failure?.line);
  }
  if (r.upgrade.status === 'failed') {
    const u = r.upgrade.result;
    add('error', 'cairn ci: upgrade check', u.message, u.failure?.file ?? u.edited[0]?.file ?? u.removed[0]?.file, u.failure?.line);
  }
  if (r.production.status === 'failed') add('error', 'cairn ci: production upgrade', r.production.message, r.production.result?.failure?.file, r.production.result?.failure?.line);
  for (const d of r.lint.diagnostics) {
    add(d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'notice', `${d.code}`, `${d.message}\nfix: ${d.fix}`, d.file, d.line, d.column);
  }
  return out;
}

/** Escapes a workflow command's message. */
const data = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
/** Escapes a workflow command's property value. */
const prop = (s: string) => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
