/**
 * MySQL/MariaDB catalog queries, one named constant per object kind. In MySQL a schema is a
 * database: the first `?` is the target database, NULL meaning the connection's DATABASE().
 * Columns are aliased in lower case because information_schema spells them in upper case.
 */

export const CURRENT_DATABASE = `SELECT DATABASE() AS db`;

/** Whether a base table exists. ? database|null, ? table. */
export const REVISION_TABLE_EXISTS = `
SELECT COUNT(*) AS n FROM information_schema.TABLES
WHERE TABLE_SCHEMA = COALESCE(?, DATABASE()) AND TABLE_NAME = ? AND TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED')`;

/** Tables, views and (MariaDB) sequences. */
export const RELATIONS = `
SELECT TABLE_NAME AS name,
       CASE TABLE_TYPE WHEN 'VIEW' THEN 'view' WHEN 'SEQUENCE' THEN 'sequence' ELSE 'table' END AS kind
FROM information_schema.TABLES
WHERE TABLE_SCHEMA = COALESCE(?, DATABASE())
ORDER BY 1`;

/** Stored procedures and functions. */
export const ROUTINES = `
SELECT ROUTINE_NAME AS name, LOWER(ROUTINE_TYPE) AS kind
FROM information_schema.ROUTINES
WHERE ROUTINE_SCHEMA = COALESCE(?, DATABASE())
ORDER BY 1`;

/** Scheduled events. */
export const EVENTS = `
SELECT EVENT_NAME AS name, 'event' AS kind
FROM information_schema.EVENTS
WHERE EVENT_SCHEMA = COALESCE(?, DATABASE())
ORDER BY 1`;

/** Triggers die with their table, but a trigger-only leftover should still count. */
export const TRIGGERS = `
SELECT TRIGGER_NAME AS name, 'trigger' AS kind
FROM information_schema.TRIGGERS
WHERE TRIGGER_SCHEMA = COALESCE(?, DATABASE())
ORDER BY 1`;

export const GET_LOCK = `SELECT GET_LOCK(?, 0) AS locked`;
export const RELEASE_LOCK = `SELECT RELEASE_LOCK(?) AS released`;
/** The connection id holding a named lock, NULL when free. */
export const LOCK_OWNER = `SELECT IS_USED_LOCK(?) AS id`;
export const PROCESS_INFO = `
SELECT USER AS user, HOST AS host, TIME AS seconds, COMMAND AS command
FROM information_schema.PROCESSLIST WHERE ID = ?`;

export const FOREIGN_KEY_CHECKS = `SELECT @@SESSION.foreign_key_checks AS fkc`;
