/**
 * The targets of a fan-out (`cairn apply --targets …`): read from a targets file (one URL per
 * line), or made from a template and a tenants file. Everything here is checked before anything
 * runs: a malformed line, a template without `{tenant}` or a duplicate target is a USAGE error
 * naming the file and line, password masked, and no database is touched.
 *
 * @example
 * parseTargets('# eu\npostgres://app:pw@eu-1/shop\n', 'fleet.txt')[0].name   // 'postgres://app:****@eu-1/shop'
 * urlTemplateTargets('postgres://db/{tenant}', parseTenants('acme\nglobex\n', 't.txt')).map((t) => t.url)
 *   // ['postgres://db/acme', 'postgres://db/globex']
 */
import { CairnError } from '../../errors.js';
import { dialectFor } from '../../dialects/registry.js';
import { parseUrl, redactUrl } from '../../dialects/url.js';

/** One database of a fan-out. */
export interface FanoutTarget {
  /** The URL to connect to; it may hold a password, so it is never printed. */
  readonly url: string;
  /**
   * The target in reports, and its identity: the URL with its password masked, so that a
   * rotated password neither makes a new target (duplicates) nor moves it to another shard.
   */
  readonly name: string;
  /** The tenant a template made it for. */
  readonly tenant?: string;
  /** Where it was read: `fleet.txt:12`. */
  readonly source?: string;
}

/** A tenant name of a tenants file, and where it stands. */
export interface Tenant {
  readonly name: string;
  readonly source: string;
}

/** The placeholder a template must hold. */
export const TENANT_PLACEHOLDER = '{tenant}';

/**
 * Tenant names go into URLs, schema names and file names unquoted, so they are kept to what is
 * safe in all three: letters, digits, `_`, `-` and `.`, not starting with `-` or `.`.
 */
const TENANT_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/** Lines that carry something: trimmed, with blank lines and `#` comments left out. */
function meaningfulLines(text: string): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const t = raw.trim();
    if (t !== '' && !t.startsWith('#')) out.push({ text: t, line: i + 1 });
  });
  return out;
}

function lineError(file: string, line: number, message: string, hint: string): CairnError {
  return new CairnError('USAGE', `${file}:${line}: ${message}`, { details: { file, line }, hint });
}

/**
 * parseTargets reads a targets file: one database URL per line; blank lines and lines starting
 * with `#` are skipped. A line is refused when it holds more than one word or does not parse as
 * a URL some driver serves; the message names the line and masks the password.
 */
export function parseTargets(text: string, file: string): FanoutTarget[] {
  const targets = meaningfulLines(text).map(({ text: url, line }) => {
    const hint = 'one database URL per line (postgres://user:password@host:5432/db, mysql://…, sqlite:<file>); # starts a comment line';
    if (/\s/.test(url)) throw lineError(file, line, `expected one URL, got "${redactUrl(url)}"`, hint);
    checkUrl(url, (why) => lineError(file, line, why, hint));
    return { url, name: redactUrl(url), source: `${file}:${line}` };
  });
  assertUniqueTargets(targets);
  return targets;
}

/** checkUrl parses `url` the way connect will, turning its refusal into `fail(message)`. */
function checkUrl(url: string, fail: (message: string) => CairnError): void {
  try {
    dialectFor(url);
    parseUrl(url);
  } catch (e) {
    // The registry's and parser's messages already mask the password.
    throw fail(e instanceof CairnError ? e.message : `malformed database URL ${redactUrl(url)}`);
  }
}

/** parseTenants reads a tenants file: one tenant name per line, blank lines and `#` comments skipped, no duplicates. */
export function parseTenants(text: string, file: string): Tenant[] {
  const seen = new Map<string, number>();
  return meaningfulLines(text).map(({ text: name, line }) => {
    if (!TENANT_NAME.test(name)) {
      throw lineError(file, line, `"${name}" is not a tenant name`, 'one tenant per line: letters, digits, _, - and . (not first)');
    }
    const first = seen.get(name);
    if (first !== undefined) throw lineError(file, line, `tenant ${name} is listed twice (first on line ${first})`, 'list each tenant once');
    seen.set(name, line);
    return { name, source: `${file}:${line}` };
  });
}

