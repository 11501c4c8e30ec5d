/**
 * Connection failures become CairnError CONNECT with the password scrubbed from the message,
 * the stack and the attached cause: drivers echo DSNs in their errors, and a CI log that
 * prints `err.cause` must not leak a secret.
 */
import { CairnError } from '../errors.js';
import { redactSecrets, redactUrl, urlSecrets } from './url.js';

/** A copy of a driver error with every string field redacted; keeps code/errno for diagnosis. */
export function sanitizeError(err: unknown, url: string): Error {
  const src = (err ?? {}) as Record<string, unknown>;
  const message = redactSecrets(err instanceof Error ? err.message : String(err), url);
  const copy = new Error(message);
  copy.name = err instanceof Error ? err.name : 'Error';
  copy.stack = redactSecrets(err instanceof Error && err.stack ? err.stack : `${copy.name}: ${message}`, url);
  for (const key of ['code', 'errno', 'sqlState', 'syscall', 'address', 'port']) {
    const v = src[key];
    if (typeof v === 'string' || typeof v === 'number') {
      (copy as unknown as Record<string, unknown>)[key] = typeof v === 'string' ? redactSecrets(v, url) : v;
    }
  }
  return copy;
}

/** Wraps a failed connect: `could not connect to <redacted url>: <redacted reason>`. */
export function connectError(err: unknown, url: string, hint?: string): CairnError {
  if (err instanceof CairnError && err.code === 'CONNECT') return err;
  const clean = sanitizeError(err, url);
  const code = (clean as { code?: unknown }).code;
  const reason = clean.message || (typeof code === 'string' ? code : 'unknown error');
  return new CairnError('CONNECT', `could not connect to ${redactUrl(url)}: ${reason}`, {
    cause: clean,
    details: typeof code === 'string' ? { driverCode: code } : {},
    hint: hint ?? 'check that the server is running, the URL (host, port, database, user) and the credentials',
  });
}

/**
 * Scrubs the URL's secrets from an error thrown by a live connection, in place, and returns it.
 * `password` is the parsed one; a `?password=` parameter counts too, so it is not a guard.
 */
export function scrubInPlace<E>(err: E, url: string, _password?: string): E {
  if (!(err instanceof Error) || urlSecrets(url).length === 0) return err;
  err.message = redactSecrets(err.message, url);
  if (err.stack) err.stack = redactSecrets(err.stack, url);
  return err;
}
