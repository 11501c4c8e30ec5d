/**
 * The case table's PostgreSQL column (see types.ts). PostgreSQL's own, much longer table of
 * PostgreSQL-only changes (enums, domains, partitions, policies...) is test/schema/helpers/cases.ts;
 * this column states the shared cases, so that one change reads the same on every database.
 */
import { notSupported, type CaseTable } from './types.js';

const users = 'CREATE TABLE users (id bigint PRIMARY KEY, email varchar(200) NOT NULL, name varchar(100), age int);';
const usersRows = "INSERT INTO users VALUES (1, 'a@x', 'Ann', 30), (2, 'b@x', NULL, NULL);";
const usersData = 'SELECT id, email FROM users ORDER BY id';
const posts = `${users} CREATE TABLE posts (id bigint PRIMARY KEY, user_id bigint, title varchar(200) NOT NULL);`;
const postsFk = `${users} CREATE TABLE posts (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id), title varchar(200) NOT NULL);`;
const withRows = (from: string, to: string, extra: Partial<{ renames: string[] }> = {}) => ({ from, to, rows: usersRows, data: usersData, ...extra });

export const postgresCases: CaseTable = {
  'add-table': { from: users, to: `${users} CREATE TABLE tags (id int PRIMARY KEY, label text NOT NULL);` },
  'drop-table': { from: `${users} CREATE TABLE tags (id int PRIMARY KEY, label text NOT NULL);`, to: users },
  'rename-table': { ...withRows(users, users.replace('users', 'people'), { renames: ['public.users=people'] }), data: undefined },
  'add-column-nullable': withRows(users, users.replace('age int', 'age int, bio text')),
  'add-column-not-null-default': withRows(users, users.replace('age int', "age int, status varchar(20) NOT NULL DEFAULT 'new'")),
  'drop-column': withRows(users, users.replace(', age int', '')),
  'rename-column': { ...withRows(users, users.replace('name varchar', 'full_name varchar'), { renames: ['public.users.name=full_name'] }) },
  'set-not-null': { from: users, to: users.replace('name varchar(100)', 'name varchar(100) NOT NULL') },
  'drop-not-null': withRows(users, users.replace('email varchar(200) NOT NULL', 'email varchar(200)')),
  'set-default': withRows(users, users.replace('age int', 'age int DEFAULT 18')),
  'drop-default': withRows(users.replace('age int', 'age int DEFAULT 18'), users),
  'change-column-type': withRows(users, users.replace('age int', 'age bigint')),
  'add-unique': withRows(users, users.replace('age int', 'age int, UNIQUE (email)')),
  'drop-unique': withRows(users.replace('age int', 'age int, UNIQUE (email)'), users),
  'add-index': withRows(users, `${users} CREATE INDEX users_name_idx ON users (name);`),
  'drop-index': withRows(`${users} CREATE INDEX users_name_idx ON users (name);`, users),
  'rename-index': { from: `${users} CREATE INDEX users_name_idx ON users (name);`, to: `${users} CREATE INDEX users_by_name ON users (name);`, renames: ['public.users_name_idx=users_by_name'] },
  'add-index-multi-column': { from: users, to: `${users} CREATE INDEX users_name_age_idx ON users (name, age);` },
  'add-index-unique': withRows(users, `${users} CREATE UNIQUE INDEX users_email_key ON users (email);`),
  'add-index-desc': { from: users, to: `${users} CREATE INDEX users_age_idx ON users (age DESC);` },
  'add-index-partial': { from: users, to: `${users} CREATE INDEX users_adult_idx ON users (age) WHERE age >= 18;` },
  'add-index-expression': { from: users, to: `${users} CREATE INDEX users_lower_email ON users (lower(email));` },
  'add-fk': { from: posts, to: postsFk },
  'drop-fk': { from: postsFk, to: posts },
  'add-fk-cascade': { from: posts, to: postsFk.replace('REFERENCES users (id)', 'REFERENCES users (id) ON DELETE CASCADE') },
  'add-check': withRows(users, users.replace('age int', 'age int CHECK (age >= 0)')),
  'drop-check': withRows(users.replace('age int', 'age int CHECK (age >= 0)'), users),
  'add-view': { from: users, to: `${users} CREATE VIEW adults AS SELECT id, email FROM users WHERE age >= 18;` },
  'drop-view': { from: `${users} CREATE VIEW adults AS SELECT id, email FROM users WHERE age >= 18;`, to: users },
  'modify-view': { from: `${users} CREATE VIEW adults AS SELECT id, email FROM users WHERE age >= 18;`, to: `${users} CREATE VIEW adults AS SELECT id, email, name FROM users WHERE age >= 21;` },
  'add-trigger': {
    from: `${users} CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;`,
    to: `${users} CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$; CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch();`,
  },
  'drop-trigger': {
    from: `${users} CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$; CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch();`,
    to: `${users} CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;`,
  },
  'add-primary-key': { from: 'CREATE TABLE t (id int NOT NULL, v text);', to: 'CREATE TABLE t (id int NOT NULL PRIMARY KEY, v text);' },
  'drop-primary-key': { from: 'CREATE TABLE t (id int NOT NULL PRIMARY KEY, v text);', to: 'CREATE TABLE t (id int NOT NULL, v text);' },
  'composite-primary-key': { from: 'CREATE TABLE t (a int NOT NULL, b int NOT NULL, v text, PRIMARY KEY (a));', to: 'CREATE TABLE t (a int NOT NULL, b int NOT NULL, v text, PRIMARY KEY (a, b));' },
  'table-comment': { from: users, to: `${users} COMMENT ON TABLE users IS 'people who log in';` },
  'column-comment': { from: users, to: `${users} COMMENT ON COLUMN users.email IS 'login';` },
  'generated-stored': { from: users, to: users.replace('age int', 'age int, age_next int GENERATED ALWAYS AS (age + 1) STORED') },
  'generated-virtual': notSupported('PostgreSQL 15 has only STORED generated columns (VIRTUAL comes with PostgreSQL 18)'),
  'autoincrement': { from: 'CREATE TABLE t (id int NOT NULL PRIMARY KEY, v text);', to: 'CREATE TABLE t (id int GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, v text);' },
  'rename-table-with-fk-to-it': { from: postsFk, to: postsFk.replace(/users/g, 'people'), renames: ['public.users=people'] },
  'rename-column-in-index': { from: `${users} CREATE INDEX users_name_idx ON users (name);`, to: `${users.replace('name varchar', 'nick varchar')} CREATE INDEX users_name_idx ON users (nick);`, renames: ['public.users.name=nick'] },
  'widen-varchar': withRows(users, users.replace('name varchar(100)', 'name varchar(150)')),
  'collate-column': { from: users, to: users.replace('name varchar(100)', 'name varchar(100) COLLATE "C"') },
};
