import { CairnError, exitCodeFor } from '../errors.js';
import { redactSecrets, redactUrl, urlSecrets } from '../dialects/url.js';

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
 * Secrets holds every URL the CLI has seen (flags, config, env) so that all output, including
 * driver errors we did not write, passes through one scrubber. The secrets are found by hand
 * (dialects/url.ts), so a URL that does not parse is scrubbed too.
 */
export class Secrets {
  private readonly urls = new Set<string>();

  addUrl(url: string | undefined): void {
    if (url && urlSecrets(url).length > 0) this.urls.add(url);
  }

  scrub(text: string): string {
    let t = text;
    for (const url of this.urls) t = redactSecrets(t, url);
    return t;
  }
}

/**
 * describeTarget is the first line of text output of a command that touches a database:
 * `target: postgres://app:****@db/shop` (password masked), so that a log says which database
 * a run changed. `label` names another role (`dev database: pglite:memory`).
 */
export function describeTarget(url: string, label = 'target'): string {
  return `${label}: ${redactUrl(url)}`;
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
