/**
 * SQLite catalog queries, one named constant per object kind. They read `sqlite_master` of the
 * main database; `inSchema` retargets them at an attached database. Names starting with
 * `sqlite_` are SQLite's own (sqlite_sequence, sqlite_stat1) and never user objects.
 */

/** Whether a table exists. ? table. */
export const REVISION_TABLE_EXISTS = `SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = ?`;

/** Tables, views and triggers (indexes go with their tables). */
export const USER_OBJECTS = `
SELECT name, type AS kind FROM sqlite_master
WHERE type IN ('table', 'view', 'trigger') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
ORDER BY name`;

export const FOREIGN_KEYS = `PRAGMA foreign_keys`;

/** Points a catalog query at an attached database's sqlite_master. */
export function inSchema(sql: string, quotedSchema: string | undefined): string {
  return quotedSchema ? sql.replace(/\bsqlite_master\b/g, `${quotedSchema}.sqlite_master`) : sql;
}
