/**
 * Catalog queries of the PostgreSQL inspector, one per object kind, each reading every
 * inspected schema at once (so an inspection costs a fixed ~21 round trips however big the
 * database: 1,000 tables inspect faster than `pg_dump --schema-only` dumps them).
 * They run with `search_path = ''`, as pg_dump does, so that every name the deparse functions
 * (format_type, pg_get_expr, pg_get_constraintdef, pg_get_indexdef, pg_get_viewdef,
 * pg_get_functiondef, pg_get_triggerdef) print is schema-qualified and comparable, and with
 * `TimeZone = 'UTC'`, so that timestamptz constants (partition bounds, defaults) print the
 * same whatever the server's or the session's time zone.
 *
 * `$1` is the list of schemas to read, or NULL for every user schema. Objects that belong to
 * an extension are left out: the extension owns them. Lists come back as JSON text so that
 * both drivers (pg and PGlite) hand them over the same way.
 */

/** Schema filter on `n.nspname` shared by every query. */
const IN_SCHEMAS = `n.nspname !~ '^pg_' AND n.nspname <> 'information_schema' AND ($1::text[] IS NULL OR n.nspname = ANY($1::text[]))`;

/** Excludes objects created by an extension (pg_depend deptype 'e'). */
const notExtensionMember = (catalog: string, oid: string): string =>
  `NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend x WHERE x.classid = '${catalog}'::regclass AND x.objid = ${oid} AND x.deptype = 'e')`;

/** The JSON list of column names for attribute numbers `keys` of relation `rel`. */
const columnNames = (keys: string, rel: string): string =>
  `to_json(array(SELECT a.attname FROM unnest(${keys}) WITH ORDINALITY k(num, ord) JOIN pg_catalog.pg_attribute a ON a.attrelid = ${rel} AND a.attnum = k.num ORDER BY k.ord))::text`;

/**
 * A LEFT JOIN to an object's comment; select `<alias>.description`. Cheaper than calling
 * obj_description() per row (a third of the constraint query's time on 1,000 tables).
 */
const commentJoin = (alias: string, catalog: string, oid: string, subid = '0'): string =>
  `LEFT JOIN pg_catalog.pg_description ${alias} ON ${alias}.objoid = ${oid} AND ${alias}.classoid = '${catalog}'::regclass AND ${alias}.objsubid = ${subid}`;

export const SEARCH_PATH_QUERY = `SELECT pg_catalog.current_setting('search_path') AS path, pg_catalog.current_setting('TimeZone') AS tz`;
export const CURRENT_SCHEMA_QUERY = `SELECT pg_catalog.current_schema() AS schema`;
export const SET_SEARCH_PATH = `SELECT pg_catalog.set_config('search_path', $1, false), pg_catalog.set_config('TimeZone', $2, false)`;

/**
 * Ordinary and partitioned tables, partitions and tables using plain inheritance included.
 * Foreign tables (partitions or not) are left to UNSUPPORTED_QUERY.
 */
const TABLE_KINDS = `c.relkind IN ('r', 'p')`;

export const SCHEMAS_QUERY = `
SELECT n.nspname AS name, pg_catalog.obj_description(n.oid, 'pg_namespace') AS comment
FROM pg_catalog.pg_namespace n
WHERE ${IN_SCHEMAS} AND ${notExtensionMember('pg_namespace', 'n.oid')}
ORDER BY 1`;

export const TABLES_QUERY = `
SELECT c.oid::int8::text AS oid, n.nspname AS schema, c.relname AS name,
  cd.description AS comment,
  c.relpersistence = 'u' AS unlogged,
  to_json(c.reloptions)::text AS options,
  c.relreplident AS replica_identity,
  (SELECT ri.relname FROM pg_catalog.pg_index x JOIN pg_catalog.pg_class ri ON ri.oid = x.indexrelid
   WHERE x.indrelid = c.oid AND x.indisreplident) AS replica_index,
  c.relrowsecurity AS rls, c.relforcerowsecurity AS force_rls,
  CASE WHEN c.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(c.oid) END AS partition_by,
  pn.nspname AS parent_schema, pc.relname AS parent_name,
  CASE WHEN c.relispartition THEN pg_catalog.pg_get_expr(c.relpartbound, c.oid) END AS partition_bound,
  CASE WHEN NOT c.relispartition THEN
    (SELECT pg_catalog.json_agg(pg_catalog.json_build_object('schema', qn.nspname, 'name', qc.relname) ORDER BY qi.inhseqno)
     FROM pg_catalog.pg_inherits qi JOIN pg_catalog.pg_class qc ON qc.oid = qi.inhparent JOIN pg_catalog.pg_namespace qn ON qn.oid = qc.relnamespace
     WHERE qi.inhrelid = c.oid)::text END AS inherits
FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_inherits ih ON c.relispartition AND ih.inhrelid = c.oid
LEFT JOIN pg_catalog.pg_class pc ON pc.oid = ih.inhparent
LEFT JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace
${commentJoin('cd', 'pg_class', 'c.oid')}
WHERE ${TABLE_KINDS} AND ${IN_SCHEMAS} AND ${notExtensionMember('pg_class', 'c.oid')}
ORDER BY 2, 3`;

