/**
 * Password hygiene: a URL's password must never reach a result, an error or an event. Drivers
 * echo URLs in their errors, so every error leaving the runner goes through `scrubError`.
 */
import { CairnError } from '../../errors.js';

/** redactUrl masks the password of a URL (`postgres://u:****@h/db`); non-URLs pass through. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '****';
    return u.toString();
  } catch {
    return url.replace(/(\/\/[^:/@]*:)[^@/]*@/, '$1****@');
  }
}

/** The password of `url` in raw and percent-decoded forms, for scrubbing; empty when none. */
function secretsOf(url: string): string[] {
  try {
    const p = new URL(url).password;
    if (!p) return [];
    const decoded = safeDecode(p);
    return [...new Set([p, decoded])].filter((s) => s.length > 0);
  } catch {
    const m = /\/\/[^:/@]*:([^@/]*)@/.exec(url);
    return m && m[1] ? [m[1]] : [];
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** scrubText replaces every occurrence of the URL's password with `****`. */
export function scrubText(text: string, url: string): string {
  let out = text;
  for (const s of secretsOf(url)) out = out.split(s).join('****');
  return out;
}

/**
 * scrubError returns an error safe to show: a CairnError with message, hint and string details
 * scrubbed (other errors are wrapped as CairnError CONNECT/INTERNAL is not assumed; they keep
 * their class but get a scrubbed message). `cause` is dropped when it mentions the password.
 */
export function scrubError(err: unknown, url: string): unknown {
  if (secretsOf(url).length === 0) return err;
  if (err instanceof CairnError) {
    const details: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(err.details)) details[k] = typeof v === 'string' ? scrubText(v, url) : v;
    const cause = err.cause !== undefined && mentions(err.cause, url) ? undefined : err.cause;
    const out = new CairnError(err.code, scrubText(err.message, url), { details, hint: err.hint && scrubText(err.hint, url), cause });
    if (err.stack) out.stack = scrubText(err.stack, url);
    return out;
  }
  if (err instanceof Error) {
    err.message = scrubText(err.message, url);
    if (err.stack) err.stack = scrubText(err.stack, url);
    return err;
  }
  return typeof err === 'string' ? scrubText(err, url) : err;
}

function mentions(x: unknown, url: string): boolean {
  const text = x instanceof Error ? `${x.message}\n${x.stack ?? ''}` : String(x);
  return secretsOf(url).some((s) => text.includes(s));
}
