-- +goose Up
-- +goose NO TRANSACTION
-- Required so the `PRAGMA foreign_keys = OFF` statements below take
-- effect.

-- Step 1: Create new nar_files table with the composite unique constraint
CREATE TABLE nar_files_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    "query" TEXT NOT NULL DEFAULT '',
    UNIQUE (hash, compression, "query")
);
PRAGMA foreign_keys = OFF;
