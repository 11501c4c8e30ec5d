import type { Command } from 'commander';
import { isAbsolute, resolve } from 'node:path';
import pc from 'picocolors';
import { CairnError, EXIT, exitCodeFor } from '../errors.js';
import { buildContext, type Context } from './context.js';
import { errorJson, renderError, Secrets, type Io } from './output.js';

/** What a command action returns: data for --json, lines for people, and the exit code. */
export interface Outcome {
  readonly data: unknown;
  readonly text: string | readonly string[];
  readonly exitCode?: number;
}

export type Action = (ctx: Context, args: string[], opts: Record<string, unknown>) => Promise<Outcome>;

/** Shared state of one CLI invocation (set by main). */
export const invocation: { io: Io; signal: AbortSignal; exitCode: number; cwd: string } = {
  io: undefined as unknown as Io,
  signal: new AbortController().signal,
  exitCode: 0,
  cwd: process.cwd(),
};

/**
 * action wraps a command body: builds the context, runs it, prints text or JSON through the
 * secrets scrubber, and maps errors to the exit-code table. Nothing else in the CLI prints.
 */
export function action(body: Action): (...args: unknown[]) => Promise<void> {
  return async (...args: unknown[]) => {
    const cmd = args[args.length - 1] as Command;
    const opts = cmd.opts();
    const positional = cmd.args;
    const io = invocation.io;
    let ctx: Context | undefined;
    // Every string flag may be a URL (--url, --dev-url, --from, --to): its password is hidden
    // from all output, even when the context cannot be built or the URL does not parse.
    const flagSecrets = new Secrets();
    for (const v of Object.values(cmd.optsWithGlobals())) if (typeof v === 'string') flagSecrets.addUrl(v);
    flagSecrets.addUrl(process.env.DATABASE_URL);
    const scrub = (s: string) => flagSecrets.scrub(ctx ? ctx.secrets.scrub(s) : s);
    try {
      ctx = await buildContext(cmd, io, invocation.signal, invocation.cwd);
      const outcome = await body(ctx, positional, opts);
      if (ctx.json) io.out(scrub(JSON.stringify(outcome.data, null, 2)));
      else {
        const text = typeof outcome.text === 'string' ? outcome.text : outcome.text.join('\n');
        if (text) io.out(scrub(text));
      }
      invocation.exitCode = outcome.exitCode ?? EXIT.OK;
    } catch (err) {
      const json = ctx?.json ?? Boolean(cmd.optsWithGlobals().json);
      if (json) io.out(scrub(JSON.stringify(errorJson(err), null, 2)));
      else io.err(scrub(renderError(err, io.color ? pc.red : (s) => s)));
      invocation.exitCode = exitCodeFor(err);
    }
  };
}

export function requireUrl(ctx: Context, what = 'this command'): string {
  const url = ctx.options.url ?? process.env.DATABASE_URL;
  if (!url) {
    throw new CairnError('USAGE', `${what} needs a database: pass --url, set url in cairn.config.ts, or set DATABASE_URL`);
  }
  ctx.secrets.addUrl(url);
  return anchorFileUrl(url, ctx.cwd);
}

/**
 * anchorFileUrl makes a relative `sqlite:` / `pglite:` path relative to the invocation's
 * directory rather than the process's: the same thing for the bin, but `main(argv, io, cwd)`
 * called by an embedding program must not create `./dev.db` wherever that program runs.
 */
export function anchorFileUrl(url: string, cwd: string): string {
  const m = /^(sqlite|pglite):(?!\/\/)(.*)$/i.exec(url);
  if (!m) return url;
  const rest = m[2];
  if (rest === '' || rest === ':memory:' || rest === 'memory' || isAbsolute(rest) || rest.includes('?')) return url;
  return `${m[1]}:${resolve(cwd, rest)}`;
}

export const colors = (ctx: Context) => (ctx.io.color ? pc : pc.createColors(false));