/**
 * Columns a table declares itself (attislocal): not a partition's, which are its parent's, nor
 * those a table has only through plain inheritance. A column both declared and inherited is
 * the table's.
 */
export const COLUMNS_QUERY = `
SELECT a.attrelid::int8::text AS relid, a.attname AS name,
  pg_catalog.format_type(a.atttypid, a.atttypmod) AS type,
  CASE WHEN t.typtype IN ('e', 'd', 'c', 'r') THEN tn.nspname WHEN et.typtype IN ('e', 'd', 'c', 'r') THEN etn.nspname END AS type_schema,
  CASE WHEN t.typtype IN ('e', 'd', 'c', 'r') THEN t.typname WHEN et.typtype IN ('e', 'd', 'c', 'r') THEN et.typname END AS type_name,
  NOT a.attnotnull AS nullable,
  CASE WHEN a.attgenerated = '' THEN pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) END AS "default",
  CASE WHEN a.attgenerated <> '' THEN pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) END AS generated,
  a.attidentity AS identity, a.attgenerated AS generated_kind,
  CASE WHEN a.attcollation <> t.typcollation THEN
    (SELECT pg_catalog.quote_ident(cn.nspname) || '.' || pg_catalog.quote_ident(co.collname)
     FROM pg_catalog.pg_collation co JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = a.attcollation)
  END AS collation,
  cd.description AS comment,
  (SELECT sc.relname FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_class sc ON sc.oid = d.objid
   WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass AND d.refobjid = a.attrelid
     AND d.refobjsubid = a.attnum AND d.deptype = 'a' AND sc.relkind = 'S'
     AND pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) = 'nextval(' || pg_catalog.quote_literal(sc.oid::regclass::text) || '::regclass)'
   LIMIT 1) AS owned_sequence
FROM pg_catalog.pg_attribute a
JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
JOIN pg_catalog.pg_namespace tn ON tn.oid = t.typnamespace
LEFT JOIN pg_catalog.pg_type et ON et.oid = t.typelem AND t.typcategory = 'A'
LEFT JOIN pg_catalog.pg_namespace etn ON etn.oid = et.typnamespace
LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
${commentJoin('cd', 'pg_class', 'a.attrelid', 'a.attnum')}
WHERE a.attnum > 0 AND NOT a.attisdropped AND a.attislocal AND ${TABLE_KINDS} AND NOT c.relispartition AND ${IN_SCHEMAS}
ORDER BY a.attrelid, a.attnum`;

/**
 * Constraints a table declares itself. Those PostgreSQL derives are left out: a partition's
 * copies of its parent's keys, foreign keys and checks (conparentid, coninhcount), the
 * per-partition rows of a foreign key that references a partitioned table (conparentid), and
 * the checks a table has only through plain inheritance (a check both declared and inherited,
 * conislocal, is the table's).
 */
