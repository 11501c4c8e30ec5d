/**
 * Whether a column default is volatile. Since PostgreSQL 11, `ADD COLUMN … DEFAULT x` with a
 * non-volatile `x` (a constant, `now()`) is evaluated once and stored in the catalog: no row is
 * touched. A volatile default (`gen_random_uuid()`, `clock_timestamp()`, `nextval(...)`) must
 * give every existing row its own value, so the table is rewritten under ACCESS EXCLUSIVE.
 *
 * Rules cannot ask the database, so built-in and common extension functions are listed (from
 * `pg_proc.provolatile = 'v'`, those a default can plausibly call), and the migration's own
 * functions are read from the schema: `pg_get_functiondef` writes IMMUTABLE or STABLE when a
 * function is one, and nothing when it is volatile, PostgreSQL's default.
 */
import type { Realm } from '../../schema/model.js';
import { calledFunctions, tokenize } from './lint-sql.js';

/** Volatile functions of PostgreSQL and of the extensions defaults use (uuid-ossp, pgcrypto). */
const VOLATILE_FUNCTIONS = new Set([
  'random', 'random_normal', 'setseed', 'clock_timestamp', 'timeofday', 'gen_random_uuid', 'uuidv4', 'uuidv7',
  'nextval', 'currval', 'lastval', 'setval', 'txid_status', 'set_config', 'current_query',
  'uuid_generate_v1', 'uuid_generate_v1mc', 'uuid_generate_v4', 'gen_random_bytes', 'gen_salt',
]);

/** volatileCall names the first volatile function an expression calls, or returns undefined. */
export function volatileCall(expr: string, schema: Realm): string | undefined {
  for (const fn of calledFunctions(tokenize(expr))) {
    const own = schema.schemas
      .filter((s) => fn.schema === undefined || s.name === fn.schema)
      .flatMap((s) => s.functions.filter((f) => f.name === fn.name && f.kind === 'function'));
    if (own.length > 0) {
      if (own.some((f) => !/^\s*(IMMUTABLE|STABLE)\b/m.test(f.def))) return fn.name;
      continue;
    }
    // Extension functions live wherever the extension was installed (`extensions.uuid_generate_v4`).
    if (VOLATILE_FUNCTIONS.has(fn.name)) return fn.name;
  }
  return undefined;
}
