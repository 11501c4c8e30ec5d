import { CairnError, exitCodeFor } from '../errors.js';

/** Where the CLI writes; tests and embedding callers can pass their own. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  readonly isTTY: boolean;
  readonly color: boolean;
}

export const processIo: Io = {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : t + '\n'),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : t + '\n'),
  isTTY: Boolean(process.stdout.isTTY),
  color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR && process.env.CI !== 'true',
};

/**
 * Secrets holds every password the CLI has seen in a URL (flags, config, env) so that all
 * output, including driver errors we did not write, passes through one scrubber.
 */
export class Secrets {
  private readonly values = new Set<string>();

  addUrl(url: string | undefined): void {
    if (!url) return;
    try {
      const u = new URL(url);
      if (u.password) {
        this.values.add(u.password);
        this.values.add(decodeURIComponent(u.password));
      }
    } catch {
      // Not a URL with credentials (sqlite:./x.db): nothing to hide.
    }
  }

  scrub(text: string): string {
    let t = text;
    for (const v of this.values) if (v.length > 0) t = t.split(v).join('****');
    return t;
  }
}

/** renderError formats any thrown value for people: message, location, hint. */
export function renderError(err: unknown, color: (s: string) => string): string {
  if (err instanceof CairnError) {
    const lines = [color(`error: ${err.message}`)];
    const d = err.details;
    if (d.file && !err.message.includes(String(d.file))) {
      lines.push(`  at ${d.file}${d.line ? `:${d.line}${d.column ? `:${d.column}` : ''}` : ''}`);
    }
    // Runner messages may already quote the statement; print it once.
    if (d.statement && !/\n\s*statement: /.test(err.message)) lines.push(`  statement: ${truncate(String(d.statement), 400)}`);
    if (err.hint) lines.push(`  hint: ${err.hint}`);
    return lines.join('\n');
  }
  const e = err as Error;
  return color(`error: ${e?.message ?? String(err)}`) + (process.env.CAIRN_DEBUG ? `\n${e?.stack ?? ''}` : '');
}

export function errorJson(err: unknown): Record<string, unknown> {
  if (err instanceof CairnError) return { error: err.toJSON(), exitCode: exitCodeFor(err) };
  return { error: { code: 'INTERNAL', message: (err as Error)?.message ?? String(err) }, exitCode: exitCodeFor(err) };
}

function truncate(s: string, n: number): string {
  return s.length > n ? s.slice(0, n) + '…' : s;
}
