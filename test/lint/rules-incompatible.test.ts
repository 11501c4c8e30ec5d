/**
 * Backward-incompatible rules (BC101–BC104) on PostgreSQL, MariaDB and SQLite: renames and type
 * changes of what the deployed version uses, and the removal of a VIRTUAL generated column
 * (which loses no data, so is not DS103). Not on objects the change under review created, not
 * on renames that keep the old name working, not on widenings; the safe alternatives (a view
 * under the old name, a new column beside the old one) lint clean.
 */
import { ruleSuite } from './helpers/rule-cases.js';

const CODES = ['BC101', 'BC102', 'BC103', 'BC104', 'DS103', 'MF105'];
const USERS = 'CREATE TABLE users (id int PRIMARY KEY, name varchar(50), age int);';
const LOCK_TIMEOUT = "SET lock_timeout = '2s';";

ruleSuite('BC101 table renamed', CODES, [
  {
    name: 'fires on a renamed deployed table',
    postgres: { history: USERS, file: 'SELECT 1;\nALTER TABLE users RENAME TO people;' },
    mysql: { history: USERS, file: 'SELECT 1;\nRENAME TABLE users TO people;' },
    sqlite: { history: USERS, file: 'SELECT 1;\nALTER TABLE users RENAME TO people;' },
    expect: ['BC101@2'],
  },
  {
    name: 'not on a table created in the same change',
    postgres: { history: USERS, file: 'CREATE TABLE tmp (id int);\nALTER TABLE tmp RENAME TO tmp2;' },
    mysql: { history: USERS, file: 'CREATE TABLE tmp (id int);\nRENAME TABLE tmp TO tmp2;' },
    sqlite: { history: USERS, file: 'CREATE TABLE tmp (id int);\nALTER TABLE tmp RENAME TO tmp2;' },
    expect: [],
  },
  {
    name: 'safe path: a view under the old name lints clean',
    postgres: { history: USERS, file: `${LOCK_TIMEOUT}\nALTER TABLE users RENAME TO people;\nCREATE VIEW users AS SELECT * FROM people;` },
    mysql: { history: USERS, file: 'RENAME TABLE users TO people;\nCREATE VIEW users AS SELECT * FROM people;' },
    sqlite: { history: USERS, file: 'ALTER TABLE users RENAME TO people;\nCREATE VIEW users AS SELECT * FROM people;' },
    expect: [],
    clean: true,
  },
]);

ruleSuite('BC102 column renamed', CODES, [
  {
    name: 'fires on a renamed deployed column',
    postgres: { history: USERS, file: 'ALTER TABLE users RENAME COLUMN name TO full_name;' },
    mysql: { history: USERS, file: 'ALTER TABLE users RENAME COLUMN name TO full_name;' },
    sqlite: { history: USERS, file: 'ALTER TABLE users RENAME COLUMN name TO full_name;' },
    expect: ['BC102@1'],
  },
  {
    name: 'fires on MySQL CHANGE with a new name',
    mysql: { history: USERS, file: 'ALTER TABLE users CHANGE name full_name varchar(50);' },
    expect: ['BC102@1'],
  },
  {
    name: 'not on a column the change added, nor when the old name is added back',
    postgres: { history: USERS, file: 'ALTER TABLE users ADD COLUMN nick text;\nALTER TABLE users RENAME COLUMN nick TO handle;\nALTER TABLE users RENAME COLUMN name TO full_name;\nALTER TABLE users ADD COLUMN name varchar(50);' },
    mysql: { history: USERS, file: 'ALTER TABLE users ADD COLUMN nick text;\nALTER TABLE users RENAME COLUMN nick TO handle;\nALTER TABLE users RENAME COLUMN name TO full_name;\nALTER TABLE users ADD COLUMN name varchar(50);' },
    sqlite: { history: USERS, file: 'ALTER TABLE users ADD COLUMN nick text;\nALTER TABLE users RENAME COLUMN nick TO handle;\nALTER TABLE users RENAME COLUMN name TO full_name;\nALTER TABLE users ADD COLUMN name varchar(50);' },
    expect: [],
  },
  {
    name: 'safe path: a new column filled from the old one lints clean',
    postgres: { history: USERS, file: `${LOCK_TIMEOUT}\nALTER TABLE users ADD COLUMN full_name varchar(50);\nUPDATE users SET full_name = name;` },
    mysql: { history: USERS, file: 'ALTER TABLE users ADD COLUMN full_name varchar(50);\nUPDATE users SET full_name = name;' },
    sqlite: { history: USERS, file: 'ALTER TABLE users ADD COLUMN full_name varchar(50);\nUPDATE users SET full_name = name;' },
    expect: [],
    clean: true,
  },
]);