export const CONSTRAINTS_QUERY = `
SELECT co.conrelid::int8::text AS relid, co.conname AS name, co.contype AS type,
  pg_catalog.pg_get_constraintdef(co.oid, true) AS def,
  co.condeferrable AS deferrable, co.condeferred AS deferred, co.convalidated AS validated,
  ${columnNames('co.conkey', 'co.conrelid')} AS columns,
  rn.nspname AS ref_schema, rc.relname AS ref_table,
  ${columnNames('co.confkey', 'co.confrelid')} AS ref_columns,
  co.confupdtype AS on_update, co.confdeltype AS on_delete, co.confmatchtype AS match,
  CASE WHEN co.contype IN ('p', 'u') THEN
    (SELECT to_json(array(SELECT a.attname FROM pg_catalog.generate_series(ix.indnkeyatts + 1, ix.indnatts) k(k)
       JOIN pg_catalog.pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = ix.indkey[k.k - 1] ORDER BY k.k))::text
     FROM pg_catalog.pg_index ix WHERE ix.indexrelid = co.conindid AND ix.indnatts > ix.indnkeyatts) END AS include,
  cd.description AS comment
FROM pg_catalog.pg_constraint co
JOIN pg_catalog.pg_class c ON c.oid = co.conrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_class rc ON rc.oid = co.confrelid
LEFT JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace
${commentJoin('cd', 'pg_constraint', 'co.oid')}
WHERE co.contype IN ('p', 'u', 'f', 'c', 'x') AND ${TABLE_KINDS} AND ${IN_SCHEMAS}
  AND co.conparentid = 0 AND (co.coninhcount = 0 OR (co.conislocal AND NOT c.relispartition))
ORDER BY co.conrelid, co.conname`;

/**
 * One row per index that no constraint owns (a PRIMARY KEY or UNIQUE constraint's index is
 * the constraint's), on tables and materialized views. `keys` holds one JSON object per key:
 * the deparsed key, the column name when the key is a plain column, indoption bits, and the
 * operator class and collation when they are not the defaults.
 *
 * A partitioned table's indexes are relkind 'I'; the indexes PostgreSQL builds on its
 * partitions for them are attached to them (relispartition) and left out, while an index made
 * on a partition alone is the partition's.
 */
export const INDEXES_QUERY = `
SELECT i.indrelid::int8::text AS relid, ic.relname AS name, i.indisunique AS "unique", am.amname AS method,
  pg_catalog.pg_get_expr(i.indpred, i.indrelid, true) AS "where",
  COALESCE((pg_catalog.to_jsonb(i) ->> 'indnullsnotdistinct')::boolean, false) AS nulls_not_distinct,
  (SELECT pg_catalog.json_agg(pg_catalog.json_build_object(
      'def', pg_catalog.pg_get_indexdef(i.indexrelid, k.k, true),
      'column', a.attname,
      'option', i.indoption[k.k - 1],
      'opclass', CASE WHEN oc.opcdefault THEN NULL ELSE pg_catalog.quote_ident(ocn.nspname) || '.' || pg_catalog.quote_ident(oc.opcname) END,
      'collation', CASE WHEN i.indcollation[k.k - 1] <> 0 AND i.indcollation[k.k - 1] <> COALESCE(a.attcollation, kt.typcollation) THEN
        (SELECT pg_catalog.quote_ident(cn.nspname) || '.' || pg_catalog.quote_ident(co.collname)
         FROM pg_catalog.pg_collation co JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = i.indcollation[k.k - 1]) END)
    ORDER BY k.k)
   FROM pg_catalog.generate_series(1, i.indnkeyatts) k(k)
   LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[k.k - 1] AND i.indkey[k.k - 1] <> 0
   LEFT JOIN pg_catalog.pg_attribute ka ON ka.attrelid = i.indexrelid AND ka.attnum = k.k
   LEFT JOIN pg_catalog.pg_type kt ON kt.oid = ka.atttypid
   LEFT JOIN pg_catalog.pg_opclass oc ON oc.oid = i.indclass[k.k - 1]
   LEFT JOIN pg_catalog.pg_namespace ocn ON ocn.oid = oc.opcnamespace)::text AS keys,
  to_json(array(SELECT a.attname FROM pg_catalog.generate_series(i.indnkeyatts + 1, i.indnatts) k(k)
     JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[k.k - 1] ORDER BY k.k))::text AS include,
  to_json(ic.reloptions)::text AS options,
  cd.description AS comment
FROM pg_catalog.pg_index i
JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
JOIN pg_catalog.pg_class c ON c.oid = i.indrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_am am ON am.oid = ic.relam
${commentJoin('cd', 'pg_class', 'i.indexrelid')}
WHERE c.relkind IN ('r', 'p', 'm') AND NOT ic.relispartition AND ${IN_SCHEMAS}
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint co
                  WHERE co.conindid = i.indexrelid AND co.conrelid = i.indrelid AND co.contype IN ('p', 'u', 'x'))
ORDER BY i.indrelid, ic.relname`;

