/**
 * Data-dependent rules (MF101–MF108) on PostgreSQL, MariaDB and SQLite: each fires where the
 * statement can fail on rows already in the table, not on tables or columns the change created
 * (no rows, no values), not on constraints that skip existing rows (NOT VALID), and the safe
 * alternative its fix names (clean the data first in the same file, a default, NOT VALID then
 * VALIDATE) lints clean.
 */
import { ruleSuite } from './helpers/rule-cases.js';

const CODES = ['MF101', 'MF102', 'MF103', 'MF104', 'MF105', 'MF106', 'MF107', 'MF108'];
const USERS = 'CREATE TABLE users (id int PRIMARY KEY, name varchar(50), email varchar(100), age int, code text);';
const LOCK_TIMEOUT = "SET lock_timeout = '2s';";

ruleSuite('MF101 unique key on existing rows', CODES, [
  {
    name: 'fires on a unique index on an existing column',
    postgres: { history: USERS, file: 'SELECT 1;\nCREATE UNIQUE INDEX users_email_key ON users (email);' },
    mysql: { history: USERS, file: 'SELECT 1;\nALTER TABLE users ADD UNIQUE KEY users_email_key (email);' },
    sqlite: { history: USERS, file: 'SELECT 1;\nCREATE UNIQUE INDEX users_email_key ON users (email);' },
    expect: ['MF101@2'],
  },
  {
    name: 'fires on a unique constraint, and on a primary key added to a table without one',
    postgres: { history: `${USERS} CREATE TABLE logs (n int NOT NULL);`, file: 'ALTER TABLE users ADD CONSTRAINT users_name_key UNIQUE (name);\nALTER TABLE logs ADD PRIMARY KEY (n);' },
    mysql: { history: `${USERS} CREATE TABLE logs (n int NOT NULL);`, file: 'ALTER TABLE users ADD CONSTRAINT users_name_key UNIQUE (name);\nALTER TABLE logs ADD PRIMARY KEY (n);' },
    expect: ['MF101@1', 'MF101@2'],
  },
  {
    name: 'not on a new table, nor on a new nullable column',
    postgres: { history: USERS, file: 'CREATE TABLE t (a int);\nCREATE UNIQUE INDEX t_a ON t (a);\nALTER TABLE users ADD COLUMN handle varchar(20) UNIQUE;' },
    mysql: { history: USERS, file: 'CREATE TABLE t (a int);\nCREATE UNIQUE INDEX t_a ON t (a);\nALTER TABLE users ADD COLUMN handle varchar(20) UNIQUE;' },
    sqlite: { history: USERS, file: 'CREATE TABLE t (a int);\nCREATE UNIQUE INDEX t_a ON t (a);\nALTER TABLE users ADD COLUMN handle varchar(20);\nCREATE UNIQUE INDEX users_handle ON users (handle);' },
    expect: [],
  },
  {
    name: 'fires on a new column with a default (every row gets the same value)',
    postgres: { history: USERS, file: "ALTER TABLE users ADD COLUMN handle varchar(20) NOT NULL DEFAULT 'x' UNIQUE;" },
    mysql: { history: USERS, file: "ALTER TABLE users ADD COLUMN handle varchar(20) NOT NULL DEFAULT 'x' UNIQUE;" },
    expect: ['MF101@1'],
  },
  {
    name: 'not on a key that contains one the table already had',
    postgres: { history: `${USERS} CREATE UNIQUE INDEX users_email ON users (email);`, file: 'CREATE UNIQUE INDEX users_email_name ON users (email, name);' },
    mysql: { history: `${USERS} CREATE UNIQUE INDEX users_email ON users (email);`, file: 'CREATE UNIQUE INDEX users_email_name ON users (email, name);' },
    sqlite: { history: `${USERS} CREATE UNIQUE INDEX users_email ON users (email);`, file: 'CREATE UNIQUE INDEX users_email_name ON users (email, name);' },
    expect: [],
  },
  {
    name: 'safe path: duplicates removed first in the same file',
    postgres: { history: USERS, file: 'DELETE FROM users a USING users b WHERE a.email = b.email AND a.id > b.id;\nCREATE UNIQUE INDEX users_email_key ON users (email);' },
    expect: [],
  },
  {
    name: 'safe path: duplicates removed first in the same file lints clean',
    mysql: { history: USERS, file: 'DELETE FROM users WHERE id NOT IN (SELECT id FROM (SELECT min(id) AS id FROM users GROUP BY email) AS keep);\nALTER TABLE users ADD UNIQUE KEY users_email_key (email);' },
    sqlite: { history: USERS, file: 'DELETE FROM users WHERE id NOT IN (SELECT min(id) FROM users GROUP BY email);\nCREATE UNIQUE INDEX users_email_key ON users (email);' },
    expect: [],
    clean: true,
  },
]);

