/**
 * Destructive rules (DS101–DS107) on PostgreSQL, MariaDB and SQLite: each fires on the line
 * that drops, not on objects the change under review created, not on a redefinition (drop and
 * create again), and the safe path it names (release first, then drop with a nolint comment
 * that records the intent) lints clean.
 */
import { ruleSuite } from './helpers/rule-cases.js';

const CODES = ['DS101', 'DS102', 'DS103', 'DS104', 'DS105', 'DS106', 'DS107', 'BC104'];
const USERS = 'CREATE TABLE users (id int PRIMARY KEY, name varchar(50), email varchar(100));';
/** PostgreSQL's PG110 asks for a lock_timeout before a statement that locks an existing table. */
const LOCK_TIMEOUT = "SET lock_timeout = '2s';";

ruleSuite('DS101 schema dropped', CODES, [
  {
    name: 'fires on DROP SCHEMA of a deployed schema, once for its tables',
    postgres: { history: 'CREATE SCHEMA audit; CREATE TABLE audit.log (id int); CREATE TABLE audit.trail (id int);', file: 'DROP SCHEMA audit CASCADE;' },
    expect: ['DS101@1'],
  },
  {
    name: 'not on a schema the change created',
    postgres: { file: 'CREATE SCHEMA scratch;\nCREATE TABLE scratch.t (id int);\nDROP SCHEMA scratch CASCADE;' },
    expect: [],
  },
  {
    name: 'safe path: the drop marked as intended lints clean',
    postgres: { history: 'CREATE SCHEMA audit; CREATE TABLE audit.log (id int);', file: `${LOCK_TIMEOUT}\n-- cairn:nolint DS101\nDROP SCHEMA audit CASCADE;` },
    expect: [],
    clean: true,
  },
]);

ruleSuite('DS102 table dropped', CODES, [
  {
    name: 'fires on DROP TABLE of a deployed table',
    postgres: { history: USERS, file: 'SELECT 1;\nDROP TABLE users;' },
    mysql: { history: USERS, file: 'SELECT 1;\nDROP TABLE users;' },
    sqlite: { history: USERS, file: 'SELECT 1;\nDROP TABLE users;' },
    expect: ['DS102@2'],
  },
  {
    name: 'not on a table created in the same change',
    postgres: { history: USERS, file: 'CREATE TABLE tmp (id int);\nDROP TABLE tmp;' },
    mysql: { history: USERS, file: 'CREATE TABLE tmp (id int);\nDROP TABLE tmp;' },
    sqlite: { history: USERS, file: 'CREATE TABLE tmp (id int);\nDROP TABLE tmp;' },
    expect: [],
  },
  {
    name: 'not on a table rebuilt by copy (create, copy, drop, rename)',
    postgres: { history: USERS, file: 'CREATE TABLE users_new (id int PRIMARY KEY, name varchar(50), email varchar(100));\nINSERT INTO users_new SELECT * FROM users;\nDROP TABLE users;\nALTER TABLE users_new RENAME TO users;' },
    mysql: { history: USERS, file: 'CREATE TABLE users_new (id int PRIMARY KEY, name varchar(50), email varchar(100));\nINSERT INTO users_new SELECT * FROM users;\nDROP TABLE users;\nRENAME TABLE users_new TO users;' },
    sqlite: { history: USERS, file: 'CREATE TABLE users_new (id int PRIMARY KEY, name varchar(50), email varchar(100));\nINSERT INTO users_new SELECT * FROM users;\nDROP TABLE users;\nALTER TABLE users_new RENAME TO users;' },
    expect: [],
  },
  {
    name: 'a table whose rows the file copied elsewhere first loses nothing: BC104, not DS102',
    postgres: { history: USERS, file: 'CREATE TABLE users_archive AS SELECT * FROM users;\nDROP TABLE users;', expect: ['BC104@2'] },
    mysql: { history: USERS, file: 'CREATE TABLE accounts (id int PRIMARY KEY, name varchar(50));\nINSERT INTO accounts (id, name) SELECT id, name FROM users;\nDROP TABLE users;', expect: ['BC104@3'] },
    sqlite: { history: USERS, file: 'CREATE TABLE users_archive AS SELECT * FROM users;\nDROP TABLE users;', expect: ['BC104@2'] },
    expect: [],
  },
  {
    name: 'safe path: the drop marked as intended lints clean',
    postgres: { history: USERS, file: `${LOCK_TIMEOUT}\n-- cairn:nolint DS102\nDROP TABLE users;` },
    mysql: { history: USERS, file: '-- cairn:nolint DS102\nDROP TABLE users;' },
    sqlite: { history: USERS, file: '-- cairn:nolint DS102\nDROP TABLE users;' },
    expect: [],
    clean: true,
  },
]);

