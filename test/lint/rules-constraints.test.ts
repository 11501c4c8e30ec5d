/**
 * Constraint deletion rules (CD101–CD104) on PostgreSQL, MariaDB and SQLite: each fires on the
 * statement that drops a constraint the deployed table has, not on one the change added, not on
 * one that goes with a dropped column (DS103 says it), and not on a constraint modified (dropped
 * and added back in the same migration), which is the safe path their fixes name.
 */
import { ruleSuite } from './helpers/rule-cases.js';

const CODES = ['CD101', 'CD102', 'CD103', 'CD104', 'DS103'];
// DS102 is left out of CODES where a case checks only that CD101 stays quiet.
const LOCK_TIMEOUT = "SET lock_timeout = '2s';";
const FK = 'CREATE TABLE users (id int PRIMARY KEY); CREATE TABLE orders (id int PRIMARY KEY, user_id int, note text, CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id));';

ruleSuite('CD101 foreign key dropped', CODES, [
  {
    name: 'fires on a dropped foreign key',
    postgres: { history: FK, file: 'ALTER TABLE orders DROP CONSTRAINT orders_user_fk;' },
    mysql: { history: FK, file: 'ALTER TABLE orders DROP FOREIGN KEY orders_user_fk;' },
    expect: ['CD101@1'],
  },
  {
    name: 'not on a table created in the same change',
    postgres: { history: FK, file: 'CREATE TABLE t (u int REFERENCES users (id));\nALTER TABLE t DROP CONSTRAINT t_u_fkey;' },
    mysql: { history: FK, file: 'CREATE TABLE t (u int, CONSTRAINT t_u_fk FOREIGN KEY (u) REFERENCES users (id));\nALTER TABLE t DROP FOREIGN KEY t_u_fk;' },
    expect: [],
  },
  {
    name: 'not with its column (DS103 only), nor on a foreign key the change added',
    postgres: { history: FK, file: 'ALTER TABLE orders DROP COLUMN user_id;\nALTER TABLE orders ADD CONSTRAINT orders_note_fk FOREIGN KEY (id) REFERENCES users (id) NOT VALID;\nALTER TABLE orders DROP CONSTRAINT orders_note_fk;' },
    expect: ['DS103@1'],
  },
  {
    name: 'not when the table goes later in the same file (DS102 only)',
    postgres: { history: FK, file: 'ALTER TABLE orders DROP CONSTRAINT orders_user_fk;\nDROP TABLE orders;' },
    mysql: { history: FK, file: 'ALTER TABLE orders DROP FOREIGN KEY orders_user_fk;\nDROP TABLE orders;' },
    expect: [],
  },
  {
    name: 'safe path: the key modified (dropped and added back) lints clean',
    postgres: { history: FK, file: `${LOCK_TIMEOUT}\nALTER TABLE orders DROP CONSTRAINT orders_user_fk, ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE NOT VALID;` },
    mysql: { history: FK, file: 'SET foreign_key_checks = 0;\nALTER TABLE orders DROP FOREIGN KEY orders_user_fk, ADD CONSTRAINT orders_user_fk2 FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE;\nSET foreign_key_checks = 1;' },
    expect: [],
    clean: true,
  },
]);

const PK = 'CREATE TABLE events (id int NOT NULL, at int NOT NULL, CONSTRAINT events_pkey PRIMARY KEY (id));';

ruleSuite('CD102 primary key dropped', CODES, [
  {
    name: 'fires on a dropped primary key',
    postgres: { history: PK, file: 'SELECT 1;\nALTER TABLE events DROP CONSTRAINT events_pkey;' },
    mysql: { history: PK, file: 'SELECT 1;\nALTER TABLE events DROP PRIMARY KEY;' },
    expect: ['CD102@2'],
  },
  {
    name: 'not on a new table',
    postgres: { file: 'CREATE TABLE t (id int PRIMARY KEY);\nALTER TABLE t DROP CONSTRAINT t_pkey;' },
    mysql: { file: 'CREATE TABLE t (id int PRIMARY KEY);\nALTER TABLE t DROP PRIMARY KEY;' },
    expect: [],
  },
  {
    name: 'safe path: the key replaced in the same statement lints clean',
    postgres: { history: `${PK} CREATE UNIQUE INDEX events_id_at ON events (id, at);`, file: `${LOCK_TIMEOUT}\nALTER TABLE events DROP CONSTRAINT events_pkey, ADD CONSTRAINT events_id_at PRIMARY KEY USING INDEX events_id_at;` },
    mysql: { history: PK, file: 'ALTER TABLE events DROP PRIMARY KEY, ADD PRIMARY KEY (id, at);' },
    expect: [],
    clean: true,
  },
]);