/**
 * Triggers, but not the copies a partitioned table's row triggers make on its partitions
 * (tgparentid, PostgreSQL 13+; before that the copies are internal).
 */
export const TRIGGERS_QUERY = `
SELECT t.tgrelid::int8::text AS relid, t.tgname AS name, pg_catalog.pg_get_triggerdef(t.oid, true) AS def,
  pg_catalog.obj_description(t.oid, 'pg_trigger') AS comment, t.tgenabled AS enabled
FROM pg_catalog.pg_trigger t
JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE NOT t.tgisinternal AND (${TABLE_KINDS} OR c.relkind = 'v') AND ${IN_SCHEMAS}
  AND COALESCE((pg_catalog.to_jsonb(t) ->> 'tgparentid')::oid, 0) = 0
ORDER BY t.tgrelid, t.tgname`;

/** Views and materialized views, with the relations each reads (from its rewrite rule). */
export const VIEWS_QUERY = `
SELECT c.oid::int8::text AS oid, n.nspname AS schema, c.relname AS name, c.relkind = 'm' AS materialized,
  pg_catalog.pg_get_viewdef(c.oid, true) AS def,
  to_json(c.reloptions)::text AS options,
  pg_catalog.obj_description(c.oid, 'pg_class') AS comment,
  (SELECT pg_catalog.json_object_agg(a.attname, d.description ORDER BY a.attname)
   FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_description d ON d.objoid = c.oid AND d.classoid = 'pg_class'::regclass AND d.objsubid = a.attnum
   WHERE a.attrelid = c.oid AND a.attnum > 0)::text AS column_comments,
  (SELECT pg_catalog.json_agg(DISTINCT pg_catalog.jsonb_build_object('schema', dn.nspname, 'name', dc.relname))
   FROM pg_catalog.pg_rewrite r
   JOIN pg_catalog.pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid AND d.refclassid = 'pg_class'::regclass
   JOIN pg_catalog.pg_class dc ON dc.oid = d.refobjid
   JOIN pg_catalog.pg_namespace dn ON dn.oid = dc.relnamespace
   WHERE r.ev_class = c.oid AND d.refobjid <> c.oid)::text AS deps
FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('v', 'm') AND ${IN_SCHEMAS} AND ${notExtensionMember('pg_class', 'c.oid')}
ORDER BY 2, 3`;

export const ENUMS_QUERY = `
SELECT n.nspname AS schema, t.typname AS name,
  to_json(array(SELECT e.enumlabel FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder))::text AS "values",
  pg_catalog.obj_description(t.oid, 'pg_type') AS comment
FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
WHERE t.typtype = 'e' AND ${IN_SCHEMAS} AND ${notExtensionMember('pg_type', 't.oid')}
ORDER BY 1, 2`;

export const DOMAINS_QUERY = `
SELECT n.nspname AS schema, t.typname AS name,
  pg_catalog.format_type(t.typbasetype, t.typtypmod) AS type,
  CASE WHEN bt.typtype IN ('e', 'd', 'c', 'r') THEN btn.nspname END AS type_schema,
  CASE WHEN bt.typtype IN ('e', 'd', 'c', 'r') THEN bt.typname END AS type_name,
  t.typnotnull AS not_null,
  pg_catalog.pg_get_expr(t.typdefaultbin, 0) AS "default",
  CASE WHEN t.typcollation <> bt.typcollation THEN
    (SELECT pg_catalog.quote_ident(cn.nspname) || '.' || pg_catalog.quote_ident(co.collname)
     FROM pg_catalog.pg_collation co JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = t.typcollation)
  END AS collation,
  (SELECT pg_catalog.json_agg(pg_catalog.json_build_object('name', co.conname, 'def', pg_catalog.pg_get_constraintdef(co.oid, true)) ORDER BY co.conname)
   FROM pg_catalog.pg_constraint co WHERE co.contypid = t.oid AND co.contype = 'c')::text AS checks,
  pg_catalog.obj_description(t.oid, 'pg_type') AS comment
FROM pg_catalog.pg_type t
JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
JOIN pg_catalog.pg_type bt ON bt.oid = t.typbasetype
JOIN pg_catalog.pg_namespace btn ON btn.oid = bt.typnamespace
WHERE t.typtype = 'd' AND ${IN_SCHEMAS} AND ${notExtensionMember('pg_type', 't.oid')}
ORDER BY 1, 2`;

