import type { Command } from 'commander';
import { resolve } from 'node:path';
import { CairnError } from '../../errors.js';
import { parseDuration } from '../../config/duration.js';
import type { Context } from '../context.js';
import { action, anchorFileUrl, colors } from '../run.js';
import { describeTarget } from '../output.js';
import { rel } from './dir.js';
import { collect, diffAsking, scopeOf, withScopeOptions } from './schema.js';

/** The local database: --url, the config, DATABASE_URL, or the embedded default `cairn init` writes. */
async function localUrl(ctx: Context): Promise<string> {
  const { DEFAULT_LOCAL_URL } = await import('../../commands/local-target.js');
  const url = ctx.options.url ?? process.env.DATABASE_URL ?? DEFAULT_LOCAL_URL;
  ctx.secrets.addUrl(url);
  return anchorFileUrl(url, ctx.cwd);
}

/** A person can answer a prompt: a terminal on both ends, not CI, not --json. */
function interactive(ctx: Context): boolean {
  return ctx.io.isTTY && Boolean(process.stdin.isTTY) && !process.env.CI && !ctx.json;
}

async function confirm(message: string): Promise<boolean> {
  const p = await import('@clack/prompts');
  const answer = await p.confirm({ message, initialValue: false });
  return answer === true;
}

/** The desired schema: --to, else the config's; a path is relative to the invocation's directory. */
function desiredSchema(ctx: Context, to: string | undefined, command: string): string {
  const schema = to ?? ctx.options.schema;
  if (!schema) throw new CairnError('USAGE', `${command} needs the desired schema: pass --to <schema.ts|file.sql|url>, or set schema in cairn.config.ts`);
  return /^[a-z][a-z0-9+.-]*:/i.test(schema) ? schema : resolve(ctx.cwd, schema);
}

async function targetOptions(ctx: Context) {
  return {
    url: await localUrl(ctx),
    dir: ctx.options.dir,
    format: ctx.options.dirFormat,
    revisionsTable: ctx.options.revisionsTable,
    revisionsSchema: ctx.options.revisionsSchema,
    lockTimeoutMs: parseDuration(ctx.options.lockTimeout ?? '10s', '--lock-timeout'),
    txMode: (ctx.options.txMode ?? 'file') as 'file' | 'all' | 'none',
    execOrder: (ctx.options.execOrder ?? 'linear') as 'linear' | 'linear-skip' | 'non-linear',
    signal: ctx.signal,
  };
}

/** The flags dev and push share with diff: the desired schema, the dev database, renames, drops, scope. */
function desiredRequest(ctx: Context, opts: Record<string, unknown>, command: 'dev' | 'push') {
  return {
    to: desiredSchema(ctx, opts.to as string | undefined, command),
    devUrl: (opts.devUrl as string | undefined) ?? ctx.options.devUrl,
    renames: (opts.rename as string[] | undefined) ?? [],
    allowDrop: Boolean(opts.allowDrop),
    ignoreExtensionVersions: Boolean(opts.ignoreExtensionVersions ?? ctx.options.ignoreExtensionVersions),
    schemas: scopeOf(ctx, opts).schemas,
    exclude: scopeOf(ctx, opts).exclude,
  };
}

function withTarget(cmd: Command): Command {
  return cmd
    .option('-u, --url <url>', 'the local database (default: config url, DATABASE_URL, or pglite:./.cairn/local)')
    .option('--force', 'run on a database that is not local (not pglite:, sqlite: or a server on localhost/127.0.0.0/8/::1/a socket)')
    .option('--revisions-table <name>', 'revision table name (default cairn_revisions)')
    .option('--revisions-schema <name>', 'schema/database of the revision table')
    .option('--lock-timeout <duration>', 'how long to wait for another runner (default 10s)');
}

type Loose = Record<string, any>;

function applied(r: Loose): string {
  const n = (r.applied ?? []).length;
  return n === 0 ? `no migration to apply (current version: ${r.current ?? 'none'})` : `${n} migration(s) applied, current version ${r.current}`;
}

function resetWhat(ctx: Context, target: string, dir: string): string {
  return `drop every table, view, type and schema in ${target}, with their data, and re-apply ${rel(ctx.cwd, dir)}`;
}

/** The question `cairn reset` asks at a terminal (also asked by `dev` on drift). */
async function confirmReset(ctx: Context, target: string, dir: string): Promise<boolean> {
  const what = resetWhat(ctx, target, dir);
  return confirm(`${what.charAt(0).toUpperCase()}${what.slice(1)}?`);
}

