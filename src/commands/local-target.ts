/**
 * The guard of the development commands (`dev`, `reset`, `push`): they change a database
 * without a reviewed migration, so they run only on a database that lives on this machine
 * unless the caller says `force`. The check reads the URL alone and runs before any
 * connection, so a production URL is never even opened.
 */
import { isEmbedded } from '../dialects/registry.js';
import { parseUrl, redactUrl } from '../dialects/url.js';
import { CairnError } from '../errors.js';

/** The target of `dev`, `reset` and `push` when neither `--url`, the config nor DATABASE_URL names one (as `cairn init` writes it). */
export const DEFAULT_LOCAL_URL = 'pglite:./.cairn/local';

/**
 * isLocalUrl: an embedded database (PGlite, SQLite: in this process), or a server reached
 * through a Unix socket, `localhost`, 127.0.0.0/8 or ::1. A server URL without a host means the
 * driver's default, which is the local socket or localhost.
 *
 * @example
 * isLocalUrl('pglite:./.cairn/local')                 // true
 * isLocalUrl('postgres://postgres@127.0.0.1/app')     // true
 * isLocalUrl('postgres://u:pw@db.example.com/app')    // false
 */
export function isLocalUrl(url: string): boolean {
  if (isEmbedded(url)) return true;
  const parsed = parseUrl(url);
  // A `host` (libpq) or `socketPath` (mysql2) parameter overrides the URL's host; libpq takes a comma-separated list.
  const hosts = (parsed.params.host ?? parsed.params.socketPath ?? parsed.host ?? '').split(',').map((h) => safeDecode(h.trim()));
  return hosts.every(isLocalHost);
}

function isLocalHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (h === '' || h.startsWith('/') || h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  return /^127(\.\d{1,3}){3}$/.test(h);
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** assertLocal throws CairnError USAGE for a non-local target unless `force`; the message shows the URL masked. */
export function assertLocal(url: string, command: string, force: boolean | undefined): void {
  if (force || isLocalUrl(url)) return;
  throw new CairnError('USAGE', `cairn ${command} changes the database without a migration and runs only on a local database; ${redactUrl(url)} is not local`, {
    hint: 'local means pglite:, sqlite:, or a server on localhost, 127.0.0.0/8, ::1 or a Unix socket; pass --force if this database is really yours to change',
  });
}