ruleSuite('DS103 column dropped', CODES, [
  {
    name: 'fires on DROP COLUMN of a deployed column',
    postgres: { history: USERS, file: 'ALTER TABLE users DROP COLUMN email;' },
    mysql: { history: USERS, file: 'ALTER TABLE users DROP COLUMN email;' },
    sqlite: { history: USERS, file: 'ALTER TABLE users DROP COLUMN email;' },
    expect: ['DS103@1'],
  },
  {
    name: 'one finding for the columns one statement drops',
    postgres: { history: USERS, file: 'ALTER TABLE users DROP COLUMN email, DROP COLUMN name;' },
    mysql: { history: USERS, file: 'ALTER TABLE users DROP COLUMN email, DROP COLUMN name;' },
    expect: ['DS103@1'],
  },
  {
    name: 'not on a column the change added, nor on a new table',
    postgres: { history: USERS, file: 'ALTER TABLE users ADD COLUMN tmp int;\nALTER TABLE users DROP COLUMN tmp;\nCREATE TABLE t (a int, b int);\nALTER TABLE t DROP COLUMN b;' },
    mysql: { history: USERS, file: 'ALTER TABLE users ADD COLUMN tmp int;\nALTER TABLE users DROP COLUMN tmp;\nCREATE TABLE t (a int, b int);\nALTER TABLE t DROP COLUMN b;' },
    sqlite: { history: USERS, file: 'ALTER TABLE users ADD COLUMN tmp int;\nALTER TABLE users DROP COLUMN tmp;\nCREATE TABLE t (a int, b int);\nALTER TABLE t DROP COLUMN b;' },
    expect: [],
  },
  {
    name: 'fires on a column dropped and added again in one statement (a type change the Prisma way): its values are lost',
    postgres: { history: USERS, file: 'ALTER TABLE users DROP COLUMN "email", ADD COLUMN "email" uuid;' },
    mysql: { history: USERS, file: 'ALTER TABLE users DROP COLUMN email, ADD COLUMN email int;' },
    expect: ['DS103@1'],
  },
  {
    name: 'not on a dropped table\'s columns (DS102 only)',
    postgres: { history: USERS, file: 'DROP TABLE users;' },
    expect: ['DS102@1'],
  },
  {
    name: 'safe path: the drop marked as intended lints clean',
    postgres: { history: USERS, file: `${LOCK_TIMEOUT}\n-- cairn:nolint DS103\nALTER TABLE users DROP COLUMN email;` },
    mysql: { history: USERS, file: '-- cairn:nolint DS103\nALTER TABLE users DROP COLUMN email;' },
    sqlite: { history: USERS, file: '-- atlas:nolint DS103\nALTER TABLE users DROP COLUMN email;' },
    expect: [],
    clean: true,
  },
]);

const VIEW = `${USERS} CREATE VIEW named AS SELECT id, name FROM users;`;

