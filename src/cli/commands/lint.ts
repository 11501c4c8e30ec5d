import type { Command } from 'commander';
import { InvalidArgumentError, Option } from 'commander';
import { CairnError, EXIT } from '../../errors.js';
import { action, colors } from '../run.js';
import type { Context } from '../context.js';
import type { LintFailure, LintResult } from '../../lint/result.js';
import type { LintFormat } from '../../lint/format/index.js';

/**
 * The exit code of a lint run whose diagnostics include an error-level one: "something to do"
 * (README, exit codes), distinct from 1, a failure to lint at all (a statement the dev database
 * rejected, a bad file). Warnings and info alone exit 0.
 */
export const LINT_ERRORS_EXIT = EXIT.PENDING;

/** `cairn lint`: reviews migrations against the schema they run on. */
export function registerLintCommand(program: Command): void {
  program
    .command('lint')
    .description('review migrations before they merge: destructive, data-dependent, backward-incompatible and locking changes (exit 2 on an error-level finding)')
    .argument('[files...]', 'migration files to review (default: --latest 1)')
    .option('--latest <n>', 'review the last n migrations of the directory', (v) => parseCount(v))
    .option('--git-base <ref>', 'review the migrations added or changed since the merge-base with this branch, tag or commit (untracked files included)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'github', 'sarif']).default('text'))
    .option('--dev-url <url>', 'dev database to replay the history on: the embedded one by default (pglite:memory, sqlite::memory:), or a server URL where Cairn creates and drops its own scratch database')
    .option('--dev-search-path <schemas>', 'search_path on the dev database while statements run (default: config devSearchPath)')
    .option('--create-roles', 'on a server dev database, create roles the history references but the server lacks (NOLOGIN placeholders, which stay)')
    .action(
      action(async (ctx, files, opts) => {
        const { lint } = await import('../../commands/lint.js');
        const { formatLint } = await import('../../lint/format/index.js');
        const format = opts.format as LintFormat;
        const progress = (await import('../progress.js')).createProgress(ctx, { log: false });
        const render = (r: LintResult, failure?: LintFailure) => formatLint(r, format, { cwd: ctx.cwd, failure, paint: paint(ctx) });
        try {
          const r = await lint({
            dir: ctx.options.dir,
            dirFormat: ctx.options.dirFormat,
            latest: opts.latest as number | undefined,
            gitBase: opts.gitBase as string | undefined,
            files,
            cwd: ctx.cwd,
            devUrl: (opts.devUrl as string | undefined) ?? ctx.options.devUrl,
            targetUrl: ctx.options.url ?? process.env.DATABASE_URL,
            devSearchPath: (opts.devSearchPath as string | undefined) ?? ctx.options.devSearchPath,
            config: ctx.options.lint,
            txMode: ctx.options.txMode,
            schemas: ctx.options.schemas,
            exclude: ctx.options.exclude,
            revisionsTable: ctx.options.revisionsTable,
            revisionsSchema: ctx.options.revisionsSchema,
            createRoles: Boolean(opts.createRoles),
            onProgress: progress.onProgress,
          }).finally(() => progress.done());
          return { data: r, text: render(r), exitCode: r.counts.error > 0 ? LINT_ERRORS_EXIT : EXIT.OK };
        } catch (err) {
          // A rejected statement: what was analyzed before it is still printed, in the format asked for.
          if (!(err instanceof CairnError) || err.details.lint === undefined || ctx.json) throw err;
          const partial = err.details.lint as LintResult;
          const failure = err.details.failure as LintFailure;
          const hint = format === 'text' && err.hint ? `\nhint: ${err.hint}` : '';
          return { data: partial, text: render(partial, failure) + hint, exitCode: EXIT.ERROR };
        }
      }),
    );
}

function parseCount(v: string): number {
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new InvalidArgumentError('a whole number of migrations, 1 or more');
  return Number(v);
}

function paint(ctx: Context) {
  const c = colors(ctx);
  return { error: (s: string) => c.red(c.bold(s)), warning: c.yellow, info: c.cyan, dim: c.dim };
}
