import type { Command } from 'commander';
import { Option } from 'commander';
import { resolve } from 'node:path';
import { CairnError, EXIT } from '../../errors.js';
import type { Context } from '../context.js';
import { action, colors } from '../run.js';
import { rel } from './dir.js';

type DiffFn = typeof import('../../commands/diff.js').diff;
type DiffRequest = Parameters<DiffFn>[0];

/**
 * diffAsking runs the diff; when it stops on a suspected rename or a drop and a person is at a
 * terminal (not CI, not --json), it asks what was meant and runs again with that answer. In CI
 * the error stands: it names the exact flag to pass.
 */
async function diffAsking(ctx: Context, diff: DiffFn, request: DiffRequest): Promise<Awaited<ReturnType<DiffFn>>> {
  const interactive = ctx.io.isTTY && Boolean(process.stdin.isTTY) && !process.env.CI && !ctx.json;
  let req = request;
  for (;;) {
    try {
      return await diff(req);
    } catch (err) {
      if (!interactive || !(err instanceof CairnError) || err.code !== 'UNSAFE_CHANGE') throw err;
      const answer = await askAboutDrop(err);
      if (answer === 'cancel') throw err;
      req = answer === 'allow-drop' ? { ...req, allowDrop: true } : { ...req, renames: [...(req.renames ?? []), answer.rename] };
    }
  }
}

async function askAboutDrop(err: CairnError): Promise<'cancel' | 'allow-drop' | { rename: string }> {
  const p = await import('@clack/prompts');
  const { dropped, added, rename } = err.details as { dropped?: string; added?: string; rename?: string };
  const options: { value: string; label: string; hint?: string }[] = [];
  if (rename) options.push({ value: 'rename', label: `rename: ${dropped} → ${added}`, hint: `--rename ${rename}` });
  options.push({ value: 'allow-drop', label: `drop ${dropped}, losing its data`, hint: '--allow-drop' });
  options.push({ value: 'cancel', label: 'cancel, write nothing' });
  const choice = await p.select({ message: rename ? `${dropped} is gone and ${added} is new: is it a rename?` : `${dropped} would be dropped`, options });
  if (p.isCancel(choice) || choice === 'cancel') return 'cancel';
  return choice === 'rename' && rename ? { rename } : 'allow-drop';
}

/** What each planner hazard means for the person about to ship the migration. */
const HAZARDS: Record<string, string> = {
  'data-loss': 'drops data (data-loss)',
  'table-rewrite': 'rewrites the whole table (table-rewrite)',
  'locks-table': 'blocks writes to the table while it runs (locks-table)',
  'may-fail': 'can fail on existing rows (may-fail)',
};

function collect(v: string, prev: string[] = []): string[] {
  return [...prev, v];
}

/** diff and inspect: the schema engine. */
export function registerSchemaCommands(program: Command): void {
  program
    .command('diff')
    .description('write the next migration (up + down) for the difference between the directory and the desired schema')
    .argument('[name]', 'description of the new migration, e.g. add_orders')
    .option('--to <source>', 'desired schema: schema.ts, a .sql file or directory, or a database URL (default: config schema)')
    .option('--dev-url <url>', 'dev database to replay the directory on: pglite:memory (default) or a server URL, where Cairn creates and drops its own scratch database')
    .option('--from <url>', 'inspect this live database as the current state instead of replaying the directory')
    .option('--check', 'write nothing; exit 2 when a migration would be written (CI drift check)')
    .option('--dry-run', 'print the SQL instead of writing files')
    .option('--rename <spec>', 'rename hint, e.g. public.users.name=full_name or public.users=customers (repeatable)', collect)
    .option('--allow-drop', 'allow plans that drop tables or columns')
    .action(
      action(async (ctx, [name], opts) => {
        const { diff } = await import('../../commands/diff.js');
        const c = colors(ctx);
        const to = (opts.to as string | undefined) ?? ctx.options.schema;
        if (!to) throw new CairnError('USAGE', 'diff needs the desired schema: pass --to <schema.ts|file.sql|url>, or set schema in cairn.config.ts');
        // A path is relative to the invocation's directory (DiffOptions has no cwd); a URL is kept.
        const desired = /^[a-z][a-z0-9+.-]*:/i.test(to) ? to : resolve(ctx.cwd, to);
        const request = {
          dir: ctx.options.dir,
          name: name ?? 'migration',
          to: desired,
          devUrl: (opts.devUrl as string | undefined) ?? ctx.options.devUrl,
          from: opts.from as string | undefined,
          check: Boolean(opts.check),
          dryRun: Boolean(opts.dryRun),
          renames: (opts.rename as string[] | undefined) ?? [],
          allowDrop: Boolean(opts.allowDrop),
        };
        const r = await diffAsking(ctx, diff, request);
        if (r.inSync) return { data: r, text: c.green('the migration directory is in sync with the desired schema; nothing written') };
        const lines: string[] = [];
        if (opts.check || opts.dryRun) {
          lines.push(`-- up`, ...r.statements.map((s: { sql: string }) => `${s.sql};`));
          if (opts.check) lines.push(c.yellow(`drift: a migration with ${r.statements.length} statement(s) would be written`));
        } else {
          for (const f of r.files) lines.push(`created ${rel(ctx.cwd, f)}`);
        }
        for (const s of r.statements) {
          for (const h of s.hazards) lines.push(c.yellow(`warning: ${s.comment ?? s.sql.split('\n')[0]}: ${HAZARDS[h] ?? h}`));
        }
        return { data: r, text: lines, exitCode: opts.check ? EXIT.PENDING : EXIT.OK };
      }),
    );

  program
    .command('inspect')
    .description('print the schema of a database as SQL, JSON or the TypeScript DSL')
    .option('-u, --url <url>', 'database to inspect (or DATABASE_URL)')
    .option('--schema <name>', 'only this schema (repeatable)', collect)
    .addOption(new Option('--format <format>', 'output format').choices(['sql', 'json', 'ts']).default('sql'))
    .action(
      action(async (ctx, _args, opts) => {
        const { inspect } = await import('../../commands/inspect.js');
        const { requireUrl } = await import('../run.js');
        const r = await inspect({ url: requireUrl(ctx, 'inspect'), schemas: opts.schema as string[] | undefined, format: opts.format as 'sql' | 'json' | 'ts' });
        return { data: r, text: r.output };
      }),
    );
}
