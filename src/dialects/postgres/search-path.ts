/**
 * The session's search_path, read the way PostgreSQL reads it, for placing the revision table
 * when no schema is configured (see Dialect.revisionSchema).
 *
 * PostgreSQL creates unqualified objects in the first schema of the path that exists, so where
 * the table lands depends on what exists: with `?search_path=app` on a fresh database (a dbmate
 * history whose first migration creates `app`) there is no such schema and
 * `current_schema()` is null; with `app,public` the table would go in `public` on the first run
 * and be looked up in `app` once a migration has created it. Cairn instead always uses the first
 * schema the path names (created with the table when missing), as dbmate does.
 */
import type { Connection, RevisionSchemaChoice } from '../types.js';

/** What `$user` in the path stands for (quoted or not, as PostgreSQL treats both). */
export const USER_ENTRY = '$user';

/**
 * parseSearchPath splits a search_path value as PostgreSQL's SplitIdentifierString does:
 * comma-separated, whitespace around names ignored, `"quoted"` names kept as written (`""`
 * is a quote), bare names folded to lower case (ASCII letters only, as the server does).
 * Empty names (`""`, the value of an empty path) are left out; undefined when the text does not
 * parse (the server would not have accepted it).
 */
export function parseSearchPath(text: string): string[] | undefined {
  const out: string[] = [];
  let i = 0;
  const n = text.length;
  const space = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';
  while (space(text[i])) i++;
  if (i === n) return out;
  for (;;) {
    let name: string;
    if (text[i] === '"') {
      name = '';
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) return undefined;
        name += text.slice(i, q);
        if (text[q + 1] === '"') {
          name += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
    } else {
      const start = i;
      while (i < n && text[i] !== ',' && !space(text[i]) && text[i] !== '"') i++;
      if (i === start) return undefined;
      name = text.slice(start, i).replace(/[A-Z]/g, (c) => c.toLowerCase());
    }
    if (name !== '') out.push(name);
    while (space(text[i])) i++;
    if (i === n) return out;
    if (text[i] !== ',') return undefined;
    i++;
    while (space(text[i])) i++;
  }
}

/**
 * firstSchema is the schema a search_path names first: `$user` counts only when a schema of the
 * user's name exists (as for the server, an absent one is skipped), and temporary schemas
 * (`pg_temp`) never hold permanent tables. Null when the path names none.
 */
export function firstSchema(entries: readonly string[], user: string, userSchemaExists: boolean): string | null {
  for (const e of entries) {
    if (e === USER_ENTRY) {
      if (userSchemaExists) return user;
      continue;
    }
    if (e === 'pg_temp' || e.startsWith('pg_temp_')) continue;
    return e;
  }
  return null;
}

/**
 * searchPathUrl scopes a URL to one schema through its `search_path` parameter (the driver
 * sends it as the session's default, driver.ts sessionOptions), so that migrations' unqualified
 * names and the revision table land there; the schema is created with the revision table. A
 * name that a bare identifier would fold or split is double-quoted.
 */
export function searchPathUrl(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('search_path', /^[a-z_][a-z0-9_$]*$/.test(schema) ? schema : `"${schema.replace(/"/g, '""')}"`);
  return u.toString();
}

/** urlSchema: the first schema a URL's `search_path` parameter names (`$user` and pg_temp aside), if any. */
export function urlSchema(url: string): string | undefined {
  let value: string | null;
  try {
    value = new URL(url).searchParams.get('search_path');
  } catch {
    return undefined;
  }
  const entries = value === null ? undefined : parseSearchPath(value);
  return entries?.find((e) => e !== USER_ENTRY && e !== 'pg_temp' && !e.startsWith('pg_temp_'));
}

/** One round trip: the path, what it resolves to, and every schema holding a table named $1. */
const SESSION_PATH = `SELECT current_schema() AS "current", current_setting('search_path') AS "path", current_user AS "user",
  EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = current_user) AS "userSchema",
  ARRAY(SELECT n.nspname::text FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relname = $1 AND c.relkind IN ('r', 'p')) AS "holders"`;

interface PathRow {
  current: string | null;
  path: string;
  user: string;
  userSchema: boolean;
  holders: string[];
}

export async function revisionSchema(conn: Connection, table: string): Promise<RevisionSchemaChoice> {
  const row = (await conn.query<PathRow>(SESSION_PATH, [table]))[0];
  const current = row?.current ?? null;
  const searchPath = row?.path ?? '';
  const user = row?.user ?? '';
  const userSchema = row?.userSchema === true;
  const entries = parseSearchPath(searchPath);
  // A path the server took but this parser does not (or one naming only temporary schemas):
  // fall back to what the server resolved.
  const first = (entries === undefined ? null : firstSchema(entries, user, userSchema)) ?? current;
  const holders = new Set(row?.holders ?? []);
  const named = (entries ?? []).flatMap((e) => (e === USER_ENTRY ? (userSchema ? [user] : []) : [e]));
  if (current !== null) named.push(current);
  const elsewhere = [...new Set(named)].filter((s) => s !== first && holders.has(s));
  return { first, current, searchPath, inFirst: first !== null && holders.has(first), elsewhere };
}