/** fill puts the tenant into a template, which must hold `{tenant}`. */
function fill(template: string, tenant: string, flag: string): string {
  if (!template.includes(TENANT_PLACEHOLDER)) {
    throw new CairnError('USAGE', `${flag} ${redactUrl(template)} has no ${TENANT_PLACEHOLDER}: every tenant would be the same target`, {
      hint: `put ${TENANT_PLACEHOLDER} where the tenant's name goes, e.g. ${flag} 'postgres://app@db:5432/${TENANT_PLACEHOLDER}'`,
    });
  }
  return template.split(TENANT_PLACEHOLDER).join(tenant);
}

/** urlTemplateTargets makes one target per tenant from `--url-template 'postgres://…/{tenant}'`. */
export function urlTemplateTargets(template: string, tenants: readonly Tenant[]): FanoutTarget[] {
  const targets = tenants.map((t) => {
    const url = fill(template, t.name, '--url-template');
    checkUrl(url, (why) => new CairnError('USAGE', `--url-template for tenant ${t.name} (${t.source}): ${why}`, {
      details: { tenant: t.name },
      hint: 'the template with the tenant filled in must be a database URL',
    }));
    return { url, name: redactUrl(url), tenant: t.name, source: t.source };
  });
  assertUniqueTargets(targets);
  return targets;
}

/**
 * schemaTemplateTargets makes one target per tenant on one server from `--url` and
 * `--schema-template 'tenant_{tenant}'`: the dialect scopes the URL to the tenant's schema
 * (PostgreSQL: its search_path, so the tenant's tables and revision table live in it; MySQL:
 * the database of that name). A database without schemas (SQLite) is refused.
 */
export function schemaTemplateTargets(url: string, template: string, tenants: readonly Tenant[]): FanoutTarget[] {
  checkUrl(url, (why) => new CairnError('USAGE', `--url for --schema-template: ${why}`));
  const dialect = dialectFor(url);
  const scope = dialect.schemaScopedUrl;
  if (!scope) {
    throw new CairnError('USAGE', `${dialect.displayName} has no schemas, so --schema-template cannot put tenants side by side in ${redactUrl(url)}`, {
      hint: `give each tenant its own database instead: --url-template 'sqlite:tenants/${TENANT_PLACEHOLDER}.db' --tenants FILE`,
    });
  }
  const targets = tenants.map((t) => {
    const scoped = scope(url, fill(template, t.name, '--schema-template'));
    return { url: scoped, name: redactUrl(scoped), tenant: t.name, source: t.source };
  });
  assertUniqueTargets(targets);
  return targets;
}

/** assertUniqueTargets refuses a target listed twice (by name: the same database with another password is the same target). */
export function assertUniqueTargets(targets: readonly FanoutTarget[]): void {
  const seen = new Map<string, FanoutTarget>();
  for (const t of targets) {
    const first = seen.get(t.name);
    if (first) {
      const where = (x: FanoutTarget) => x.source ?? 'the list';
      throw new CairnError('USAGE', `${t.name} is listed twice (${where(first)} and ${where(t)})`, {
        details: { target: t.name },
        hint: 'list each database once: running one twice would only make the second run wait for the first one\'s lock',
      });
    }
    seen.set(t.name, t);
  }
}

/** asTargets turns the library's `targets` (URLs or targets) into targets, refusing duplicates. */
export function asTargets(list: readonly (string | FanoutTarget)[]): FanoutTarget[] {
  const targets = list.map((t, i) => {
    if (typeof t !== 'string') return t;
    checkUrl(t, (why) => new CairnError('USAGE', `targets[${i}]: ${why}`));
    return { url: t, name: redactUrl(t) };
  });
  assertUniqueTargets(targets);
  return targets;
}

/**
 * formatTargetsFile writes targets as a targets file (parseTargets reads it back): a header,
 * then per target a `#` comment saying why it is listed and its URL, password included, since
 * the file exists to run those databases again.
 */
export function formatTargetsFile(entries: readonly { readonly target: FanoutTarget; readonly reason: string }[], header: string): string {
  const lines = header.split('\n').map((l) => `# ${l}`);
  for (const { target, reason } of entries) lines.push(`# ${reason.split('\n')[0]}`, target.url);
  return lines.join('\n') + '\n';
}
