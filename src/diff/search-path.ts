/**
 * The dev database's search_path while `cairn diff` replays a history or loads the desired
 * state (`--dev-search-path`, config `devSearchPath`): a dbmate history connects with
 * `?search_path=app` and creates tables unqualified, so replaying it needs the same path.
 */
import type { Connection } from '../dialects/types.js';
import { CairnError } from '../errors.js';

const SHOW = `SELECT pg_catalog.current_setting('search_path') AS path`;
const SET = `SELECT pg_catalog.set_config('search_path', $1, false)`;

/**
 * withSearchPath runs `fn` with the session's search_path set to `path` (a list as PostgreSQL
 * reads it: `app`, `app, public`, `"My Schema"`; schemas that do not exist yet are allowed, as
 * in PostgreSQL), then puts the previous value back, so that inspection sees the session as it
 * was. The value goes to the server as a parameter, never spliced into SQL. Without `path`,
 * `fn` runs as it is.
 */
export async function withSearchPath<T>(conn: Connection, path: string | undefined, fn: () => Promise<T>): Promise<T> {
  if (path === undefined || path.trim() === '') return fn();
  if (!conn.dialect.capabilities.schemas) {
    throw new CairnError('USAGE', `--dev-search-path needs a dev database with schemas; ${conn.dialect.name} has none`);
  }
  const [before] = await conn.query<{ path: string }>(SHOW);
  try {
    await conn.query(SET, [path]);
  } catch (e) {
    throw new CairnError('USAGE', `--dev-search-path ${path}: ${conn.dialect.errorInfo(e).message}`, { cause: e, hint: 'a comma-separated list of schema names, e.g. app,public' });
  }
  try {
    return await fn();
  } finally {
    await conn.query(SET, [before?.path ?? '"$user", public']).catch(() => {});
  }
}
