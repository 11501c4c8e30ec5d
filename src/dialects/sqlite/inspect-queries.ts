/**
 * The SQLite inspector's catalog queries, one named constant each. They read the `main`
 * database only: `sqlite_schema` for the stored CREATE statements, and the pragma table-valued
 * functions joined over `pragma_table_list` for what SQLite resolved (declared types, defaults,
 * NOT NULL, key positions, auto-indexes, foreign keys). Each reads every table at once, so an
 * inspection costs a fixed number of queries whatever the number of tables. Names starting with
 * `sqlite_` are SQLite's own; shadow tables (a virtual table's storage) are the module's.
 */

/** The user tables and virtual tables: name, kind, WITHOUT ROWID / STRICT flags and stored SQL. */
export const TABLES = `
SELECT l.name AS name, l.type AS type, l.wr AS withoutRowid, l.strict AS strict, s.sql AS sql
FROM pragma_table_list AS l JOIN sqlite_schema AS s ON s.name = l.name AND s.type = 'table'
WHERE l.schema = 'main' AND l.type IN ('table', 'virtual') AND l.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
ORDER BY l.name`;

/** The plain tables of the main database, joined with a per-table pragma (`join`). */
const overTables = (join: string) => `pragma_table_list AS l ${join}
WHERE l.schema = 'main' AND l.type = 'table' AND l.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'`;

/** Columns (generated ones included: hidden 2 is VIRTUAL, 3 STORED), in table order. */
export const COLUMNS = `
SELECT l.name AS tbl, c.cid AS cid, c.name AS name, c.type AS type, c."notnull" AS required, c.dflt_value AS dflt, c.pk AS pk, c.hidden AS hidden
FROM ${overTables(`JOIN pragma_table_xinfo(l.name, 'main') AS c`)}
ORDER BY l.name, c.cid`;

/** Every index of every table: origin 'c' (CREATE INDEX), 'u' (UNIQUE constraint) or 'pk'. */
export const INDEX_LIST = `
SELECT l.name AS tbl, i.name AS name, i."unique" AS isUnique, i.origin AS origin, i.partial AS partial
FROM ${overTables(`JOIN pragma_index_list(l.name, 'main') AS i`)}
ORDER BY l.name, i.name`;

/** The key columns of the unique constraints' auto-indexes, in key order. */
export const UNIQUE_COLUMNS = `
SELECT l.name AS tbl, i.name AS idx, x.seqno AS seqno, x.name AS name
FROM ${overTables(`JOIN pragma_index_list(l.name, 'main') AS i JOIN pragma_index_xinfo(i.name, 'main') AS x`)}
  AND i.origin = 'u' AND x.key = 1
ORDER BY l.name, i.name, x.seqno`;

/** Foreign keys: one row per column pair; `id` groups them (the last declared has id 0). */
export const FOREIGN_KEYS = `
SELECT l.name AS tbl, f.id AS id, f.seq AS seq, f."table" AS refTable, f."from" AS col, f."to" AS refCol, f.on_update AS onUpdate, f.on_delete AS onDelete
FROM ${overTables(`JOIN pragma_foreign_key_list(l.name, 'main') AS f`)}
ORDER BY l.name, f.id, f.seq`;

/** Indexes written with CREATE INDEX (auto-indexes have no SQL), views and triggers, with their stored SQL. */
export const SCHEMA_OBJECTS = `
SELECT type AS type, name AS name, tbl_name AS tbl, sql AS sql FROM sqlite_schema
WHERE type IN ('index', 'view', 'trigger') AND sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
ORDER BY type, name`;

/** The SQLite library's version (`3.45.1`). */
export const SQLITE_VERSION = `SELECT sqlite_version() AS version`;
