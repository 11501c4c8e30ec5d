import type { Command } from 'commander';
import { Option } from 'commander';
import { resolve } from 'node:path';
import { CairnError, EXIT } from '../../errors.js';
import type { Context } from '../context.js';
import { action, colors } from '../run.js';
import { rel } from './dir.js';
import { describeTarget } from '../output.js';

/**
 * diffAsking runs the diff; when it stops on a suspected rename or a drop and a person is at a
 * terminal (not CI, not --json), it asks what was meant and runs again with that answer. In CI
 * the error stands: it names the exact flag to pass. `beforePrompt` runs just before the
 * question opens: a progress line at the terminal is erased and stopped there (Progress.pause).
 */
export async function diffAsking<Q extends { readonly renames?: readonly string[]; readonly allowDrop?: boolean }, R>(ctx: Context, diff: (req: Q) => Promise<R>, request: Q, beforePrompt: () => void = () => {}): Promise<R> {
  const interactive = ctx.io.isTTY && Boolean(process.stdin.isTTY) && !process.env.CI && !ctx.json;
  let req = request;
  for (;;) {
    try {
      return await diff(req);
    } catch (err) {
      if (!interactive || !(err instanceof CairnError) || err.code !== 'UNSAFE_CHANGE') throw err;
      beforePrompt();
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

export function collect(v: string, prev: string[] = []): string[] {
  return [...prev, v];
}

/** collectList: a repeatable flag whose values may also be comma-separated (`--schema a,b --schema c`). */
function collectList(v: string, prev: string[] = []): string[] {
  return [...prev, ...v.split(',').map((x) => x.trim()).filter(Boolean)];
}

/**
 * scopeOf is the inspection scope of diff and inspect: schemas and exclude patterns from the
 * flags, else from the config; the revision table as configured, to be left out.
 */
/** withScopeOptions adds `--schema` and `--exclude`, read back by `scopeOf` (diff, dev, push). */
export function withScopeOptions(cmd: Command): Command {
  return cmd
    .option('--schema <name>', 'compare only this schema (repeatable, or comma-separated; default: config schemas, else every user schema)', collectList)
    .option('--exclude <pattern>', 'leave out a schema (audit) or objects (public.spatial_ref_sys, *.tmp_*) on both sides; glob, repeatable (default: config exclude)', collect);
}

export function scopeOf(ctx: Context, opts: Record<string, unknown>) {
  const cfg = ctx.options;
  return {
    schemas: (opts.schema as string[] | undefined) ?? cfg.schemas,
    exclude: (opts.exclude as string[] | undefined) ?? cfg.exclude,
    revisionsTable: ctx.options.revisionsTable,
    revisionsSchema: ctx.options.revisionsSchema,
  };
}

/** diff and inspect: the schema engine. */
export function registerSchemaCommands(program: Command): void {
  withScopeOptions(
    program
      .command('diff')
      .description('write the next migration (up + down) for the difference between the directory and the desired schema')
      .argument('[name]', 'description of the new migration, e.g. add_orders'),
  )
    .option('--to <source>', 'desired schema: schema.ts, a .sql file or directory, or a database URL (default: config schema)')
    .option('--dev-url <url>', 'dev database to replay the directory on: the dialect\'s embedded one by default (pglite:memory, sqlite::memory:; MySQL: a scratch database on the target\'s server), or a server URL where Cairn creates and drops its own scratch database')
    .option('--dev-search-path <schemas>', 'search_path on the dev database while the directory replays, e.g. app or app,public (a dbmate history run with ?search_path=app; default: config devSearchPath)')
    .option('--from <url>', 'inspect this live database as the current state instead of replaying the directory')
    .option('--check', 'write nothing; exit 2 when a migration would be written, drops included, without asking anything (CI drift check)')
    .option('--dry-run', 'print the SQL instead of writing files')
    .option('--rename <spec>', 'rename hint, e.g. public.users.name=full_name or public.users=customers (repeatable)', collect)
    .option('--allow-drop', 'allow plans that drop tables or columns, or otherwise lose data (a column or table re-created)')
    .option('--ignore-extension-versions', 'neither compare nor pin extension versions (CREATE EXTENSION without VERSION)')
    .option('--create-roles', 'on a server dev database, create roles the schema references but the server lacks (NOLOGIN placeholders, which stay; the embedded dev database always gets them)')
    .option('--no-dev-on-target', 'with --from/--to a server URL, never create the scratch dev database on that server (a live side of another version is then loaded into the dev database)')
    .action(
      action(async (ctx, [name], opts) => {
        const { diff } = await import('../../commands/diff.js');
        const progress = (await import('../progress.js')).createProgress(ctx, { log: false });
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
          targetUrl: ctx.options.url ?? process.env.DATABASE_URL,
          devSearchPath: (opts.devSearchPath as string | undefined) ?? ctx.options.devSearchPath,
          from: opts.from as string | undefined,
          check: Boolean(opts.check),
          dryRun: Boolean(opts.dryRun),
          renames: (opts.rename as string[] | undefined) ?? [],
          allowDrop: Boolean(opts.allowDrop),
          ignoreExtensionVersions: Boolean(opts.ignoreExtensionVersions ?? ctx.options.ignoreExtensionVersions),
          createRoles: Boolean(opts.createRoles),
          devOnTarget: opts.devOnTarget !== false,
          ...scopeOf(ctx, opts),
          // At a terminal: the dev database's start, the replay and the inspections (src/cli/progress.ts).
          onProgress: progress.onProgress,
        };
        // A check only reports (drops and suspected renames included): nothing to ask. The
        // progress line stops while a question is open, and is gone before the output.
        const r = await (opts.check ? diff(request) : diffAsking(ctx, diff, request, () => progress.pause())).finally(() => progress.done());
        // First the databases this run touched (passwords masked), then what the diff says about them.
        // r.notes, when there are any, say which dev database was used instead (a scratch database on the target server).
        const lines: string[] = [...diffTargets({ ...request, devUrl: r.devUrl }, r.notes.length ? undefined : r.devUrl), ...r.notes, ...r.warnings.map((w: string) => c.yellow(`warning: ${w}`))];
        if (r.inSync) return { data: r, text: [...lines, c.green('the migration directory is in sync with the desired schema; nothing written')] };
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
    .description('print the schema of a database as SQL, JSON, the TypeScript DSL, or a Mermaid/Graphviz ER diagram')
    .option('-u, --url <url>', 'database to inspect (or DATABASE_URL)')
    .option('--schema <name>', 'only this schema (repeatable, or comma-separated; default: config schemas, else every user schema)', collectList)
    .option('--exclude <pattern>', 'leave out a schema (audit) or objects (public.spatial_ref_sys, *.tmp_*); glob, repeatable (default: config exclude)', collect)
    .addOption(new Option('--format <format>', 'output format (mermaid, dot: an entity-relationship diagram)').choices(['sql', 'json', 'ts', 'mermaid', 'dot']).default('sql'))
    .action(
      action(async (ctx, _args, opts) => {
        const { inspect } = await import('../../commands/inspect.js');
        const { requireUrl } = await import('../run.js');
        const url = requireUrl(ctx, 'inspect');
        // stdout is the schema document (often redirected to a file): the target goes to stderr.
        if (!ctx.json) ctx.io.err(describeTarget(url));
        const r = await inspect({ url, ...scopeOf(ctx, opts), format: opts.format as 'sql' | 'json' | 'ts' | 'mermaid' | 'dot' });
        return { data: r, text: r.output };
      }),
    );
}

/** The databases a diff run touches, passwords masked: --from, a --to URL, and the dev database. */
function diffTargets(req: { readonly from?: string; readonly to: string; readonly devUrl?: string }, defaultDevUrl: string | undefined): string[] {
  const toUrl = /^[a-z][a-z0-9+.-]*:/i.test(req.to);
  const out: string[] = [];
  if (req.from !== undefined) out.push(describeTarget(req.from, 'from'));
  if (toUrl) out.push(describeTarget(req.to, 'to'));
  // Two live sides are compared directly; otherwise the dev database replays or loads one.
  if ((req.from === undefined || !toUrl) && defaultDevUrl !== undefined) out.push(describeTarget(req.devUrl ?? defaultDevUrl, 'dev database'));
  return out;
}
