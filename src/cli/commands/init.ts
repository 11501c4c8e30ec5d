import type { Command } from 'commander';
import { CairnError } from '../../errors.js';
import { isDatabaseUrl, dialectFor } from '../../dialects/registry.js';
import type { DialectName } from '../../dialects/types.js';
import type { Context } from '../context.js';
import { action } from '../run.js';
import { rel } from './dir.js';

export function registerInit(program: Command): void {
  program
    .command('init')
    .description('create cairn.config.ts, schema.ts and migrations/ for PostgreSQL (embedded by default), MySQL/MariaDB or SQLite')
    .option('-u, --url <url>', 'default target database URL written into the config (one with a password is not: the config reads DATABASE_URL); its dialect is the project\'s')
    .option('--dialect <name>', 'the database: postgres, mysql or sqlite (default: the --url\'s or DATABASE_URL\'s; asked at a terminal; else postgres)')
    .action(
      action(async (ctx, _args, opts) => {
        const { init } = await import('../../commands/init.js');
        const url = opts.url as string | undefined;
        const dialect = (opts.dialect as DialectName | undefined) ?? (url === undefined ? await dialectToUse(ctx) : undefined);
        const r = await init({ cwd: ctx.cwd, url, dialect });
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

/**
 * dialectToUse, when neither --dialect nor --url says: the dialect of DATABASE_URL when it is
 * set, else the answer to a question when a person is at a terminal, else undefined (init's
 * default, PostgreSQL).
 */
async function dialectToUse(ctx: Context): Promise<DialectName | undefined> {
  const env = process.env.DATABASE_URL;
  if (env && isDatabaseUrl(env)) return dialectFor(env).name;
  if (!(ctx.io.isTTY && Boolean(process.stdin.isTTY) && !process.env.CI && !ctx.json)) return undefined;
  const { INIT_DIALECTS, INIT_TEMPLATES } = await import('../../commands/init-templates.js');
  const p = await import('@clack/prompts');
  const choice = await p.select({
    message: 'Which database is the project for?',
    options: INIT_DIALECTS.map((d) => ({ value: d, label: INIT_TEMPLATES[d].label, hint: INIT_TEMPLATES[d].hint })),
  });
  if (p.isCancel(choice)) throw new CairnError('INTERRUPTED', 'init cancelled: nothing was written (pass --dialect postgres|mysql|sqlite to skip the question)');
  return choice as DialectName;
}
