/**
 * The catalog queries of the MySQL/MariaDB inspector, one named constant per object kind, all
 * over information_schema and all reading only the connection's database (`DATABASE()`).
 * Columns are aliased in lower case: information_schema spells them in upper case, and MySQL 8
 * returns the alias as written. Where the two families' catalogs differ, a function takes the
 * server's capabilities (see capabilities.ts) and returns the query for that server.
 */
import type { MysqlCapabilities } from './capabilities.js';

/** The server, the database and the defaults that decide which table options are worth recording. */
export const SERVER = `
SELECT VERSION() AS version, DATABASE() AS db, @@default_storage_engine AS engine,
       s.DEFAULT_COLLATION_NAME AS collation
FROM information_schema.SCHEMATA s WHERE s.SCHEMA_NAME = DATABASE()`;

/** Tables and views (and MariaDB sequences and system-versioned tables, which are refused by name). */
export const TABLES = `
SELECT TABLE_NAME AS name, TABLE_TYPE AS type, ENGINE AS engine, TABLE_COLLATION AS collation,
       CREATE_OPTIONS AS options, TABLE_COMMENT AS comment
FROM information_schema.TABLES
WHERE TABLE_SCHEMA = DATABASE()
ORDER BY TABLE_NAME`;

/** Columns in table order; COLUMN_TYPE keeps unsigned, zerofill, lengths and enum values. */
export const COLUMNS = `
SELECT TABLE_NAME AS tbl, COLUMN_NAME AS name, COLUMN_TYPE AS type, DATA_TYPE AS dataType,
       IS_NULLABLE AS nullable, COLUMN_DEFAULT AS def, EXTRA AS extra, GENERATION_EXPRESSION AS gen,
       CHARACTER_SET_NAME AS charset, COLLATION_NAME AS collation, COLUMN_COMMENT AS comment
FROM information_schema.COLUMNS
WHERE TABLE_SCHEMA = DATABASE()
ORDER BY TABLE_NAME, ORDINAL_POSITION`;

/**
 * Index key parts, primary keys and unique keys included. EXPRESSION (functional key parts)
 * exists on MySQL 8.0.13+ only; an ignored index is `IS_VISIBLE = 'NO'` on MySQL and
 * `IGNORED = 'YES'` on MariaDB 10.6+.
 */
export function indexesQuery(caps: MysqlCapabilities): string {
  const expr = caps.statisticsExpression ? 'EXPRESSION' : 'NULL';
  const ignored = caps.ignoredIndexes === 'INVISIBLE' ? "IS_VISIBLE = 'NO'" : caps.ignoredIndexes === 'IGNORED' ? "IGNORED = 'YES'" : '0';
  return `
SELECT TABLE_NAME AS tbl, INDEX_NAME AS name, NON_UNIQUE AS nonUnique, SEQ_IN_INDEX AS seq,
       COLUMN_NAME AS col, COLLATION AS coll, SUB_PART AS subPart, INDEX_TYPE AS type,
       INDEX_COMMENT AS comment, ${expr} AS expr, ${ignored} AS ignored
FROM information_schema.STATISTICS
WHERE TABLE_SCHEMA = DATABASE()
ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`;
}

/** Foreign keys, one row per column pair, with their actions. */
export const FOREIGN_KEYS = `
SELECT k.TABLE_NAME AS tbl, k.CONSTRAINT_NAME AS name, k.COLUMN_NAME AS col,
       k.REFERENCED_TABLE_SCHEMA AS refSchema, k.REFERENCED_TABLE_NAME AS refTable, k.REFERENCED_COLUMN_NAME AS refCol,
       r.UPDATE_RULE AS onUpdate, r.DELETE_RULE AS onDelete
FROM information_schema.KEY_COLUMN_USAGE k
JOIN information_schema.REFERENTIAL_CONSTRAINTS r
  ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND r.TABLE_NAME = k.TABLE_NAME
WHERE k.TABLE_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_NAME IS NOT NULL
ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION`;

/**
 * CHECK constraints. MariaDB's CHECK_CONSTRAINTS names the table and says whether a check is
 * the column's (`LEVEL`); MySQL's names neither (check names are unique per database there),
 * so the table and ENFORCED come from TABLE_CONSTRAINTS. Undefined where the server has none.
 */
export function checksQuery(caps: MysqlCapabilities): string | undefined {
  if (!caps.checkConstraints) return undefined;
  if (caps.checkTableColumn) {
    return `
SELECT TABLE_NAME AS tbl, CONSTRAINT_NAME AS name, CHECK_CLAUSE AS clause, LEVEL AS level, 'YES' AS enforced
FROM information_schema.CHECK_CONSTRAINTS
WHERE CONSTRAINT_SCHEMA = DATABASE()
ORDER BY TABLE_NAME, CONSTRAINT_NAME`;
  }
  return `
SELECT tc.TABLE_NAME AS tbl, cc.CONSTRAINT_NAME AS name, cc.CHECK_CLAUSE AS clause, 'Table' AS level, ${caps.notEnforcedChecks ? 'tc.ENFORCED' : "'YES'"} AS enforced
FROM information_schema.CHECK_CONSTRAINTS cc
JOIN information_schema.TABLE_CONSTRAINTS tc
  ON tc.CONSTRAINT_SCHEMA = cc.CONSTRAINT_SCHEMA AND tc.CONSTRAINT_NAME = cc.CONSTRAINT_NAME AND tc.CONSTRAINT_TYPE = 'CHECK'
WHERE cc.CONSTRAINT_SCHEMA = DATABASE()
ORDER BY tc.TABLE_NAME, cc.CONSTRAINT_NAME`;
}

/** Views; ALGORITHM is listed by MariaDB only. */
export function viewsQuery(caps: MysqlCapabilities): string {
  return `
SELECT TABLE_NAME AS name, VIEW_DEFINITION AS def, CHECK_OPTION AS checkOption, SECURITY_TYPE AS security,
       ${caps.viewAlgorithmColumn ? 'ALGORITHM' : 'NULL'} AS algorithm
FROM information_schema.VIEWS
WHERE TABLE_SCHEMA = DATABASE()
ORDER BY TABLE_NAME`;
}

/** Triggers, in firing order per table, timing and event (ACTION_ORDER: FOLLOWS/PRECEDES). */
export const TRIGGERS = `
SELECT TRIGGER_NAME AS name, EVENT_OBJECT_TABLE AS tbl, ACTION_TIMING AS timing, EVENT_MANIPULATION AS event,
       ACTION_ORDER AS ord, ACTION_STATEMENT AS body
FROM information_schema.TRIGGERS
WHERE TRIGGER_SCHEMA = DATABASE()
ORDER BY EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION, ACTION_ORDER`;

/** A table's definition as the server writes it: where a MariaDB column-level CHECK belongs. */
export const showCreateTable = (quotedTable: string): string => `SHOW CREATE TABLE ${quotedTable}`;