ruleSuite('MF102 existing index made unique', CODES, [
  {
    name: 'fires when an index is replaced by a unique one on the same columns',
    postgres: { history: `${USERS} CREATE INDEX users_email ON users (email);`, file: 'DROP INDEX users_email;\nCREATE UNIQUE INDEX users_email ON users (email);' },
    mysql: { history: `${USERS} CREATE INDEX users_email ON users (email);`, file: 'SELECT 1;\nALTER TABLE users DROP INDEX users_email, ADD UNIQUE INDEX users_email (email);' },
    sqlite: { history: `${USERS} CREATE INDEX users_email ON users (email);`, file: 'DROP INDEX users_email;\nCREATE UNIQUE INDEX users_email ON users (email);' },
    expect: ['MF102@2'],
  },
  {
    name: 'not on a new table',
    postgres: { file: 'CREATE TABLE t (a int);\nCREATE INDEX t_a ON t (a);\nDROP INDEX t_a;\nCREATE UNIQUE INDEX t_a ON t (a);' },
    mysql: { file: 'CREATE TABLE t (a int, KEY t_a (a));\nALTER TABLE t DROP INDEX t_a, ADD UNIQUE INDEX t_a (a);' },
    sqlite: { file: 'CREATE TABLE t (a int);\nCREATE INDEX t_a ON t (a);\nDROP INDEX t_a;\nCREATE UNIQUE INDEX t_a ON t (a);' },
    expect: [],
  },
  {
    name: 'safe path: duplicates removed first in the same file lints clean',
    mysql: { history: `${USERS} CREATE INDEX users_email ON users (email);`, file: 'DELETE FROM users WHERE id NOT IN (SELECT id FROM (SELECT min(id) AS id FROM users GROUP BY email) AS keep);\nALTER TABLE users DROP INDEX users_email, ADD UNIQUE INDEX users_email (email);' },
    sqlite: { history: `${USERS} CREATE INDEX users_email ON users (email);`, file: 'DELETE FROM users WHERE id NOT IN (SELECT min(id) FROM users GROUP BY email);\nDROP INDEX users_email;\nCREATE UNIQUE INDEX users_email ON users (email);' },
    expect: [],
    clean: true,
  },
]);