/** Standalone composite types and their fields (a table's row type is the table's). */
export const COMPOSITES_QUERY = `
SELECT n.nspname AS schema, t.typname AS name,
  (SELECT pg_catalog.json_agg(pg_catalog.json_build_object(
      'name', a.attname, 'type', pg_catalog.format_type(a.atttypid, a.atttypmod),
      'type_schema', CASE WHEN at.typtype IN ('e', 'd', 'c') THEN atn.nspname WHEN et.typtype IN ('e', 'd', 'c') THEN etn.nspname END,
      'type_name', CASE WHEN at.typtype IN ('e', 'd', 'c') THEN at.typname WHEN et.typtype IN ('e', 'd', 'c') THEN et.typname END,
      'collation', CASE WHEN a.attcollation <> at.typcollation THEN
        (SELECT pg_catalog.quote_ident(cn.nspname) || '.' || pg_catalog.quote_ident(co.collname)
         FROM pg_catalog.pg_collation co JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = a.attcollation) END)
    ORDER BY a.attnum)
   FROM pg_catalog.pg_attribute a
   JOIN pg_catalog.pg_type at ON at.oid = a.atttypid JOIN pg_catalog.pg_namespace atn ON atn.oid = at.typnamespace
   LEFT JOIN pg_catalog.pg_type et ON et.oid = at.typelem AND at.typcategory = 'A'
   LEFT JOIN pg_catalog.pg_namespace etn ON etn.oid = et.typnamespace
   WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped)::text AS fields,
  pg_catalog.obj_description(t.oid, 'pg_type') AS comment
FROM pg_catalog.pg_type t
JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
JOIN pg_catalog.pg_class c ON c.oid = t.typrelid AND c.relkind = 'c'
WHERE t.typtype = 'c' AND ${IN_SCHEMAS} AND ${notExtensionMember('pg_type', 't.oid')}
ORDER BY 1, 2`;

/** Sequences, with the column that owns them (identity sequences are the column's, and skipped later). */
export const SEQUENCES_QUERY = `
SELECT n.nspname AS schema, c.relname AS name, pg_catalog.format_type(s.seqtypid, NULL) AS type,
  s.seqstart::text AS start, s.seqincrement::text AS increment, s.seqmin::text AS min, s.seqmax::text AS max,
  s.seqcache::text AS cache, s.seqcycle AS cycle,
  cd.description AS comment,
  d.deptype AS owner_kind, tn.nspname AS owner_schema, tc.relname AS owner_table, ta.attname AS owner_column
FROM pg_catalog.pg_sequence s
JOIN pg_catalog.pg_class c ON c.oid = s.seqrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid
  AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
LEFT JOIN pg_catalog.pg_class tc ON tc.oid = d.refobjid
LEFT JOIN pg_catalog.pg_namespace tn ON tn.oid = tc.relnamespace
LEFT JOIN pg_catalog.pg_attribute ta ON ta.attrelid = d.refobjid AND ta.attnum = d.refobjsubid
${commentJoin('cd', 'pg_class', 'c.oid')}
WHERE ${IN_SCHEMAS} AND ${notExtensionMember('pg_class', 'c.oid')}
ORDER BY 1, 2`;

/** Functions and procedures (aggregates are read by AGGREGATES_QUERY; window functions are refused). */
export const FUNCTIONS_QUERY = `
SELECT n.nspname AS schema, p.proname AS name, pg_catalog.pg_get_function_identity_arguments(p.oid) AS args,
  p.prokind AS kind, COALESCE(pg_catalog.pg_get_function_result(p.oid), '') AS result,
  pg_catalog.pg_get_functiondef(p.oid) AS def,
  pg_catalog.obj_description(p.oid, 'pg_proc') AS comment
FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
WHERE p.prokind IN ('f', 'p') AND ${IN_SCHEMAS} AND ${notExtensionMember('pg_proc', 'p.oid')}
ORDER BY 1, 2, 3`;

/**
 * What functions depend on, for ordering: other functions and tables (a row type in the
 * signature, a BEGIN ATOMIC body). One row per dependency; a separate query because as a
 * correlated sub-select it cost more than all the functions themselves.
 */
