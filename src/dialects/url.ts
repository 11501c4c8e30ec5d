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

/** Schemes whose URL names a file: `sqlite:/tmp/a:b@c` is a path, not `user:password@host`. */
const FILE_SCHEMES: ReadonlySet<string> = new Set(['sqlite', 'pglite', 'file']);

/**
 * Parameter names that carry a secret, in a URL query (`?password=…`, `&sslpassword=…`) or a
 * key=value DSN (`host=db password=…`, `Pwd=…;`).
 */
const SECRET_PARAM = /(^|[?&;\s])((?:ssl_?)?(?:password|passwd|pass|pwd)|secret|token)\s*=\s*/gi;

interface Span {
  readonly start: number;
  readonly end: number;
}

/**
 * secretSpans finds every secret in a URL or DSN by hand, never with `new URL`, so that a URL
 * the WHATWG parser rejects is masked as well as one it accepts. Two shapes:
 *
 * - the userinfo password: from the first ':' after `scheme://` (or after the start, when the
 *   scheme is missing) to the LAST '@' of the text. A password may hold '#', '/', '?', ':' or
 *   '@' unescaped (`postgres://u:hun/ter2@db/x`), and no rule can tell `u:12/ter2@db` from
 *   `host:12/db?x=a@b`; so when in doubt this masks too much, never too little.
 * - secret parameters: `password=`, `pass=`, `pwd=`, `passwd=`, `sslpassword=`, `secret=`,
 *   `token=`. In a URL query the value runs to the next '&'; in a key=value DSN to the next
 *   whitespace or ';', or to its closing quote when quoted.
 */
function secretSpans(url: string): Span[] {
  const spans: Span[] = [];
  const user = userinfoPassword(url);
  if (user && user.end > user.start) spans.push(user);
  const query = url.indexOf('?');
  for (const m of url.matchAll(SECRET_PARAM)) {
    const start = m.index + m[0].length;
    if (spans.some((s) => start > s.start && start <= s.end)) continue;
    const end = paramValueEnd(url, start, query >= 0 && m.index >= query);
    if (end > start) spans.push({ start, end });
  }
  return merge(spans);
}

function userinfoPassword(url: string): Span | undefined {
  const scheme = /^\s*([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(url);
  if (scheme && FILE_SCHEMES.has(scheme[1]!.toLowerCase())) return undefined;
  const sep = url.indexOf('://');
  let start = sep >= 0 ? sep + 3 : url.search(/\S/);
  if (start < 0) return undefined;
  if (sep < 0 && url.startsWith('//', start)) start += 2;
  const at = url.lastIndexOf('@');
  if (at <= start) return undefined;
  const colon = url.indexOf(':', start);
  if (colon < 0 || colon >= at) return undefined;
  // `host=db password=p@ss` is a DSN whose '@' belongs to a parameter, not a userinfo.
  if (sep < 0 && /\s/.test(url.slice(start, colon))) return undefined;
  return { start: colon + 1, end: at };
}

function paramValueEnd(text: string, start: number, inQuery: boolean): number {
  const quote = text[start];
  if (quote === "'" || quote === '"') {
    for (let i = start + 1; i < text.length; i++) {
      if (text[i] === '\\') i++;
      else if (text[i] === quote) return i + 1;
    }
    return text.length;
  }
  const rest = text.slice(start);
  const stop = rest.search(inQuery ? /&/ : /[\s;&]/);
  return stop < 0 ? text.length : start + stop;
}

function merge(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) out[out.length - 1] = { start: last.start, end: Math.max(last.end, s.end) };
    else out.push(s);
  }
  return out;
}

/**
 * The URL (or DSN) with every password replaced by `****`: the userinfo password and secret
 * parameters, whether or not the URL parses. Unchanged when there is none.
 *
 * @example
 * redactUrl('postgres://u:hun#ter2@db/shop')        // 'postgres://u:****@db/shop'
 * redactUrl('postgres://db/shop?password=hunter2')  // 'postgres://db/shop?password=****'
 * redactUrl('host=db password=hunter2')             // 'host=db password=****'
 */
export function redactUrl(url: string): string {
  let out = '';
  let from = 0;
  for (const s of secretSpans(url)) {
    out += url.slice(from, s.start) + '****';
    from = s.end;
  }
  return out + url.slice(from);
}

/**
 * urlSecrets lists every spelling of every secret in `url` that a driver, a parser or a log
 * might print: as written, percent-decoded (with '+' as a space for query values),
 * re-encoded, as WHATWG's URL serializer would encode it, and JSON-escaped. Longest first.
 */
export function urlSecrets(url: string): string[] {
  const out = new Set<string>();
  for (const { start, end } of secretSpans(url)) {
    let raw = url.slice(start, end);
    if (/^(['"]).*\1$/s.test(raw)) raw = raw.slice(1, -1);
    const decoded = safeDecode(raw);
    for (const s of [raw, raw.trim(), decoded, safeDecode(raw.replace(/\+/g, ' ')), encodeURIComponent(decoded), decoded.replace(/[\s"#<>?`{}/:;=@[\\\]^|]/g, (c) => encodeURIComponent(c))]) {
      // JSON output escapes quotes and backslashes: hide that spelling too.
      for (const t of [s, JSON.stringify(s).slice(1, -1)]) if (t.length > 0) out.add(t);
    }
  }
  return [...out].sort((a, b) => b.length - a.length);
}

/**
 * Removes the URL's passwords from arbitrary text (a driver error, a stack trace), in every
 * spelling a driver might use (see urlSecrets). The URL itself, if echoed, is masked first so
 * its shape stays readable.
 */
export function redactSecrets(text: string, url: string): string {
  const secrets = urlSecrets(url);
  if (secrets.length === 0) return text;
  let out = text.split(url).join(redactUrl(url));
  const trimmed = url.trim();
  if (trimmed !== url && trimmed.length > 0) out = out.split(trimmed).join(redactUrl(trimmed));
  for (const s of secrets) out = out.split(s).join('****');
  return out;
}
