/**
 * PostgreSQL catalog queries, one named constant per object kind, shared by the server driver
 * and PGlite. `$1` is always the target schema (NULL → current_schema()). Objects that belong
 * to an extension (pg_depend deptype 'e') are the extension's, not the user's, and are skipped.
 */

/** Whether a plain or partitioned table exists. $1 schema|null, $2 table. */
export const REVISION_TABLE_EXISTS = `
SELECT EXISTS (
  SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = coalesce($1, current_schema()) AND c.relname = $2 AND c.relkind IN ('r', 'p')
) AS "exists"`;

/** Schema the revision table lives in when the caller names none. */
export const CURRENT_SCHEMA = `SELECT current_schema() AS "schema"`;

/** Tables, views, materialized views and foreign tables. */
export const RELATIONS = `
SELECT c.relname AS "name",
       CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view'
                      WHEN 'f' THEN 'foreign table' ELSE 'table' END AS "kind"
FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = coalesce($1, current_schema()) AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
  AND NOT c.relispartition
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                  WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY 1`;

/** Sequences not owned by a column (serial/identity sequences go with their table). */
export const FREE_SEQUENCES = `
SELECT c.relname AS "name", 'sequence' AS "kind"
FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = coalesce($1, current_schema()) AND c.relkind = 'S'
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                  WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid
                    AND d.deptype IN ('a', 'i', 'e'))
ORDER BY 1`;

/** Enums, domains, ranges and stand-alone composite types (not table row types or arrays). */
export const TYPES = `
SELECT t.typname AS "name",
       CASE t.typtype WHEN 'e' THEN 'enum' WHEN 'd' THEN 'domain' WHEN 'r' THEN 'range'
                      WHEN 'm' THEN 'multirange' ELSE 'type' END AS "kind"
FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
WHERE n.nspname = coalesce($1, current_schema())
  AND (t.typtype IN ('e', 'd', 'r')
       OR (t.typtype = 'c' AND (SELECT c.relkind FROM pg_catalog.pg_class c WHERE c.oid = t.typrelid) = 'c'))
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                  WHERE d.classid = 'pg_catalog.pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e')
ORDER BY 1`;

/** Functions, procedures and aggregates; "args" (identity arguments) is what DROP needs for overloads. */
export const ROUTINES = `
SELECT p.proname AS "name",
       CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' ELSE 'function' END AS "kind",
       pg_catalog.pg_get_function_identity_arguments(p.oid) AS "args"
FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname = coalesce($1, current_schema())
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                  WHERE d.classid = 'pg_catalog.pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
ORDER BY 1, 3`;

/** Collations and text search configurations (types and columns may use them: dropped after). */
export const COLLATIONS_AND_TS_CONFIGS = `
SELECT c.collname AS "name", 'collation' AS "kind"
FROM pg_catalog.pg_collation c JOIN pg_catalog.pg_namespace n ON n.oid = c.collnamespace
WHERE n.nspname = coalesce($1, current_schema())
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                  WHERE d.classid = 'pg_catalog.pg_collation'::regclass AND d.objid = c.oid AND d.deptype = 'e')
UNION ALL
SELECT t.cfgname, 'text search configuration'
FROM pg_catalog.pg_ts_config t JOIN pg_catalog.pg_namespace n ON n.oid = t.cfgnamespace
WHERE n.nspname = coalesce($1, current_schema())
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                  WHERE d.classid = 'pg_catalog.pg_ts_config'::regclass AND d.objid = t.oid AND d.deptype = 'e')
ORDER BY 1`;

/** Extensions installed into the schema. */
export const EXTENSIONS = `
SELECT e.extname AS "name", 'extension' AS "kind"
FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
WHERE n.nspname = coalesce($1, current_schema())
ORDER BY 1`;

/** Who holds an advisory lock on a bigint key: $1 high 32 bits, $2 low 32 bits (as oids). */
export const ADVISORY_LOCK_HOLDER = `
SELECT l.pid AS "pid", a.usename AS "user", a.application_name AS "application",
       host(a.client_addr) AS "client", a.backend_start AS "since"
FROM pg_catalog.pg_locks l LEFT JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid
WHERE l.locktype = 'advisory' AND l.granted AND l.classid = $1::oid AND l.objid = $2::oid AND l.objsubid = 1
LIMIT 1`;