export const FUNCTION_DEPS_QUERY = `
SELECT n.nspname AS schema, p.proname AS name, pg_catalog.pg_get_function_identity_arguments(p.oid) AS args,
  COALESCE(
    (SELECT pg_catalog.json_build_object('kind', 'function', 'schema', rn.nspname, 'name', rp.proname, 'args', pg_catalog.pg_get_function_identity_arguments(rp.oid))
     FROM pg_catalog.pg_proc rp JOIN pg_catalog.pg_namespace rn ON rn.oid = rp.pronamespace WHERE d.refclassid = 'pg_proc'::regclass AND rp.oid = d.refobjid),
    (SELECT pg_catalog.json_build_object('kind', 'relation', 'schema', rn.nspname, 'name', rc.relname)
     FROM pg_catalog.pg_class rc JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace WHERE d.refclassid = 'pg_class'::regclass AND rc.oid = d.refobjid),
    (SELECT pg_catalog.json_build_object('kind', 'relation', 'schema', rn.nspname, 'name', rc.relname)
     FROM pg_catalog.pg_type rt JOIN pg_catalog.pg_class rc ON rc.oid = rt.typrelid JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace
     WHERE d.refclassid = 'pg_type'::regclass AND rt.oid = d.refobjid))::text AS dep
FROM pg_catalog.pg_proc p
JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
JOIN pg_catalog.pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'n'
WHERE p.prokind IN ('f', 'p') AND ${IN_SCHEMAS}
ORDER BY 1, 2, 3, 4`;

/**
 * Row-level security policies of tables. `roles` is the JSON list of role names (OID 0 is
 * PUBLIC); `deps` lists the functions, relations and columns the expressions use, for ordering.
 */
export const POLICIES_QUERY = `
SELECT po.polrelid::int8::text AS relid, po.polname AS name, po.polcmd AS command, po.polpermissive AS permissive,
  to_json(array(SELECT CASE WHEN r.oid = 0 THEN 'public' ELSE (SELECT a.rolname FROM pg_catalog.pg_roles a WHERE a.oid = r.oid) END
    FROM unnest(po.polroles) r(oid)))::text AS roles,
  pg_catalog.pg_get_expr(po.polqual, po.polrelid) AS "using",
  pg_catalog.pg_get_expr(po.polwithcheck, po.polrelid) AS with_check,
  (SELECT pg_catalog.json_agg(COALESCE(
      (SELECT pg_catalog.json_build_object('kind', 'function', 'schema', rn.nspname, 'name', rp.proname, 'args', pg_catalog.pg_get_function_identity_arguments(rp.oid))
       FROM pg_catalog.pg_proc rp JOIN pg_catalog.pg_namespace rn ON rn.oid = rp.pronamespace WHERE d.refclassid = 'pg_proc'::regclass AND rp.oid = d.refobjid),
      (SELECT pg_catalog.json_build_object('kind', 'relation', 'schema', rn.nspname, 'name', rc.relname, 'column', ra.attname)
       FROM pg_catalog.pg_class rc JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace
       LEFT JOIN pg_catalog.pg_attribute ra ON ra.attrelid = rc.oid AND ra.attnum = d.refobjsubid AND d.refobjsubid > 0
       WHERE d.refclassid = 'pg_class'::regclass AND rc.oid = d.refobjid)))
   FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_policy'::regclass AND d.objid = po.oid AND d.deptype = 'n')::text AS deps,
  cd.description AS comment
FROM pg_catalog.pg_policy po
JOIN pg_catalog.pg_class c ON c.oid = po.polrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
${commentJoin('cd', 'pg_policy', 'po.oid')}
WHERE ${TABLE_KINDS} AND ${IN_SCHEMAS}
ORDER BY po.polrelid, po.polname`;

/**
 * User collations. The catalog row comes whole as JSON because its columns differ between
 * versions (colliculocale in 15 and 16, colllocale from 17, collicurules from 16).
 */
export const COLLATIONS_QUERY = `
SELECT n.nspname AS schema, co.collname AS name, pg_catalog.to_jsonb(co)::text AS row,
  cd.description AS comment
FROM pg_catalog.pg_collation co JOIN pg_catalog.pg_namespace n ON n.oid = co.collnamespace
${commentJoin('cd', 'pg_collation', 'co.oid')}
WHERE ${IN_SCHEMAS} AND ${notExtensionMember('pg_collation', 'co.oid')}
ORDER BY 1, 2`;