const UNIQUE = {
  postgres: 'CREATE TABLE users (id int PRIMARY KEY, email text, handle text, CONSTRAINT users_handle_key UNIQUE (handle)); CREATE UNIQUE INDEX users_email ON users (email);',
  mysql: 'CREATE TABLE users (id int PRIMARY KEY, email varchar(100), handle varchar(50), UNIQUE KEY users_handle_key (handle), UNIQUE KEY users_email (email));',
  sqlite: 'CREATE TABLE users (id int PRIMARY KEY, email text, handle text); CREATE UNIQUE INDEX users_email ON users (email);',
};

ruleSuite('CD103 unique dropped', CODES, [
  {
    name: 'fires on a dropped unique index',
    postgres: { history: UNIQUE.postgres, file: `${LOCK_TIMEOUT}\nDROP INDEX users_email;` },
    mysql: { history: UNIQUE.mysql, file: 'SELECT 1;\nALTER TABLE users DROP INDEX users_email;' },
    sqlite: { history: UNIQUE.sqlite, file: 'SELECT 1;\nDROP INDEX users_email;' },
    expect: ['CD103@2'],
  },
  {
    name: 'fires on a dropped unique constraint',
    postgres: { history: UNIQUE.postgres, file: 'ALTER TABLE users DROP CONSTRAINT users_handle_key;' },
    mysql: { history: UNIQUE.mysql, file: 'ALTER TABLE users DROP INDEX users_handle_key;' },
    expect: ['CD103@1'],
  },
  {
    name: 'not with its column (DS103 only)',
    postgres: { history: UNIQUE.postgres, file: 'ALTER TABLE users DROP COLUMN email;' },
    mysql: { history: UNIQUE.mysql, file: 'ALTER TABLE users DROP COLUMN email;' },
    expect: ['DS103@1'],
  },
  {
    name: 'not on a table created in the same change',
    postgres: { file: 'CREATE TABLE t (a int);\nCREATE UNIQUE INDEX t_a ON t (a);\nDROP INDEX t_a;' },
    mysql: { file: 'CREATE TABLE t (a int, UNIQUE KEY t_a (a));\nALTER TABLE t DROP INDEX t_a;' },
    sqlite: { file: 'CREATE TABLE t (a int);\nCREATE UNIQUE INDEX t_a ON t (a);\nDROP INDEX t_a;' },
    expect: [],
  },
  {
    name: 'safe path: a new unique key first, then the old one dropped, lints clean',
    mysql: { history: UNIQUE.mysql, file: 'ALTER TABLE users ADD UNIQUE KEY users_email_v2 (email);\nALTER TABLE users DROP INDEX users_email;' },
    sqlite: { history: UNIQUE.sqlite, file: 'CREATE UNIQUE INDEX users_email_v2 ON users (email);\nDROP INDEX users_email;' },
    expect: [],
    clean: true,
  },
]);

const CHECK = 'CREATE TABLE items (id int PRIMARY KEY, qty int, CONSTRAINT items_qty_ck CHECK (qty >= 0));';

ruleSuite('CD104 check dropped', CODES, [
  {
    name: 'fires on a dropped CHECK constraint',
    postgres: { history: CHECK, file: 'ALTER TABLE items DROP CONSTRAINT items_qty_ck;' },
    mysql: { history: CHECK, file: 'ALTER TABLE items DROP CONSTRAINT items_qty_ck;' },
    expect: ['CD104@1'],
  },
  {
    name: 'not on a check the change added',
    postgres: { history: CHECK, file: 'ALTER TABLE items ADD CONSTRAINT items_id_ck CHECK (id > 0) NOT VALID;\nALTER TABLE items DROP CONSTRAINT items_id_ck;' },
    expect: [],
  },
  {
    name: 'safe path: the check modified in the same migration lints clean',
    postgres: { history: CHECK, file: `${LOCK_TIMEOUT}\nALTER TABLE items DROP CONSTRAINT items_qty_ck, ADD CONSTRAINT items_qty_ck CHECK (qty >= -1) NOT VALID;` },
    expect: [],
    clean: true,
  },
]);