ruleSuite('BC103 column type changed', CODES, [
  {
    name: 'fires on a type the deployed version reads differently (and only BC103 when nothing can fail)',
    postgres: { history: USERS, file: 'SELECT 1;\nALTER TABLE users ALTER COLUMN age TYPE text;' },
    mysql: { history: USERS, file: 'SELECT 1;\nALTER TABLE users MODIFY age varchar(100);' },
    expect: ['BC103@2'],
  },
  {
    name: 'fires with MF105 when the conversion can also fail',
    postgres: { history: USERS, file: 'ALTER TABLE users ALTER COLUMN name TYPE int USING name::int;' },
    mysql: { history: USERS, file: 'ALTER TABLE users MODIFY name int;' },
    expect: ['BC103@1', 'MF105@1'],
  },
  {
    name: 'not on a widening, nor on a new table or column',
    postgres: { history: USERS, file: 'ALTER TABLE users ALTER COLUMN age TYPE bigint;\nALTER TABLE users ALTER COLUMN name TYPE varchar(80);\nCREATE TABLE t (a int);\nALTER TABLE t ALTER COLUMN a TYPE text;\nALTER TABLE users ADD COLUMN x int;\nALTER TABLE users ALTER COLUMN x TYPE text;' },
    mysql: { history: USERS, file: 'ALTER TABLE users MODIFY age bigint;\nALTER TABLE users MODIFY name varchar(80);\nCREATE TABLE t (a int);\nALTER TABLE t MODIFY a text;\nALTER TABLE users ADD COLUMN x int;\nALTER TABLE users MODIFY x text;' },
    expect: [],
  },
  {
    name: 'safe path: a new column of the new type lints clean',
    postgres: { history: USERS, file: `${LOCK_TIMEOUT}\nALTER TABLE users ADD COLUMN age_text text;\nUPDATE users SET age_text = age::text;` },
    mysql: { history: USERS, file: 'ALTER TABLE users ADD COLUMN age_text varchar(100);\nUPDATE users SET age_text = age;' },
    sqlite: { history: USERS, file: 'ALTER TABLE users ADD COLUMN age_text text;\nUPDATE users SET age_text = age;' },
    expect: [],
    clean: true,
  },
]);

const GENERATED = {
  mysql: "CREATE TABLE users (id int PRIMARY KEY, first varchar(50), last varchar(50), full_name varchar(101) AS (concat(first, ' ', last)) VIRTUAL, stored_name varchar(101) AS (concat(first, ' ', last)) STORED);",
  sqlite: "CREATE TABLE users (id int PRIMARY KEY, first text, last text, full_name text GENERATED ALWAYS AS (first || ' ' || last) VIRTUAL, stored_name text GENERATED ALWAYS AS (first || ' ' || last) STORED);",
};

ruleSuite('BC104 generated column removed', CODES, [
  {
    name: 'fires (and DS103 does not) on a dropped VIRTUAL generated column',
    mysql: { history: GENERATED.mysql, file: 'ALTER TABLE users DROP COLUMN full_name;' },
    sqlite: { history: GENERATED.sqlite, file: 'ALTER TABLE users DROP COLUMN full_name;' },
    expect: ['BC104@1'],
  },
  {
    name: 'a STORED one holds data: DS103, not BC104',
    mysql: { history: GENERATED.mysql, file: 'ALTER TABLE users DROP COLUMN stored_name;' },
    expect: ['DS103@1'],
  },
  {
    name: 'fires (and DS103 does not) on a column whose values the file copied into another one',
    postgres: { history: USERS, file: "SET lock_timeout = '2s';\nALTER TABLE users ADD COLUMN full_name varchar(50);\nUPDATE users SET full_name = name;\nALTER TABLE users DROP COLUMN name;" },
    mysql: { history: USERS, file: 'SELECT 1;\nALTER TABLE users ADD COLUMN full_name varchar(50);\nUPDATE users SET full_name = name;\nALTER TABLE users DROP COLUMN name;' },
    sqlite: { history: USERS, file: 'SELECT 1;\nALTER TABLE users ADD COLUMN full_name varchar(50);\nUPDATE users SET full_name = name;\nALTER TABLE users DROP COLUMN name;' },
    expect: ['BC104@4'],
  },
  {
    name: 'not on a generated column the change added',
    mysql: { history: GENERATED.mysql, file: 'ALTER TABLE users ADD COLUMN initials varchar(2) AS (concat(left(first, 1), left(last, 1))) VIRTUAL;\nALTER TABLE users DROP COLUMN initials;' },
    sqlite: { history: GENERATED.sqlite, file: 'ALTER TABLE users ADD COLUMN initials text GENERATED ALWAYS AS (substr(first, 1, 1)) VIRTUAL;\nALTER TABLE users DROP COLUMN initials;' },
    expect: [],
  },
  {
    name: 'safe path: the removal marked as intended lints clean',
    mysql: { history: GENERATED.mysql, file: '-- cairn:nolint BC104\nALTER TABLE users DROP COLUMN full_name;' },
    sqlite: { history: GENERATED.sqlite, file: '-- cairn:nolint BC104\nALTER TABLE users DROP COLUMN full_name;' },
    expect: [],
    clean: true,
  },
]);
