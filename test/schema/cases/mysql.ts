/**
 * The case table's MySQL/MariaDB column (see types.ts), run on the local MariaDB 10.11. The
 * shared cases come first, as the PostgreSQL column states them; then what only MySQL has
 * (column positions, AUTO_INCREMENT, ON UPDATE, inline ENUM/SET, prefix, FULLTEXT and SPATIAL
 * indexes, engines and character sets, view options, trigger order) and the places where its
 * DDL needs care: foreign keys and the indexes they make for themselves, type changes under a
 * foreign key, AUTO_INCREMENT and its key. Rename hints leave the database out (`users.name=nick`).
 */
import { notSupported, type CaseTable, type DialectCase } from './types.js';

const users = 'CREATE TABLE users (id bigint PRIMARY KEY, email varchar(200) NOT NULL, name varchar(100), age int);';
const usersRows = "INSERT INTO users (id, email, name, age) VALUES (1, 'a@x', 'Ann', 30), (2, 'b@x', NULL, NULL);";
const usersData = 'SELECT id, email FROM users ORDER BY id';
const posts = `${users} CREATE TABLE posts (id bigint PRIMARY KEY, user_id bigint, title varchar(200) NOT NULL);`;
const postsFk = `${users} CREATE TABLE posts (id bigint PRIMARY KEY, user_id bigint, title varchar(200) NOT NULL, CONSTRAINT posts_user FOREIGN KEY (user_id) REFERENCES users (id));`;
const postsRows = `${usersRows} INSERT INTO posts VALUES (10, 1, 'hello'), (11, 2, 'again');`;
const postsData = 'SELECT p.id, p.user_id, p.title FROM posts p ORDER BY p.id';
const withRows = (from: string, to: string, extra: Partial<DialectCase> = {}): DialectCase => ({ from, to, rows: usersRows, data: usersData, ...extra });
const adults = 'CREATE VIEW adults AS SELECT id, email FROM users WHERE age >= 18;';
const touch = 'CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW SET NEW.name = lower(NEW.name);';
const auto = 'CREATE TABLE t (id int NOT NULL AUTO_INCREMENT PRIMARY KEY, v varchar(20));';
const autoRows = "INSERT INTO t (v) VALUES ('a'), ('b');";
const autoData = 'SELECT id, v FROM t ORDER BY id';
const stamped = 'CREATE TABLE t (id int PRIMARY KEY, v varchar(20), updated_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP);';
const status = "CREATE TABLE t (id int PRIMARY KEY, status enum('new','open','done') NOT NULL DEFAULT 'new');";
const statusRows = "INSERT INTO t VALUES (1, 'new'), (2, 'done');";
const statusData = 'SELECT id, status FROM t ORDER BY id';
const docs = 'CREATE TABLE docs (id int PRIMARY KEY, title varchar(200), body text);';
const parent = 'CREATE TABLE parent (id int PRIMARY KEY, code varchar(20) NOT NULL);';
const child = `${parent} CREATE TABLE child (id int PRIMARY KEY, parent_id int, note varchar(50), CONSTRAINT child_parent FOREIGN KEY (parent_id) REFERENCES parent (id));`;
const childRows = "INSERT INTO parent VALUES (1, 'p1'), (2, 'p2'); INSERT INTO child VALUES (1, 1, 'x'), (2, 2, 'y'), (3, NULL, 'z');";
const childData = 'SELECT c.id, c.parent_id, c.note FROM child c ORDER BY c.id';
const wide = 'CREATE TABLE w (a int, b varchar(10), c date, d int);';
const allUsers = 'SELECT id, email, name, age FROM users ORDER BY id';
const docsRows = "INSERT INTO docs (id, title, body) VALUES (1, 'abc', 'x'), (2, NULL, 'y');";
const docsData = 'SELECT id, title, body FROM docs ORDER BY id';
// users with posts deleted with them (a careless rebuild of users would empty posts).
const postsCascade = `${users} CREATE TABLE posts (id bigint PRIMARY KEY, user_id bigint, title varchar(200) NOT NULL, CONSTRAINT posts_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE);`;
const withPosts = (from: string, to: string, extra: Partial<DialectCase> = {}): DialectCase => ({ from, to, rows: `${postsRows} INSERT INTO posts VALUES (12, NULL, 'orphan');`, data: postsData, ...extra });
const node = 'CREATE TABLE node (id int PRIMARY KEY, parent_id int, label varchar(20), CONSTRAINT node_parent FOREIGN KEY (parent_id) REFERENCES node (id) ON DELETE CASCADE);';
const nodeRows = "INSERT INTO node VALUES (1, NULL, 'root'), (2, 1, 'kid'), (3, 2, 'grandkid');";
const nodeData = 'SELECT id, parent_id, label FROM node ORDER BY id';
/** The rows and the table's AUTO_INCREMENT counter, which a table copy must keep. */
const autoCounter = "SELECT (SELECT group_concat(id, ':', v ORDER BY id) FROM t) AS rows_, (SELECT AUTO_INCREMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 't') AS counter";
const wideRows = "INSERT INTO w VALUES (1, 'x', '2024-01-02', 4), (2, 'y', NULL, NULL);";
const wideData = 'SELECT a, b, c, d FROM w ORDER BY a';