export const TRY_ADVISORY_LOCK = `SELECT pg_catalog.pg_try_advisory_lock($1::bigint) AS "locked"`;
export const ADVISORY_UNLOCK = `SELECT pg_catalog.pg_advisory_unlock($1::bigint) AS "unlocked"`;

/** Objects that belong to an extension (pg_depend deptype 'e'); `$cls` the catalog, `$oid` the column. */
const notExtensionMember = (cls: string, oid: string) =>
  `NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = '${cls}'::regclass AND d.objid = ${oid} AND d.deptype = 'e')`;

/**
 * What makes a database non-empty, in every user schema (not pg_catalog, information_schema,
 * pg_toast*, pg_temp*): a schema other than `public` and the revision table's own, relations,
 * sequences not owned by a column, types, routines, collations, text search configurations,
 * extensions, and event triggers (database-wide). Names are schema-qualified. $1 the revision
 * table's schema|null (→ current_schema()), $2 its name: that table does not count.
 */
export const DATABASE_OBJECTS = `
WITH s AS (
  SELECT oid, nspname FROM pg_catalog.pg_namespace
  WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'
), rev AS (SELECT coalesce($1, current_schema()) AS nsp)
SELECT kind AS "kind", name AS "name" FROM (
  SELECT 'schema' AS kind, s.nspname AS name FROM s
  WHERE s.nspname <> 'public' AND s.nspname IS DISTINCT FROM (SELECT nsp FROM rev)
    AND ${notExtensionMember('pg_catalog.pg_namespace', 's.oid')}
  UNION ALL
  SELECT CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'f' THEN 'foreign table'
                        WHEN 'S' THEN 'sequence' ELSE 'table' END,
         s.nspname || '.' || c.relname
  FROM pg_catalog.pg_class c JOIN s ON s.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
    AND NOT (c.relkind IN ('r', 'p') AND c.relname = $2 AND s.nspname IS NOT DISTINCT FROM (SELECT nsp FROM rev))
    AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
             WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i')))
    AND ${notExtensionMember('pg_catalog.pg_class', 'c.oid')}
  UNION ALL
  SELECT CASE t.typtype WHEN 'e' THEN 'enum' WHEN 'd' THEN 'domain' WHEN 'r' THEN 'range' ELSE 'type' END,
         s.nspname || '.' || t.typname
  FROM pg_catalog.pg_type t JOIN s ON s.oid = t.typnamespace
  WHERE (t.typtype IN ('e', 'd', 'r')
         OR (t.typtype = 'b' AND t.typcategory <> 'A')
         OR (t.typtype = 'c' AND (SELECT c.relkind FROM pg_catalog.pg_class c WHERE c.oid = t.typrelid) = 'c'))
    AND ${notExtensionMember('pg_catalog.pg_type', 't.oid')}
  UNION ALL
  SELECT CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' ELSE 'function' END,
         s.nspname || '.' || p.proname || '(' || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')'
  FROM pg_catalog.pg_proc p JOIN s ON s.oid = p.pronamespace
  WHERE ${notExtensionMember('pg_catalog.pg_proc', 'p.oid')}
  UNION ALL
  SELECT 'collation', s.nspname || '.' || c.collname
  FROM pg_catalog.pg_collation c JOIN s ON s.oid = c.collnamespace
  WHERE ${notExtensionMember('pg_catalog.pg_collation', 'c.oid')}
  UNION ALL
  SELECT 'text search configuration', s.nspname || '.' || t.cfgname
  FROM pg_catalog.pg_ts_config t JOIN s ON s.oid = t.cfgnamespace
  WHERE ${notExtensionMember('pg_catalog.pg_ts_config', 't.oid')}
  UNION ALL
  SELECT 'extension', e.extname FROM pg_catalog.pg_extension e JOIN s ON s.oid = e.extnamespace
  UNION ALL
  SELECT 'event trigger', e.evtname FROM pg_catalog.pg_event_trigger e
  WHERE ${notExtensionMember('pg_catalog.pg_event_trigger', 'e.oid')}
) x
ORDER BY 2, 1`;