/**
 * Aggregates (pg_get_functiondef refuses them): the pg_aggregate row as JSON, plus its
 * support functions, types and sort operator by name, from which inspect-rows.ts rebuilds the
 * CREATE AGGREGATE statement. Names print schema-qualified unless in pg_catalog (search_path is '').
 */
export const AGGREGATES_QUERY = `
SELECT n.nspname AS schema, p.proname AS name, pg_catalog.pg_get_function_identity_arguments(p.oid) AS args,
  pg_catalog.pg_get_function_arguments(p.oid) AS full_args,
  pg_catalog.pg_get_function_result(p.oid) AS result, p.proparallel AS parallel,
  pg_catalog.to_jsonb(a)::text AS row,
  a.aggtransfn::regproc::text AS sfunc, NULLIF(a.aggfinalfn, 0)::regproc::text AS finalfunc,
  NULLIF(a.aggcombinefn, 0)::regproc::text AS combinefunc, NULLIF(a.aggserialfn, 0)::regproc::text AS serialfunc,
  NULLIF(a.aggdeserialfn, 0)::regproc::text AS deserialfunc, NULLIF(a.aggmtransfn, 0)::regproc::text AS msfunc,
  NULLIF(a.aggminvtransfn, 0)::regproc::text AS minvfunc, NULLIF(a.aggmfinalfn, 0)::regproc::text AS mfinalfunc,
  pg_catalog.format_type(a.aggtranstype, NULL) AS stype,
  CASE WHEN a.aggmtranstype <> 0 THEN pg_catalog.format_type(a.aggmtranstype, NULL) END AS mstype,
  (SELECT 'OPERATOR(' || pg_catalog.quote_ident(opn.nspname) || '.' || o.oprname || ')'
   FROM pg_catalog.pg_operator o JOIN pg_catalog.pg_namespace opn ON opn.oid = o.oprnamespace WHERE o.oid = a.aggsortop) AS sortop,
  (SELECT pg_catalog.json_agg(DISTINCT pg_catalog.jsonb_build_object('kind', 'function', 'schema', rn.nspname, 'name', rp.proname, 'args', pg_catalog.pg_get_function_identity_arguments(rp.oid)))
   FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_proc rp ON rp.oid = d.refobjid JOIN pg_catalog.pg_namespace rn ON rn.oid = rp.pronamespace
   WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.refclassid = 'pg_proc'::regclass AND d.deptype = 'n')::text AS deps,
  cd.description AS comment
FROM pg_catalog.pg_proc p
JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
JOIN pg_catalog.pg_aggregate a ON a.aggfnoid = p.oid
${commentJoin('cd', 'pg_proc', 'p.oid')}
WHERE p.prokind = 'a' AND ${IN_SCHEMAS} AND ${notExtensionMember('pg_proc', 'p.oid')}
ORDER BY 1, 2, 3`;

/**
 * Text search configurations with their parser and, per token type (by the parser's alias),
 * the dictionaries in order. Dictionary names print schema-qualified unless in pg_catalog.
 */
export const TEXT_SEARCH_CONFIGS_QUERY = `
SELECT n.nspname AS schema, c.cfgname AS name,
  pg_catalog.quote_ident(pn.nspname) || '.' || pg_catalog.quote_ident(pr.prsname) AS parser,
  (SELECT pg_catalog.json_agg(pg_catalog.json_build_object('token', tt.alias, 'dictionaries', tt.dicts) ORDER BY tt.alias)
   FROM (SELECT t.alias, pg_catalog.json_agg(m.mapdict::pg_catalog.regdictionary::text ORDER BY m.mapseqno) AS dicts
         FROM pg_catalog.pg_ts_config_map m JOIN pg_catalog.ts_token_type(c.cfgparser) t ON t.tokid = m.maptokentype
         WHERE m.mapcfg = c.oid GROUP BY t.alias) tt)::text AS mappings,
  cd.description AS comment
FROM pg_catalog.pg_ts_config c
JOIN pg_catalog.pg_namespace n ON n.oid = c.cfgnamespace
JOIN pg_catalog.pg_ts_parser pr ON pr.oid = c.cfgparser
JOIN pg_catalog.pg_namespace pn ON pn.oid = pr.prsnamespace
${commentJoin('cd', 'pg_ts_config', 'c.oid')}
WHERE ${IN_SCHEMAS} AND ${notExtensionMember('pg_ts_config', 'c.oid')}
ORDER BY 1, 2`;