export const mysqlCases: CaseTable = {
  // Shared with the other dialects.
  'add-table': { from: users, to: `${users} CREATE TABLE tags (id int PRIMARY KEY, label text NOT NULL);` },
  'drop-table': { from: `${users} CREATE TABLE tags (id int PRIMARY KEY, label text NOT NULL);`, to: users },
  'rename-table': { from: users, to: users.replace('users', 'people'), rows: usersRows, renames: ['users=people'] },
  'add-column-nullable': withRows(users, users.replace('age int', 'age int, bio text')),
  'add-column-not-null-default': withRows(users, users.replace('age int', "age int, status varchar(20) NOT NULL DEFAULT 'new'")),
  'drop-column': withRows(users, users.replace(', age int', '')),
  'rename-column': { ...withRows(users, users.replace('name varchar', 'full_name varchar'), { renames: ['users.name=full_name'] }), data: 'SELECT id, email FROM users ORDER BY id' },
  'set-not-null': { from: users, to: users.replace('name varchar(100)', 'name varchar(100) NOT NULL') },
  'drop-not-null': withRows(users, users.replace('email varchar(200) NOT NULL', 'email varchar(200)')),
  'set-default': withRows(users, users.replace('age int', 'age int DEFAULT 18')),
  'drop-default': withRows(users.replace('age int', 'age int DEFAULT 18'), users),
  'change-column-type': withRows(users, users.replace('age int', 'age bigint')),
  'add-unique': withRows(users, users.replace('age int', 'age int, UNIQUE KEY users_email (email)')),
  'drop-unique': withRows(users.replace('age int', 'age int, UNIQUE KEY users_email (email)'), users),
  'add-index': withRows(users, `${users} CREATE INDEX users_name_idx ON users (name);`),
  'drop-index': withRows(`${users} CREATE INDEX users_name_idx ON users (name);`, users),
  'rename-index': { from: `${users} CREATE INDEX users_name_idx ON users (name);`, to: `${users} CREATE INDEX users_by_name ON users (name);`, renames: ['users_name_idx=users_by_name'] },
  'add-index-multi-column': { from: users, to: `${users} CREATE INDEX users_name_age_idx ON users (name, age);` },
  'add-index-unique': withRows(users, `${users} CREATE UNIQUE INDEX users_email_key ON users (email);`),
  'add-index-desc': { from: users, to: `${users} CREATE INDEX users_age_idx ON users (age DESC);` },
  'add-index-partial': notSupported('MySQL and MariaDB have no partial indexes (CREATE INDEX ... WHERE)'),
  'add-index-expression': notSupported('MariaDB has no expression key parts (MySQL 8.0.13+ has functional indexes); these cases run on MariaDB 10.11'),
  'add-fk': { from: posts, to: postsFk, rows: postsRows, data: postsData },
  'drop-fk': { from: postsFk, to: posts, rows: postsRows, data: postsData },
  'add-fk-cascade': { from: posts, to: postsFk.replace('REFERENCES users (id)', 'REFERENCES users (id) ON DELETE CASCADE') },
  'add-check': withRows(users, users.replace('age int', 'age int, CONSTRAINT users_age CHECK (age >= 0)')),
  'drop-check': withRows(users.replace('age int', 'age int, CONSTRAINT users_age CHECK (age >= 0)'), users),
  'add-view': { from: users, to: `${users} ${adults}` },
  'drop-view': { from: `${users} ${adults}`, to: users },
  'modify-view': { from: `${users} ${adults}`, to: `${users} CREATE VIEW adults AS SELECT id, email, name FROM users WHERE age >= 21;` },
  'add-trigger': withRows(users, `${users} ${touch}`),
  'drop-trigger': withRows(`${users} ${touch}`, users),
  'add-primary-key': { from: 'CREATE TABLE t (id int NOT NULL, v text);', to: 'CREATE TABLE t (id int NOT NULL PRIMARY KEY, v text);' },
  'drop-primary-key': { from: 'CREATE TABLE t (id int NOT NULL PRIMARY KEY, v text);', to: 'CREATE TABLE t (id int NOT NULL, v text);' },
  'primary-key-prefix': { from: 'CREATE TABLE t (code text NOT NULL, v int);', to: 'CREATE TABLE t (code text NOT NULL, v int, PRIMARY KEY (code(32)));' },
  'composite-primary-key': { from: 'CREATE TABLE t (a int NOT NULL, b int NOT NULL, v text, PRIMARY KEY (a));', to: 'CREATE TABLE t (a int NOT NULL, b int NOT NULL, v text, PRIMARY KEY (a, b));' },
  'table-comment': { from: users, to: users.replace(');', ") COMMENT 'people who log in';") },
  'column-comment': { from: users, to: users.replace('email varchar(200) NOT NULL', "email varchar(200) NOT NULL COMMENT 'login'") },
  'generated-stored': { from: users, to: users.replace('age int', 'age int, age_next int GENERATED ALWAYS AS (age + 1) STORED') },
  'generated-virtual': { from: users, to: users.replace('age int', 'age int, age_next int GENERATED ALWAYS AS (age + 1) VIRTUAL') },
  'autoincrement': { from: 'CREATE TABLE t (id int NOT NULL PRIMARY KEY, v text);', to: 'CREATE TABLE t (id int NOT NULL AUTO_INCREMENT PRIMARY KEY, v text);' },
  'rename-table-with-fk-to-it': { from: postsFk, to: postsFk.replace(/users/g, 'people'), rows: postsRows, data: postsData, renames: ['users=people'] },
  'rename-column-in-index': { from: `${users} CREATE INDEX users_name_idx ON users (name);`, to: `${users.replace('name varchar', 'nick varchar')} CREATE INDEX users_name_idx ON users (nick);`, renames: ['users.name=nick'] },
  'widen-varchar': withRows(users, users.replace('name varchar(100)', 'name varchar(150)')),
  'collate-column': { from: users, to: users.replace('name varchar(100)', 'name varchar(100) COLLATE utf8mb4_bin') },

  // Column positions.
  'column-after-position': { from: wide, to: wide.replace('b varchar(10),', 'b varchar(10), b2 int,'), rows: wideRows, data: wideData },
  'add-column-first': { from: wide, to: wide.replace('(a int,', '(z int NOT NULL DEFAULT 0, a int,'), rows: wideRows, data: wideData },
  'add-columns-in-between': { from: wide, to: 'CREATE TABLE w (x1 int, a int, x2 int, b varchar(10), c date, x3 int, d int, x4 int);', rows: wideRows, data: wideData },
  'drop-middle-column': { from: wide, to: 'CREATE TABLE w (a int, c date, d int);', rows: wideRows, data: 'SELECT a, c, d FROM w ORDER BY a' },
  'drop-and-add-columns': { from: wide, to: 'CREATE TABLE w (a int, n1 int, c date, n2 varchar(5));', rows: wideRows, data: 'SELECT a, c FROM w ORDER BY a' },
  'reorder-columns': { from: wide, to: 'CREATE TABLE w (d int, a int, c date, b varchar(10));', rows: wideRows, data: wideData },
  'move-column-last': { from: wide, to: 'CREATE TABLE w (b varchar(10), c date, d int, a int);', rows: wideRows, data: wideData },
  'swap-columns': { from: wide, to: 'CREATE TABLE w (b varchar(10), a int, c date, d int);', rows: wideRows, data: wideData },
  'rename-and-move-column': { from: wide, to: 'CREATE TABLE w (a int, c date, bb varchar(10), d int);', rows: wideRows, renames: ['w.b=bb'], data: 'SELECT a, c, d FROM w ORDER BY a' },

  // AUTO_INCREMENT and ON UPDATE.
  'auto-increment-add': { from: 'CREATE TABLE t (id int NOT NULL, v varchar(20));', to: auto },
  'auto-increment-drop': { from: auto, to: 'CREATE TABLE t (id int NOT NULL PRIMARY KEY, v varchar(20));', rows: autoRows, data: autoData },
  'add-column-auto-increment': { from: 'CREATE TABLE t (v varchar(20));', to: 'CREATE TABLE t (id int NOT NULL AUTO_INCREMENT PRIMARY KEY, v varchar(20));' },
  'drop-column-auto-increment': { from: auto, to: 'CREATE TABLE t (v varchar(20));', rows: autoRows, data: 'SELECT v FROM t ORDER BY v' },
  'add-column-auto-increment-with-rows': { from: 'CREATE TABLE t (v varchar(20));', to: auto, rows: "INSERT INTO t VALUES ('a'), ('b');", data: 'SELECT v FROM t ORDER BY v' },
  'auto-increment-bigint': { from: auto, to: auto.replace('id int', 'id bigint unsigned'), rows: autoRows, data: autoData },
  'auto-increment-change-primary-key': { from: auto, to: 'CREATE TABLE t (id int NOT NULL AUTO_INCREMENT, v varchar(20) NOT NULL, PRIMARY KEY (id, v));', rows: autoRows, data: autoData },
  'on-update-current-timestamp': { from: stamped, to: stamped.replace('DEFAULT CURRENT_TIMESTAMP', 'DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP') },
  'drop-on-update': { from: stamped.replace('DEFAULT CURRENT_TIMESTAMP', 'DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP'), to: stamped },
  'add-timestamp-column': { from: 'CREATE TABLE t (id int PRIMARY KEY);', to: 'CREATE TABLE t (id int PRIMARY KEY, created_at datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), updated_at datetime(3) NULL ON UPDATE CURRENT_TIMESTAMP(3));' },
  'default-current-timestamp-precision': { from: 'CREATE TABLE t (id int PRIMARY KEY, at datetime DEFAULT CURRENT_TIMESTAMP);', to: 'CREATE TABLE t (id int PRIMARY KEY, at datetime(6) DEFAULT CURRENT_TIMESTAMP(6));' },

  // Generated columns.
  'generated-change-expression': { from: users.replace('age int', 'age int, age_next int GENERATED ALWAYS AS (age + 1) VIRTUAL'), to: users.replace('age int', 'age int, age_next int GENERATED ALWAYS AS (age + 2) VIRTUAL'), rows: usersRows, data: usersData },
  'generated-virtual-to-stored': { from: users.replace('age int', 'age int, age_next int GENERATED ALWAYS AS (age + 1) VIRTUAL'), to: users.replace('age int', 'age int, age_next int GENERATED ALWAYS AS (age + 1) STORED'), rows: usersRows, data: usersData },
  'generated-column-indexed': { from: users, to: `${users.replace('age int', 'age int, email_domain varchar(200) GENERATED ALWAYS AS (substring_index(email, "@", -1)) STORED')} CREATE INDEX users_domain ON users (email_domain);` },
  'drop-generated-column': { from: users.replace('age int', 'age int, age_next int GENERATED ALWAYS AS (age + 1) VIRTUAL'), to: users, rows: usersRows, data: usersData },

  // Types.
  'change-column-type-widen': withRows(users, users.replace('age int', 'age bigint')),
  'change-column-type-narrow': withRows(users, users.replace('age int', 'age smallint')),
  'narrow-varchar': withRows(users, users.replace('email varchar(200)', 'email varchar(50)')),
  'int-to-varchar': withRows(users, users.replace('age int', 'age varchar(10)')),
  'text-to-mediumtext': { from: docs, to: docs.replace('body text', 'body mediumtext') },
  'unsigned-column': withRows(users, users.replace('age int', 'age int unsigned')),
  'zerofill-column': { from: 'CREATE TABLE t (id int PRIMARY KEY, code int);', to: 'CREATE TABLE t (id int PRIMARY KEY, code int(6) unsigned zerofill);' },
  'decimal-precision': { from: 'CREATE TABLE t (id int PRIMARY KEY, price decimal(8,2));', to: 'CREATE TABLE t (id int PRIMARY KEY, price decimal(12,4));', rows: 'INSERT INTO t VALUES (1, 10.5);', data: 'SELECT id, CAST(price * 100 AS SIGNED) AS cents FROM t' },
  'datetime-precision': { from: 'CREATE TABLE t (id int PRIMARY KEY, at datetime);', to: 'CREATE TABLE t (id int PRIMARY KEY, at datetime(3));' },
  'json-column': { from: docs, to: docs.replace('body text', 'body text, meta json') },
  'boolean-column': { from: docs, to: docs.replace('body text', 'body text, published boolean NOT NULL DEFAULT false') },
  'bit-column-default': { from: docs, to: docs.replace('body text', "body text, flags bit(4) NOT NULL DEFAULT b'0101'") },
  'binary-column': { from: docs, to: docs.replace('body text', 'body text, digest binary(16), raw varbinary(64), blob_data mediumblob') },
  'year-and-time-columns': { from: docs, to: docs.replace('body text', 'body text, y year, t time(2)') },
  'float-double-columns': { from: docs, to: docs.replace('body text', 'body text, f float, d double NOT NULL DEFAULT 1.5') },
  'enum-column': { from: 'CREATE TABLE t (id int PRIMARY KEY);', to: status },
  'enum-column-add-value': { from: status, to: status.replace("'done')", "'done','archived')"), rows: statusRows, data: statusData },
  'enum-column-insert-value': { from: status, to: status.replace("'new','open'", "'new','waiting','open'"), rows: statusRows, data: statusData },
  'enum-column-remove-value': { from: status, to: status.replace("'new','open','done'", "'new','done'"), rows: statusRows, data: statusData },
  'enum-change-default': { from: status, to: status.replace("DEFAULT 'new'", "DEFAULT 'open'") },
  'enum-value-with-quote': { from: 'CREATE TABLE t (id int PRIMARY KEY);', to: "CREATE TABLE t (id int PRIMARY KEY, k enum('it''s','a,b','x') DEFAULT 'it''s');" },
  'set-column-add-value': { from: "CREATE TABLE t (id int PRIMARY KEY, perms set('read','write') NOT NULL DEFAULT 'read');", to: "CREATE TABLE t (id int PRIMARY KEY, perms set('read','write','admin') NOT NULL DEFAULT 'read,write');" },

  // Defaults.
  'change-default': withRows(users.replace('age int', 'age int DEFAULT 18'), users.replace('age int', 'age int DEFAULT 21')),
  'string-default-with-quote': { from: docs, to: docs.replace('title varchar(200)', "title varchar(200) NOT NULL DEFAULT 'it''s new'") },
  'default-expression': { from: docs, to: docs.replace('title varchar(200)', 'title varchar(200), token varchar(36) DEFAULT (uuid())') },
  'default-expression-change': { from: docs.replace('body text', 'body text, n int DEFAULT (1 + 1)'), to: docs.replace('body text', 'body text, n int DEFAULT (2 * 3)') },
  'text-default': { from: docs, to: docs.replace('body text', "body text DEFAULT 'empty'") },

  // Character sets, collations, engines, table options.
  'charset-collation-column': { from: docs, to: docs.replace('title varchar(200)', 'title varchar(200) CHARACTER SET latin1 COLLATE latin1_general_ci'), rows: "INSERT INTO docs VALUES (1, 'abc', 'x');", data: 'SELECT id, title FROM docs' },
  'column-collation-to-default': { from: docs.replace('title varchar(200)', 'title varchar(200) COLLATE utf8mb4_bin'), to: docs },
  'table-charset': { from: docs, to: docs.replace(');', ') DEFAULT CHARSET=latin1;'), rows: "INSERT INTO docs VALUES (1, 'abc', 'x');", data: 'SELECT id, title, body FROM docs' },
  'table-collation': { from: docs, to: docs.replace(');', ') DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;') },
  'table-charset-keeps-column-collation': { from: docs.replace('body text', 'body text COLLATE utf8mb4_bin'), to: docs.replace('body text', 'body text COLLATE utf8mb4_bin').replace(');', ') DEFAULT CHARSET=latin1;') },
  'table-engine': { from: docs, to: docs.replace(');', ') ENGINE=MyISAM;'), rows: "INSERT INTO docs VALUES (1, 'abc', 'x');", data: 'SELECT id, title, body FROM docs' },
  'row-format': { from: docs, to: docs.replace(');', ') ROW_FORMAT=COMPACT;') },
  'table-comment-change': { from: users.replace(');', ") COMMENT 'old';"), to: users.replace(');', ") COMMENT 'new';") },
  'table-comment-drop': { from: users.replace(');', ") COMMENT 'people';"), to: users },
  'column-comment-drop': { from: users.replace('email varchar(200) NOT NULL', "email varchar(200) NOT NULL COMMENT 'login'"), to: users },
  'column-comment-and-type': { from: users, to: users.replace('age int', "age smallint COMMENT 'years'") },
  'add-column-with-comment': { from: users, to: users.replace('age int', "age int, nick varchar(20) COMMENT 'what friends say'") },
  'invisible-column': { from: users, to: users.replace('age int', 'age int, secret varchar(20) INVISIBLE') },
  'make-column-invisible': withRows(users, users.replace('age int', 'age int INVISIBLE')),

  // Indexes.
  'add-index-prefix': { from: docs, to: `${docs} CREATE INDEX docs_title ON docs (title(20));` },
  'change-index-prefix': { from: `${docs} CREATE INDEX docs_title ON docs (title(20));`, to: `${docs} CREATE INDEX docs_title ON docs (title(40));` },
  'add-fulltext-index': { from: docs, to: `${docs} CREATE FULLTEXT INDEX docs_body ON docs (body);` },
  'drop-fulltext-index': { from: `${docs} CREATE FULLTEXT INDEX docs_body ON docs (title, body);`, to: docs },
  'add-spatial-index': { from: 'CREATE TABLE places (id int PRIMARY KEY, pos point NOT NULL);', to: 'CREATE TABLE places (id int PRIMARY KEY, pos point NOT NULL, SPATIAL INDEX places_pos (pos));' },
  'index-comment': { from: `${users} CREATE INDEX users_name_idx ON users (name);`, to: `${users} CREATE INDEX users_name_idx ON users (name) COMMENT 'lookup by name';` },
  'ignored-index': { from: `${users} CREATE INDEX users_name_idx ON users (name);`, to: `${users} CREATE INDEX users_name_idx ON users (name) IGNORED;` },
  'add-unique-multi-column': withRows(users, users.replace('age int', 'age int, UNIQUE KEY users_email_name (email, name)')),
  'add-unique-long-text': { from: docs, to: docs.replace('body text', 'body text, UNIQUE KEY docs_body (body)') },
  'change-index-columns': { from: `${users} CREATE INDEX users_k ON users (name);`, to: `${users} CREATE INDEX users_k ON users (name, age);` },
  'drop-column-in-index': { from: `${users} CREATE INDEX users_name_age ON users (name, age);`, to: users.replace(', age int', ''), rows: usersRows, data: usersData },
  'add-column-with-index': { from: users, to: `${users.replace('age int', 'age int, city varchar(50)')} CREATE INDEX users_city ON users (city);` },

  // Foreign keys and the indexes MySQL makes for them.
  'add-table-with-fk': { from: parent, to: child },
  'drop-table-with-fk': { from: child, to: parent, rows: childRows.split(';')[0] + ';', data: 'SELECT id, code FROM parent ORDER BY id' },
  'change-fk-action': { from: child, to: child.replace('REFERENCES parent (id)', 'REFERENCES parent (id) ON DELETE SET NULL ON UPDATE CASCADE'), rows: childRows, data: childData },
  'drop-fk-with-its-index': { from: child, to: child.replace(', CONSTRAINT child_parent FOREIGN KEY (parent_id) REFERENCES parent (id)', ''), rows: childRows, data: childData },
  'fk-index-replaced': {
    from: `${parent} CREATE TABLE child (id int PRIMARY KEY, parent_id int, note varchar(50), KEY child_p (parent_id), CONSTRAINT child_parent FOREIGN KEY (parent_id) REFERENCES parent (id));`,
    to: `${parent} CREATE TABLE child (id int PRIMARY KEY, parent_id int, note varchar(50), KEY child_p_note (parent_id, note), CONSTRAINT child_parent FOREIGN KEY (parent_id) REFERENCES parent (id));`,
    rows: childRows, data: childData,
  },
  'fk-with-explicit-index': { from: `${parent} CREATE TABLE child (id int PRIMARY KEY, parent_id int, note varchar(50));`, to: `${parent} CREATE TABLE child (id int PRIMARY KEY, parent_id int, note varchar(50), KEY child_by_parent (parent_id), CONSTRAINT child_parent FOREIGN KEY (parent_id) REFERENCES parent (id));` },
  'change-column-type-under-fk': { from: child, to: child.replace('parent (id int', 'parent (id bigint').replace('parent_id int', 'parent_id bigint'), rows: childRows, data: childData },
  'add-fk-self-reference': { from: 'CREATE TABLE node (id int PRIMARY KEY, parent_id int);', to: 'CREATE TABLE node (id int PRIMARY KEY, parent_id int, CONSTRAINT node_parent FOREIGN KEY (parent_id) REFERENCES node (id) ON DELETE CASCADE);' },
  'add-fk-composite': {
    from: 'CREATE TABLE a (x int, y int, PRIMARY KEY (x, y)); CREATE TABLE b (id int PRIMARY KEY, x int, y int);',
    to: 'CREATE TABLE a (x int, y int, PRIMARY KEY (x, y)); CREATE TABLE b (id int PRIMARY KEY, x int, y int, CONSTRAINT b_a FOREIGN KEY (x, y) REFERENCES a (x, y));',
  },
  'rename-fk': { from: child, to: child.replace('child_parent', 'child_owner'), rows: childRows, data: childData },
  'rename-column-in-fk': { from: child, to: child.replace(/parent_id/g, 'owner_id'), rows: childRows, renames: ['child.parent_id=owner_id'], data: 'SELECT id, note FROM child ORDER BY id' },
  'rename-column-referenced-by-fk': { from: child, to: child.replace('parent (id int', 'parent (pid int').replace('REFERENCES parent (id)', 'REFERENCES parent (pid)'), rows: childRows, renames: ['parent.id=pid'], data: childData },
  'drop-referenced-table': { from: child, to: `${parent.replace('parent', 'other')} CREATE TABLE child (id int PRIMARY KEY, parent_id int, note varchar(50), KEY child_parent (parent_id));` },

  // Checks.
  'modify-check': withRows(users.replace('age int', 'age int, CONSTRAINT users_age CHECK (age >= 0)'), users.replace('age int', 'age int, CONSTRAINT users_age CHECK (age >= 0 AND age < 200)')),
  'add-column-check': { from: users, to: users.replace('age int', 'age int, score int CHECK (score BETWEEN 0 AND 10)') },
  'drop-column-check': { from: users.replace('age int', 'age int CHECK (age > 0)'), to: users },
  'rename-column-in-check': { from: users.replace('age int', 'age int, CONSTRAINT users_age CHECK (age >= 0)'), to: users.replace('age int', 'years int, CONSTRAINT users_age CHECK (years >= 0)'), rows: usersRows, renames: ['users.age=years'], data: usersData },
  'rename-column-in-column-check': { from: users.replace('age int', 'age int CHECK (age > 0)'), to: users.replace('age int', 'years int CHECK (years > 0)'), renames: ['users.age=years'] },
  'add-check-not-enforced': notSupported('NOT ENFORCED checks are MySQL 8 only; MariaDB enforces every check'),
  'rename-check': { from: users.replace('age int', 'age int, CONSTRAINT users_age CHECK (age >= 0)'), to: users.replace('age int', 'age int, CONSTRAINT users_age_ok CHECK (age >= 0)') },

  // Views.
  'view-on-view': { from: `${users} ${adults}`, to: `${users} ${adults} CREATE VIEW adult_emails AS SELECT email FROM adults;` },
  'modify-view-under-view': { from: `${users} ${adults} CREATE VIEW adult_emails AS SELECT email FROM adults;`, to: `${users} CREATE VIEW adults AS SELECT id, email FROM users WHERE age >= 21; CREATE VIEW adult_emails AS SELECT email FROM adults;` },
  'rename-view': { from: `${users} ${adults}`, to: `${users} ${adults.replace('adults', 'grown_ups')}`, renames: ['adults=grown_ups'] },
  'rename-and-modify-view': { from: `${users} ${adults}`, to: `${users} CREATE VIEW grown_ups AS SELECT id, email, age FROM users WHERE age >= 18;`, renames: ['adults=grown_ups'] },
  'view-algorithm': { from: `${users} ${adults}`, to: `${users} ${adults.replace('CREATE VIEW', 'CREATE ALGORITHM=MERGE VIEW')}` },
  'view-security-invoker': { from: `${users} ${adults}`, to: `${users} ${adults.replace('CREATE VIEW', 'CREATE SQL SECURITY INVOKER VIEW')}` },
  'view-check-option': { from: `${users} ${adults}`, to: `${users} ${adults.replace(';', ' WITH CASCADED CHECK OPTION;')}` },
  'view-with-literal-dots': { from: users, to: `${users} CREATE VIEW labels AS SELECT id, concat('users.', email) AS label FROM users;` },
  'rename-table-under-view': { from: `${users} ${adults}`, to: `${users.replace('users', 'people')} ${adults.replace('FROM users', 'FROM people')}`, rows: usersRows, renames: ['users=people'] },

  // Triggers.
  'modify-trigger': withRows(`${users} ${touch}`, `${users} ${touch.replace('lower(NEW.name)', 'upper(NEW.name)')}`),
  'trigger-with-body': { from: users, to: `${users} CREATE TRIGGER users_fill BEFORE INSERT ON users FOR EACH ROW BEGIN SET NEW.name = coalesce(NEW.name, NEW.email); SET NEW.age = coalesce(NEW.age, 0); END;` },
  'rename-trigger': { from: `${users} ${touch}`, to: `${users} ${touch.replace('users_touch', 'users_lower_name')}`, renames: ['users.users_touch=users_lower_name'] },
  'trigger-follows': { from: `${users} ${touch}`, to: `${users} ${touch} CREATE TRIGGER users_touch2 BEFORE UPDATE ON users FOR EACH ROW FOLLOWS users_touch SET NEW.email = lower(NEW.email);` },
  'rename-table-with-trigger': { from: `${users} ${touch}`, to: `${users.replace('users', 'people')} ${touch.replace('ON users', 'ON people')}`, rows: usersRows, renames: ['users=people'] },
  'drop-table-with-trigger': { from: `${users} ${touch} CREATE TABLE keep (id int PRIMARY KEY);`, to: 'CREATE TABLE keep (id int PRIMARY KEY);' },

  // Several changes to one table at once.
  'many-column-changes': {
    from: users,
    to: "CREATE TABLE users (id bigint PRIMARY KEY, email varchar(255) NOT NULL, display varchar(100), age smallint unsigned DEFAULT 0, created_at datetime NOT NULL DEFAULT CURRENT_TIMESTAMP, UNIQUE KEY users_email (email)) COMMENT 'accounts';",
    rows: usersRows, renames: ['users.name=display'], data: usersData,
  },
  'add-table-with-everything': {
    from: users,
    to: `${users} CREATE TABLE orders (id bigint unsigned NOT NULL AUTO_INCREMENT, user_id bigint NOT NULL, status enum('new','paid') NOT NULL DEFAULT 'new', total decimal(10,2) NOT NULL DEFAULT 0.00,
      note varchar(200) CHARACTER SET latin1, created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP, total_cents bigint GENERATED ALWAYS AS (total * 100) VIRTUAL,
      PRIMARY KEY (id), KEY orders_status (status, created_at DESC), FULLTEXT KEY orders_note (note), CONSTRAINT orders_total CHECK (total >= 0),
      CONSTRAINT orders_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE) ENGINE=InnoDB COMMENT='orders';`,
  },
  // The SQLite column's cases, as MySQL states them: its table rebuilds are ALTER TABLE here.
  'strict-table': notSupported('STRICT is a SQLite table option: MySQL enforces column types on every table'),
  'drop-strict': notSupported('STRICT is a SQLite table option: MySQL enforces column types on every table'),
  'without-rowid': notSupported('WITHOUT ROWID is a SQLite table option: InnoDB tables are always clustered on their primary key'),
  'strict-without-rowid': notSupported('STRICT and WITHOUT ROWID are SQLite table options'),
  'rowid-kept': notSupported('MySQL tables have no rowid'),
  'collate-rtrim-index': notSupported('MySQL index key parts take no collation of their own: the column collation applies'),
  'virtual-table': notSupported('virtual tables (fts5) are SQLite; MySQL has FULLTEXT indexes (see add-fulltext-index)'),
  'deferrable-fk': notSupported('MySQL and MariaDB check foreign keys at once: they have no DEFERRABLE constraints'),
  'instead-of-trigger-on-view': notSupported('MySQL and MariaDB have no INSTEAD OF triggers: triggers are on tables only'),
  'rebuild-under-view-with-instead-of-trigger': notSupported('MySQL and MariaDB have no INSTEAD OF triggers: triggers are on tables only'),
  'autoincrement-counter-kept': { from: auto, to: auto.replace('v varchar(20)', 'v varchar(20) NOT NULL'), rows: `${autoRows} INSERT INTO t (v) VALUES ('c'); DELETE FROM t WHERE v = 'c';`, data: autoCounter },
  'autoincrement-add-column-counter-kept': { from: auto, to: auto.replace('v varchar(20)', 'v varchar(20), w int'), rows: `${autoRows} INSERT INTO t (v) VALUES ('c'); DELETE FROM t WHERE v = 'c';`, data: autoCounter },
  'collate-nocase': withRows(users.replace('email varchar(200) NOT NULL', 'email varchar(200) COLLATE utf8mb4_bin NOT NULL'), users.replace('email varchar(200) NOT NULL', 'email varchar(200) COLLATE utf8mb4_unicode_ci NOT NULL')),
  'default-current-timestamp': { from: docs, to: docs.replace('body text', 'body text, at datetime DEFAULT CURRENT_TIMESTAMP'), rows: docsRows, data: docsData },
  'generated-virtual-add-by-alter': withRows(users, users.replace('age int', 'age int, is_adult int AS (age >= 18)'), { data: allUsers }),
  'rebuild-parent-with-cascade-children': withPosts(postsCascade, postsCascade.replace('email varchar(200) NOT NULL', "email varchar(200) NOT NULL DEFAULT ''")),
  'rebuild-child': withPosts(postsCascade, postsCascade.replace('title varchar(200) NOT NULL', "title varchar(200) NOT NULL DEFAULT 'untitled'")),
  'rebuild-parent-and-child': withPosts(postsCascade, postsCascade.replace('email varchar(200) NOT NULL', 'email varchar(250) NOT NULL').replace('title varchar(200) NOT NULL', 'title varchar(250) NOT NULL')),
  'rebuild-self-referencing': { from: node, to: node.replace('label varchar(20)', 'label varchar(20) NOT NULL'), rows: nodeRows, data: nodeData },
  'rebuild-under-view': { from: `${users} ${adults}`, to: `${users.replace('age int', 'age int NOT NULL DEFAULT 0')} ${adults}`, rows: "INSERT INTO users (id, email, name, age) VALUES (1, 'a@x', 'Ann', 30), (2, 'b@x', NULL, 12);", data: allUsers },
  'rebuild-under-view-on-view': withRows(`${users} ${adults} CREATE VIEW adult_emails AS SELECT email FROM adults;`, `${users.replace('email varchar(200) NOT NULL', 'email varchar(250) NOT NULL')} ${adults} CREATE VIEW adult_emails AS SELECT email FROM adults;`),
  'rebuild-with-trigger-elsewhere': withRows(`${users} CREATE TABLE log (user_id int); CREATE TRIGGER log_user AFTER INSERT ON log FOR EACH ROW UPDATE users SET age = age + 1 WHERE id = NEW.user_id;`,
    `${users.replace('name varchar(100)', 'name varchar(80)')} CREATE TABLE log (user_id int); CREATE TRIGGER log_user AFTER INSERT ON log FOR EACH ROW UPDATE users SET age = age + 1 WHERE id = NEW.user_id;`, { data: allUsers }),
  'rebuild-keeps-indexes-and-triggers': withRows(`${users} CREATE UNIQUE INDEX users_email ON users (email); CREATE INDEX users_name ON users (name(10)); ${touch}`,
    `${users.replace('age int', 'age int, CONSTRAINT users_age CHECK (age >= 0)')} CREATE UNIQUE INDEX users_email ON users (email); CREATE INDEX users_name ON users (name(10)); ${touch}`, { data: allUsers }),
  'rename-table-and-rebuild': { from: users, to: users.replace('users', 'people').replace('name varchar(100)', "name varchar(100) NOT NULL DEFAULT ''"), renames: ['users=people'], rows: "INSERT INTO users (id, email, name, age) VALUES (1, 'a@x', 'Ann', 30), (2, 'b@x', 'Bob', NULL);" },
  'rename-parent-and-rebuild-child': withPosts(postsCascade, postsCascade.replace(/users/g, 'people').replace('title varchar(200) NOT NULL', 'title varchar(100) NOT NULL'), { renames: ['users=people'], data: postsData }),
  'view-column-names': { from: users, to: `${users} CREATE VIEW contacts (contact_id, address) AS SELECT id, email FROM users;` },
  'named-constraints': withRows(users, users.replace('age int', 'age int, CONSTRAINT users_age_positive CHECK (age > 0), CONSTRAINT users_email_unique UNIQUE (email)'), { data: allUsers }),
  'quoted-identifiers': { from: 'CREATE TABLE `order` (`select` int, `from` text);', to: 'CREATE TABLE `order` (`select` int NOT NULL DEFAULT 0, `from` text, `group` text);', rows: "INSERT INTO `order` VALUES (1, 'a');", data: 'SELECT `select`, `from` FROM `order`' },
  'drop-column-by-alter-keeps-rows': { from: wide, to: 'CREATE TABLE w (a int, b varchar(10));', rows: wideRows, data: 'SELECT a, b FROM w ORDER BY a' },
  'add-column-not-null-no-default': { from: docs, to: docs.replace('body text', "body text, kind varchar(10) NOT NULL DEFAULT 'doc' CHECK (kind <> '')"), rows: docsRows, data: docsData },
};