ruleSuite('DS104 view dropped', CODES, [
  {
    name: 'fires on DROP VIEW of a deployed view',
    postgres: { history: VIEW, file: 'DROP VIEW named;' },
    mysql: { history: VIEW, file: 'DROP VIEW named;' },
    sqlite: { history: VIEW, file: 'DROP VIEW named;' },
    expect: ['DS104@1'],
  },
  {
    name: 'fires on a dropped materialized view',
    postgres: { history: `${USERS} CREATE MATERIALIZED VIEW counts AS SELECT count(*) AS n FROM users;`, file: 'DROP MATERIALIZED VIEW counts;' },
    expect: ['DS104@1'],
  },
  {
    name: 'not on a view dropped and created again (a redefinition), nor on a new view',
    postgres: { history: VIEW, file: 'DROP VIEW named;\nCREATE VIEW named AS SELECT id, name, email FROM users;\nCREATE VIEW tmp AS SELECT 1 AS one;\nDROP VIEW tmp;' },
    mysql: { history: VIEW, file: 'DROP VIEW named;\nCREATE VIEW named AS SELECT id, name, email FROM users;\nCREATE VIEW tmp AS SELECT 1 AS one;\nDROP VIEW tmp;' },
    sqlite: { history: VIEW, file: 'DROP VIEW named;\nCREATE VIEW named AS SELECT id, name, email FROM users;\nCREATE VIEW tmp AS SELECT 1 AS one;\nDROP VIEW tmp;' },
    expect: [],
  },
  {
    name: 'safe path: CREATE OR REPLACE VIEW (SQLite: drop and create in one file) lints clean',
    postgres: { history: VIEW, file: 'CREATE OR REPLACE VIEW named AS SELECT id, name, email FROM users;' },
    mysql: { history: VIEW, file: 'CREATE OR REPLACE VIEW named AS SELECT id, name, email FROM users;' },
    sqlite: { history: VIEW, file: 'DROP VIEW named;\nCREATE VIEW named AS SELECT id, name, email FROM users;' },
    expect: [],
    clean: true,
  },
  {
    name: 'safe path: the drop marked as intended lints clean',
    postgres: { history: VIEW, file: '-- cairn:nolint DS104\nDROP VIEW named;' },
    mysql: { history: VIEW, file: '-- cairn:nolint DS104\nDROP VIEW named;' },
    sqlite: { history: VIEW, file: '-- cairn:nolint DS104\nDROP VIEW named;' },
    expect: [],
    clean: true,
  },
]);

const FUNC = "CREATE FUNCTION add_one(i int) RETURNS int LANGUAGE sql AS 'SELECT i + 1';";

ruleSuite('DS105 function dropped', CODES, [
  {
    name: 'fires on DROP FUNCTION of a deployed function',
    postgres: { history: FUNC, file: 'DROP FUNCTION add_one(int);' },
    expect: ['DS105@1'],
  },
  {
    name: 'not on a function dropped and created again with another signature, nor on a new one',
    postgres: { history: FUNC, file: "DROP FUNCTION add_one(int);\nCREATE FUNCTION add_one(i bigint) RETURNS bigint LANGUAGE sql AS 'SELECT i + 1';\nCREATE FUNCTION tmp() RETURNS int LANGUAGE sql AS 'SELECT 1';\nDROP FUNCTION tmp();" },
    expect: [],
  },
  {
    name: 'safe path: CREATE OR REPLACE FUNCTION lints clean',
    postgres: { history: FUNC, file: "CREATE OR REPLACE FUNCTION add_one(i int) RETURNS int LANGUAGE sql AS 'SELECT i + 2';" },
    expect: [],
    clean: true,
  },
]);

ruleSuite('DS106 sequence dropped', CODES, [
  {
    name: 'fires on DROP SEQUENCE of a deployed sequence',
    postgres: { history: 'CREATE SEQUENCE invoice_no;', file: 'DROP SEQUENCE invoice_no;' },
    expect: ['DS106@1'],
  },
  {
    name: 'not on the sequence of a serial column dropped with it (DS103 only)',
    postgres: { history: 'CREATE TABLE t (id int PRIMARY KEY, n serial);', file: 'ALTER TABLE t DROP COLUMN n;' },
    expect: ['DS103@1'],
  },
  {
    name: 'safe path: ALTER SEQUENCE … RESTART lints clean',
    postgres: { history: 'CREATE SEQUENCE invoice_no;', file: 'ALTER SEQUENCE invoice_no RESTART;' },
    expect: [],
    clean: true,
  },
]);

ruleSuite('DS107 table truncated', CODES, [
  {
    name: 'fires on TRUNCATE of a deployed table',
    postgres: { history: USERS, file: 'SELECT 1;\nTRUNCATE users;' },
    mysql: { history: USERS, file: 'SELECT 1;\nTRUNCATE TABLE users;' },
    expect: ['DS107@2'],
  },
  {
    name: 'not on a table created in the same change',
    postgres: { history: USERS, file: 'CREATE TABLE tmp (id int);\nTRUNCATE tmp;' },
    mysql: { history: USERS, file: 'CREATE TABLE tmp (id int);\nTRUNCATE TABLE tmp;' },
    expect: [],
  },
  {
    name: 'safe path: DELETE … WHERE lints clean',
    postgres: { history: USERS, file: "DELETE FROM users WHERE email IS NULL AND name = 'test';" },
    mysql: { history: USERS, file: "DELETE FROM users WHERE email IS NULL AND name = 'test';" },
    sqlite: { history: USERS, file: "DELETE FROM users WHERE email IS NULL AND name = 'test';" },
    expect: [],
    clean: true,
  },
]);
