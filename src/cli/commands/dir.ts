import type { Command } from 'commander';
import { Option } from 'commander';
import { relative, resolve } from 'node:path';
import { EXIT } from '../../errors.js';
import { FORMAT_NAMES, WRITABLE_FORMAT_NAMES, type FormatName } from '../../migrate/dir/types.js';
import { action, colors } from '../run.js';

/** Commands that work on the migration directory alone: hash, validate, new, import. */
export function registerDirCommands(program: Command): void {
  program
    .command('hash')
    .description('write atlas.sum for the migration directory')
    .action(
      action(async (ctx) => {
        const { hash } = await import('../../commands/hash.js');
        const r = await hash({ dir: ctx.options.dir, format: ctx.options.dirFormat });
        return { data: r, text: `${r.written ? 'wrote' : 'unchanged'} ${rel(ctx.cwd, r.path)}` };
      }),
    );

  program
    .command('validate')
    .description('check atlas.sum and the directory (file names, versions, SQL); exit 3 on a mismatch')
    .action(
      action(async (ctx) => {
        const { validate } = await import('../../commands/validate.js');
        const r = await validate({ dir: ctx.options.dir, format: ctx.options.dirFormat });
        const c = colors(ctx);
        if (!ctx.json) for (const w of r.warnings ?? []) ctx.io.err(c.yellow(`warning: ${w.file}: ${w.reason}`));
        if (r.ok) {
          return { data: r, text: `${c.green('ok')}: ${r.migrations} migrations, ${r.format} format, atlas.sum matches` };
        }
        const where = rel(ctx.cwd, ctx.options.dir);
        if (r.findings.every((f) => f.kind === 'sum-missing')) {
          // Not a mismatch: nothing was ever hashed. Say so, rather than "does not match".
          const text = [
            c.red(`error: ${where} has ${r.migrations} migration${r.migrations === 1 ? '' : 's'} (${r.format} format) but no atlas.sum`),
            'hint: run `cairn hash` to create it',
          ];
          return { data: r, text, exitCode: EXIT.INTEGRITY };
        }
        const lines = [c.red(`atlas.sum does not match ${where}:`)];
        for (const f of r.findings) lines.push(`  ${f.message}`);
        if (r.invalid) lines.push(`the directory also fails to read (${r.invalid.code}): ${r.invalid.message}`);
        lines.push(`hint: if these changes are intended, run \`cairn hash\`; otherwise restore the files from version control`);
        return { data: r, text: lines, exitCode: EXIT.INTEGRITY };
      }),
    );

  program
    .command('new')
    .description('create an empty migration in the directory\'s format and update atlas.sum')
    .argument('<name>', 'description, e.g. add_orders')
    .option('--ts', 'write a TypeScript code migration (defineMigration) instead of SQL')
    .action(
      action(async (ctx, [name], opts) => {
        const { newMigration } = await import('../../commands/new.js');
        const r = await newMigration({ dir: ctx.options.dir, name: name!, format: ctx.options.dirFormat, ...(opts.ts ? { code: true } : {}) });
        if (!ctx.json) for (const w of r.warnings ?? []) ctx.io.err(colors(ctx).yellow(`warning: ${w.file}: ${w.reason}`));
        return { data: r, text: r.files.map((f) => `created ${rel(ctx.cwd, f)}`) };
      }),
    );

  program
    .command('import')
    .description('convert a migration directory to another format (down parts kept, atlas.sum written)')
    .addOption(new Option('--from <format>', 'source format (detected when omitted)').choices(FORMAT_NAMES as string[]))
    // Only the formats Cairn writes: prisma and drizzle are read (--from), not written.
    .addOption(new Option('--to <format>', 'target format').choices(WRITABLE_FORMAT_NAMES as string[]).makeOptionMandatory())
    .requiredOption('--out <path>', 'destination directory (must be empty or absent)')
    .action(
      action(async (ctx, _args, opts) => {
        const { importDir } = await import('../../commands/import.js');
        const r = await importDir({
          dir: ctx.options.dir,
          from: (opts.from as FormatName | undefined) ?? ctx.options.dirFormat,
          to: opts.to as FormatName,
          // Relative to the invocation's directory, which embedding callers pass to main().
          out: resolve(ctx.cwd, opts.out as string),
        });
        return { data: r, text: `imported ${r.migrations} migrations into ${rel(ctx.cwd, resolve(ctx.cwd, opts.out as string))} (${r.files.length} files)` };
      }),
    );
}

export function rel(cwd: string, p: string): string {
  const r = relative(cwd, p);
  return r.startsWith('..') ? p : r || '.';
}