export const EXTENSIONS_QUERY = `
SELECT e.extname AS name, n.nspname AS schema, e.extversion AS version
FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
WHERE e.extname <> 'plpgsql'
ORDER BY 1`;

/**
 * Objects the engine does not model, so that an inspection never silently leaves them out:
 * foreign tables, range types, window functions, text search dictionaries,
 * parsers and templates, rules, and a partition's (or an inheriting table's inherited) column's
 * own default, NOT NULL or comment (the model takes such columns from the parent).
 * Privileges, ownership, tablespaces and per-column storage settings are out of scope and not listed.
 */
export const UNSUPPORTED_QUERY = `
SELECT DISTINCT kind, schema, name FROM (
  SELECT 'foreign table' AS kind, n.nspname AS schema, c.relname AS name
  FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE ${IN_SCHEMAS} AND ${notExtensionMember('pg_class', 'c.oid')} AND c.relkind = 'f'
  UNION ALL
  SELECT 'own default, NOT NULL or comment of ' || CASE WHEN c.relispartition THEN 'partition' ELSE 'inherited' END || ' column', n.nspname, c.relname || '.' || a.attname
  FROM pg_catalog.pg_attribute a
  JOIN pg_catalog.pg_class c ON c.oid = a.attrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_catalog.pg_inherits ih ON ih.inhrelid = c.oid
  JOIN pg_catalog.pg_attribute pa ON pa.attrelid = ih.inhparent AND pa.attname = a.attname
  LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
  LEFT JOIN pg_catalog.pg_attrdef pd ON pd.adrelid = pa.attrelid AND pd.adnum = pa.attnum
  ${commentJoin('cd', 'pg_class', 'a.attrelid', 'a.attnum')}
  WHERE (c.relispartition OR NOT a.attislocal) AND ${TABLE_KINDS} AND a.attnum > 0 AND NOT a.attisdropped AND ${IN_SCHEMAS}
    AND ((a.attnotnull AND NOT pa.attnotnull) OR cd.description IS NOT NULL
      OR (a.attgenerated = '' AND pg_catalog.pg_get_expr(d.adbin, d.adrelid) IS DISTINCT FROM pg_catalog.pg_get_expr(pd.adbin, pd.adrelid)))
  UNION ALL
  SELECT CASE t.typtype WHEN 'r' THEN 'range type' ELSE 'multirange type' END, n.nspname, t.typname
  FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
  WHERE t.typtype IN ('r', 'm') AND ${IN_SCHEMAS} AND ${notExtensionMember('pg_type', 't.oid')}
  UNION ALL
  SELECT 'window function', n.nspname, p.proname
  FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
  WHERE p.prokind = 'w' AND ${IN_SCHEMAS} AND ${notExtensionMember('pg_proc', 'p.oid')}
  UNION ALL
  SELECT 'text search dictionary', n.nspname, d.dictname
  FROM pg_catalog.pg_ts_dict d JOIN pg_catalog.pg_namespace n ON n.oid = d.dictnamespace
  WHERE ${IN_SCHEMAS} AND ${notExtensionMember('pg_ts_dict', 'd.oid')}
  UNION ALL
  SELECT 'text search parser', n.nspname, pr.prsname
  FROM pg_catalog.pg_ts_parser pr JOIN pg_catalog.pg_namespace n ON n.oid = pr.prsnamespace
  WHERE ${IN_SCHEMAS} AND ${notExtensionMember('pg_ts_parser', 'pr.oid')}
  UNION ALL
  SELECT 'text search template', n.nspname, tp.tmplname
  FROM pg_catalog.pg_ts_template tp JOIN pg_catalog.pg_namespace n ON n.oid = tp.tmplnamespace
  WHERE ${IN_SCHEMAS} AND ${notExtensionMember('pg_ts_template', 'tp.oid')}
  UNION ALL
  SELECT 'rule', n.nspname, c.relname || '.' || r.rulename
  FROM pg_catalog.pg_rewrite r JOIN pg_catalog.pg_class c ON c.oid = r.ev_class JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE r.rulename <> '_RETURN' AND ${IN_SCHEMAS}
) u
ORDER BY 1, 2, 3`;
