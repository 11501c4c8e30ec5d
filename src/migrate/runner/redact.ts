/**
 * Password hygiene for everything leaving the runner. Drivers echo URLs and DSNs in their
 * errors, so every error thrown out of a runner command goes through `scrubError`, which
 * removes the URL's password (every spelling, see dialects/url.ts) from message, hint, string
 * details and stack, and drops a `cause` that still mentions it.
 */
import { CairnError } from '../../errors.js';
import { redactSecrets } from '../../dialects/url.js';

export function scrubError(err: unknown, url: string): unknown {
  const scrub = (s: string) => redactSecrets(s, url);
  if (err instanceof CairnError) {
    const details: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(err.details)) details[k] = typeof v === 'string' ? scrub(v) : v;
    const cause = err.cause !== undefined && mentions(err.cause, scrub) ? undefined : err.cause;
    const out = new CairnError(err.code, scrub(err.message), { details, hint: err.hint === undefined ? undefined : scrub(err.hint), cause });
    if (err.stack) out.stack = scrub(err.stack);
    return out;
  }
  if (err instanceof Error) {
    err.message = scrub(err.message);
    if (err.stack) err.stack = scrub(err.stack);
    return err;
  }
  return typeof err === 'string' ? scrub(err) : err;
}

function mentions(x: unknown, scrub: (s: string) => string): boolean {
  const text = x instanceof Error ? `${x.message}\n${x.stack ?? ''}` : String(x);
  return scrub(text) !== text;
}