ruleSuite('MF103 NOT NULL column without default', CODES, [
  {
    name: 'fires on a NOT NULL column without default added to an existing table',
    postgres: { history: USERS, file: 'SELECT 1;\nALTER TABLE users ADD COLUMN score int NOT NULL;' },
    mysql: { history: USERS, file: 'SELECT 1;\nALTER TABLE users ADD COLUMN score int NOT NULL;' },
    expect: ['MF103@2'],
  },
  {
    name: 'fires on a column dropped and added again NOT NULL in one statement',
    postgres: { history: USERS, file: 'ALTER TABLE users DROP COLUMN "code", ADD COLUMN "code" uuid NOT NULL;' },
    expect: ['MF103@1'],
  },
  {
    name: 'not on a new table, nor on a column that fills itself',
    postgres: { history: USERS, file: 'CREATE TABLE t (a int);\nALTER TABLE t ADD COLUMN b int NOT NULL;\nALTER TABLE users ADD COLUMN n bigint GENERATED ALWAYS AS IDENTITY;\nALTER TABLE users ADD COLUMN g int GENERATED ALWAYS AS (age * 2) STORED;' },
    mysql: { history: 'CREATE TABLE users (name varchar(50), age int);', file: 'CREATE TABLE t (a int);\nALTER TABLE t ADD COLUMN b int NOT NULL;\nALTER TABLE users ADD COLUMN id int NOT NULL AUTO_INCREMENT PRIMARY KEY;\nALTER TABLE users ADD COLUMN g int AS (age * 2) VIRTUAL;' },
    expect: [],
  },
  {
    name: 'safe path: a default lints clean',
    postgres: { history: USERS, file: `${LOCK_TIMEOUT}\nALTER TABLE users ADD COLUMN score int NOT NULL DEFAULT 0;` },
    mysql: { history: USERS, file: 'ALTER TABLE users ADD COLUMN score int NOT NULL DEFAULT 0;' },
    sqlite: { history: USERS, file: 'ALTER TABLE users ADD COLUMN score int NOT NULL DEFAULT 0;' },
    expect: [],
    clean: true,
  },
]);

ruleSuite('MF104 existing column made NOT NULL', CODES, [
  {
    name: 'fires on SET NOT NULL / MODIFY … NOT NULL of an existing column',
    postgres: { history: USERS, file: 'SELECT 1;\nALTER TABLE users ALTER COLUMN name SET NOT NULL;' },
    mysql: { history: USERS, file: 'SELECT 1;\nALTER TABLE users MODIFY name varchar(50) NOT NULL;' },
    expect: ['MF104@2'],
  },
  {
    name: 'not on a column added by the change, nor on a new table',
    postgres: { history: USERS, file: "ALTER TABLE users ADD COLUMN nick varchar(10) DEFAULT 'x';\nALTER TABLE users ALTER COLUMN nick SET NOT NULL;\nCREATE TABLE t (a int);\nALTER TABLE t ALTER COLUMN a SET NOT NULL;" },
    mysql: { history: USERS, file: "ALTER TABLE users ADD COLUMN nick varchar(10) DEFAULT 'x';\nALTER TABLE users MODIFY nick varchar(10) NOT NULL DEFAULT 'x';\nCREATE TABLE t (a int);\nALTER TABLE t MODIFY a int NOT NULL;" },
    expect: [],
  },
  {
    name: 'not after a backfill of the column in the same file',
    postgres: { history: USERS, file: "UPDATE users SET name = '' WHERE name IS NULL;\nALTER TABLE users ALTER COLUMN name SET NOT NULL;" },
    expect: [],
  },
  {
    name: 'safe path: backfilled first lints clean',
    mysql: { history: USERS, file: "UPDATE users SET name = '' WHERE name IS NULL;\nALTER TABLE users MODIFY name varchar(50) NOT NULL;" },
    expect: [],
    clean: true,
  },
  {
    name: 'safe path: behind a validated CHECK (name IS NOT NULL) lints clean',
    postgres: { history: `${USERS} ALTER TABLE users ADD CONSTRAINT users_name_nn CHECK (name IS NOT NULL);`, file: `${LOCK_TIMEOUT}\nALTER TABLE users ALTER COLUMN name SET NOT NULL;` },
    expect: [],
    clean: true,
  },
]);

