/**
 * Target URLs: one parser for every scheme, and the two functions that keep passwords out of
 * messages. Everything that prints a URL or a driver error goes through `redactUrl` /
 * `redactSecrets`, because drivers (and URL parsers) love to echo the DSN back.
 *
 * @example
 * parseUrl('postgres://app:pw@db:5432/shop').database   // 'shop'
 * parseUrl('sqlite::memory:').memory                     // true
 * redactUrl('mysql://root:pw@127.0.0.1/test')            // 'mysql://root:****@127.0.0.1/test'
 */
import { isAbsolute, resolve } from 'node:path';
import { CairnError } from '../errors.js';

/** The driver families a URL can name; `postgres` and `pglite` share the postgres dialect. */
export type UrlKind = 'postgres' | 'mysql' | 'sqlite' | 'pglite';

/** Scheme → kind. The registry keeps its own driver table; this only says how to parse. */
const SCHEME_KIND: Readonly<Record<string, UrlKind>> = {
  postgres: 'postgres',
  postgresql: 'postgres',
  mysql: 'mysql',
  mariadb: 'mysql',
  sqlite: 'sqlite',
  pglite: 'pglite',
};

export interface ParsedUrl {
  /** The scheme as written, lower-cased, without ':' ('postgresql', 'mariadb'...). */
  readonly scheme: string;
  readonly kind: UrlKind;
  readonly host?: string;
  readonly port?: number;
  readonly user?: string;
  /** Percent-decoded password; never print it. */
  readonly password?: string;
  /** Server databases: the database named by the path (percent-decoded). */
  readonly database?: string;
  /** File targets: the SQLite file or PGlite data directory; undefined for in-memory. */
  readonly path?: string;
  /** `sqlite::memory:` / `pglite:memory`. */
  readonly memory: boolean;
  /** Query parameters of server URLs (`?sslmode=require`). */
  readonly params: Readonly<Record<string, string>>;
}

/** The scheme of a URL, lower-cased, without ':'; undefined when there is none. */
export function schemeOf(url: string): string | undefined {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(url);
  return m ? m[1].toLowerCase() : undefined;
}

/** Parses a target URL; throws CairnError CONNECT (password-free) when it cannot. */
export function parseUrl(url: string): ParsedUrl {
  const scheme = schemeOf(url);
  const kind = scheme === undefined ? undefined : SCHEME_KIND[scheme];
  if (scheme === undefined || kind === undefined) {
    throw new CairnError('CONNECT', `unsupported database URL ${redactUrl(url)}`, {
      hint: `use one of ${Object.keys(SCHEME_KIND).map((s) => s + '://').join(', ')} (sqlite:<file>, pglite:<dir> or pglite:memory)`,
    });
  }
  if (kind === 'sqlite' || kind === 'pglite') return parseFileUrl(url, scheme, kind);
  return parseServerUrl(url, scheme, kind);
}

/**
 * resolveLocalUrl makes the path of a file URL (`sqlite:./app.db`, `pglite:./.cairn/db`)
 * absolute against `base`; other URLs, in-memory ones and absolute paths come back unchanged.
 * A config file's URLs are relative to the config file, not to wherever the CLI runs.
 */
export function resolveLocalUrl(url: string, base: string): string {
  const scheme = schemeOf(url);
  const kind = scheme === undefined ? undefined : SCHEME_KIND[scheme];
  if (scheme === undefined || (kind !== 'sqlite' && kind !== 'pglite')) return url;
  const parsed = parseFileUrl(url, scheme, kind);
  if (parsed.memory || parsed.path === undefined || isAbsolute(parsed.path)) return url;
  return `${scheme}:${resolve(base, parsed.path)}`;
}

/** `sqlite:<path>`, `sqlite://<path>`, `sqlite::memory:`, `pglite:<dir>`, `pglite:memory`. */
function parseFileUrl(url: string, scheme: string, kind: UrlKind): ParsedUrl {
  let rest = url.slice(scheme.length + 1);
  if (rest.startsWith('//')) rest = rest.slice(2);
  // `sqlite:memory` is a file named "memory"; only PGlite spells its in-memory target that way.
  const memory = rest === ':memory:' || (kind === 'pglite' && rest === 'memory');
  if (memory) return { scheme, kind, memory: true, params: {} };
  if (rest === '') {
    throw new CairnError('CONNECT', `database URL ${url} names no ${kind === 'sqlite' ? 'file' : 'directory'}`, {
      hint: kind === 'sqlite' ? 'use sqlite:<file> or sqlite::memory:' : 'use pglite:<dir> or pglite:memory',
    });
  }
  return { scheme, kind, memory: false, path: safeDecode(rest), params: {} };
}

function parseServerUrl(url: string, scheme: string, kind: UrlKind): ParsedUrl {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new CairnError('CONNECT', `malformed database URL ${redactUrl(url)}`, {
      hint: `expected ${scheme}://user:password@host:port/database (percent-encode special characters in the password)`,
    });
  }
  const params: Record<string, string> = {};
  for (const [k, v] of u.searchParams) params[k] = v;
  const db = u.pathname.replace(/^\//, '');
  return {
    scheme,
    kind,
    host: u.hostname.replace(/^\[(.*)\]$/, '$1') || undefined,
    port: u.port ? Number(u.port) : undefined,
    user: u.username ? safeDecode(u.username) : undefined,
    password: u.password ? safeDecode(u.password) : undefined,
    database: db ? safeDecode(db) : undefined,
    memory: false,
    params,
  };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * Locates the password inside `scheme://user:password@host...` by hand rather than with
 * `new URL`, so that even a URL the WHATWG parser rejects gets masked. The authority ends at
 * the first '/', '?' or '#'; the userinfo at its last '@' (as WHATWG does).
 */
function passwordSpan(url: string): { start: number; end: number } | undefined {
  const m = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.exec(url);
  if (!m) return undefined;
  const authStart = m[0].length;
  let authEnd = url.slice(authStart).search(/[/?#]/);
  authEnd = authEnd < 0 ? url.length : authStart + authEnd;
  const at = url.lastIndexOf('@', authEnd - 1);
  if (at < authStart) return undefined;
  const colon = url.indexOf(':', authStart);
  if (colon < 0 || colon > at) return undefined;
  return { start: colon + 1, end: at };
}

/** The URL with its password replaced by `****` (unchanged when there is none). */
export function redactUrl(url: string): string {
  const span = passwordSpan(url);
  if (!span || span.end === span.start) return url;
  return url.slice(0, span.start) + '****' + url.slice(span.end);
}

/**
 * Removes the URL's password from arbitrary text (a driver error, a stack trace), in every
 * spelling a driver might use: raw as written in the URL, percent-decoded, and re-encoded.
 * The URL itself, if echoed, is masked first so its shape stays readable.
 */
export function redactSecrets(text: string, url: string): string {
  const span = passwordSpan(url);
  if (!span || span.end === span.start) return text;
  const raw = url.slice(span.start, span.end);
  let out = text.split(url).join(redactUrl(url));
  const spellings = new Set([raw, safeDecode(raw), encodeURIComponent(safeDecode(raw))]);
  // Longest first so a decoded password that contains the raw one is masked whole.
  for (const s of [...spellings].sort((a, b) => b.length - a.length)) {
    if (s.length > 0) out = out.split(s).join('****');
  }
  return out;
}