/** dev, reset, push: the development loop on a local database. */
export function registerDevCommands(program: Command): void {
  withTarget(withScopeOptions(
    program
      .command('dev')
      .description('write the migration for the schema change (as diff does) and apply it to the local database, in one step')
      .argument('[name]', 'description of the new migration, e.g. add_orders'),
  ))
    .option('--to <source>', 'desired schema: schema.ts, a .sql file or directory, or a database URL (default: config schema)')
    .option('--dev-url <url>', 'dev database to replay the directory on (default: the dialect\'s embedded one, pglite:memory or sqlite::memory:; MySQL: a scratch database on the target\'s server)')
    .option('--rename <spec>', 'rename hint, e.g. public.users.name=full_name (repeatable)', collect)
    .option('--allow-drop', 'allow plans that drop tables or columns')
    .option('--ignore-extension-versions', 'neither compare nor pin extension versions (default: config ignoreExtensionVersions)')
    .action(
      action(async (ctx, [name], opts) => {
        const { dev } = await import('../../commands/dev.js');
        const c = colors(ctx);
        const request = {
          ...(await targetOptions(ctx)),
          name: name ?? 'migration',
          ...desiredRequest(ctx, opts, 'dev'),
          force: Boolean(opts.force),
        };
        let r;
        const lines: string[] = [];
        if (!ctx.json) ctx.io.out(describeTarget(request.url));
        try {
          r = await diffAsking(ctx, dev, request);
        } catch (e) {
          // Drift (exit 3 elsewhere): at a terminal, offer the fix, then run dev again.
          if (!(e instanceof CairnError && e.code === 'HISTORY_MISMATCH' && e.details.drift !== undefined && interactive(ctx))) throw e;
          const { redactUrl } = await import('../../dialects/url.js');
          ctx.io.err(c.yellow(e.message));
          if (!(await confirmReset(ctx, redactUrl(request.url), request.dir))) throw e;
          const { reset } = await import('../../commands/reset.js');
          const done = await reset({ ...(await targetOptions(ctx)), force: request.force });
          lines.push(`reset ${done.target}`);
          r = await diffAsking(ctx, dev, request);
        }
        if (r.driftNotChecked) lines.push(c.yellow(`warning: drift not checked: ${r.driftNotChecked}`));
        if (!r.schemaChanged) lines.push(c.green('no schema changes'));
        for (const f of r.diff.files) lines.push(`created ${rel(ctx.cwd, f)}`);
        lines.push(applied(r.apply));
        return { data: r, text: lines };
      }),
    );

  withTarget(
    program
      .command('reset')
      .description('drop everything in the local database (the revision table too) and apply the migration directory again'),
  )
    .option('-y, --yes', 'do not ask for confirmation (required outside a terminal)')
    .action(
      action(async (ctx, _args, opts) => {
        const { reset } = await import('../../commands/reset.js');
        const { assertLocal } = await import('../../commands/local-target.js');
        const { redactUrl } = await import('../../dialects/url.js');
        const target = await targetOptions(ctx);
        // The local-target check comes first, so a production URL is refused before any question.
        assertLocal(target.url, 'reset', Boolean(opts.force));
        if (!opts.yes) {
          if (!interactive(ctx)) {
            throw new CairnError('USAGE', `cairn reset would ${resetWhat(ctx, redactUrl(target.url), target.dir)}; outside a terminal it needs --yes`, { hint: 'pass --yes to confirm' });
          }
          if (!(await confirmReset(ctx, redactUrl(target.url), target.dir))) {
            return { data: { cancelled: true }, text: 'cancelled; nothing was changed' };
          }
        }
        const r = await reset({ ...target, force: Boolean(opts.force) });
        return { data: r, text: [`reset ${r.target}`, applied(r.apply)] };
      }),
    );

  withTarget(withScopeOptions(
    program
      .command('push')
      .description('bring the local database straight to the declared schema, without a migration (prototyping)'),
  ))
    .option('--to <source>', 'desired schema: schema.ts, a .sql file or directory, or a database URL (default: config schema)')
    .option('--dev-url <url>', 'dev database to load the desired schema on (default: the dialect\'s embedded one for an embedded target; a server target: a scratch database on its server)')
    .option('--rename <spec>', 'rename hint, e.g. public.users.name=full_name (repeatable)', collect)
    .option('--allow-drop', 'allow plans that drop tables or columns, or otherwise lose data (a column or table re-created)')
    .option('--ignore-extension-versions', 'neither compare nor pin extension versions (default: config ignoreExtensionVersions)')
    .option('--dry-run', 'print the plan, change nothing')
    .option('-y, --yes', 'apply without asking (required outside a terminal)')
    .action(
      action(async (ctx, _args, opts) => {
        const { push } = await import('../../commands/push.js');
        const c = colors(ctx);
        const target = await targetOptions(ctx);
        const planLines = (p: { statements: readonly { sql: string; comment: string; hazards: readonly string[]; splitBefore?: boolean }[] }) => [
          // A split plan commits what comes before the mark first (an enum value added, then used).
          ...p.statements.flatMap((s) => [...(s.splitBefore ? [c.dim('-- (commit: what follows runs in a new transaction)')] : []), c.dim(`-- ${s.comment}`), `${s.sql};`]),
          ...p.statements.flatMap((s) => s.hazards.map((h) => c.yellow(`warning: ${s.comment}: ${h}`))),
        ];
        if (!ctx.json) ctx.io.out(describeTarget(target.url));
        const request = {
          url: target.url,
          ...desiredRequest(ctx, opts, 'push'),
          dryRun: Boolean(opts.dryRun),
          force: Boolean(opts.force),
          revisionsTable: target.revisionsTable,
          revisionsSchema: target.revisionsSchema,
          lockTimeoutMs: target.lockTimeoutMs,
          // The plan is shown before anything runs; then the person (or --yes) decides.
          confirm: async (p: Parameters<typeof planLines>[0]) => {
            if (!ctx.json) ctx.io.out(planLines(p).join('\n'));
            if (opts.yes) return true;
            if (!interactive(ctx)) {
              throw new CairnError('USAGE', `cairn push would run the ${p.statements.length} statement(s) above; outside a terminal it needs --yes`, { hint: 'pass --yes to apply, or --dry-run to only print the plan' });
            }
            const { redactUrl } = await import('../../dialects/url.js');
            return confirm(`Run these ${p.statements.length} statement(s) on ${redactUrl(target.url)}?`);
          },
        };
        const r = await diffAsking(ctx, push, request);
        if (r.inSync) return { data: r, text: c.green('the database matches the schema; nothing to do') };
        if (r.dryRun) return { data: r, text: [...planLines(r), `dry run: ${r.statements.length} statement(s) would run; nothing was changed`] };
        if (r.cancelled) return { data: r, text: 'cancelled; nothing was changed' };
        return { data: r, text: `pushed: ${r.statements.length} statement(s) applied to ${r.target}` };
      }),
    );
}