ruleSuite('MF105 type narrowed or converted', CODES, [
  {
    name: 'fires on a narrower type',
    postgres: { history: USERS, file: 'SELECT 1;\nALTER TABLE users ALTER COLUMN name TYPE varchar(20);' },
    mysql: { history: USERS, file: 'SELECT 1;\nALTER TABLE users MODIFY name varchar(20);' },
    expect: ['MF105@2'],
  },
  {
    name: 'fires on a conversion that can fail (text to int)',
    postgres: { history: USERS, file: 'ALTER TABLE users ALTER COLUMN code TYPE int USING code::int;' },
    mysql: { history: USERS, file: 'ALTER TABLE users MODIFY code int;' },
    expect: ['MF105@1'],
  },
  {
    name: 'not on a wider type, nor on a new table',
    postgres: { history: USERS, file: 'ALTER TABLE users ALTER COLUMN name TYPE varchar(200);\nALTER TABLE users ALTER COLUMN age TYPE bigint;\nCREATE TABLE t (a varchar(50));\nALTER TABLE t ALTER COLUMN a TYPE varchar(5);' },
    mysql: { history: USERS, file: 'ALTER TABLE users MODIFY name varchar(200);\nALTER TABLE users MODIFY age bigint;\nCREATE TABLE t (a varchar(50));\nALTER TABLE t MODIFY a varchar(5);' },
    expect: [],
  },
  {
    name: 'safe path: a new column of the new type lints clean',
    postgres: { history: USERS, file: `${LOCK_TIMEOUT}\nALTER TABLE users ADD COLUMN name_short varchar(20);` },
    mysql: { history: USERS, file: 'ALTER TABLE users ADD COLUMN name_short varchar(20);' },
    sqlite: { history: USERS, file: 'ALTER TABLE users ADD COLUMN name_short varchar(20);' },
    expect: [],
    clean: true,
  },
]);

const ORDERS = `${USERS} CREATE TABLE orders (id int PRIMARY KEY, user_id int, total int);`;

ruleSuite('MF106 foreign key on existing rows', CODES, [
  {
    name: 'fires on a foreign key added to an existing table',
    postgres: { history: ORDERS, file: 'SELECT 1;\nALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id);' },
    mysql: { history: ORDERS, file: 'SELECT 1;\nALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id);' },
    expect: ['MF106@2'],
  },
  {
    name: 'not on NOT VALID, nor on its later VALIDATE',
    postgres: { history: `${ORDERS} ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;`, file: 'ALTER TABLE orders VALIDATE CONSTRAINT orders_user_fk;' },
    expect: [],
  },
  {
    name: 'not on a new table, nor on a foreign key modified (dropped and added back)',
    postgres: { history: `${ORDERS} ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id);`, file: 'CREATE TABLE t (u int);\nALTER TABLE t ADD FOREIGN KEY (u) REFERENCES users (id);\nALTER TABLE orders DROP CONSTRAINT orders_user_fk, ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE;' },
    mysql: { history: `${ORDERS} ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id);`, file: 'CREATE TABLE t (u int);\nALTER TABLE t ADD FOREIGN KEY (u) REFERENCES users (id);\nALTER TABLE orders DROP FOREIGN KEY orders_user_fk, ADD CONSTRAINT orders_user_fk2 FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE;' },
    expect: [],
  },
  {
    name: 'not after orphans are deleted in the same file',
    postgres: { history: ORDERS, file: 'DELETE FROM orders WHERE user_id NOT IN (SELECT id FROM users);\nALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id);' },
    mysql: { history: ORDERS, file: 'DELETE FROM orders WHERE user_id NOT IN (SELECT id FROM users);\nALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id);' },
    expect: [],
  },
  {
    name: 'safe path: NOT VALID (PostgreSQL) or without checks (MySQL) lints clean',
    postgres: { history: ORDERS, file: `${LOCK_TIMEOUT}\nALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;` },
    mysql: { history: ORDERS, file: 'SET foreign_key_checks = 0;\nALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id);\nSET foreign_key_checks = 1;' },
    expect: [],
    clean: true,
  },
]);

