import type { Command } from 'commander';
import { action } from '../run.js';
import { rel } from './dir.js';

export function registerInit(program: Command): void {
  program
    .command('init')
    .description('create cairn.config.ts, schema.ts and migrations/ (embedded PostgreSQL by default)')
    .option('-u, --url <url>', 'default target database URL written into the config (one with a password is not: the config reads DATABASE_URL)')
    .action(
      action(async (ctx, _args, opts) => {
        const { init } = await import('../../commands/init.js');
        const r = await init({ cwd: ctx.cwd, url: opts.url as string | undefined });
        return {
          data: r,
          text: [
            ...r.created.map((p) => `created ${rel(ctx.cwd, p)}`),
            ...r.updated.map((p) => `updated ${rel(ctx.cwd, p)}`),
            ...r.skipped.map((p) => `exists  ${rel(ctx.cwd, p)} (left as it is)`),
            ...r.notes.map((n) => `note: ${n}`),
          ],
        };
      }),
    );
}