ruleSuite('MF107 CHECK on existing rows', CODES, [
  {
    name: 'fires on a CHECK added to an existing table',
    postgres: { history: USERS, file: 'SELECT 1;\nALTER TABLE users ADD CONSTRAINT users_age_ck CHECK (age >= 0);' },
    mysql: { history: USERS, file: 'SELECT 1;\nALTER TABLE users ADD CONSTRAINT users_age_ck CHECK (age >= 0);' },
    expect: ['MF107@2'],
  },
  {
    name: 'not on NOT VALID, on a new table, or on a check of a column the change added',
    postgres: { history: USERS, file: 'ALTER TABLE users ADD CONSTRAINT users_age_ck CHECK (age >= 0) NOT VALID;\nCREATE TABLE t (a int);\nALTER TABLE t ADD CHECK (a > 0);\nALTER TABLE users ADD COLUMN score int;\nALTER TABLE users ADD CONSTRAINT users_score_ck CHECK (score > 0);' },
    mysql: { history: USERS, file: 'CREATE TABLE t (a int);\nALTER TABLE t ADD CHECK (a > 0);\nALTER TABLE users ADD COLUMN score int;\nALTER TABLE users ADD CONSTRAINT users_score_ck CHECK (score > 0);' },
    expect: [],
  },
  {
    name: 'not after the rows are fixed in the same file',
    mysql: { history: USERS, file: 'UPDATE users SET age = 0 WHERE age < 0;\nALTER TABLE users ADD CONSTRAINT users_age_ck CHECK (age >= 0);' },
    expect: [],
  },
  {
    name: 'safe path: NOT VALID lints clean',
    postgres: { history: USERS, file: `${LOCK_TIMEOUT}\nALTER TABLE users ADD CONSTRAINT users_age_ck CHECK (age >= 0) NOT VALID;` },
    expect: [],
    clean: true,
  },
]);

ruleSuite('MF108 enum value removed', CODES, [
  {
    name: 'fires on an inline ENUM losing a value',
    mysql: { history: "CREATE TABLE orders (id int PRIMARY KEY, status enum('new','paid','void'));", file: "SELECT 1;\nALTER TABLE orders MODIFY status enum('new','paid');" },
    expect: ['MF108@2'],
  },
  {
    name: 'fires where a column moves to an enum type without the value',
    postgres: {
      history: "CREATE TYPE status AS ENUM ('new', 'paid', 'void'); CREATE TABLE orders (id int PRIMARY KEY, status status);",
      file: "ALTER TYPE status RENAME TO status_old;\nCREATE TYPE status AS ENUM ('new', 'paid');\nALTER TABLE orders ALTER COLUMN status TYPE status USING status::text::status;\nDROP TYPE status_old;",
    },
    expect: ['MF108@3'],
  },
  {
    name: 'not on an enum type and table the change created',
    postgres: { file: "CREATE TYPE s AS ENUM ('a', 'b');\nCREATE TABLE t (v s);\nALTER TYPE s RENAME TO s_old;\nCREATE TYPE s AS ENUM ('a');\nALTER TABLE t ALTER COLUMN v TYPE s USING v::text::s;" },
    expect: [],
  },
  {
    name: 'not when values are only added, nor on a new table',
    mysql: { history: "CREATE TABLE orders (id int PRIMARY KEY, status enum('new','paid','void'));", file: "ALTER TABLE orders MODIFY status enum('new','paid','void','refunded');\nCREATE TABLE t (s enum('a','b'));\nALTER TABLE t MODIFY s enum('a');" },
    expect: [],
  },
  {
    name: 'safe path: rows moved off the value first (only the table copy, MY101, is left)',
    mysql: { history: "CREATE TABLE orders (id int PRIMARY KEY, status enum('new','paid','void'));", file: "UPDATE orders SET status = 'new' WHERE status = 'void';\nALTER TABLE orders MODIFY status enum('new','paid');" },
    expect: ['MY101@2'],
    clean: true,
  },
]);
