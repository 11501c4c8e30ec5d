/**
 * The case table's SQLite column (see types.ts), run on SQLite files. The shared cases come
 * first, as the other columns state them; most of them are table rebuilds on SQLite (it alters
 * little in place), so they carry rows, and the rows of child tables where a table is
 * referenced, and read them back after up and after down. Then what only SQLite has: STRICT and
 * WITHOUT ROWID tables, AUTOINCREMENT and its counter, COLLATE NOCASE, rebuilds of tables that
 * foreign keys, views and other tables' triggers point at, INSTEAD OF triggers, virtual tables.
 * Rename hints leave the database out (`users.name=full_name`).
 */
import { notSupported, type CaseTable, type DialectCase } from './types.js';

const users = 'CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL, name TEXT, age INT);';
const usersRows = "INSERT INTO users (id, email, name, age) VALUES (1, 'a@x', 'Ann', 30), (2, 'b@x', 'Bob', NULL), (5, 'e@x', NULL, 17);";
const usersData = 'SELECT id, email FROM users ORDER BY id';
const withRows = (from: string, to: string, extra: Partial<DialectCase> = {}): DialectCase => ({ from, to, rows: usersRows, data: usersData, ...extra });
/** The users' every column (for the changes that keep them all). */
const allUsers = 'SELECT id, email, name, age FROM users ORDER BY id';

// users with posts referencing them (ON DELETE CASCADE: a careless rebuild of users empties posts).
const posts = `${users} CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INT, title TEXT NOT NULL);`;
const postsFk = `${users} CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INT REFERENCES users (id) ON DELETE CASCADE, title TEXT NOT NULL);`;
const postsRows = `${usersRows} INSERT INTO posts VALUES (10, 1, 'hello'), (11, 2, 'again'), (12, NULL, 'orphan');`;
/** Users and their posts in one query, so that a rebuild that loses child rows shows. */
const postsData = "SELECT (SELECT group_concat(id || ':' || email, ',') FROM users) AS users, (SELECT group_concat(id || ':' || coalesce(user_id, '-') || ':' || title, ',') FROM posts) AS posts";
const withPosts = (from: string, to: string, extra: Partial<DialectCase> = {}): DialectCase => ({ from, to, rows: postsRows, data: postsData, ...extra });

const adults = 'CREATE VIEW adults AS SELECT id, email FROM users WHERE age >= 18;';
const touch = 'CREATE TRIGGER users_touch AFTER UPDATE OF name ON users BEGIN UPDATE users SET name = lower(NEW.name) WHERE id = NEW.id; END;';

const auto = 'CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT);';
// Ids 1..3 given, 3 deleted: the counter (3) is ahead of the largest id (2) and must survive.
const autoRows = "INSERT INTO t (v) VALUES ('a'), ('b'), ('c'); DELETE FROM t WHERE v = 'c';";
const autoData = "SELECT (SELECT group_concat(id || ':' || v, ',') FROM t) AS rows, (SELECT seq FROM sqlite_sequence WHERE name = 't') AS counter";

const docs = 'CREATE TABLE docs (id INTEGER PRIMARY KEY, title VARCHAR(200), body TEXT);';
const docsRows = "INSERT INTO docs (id, title, body) VALUES (1, 'abc', 'x'), (2, NULL, 'y');";
const docsData = 'SELECT id, title, body FROM docs ORDER BY id';

const parent = 'CREATE TABLE parent (id INTEGER PRIMARY KEY, code VARCHAR(20) NOT NULL);';
const child = `${parent} CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INT, note VARCHAR(50), CONSTRAINT child_parent FOREIGN KEY (parent_id) REFERENCES parent (id));`;
const childRows = "INSERT INTO parent VALUES (1, 'p1'), (2, 'p2'); INSERT INTO child VALUES (1, 1, 'x'), (2, 2, 'y'), (3, NULL, 'z');";
const childData = "SELECT (SELECT group_concat(id || ':' || code, ',') FROM parent) AS parents, (SELECT group_concat(id || ':' || coalesce(parent_id, '-') || ':' || note, ',') FROM child) AS children";

const wide = 'CREATE TABLE w (a INT, b VARCHAR(10), c DATE, d INT);';
const wideRows = "INSERT INTO w VALUES (1, 'x', '2024-01-02', 4), (2, 'y', NULL, NULL);";
const wideData = 'SELECT a, b, c, d FROM w ORDER BY a';

const node = 'CREATE TABLE node (id INTEGER PRIMARY KEY, parent_id INT REFERENCES node (id) ON DELETE CASCADE, label TEXT);';
const nodeRows = "INSERT INTO node VALUES (1, NULL, 'root'), (2, 1, 'a'), (3, 2, 'b');";
const nodeData = "SELECT group_concat(id || ':' || coalesce(parent_id, '-') || ':' || label, ',') AS nodes FROM node";

const NO_COMMENTS = 'SQLite has no comments on tables, columns or indexes';
const MYSQL_TYPE = (what: string) => `${what} is a MySQL type; SQLite keeps any declared type as text with an affinity, which the type cases cover`;

export const sqliteCases: CaseTable = {
  // Shared with the other dialects.
  'add-table': { from: users, to: `${users} CREATE TABLE tags (id INTEGER PRIMARY KEY, label TEXT NOT NULL);` },
  'drop-table': { from: `${users} CREATE TABLE tags (id INTEGER PRIMARY KEY, label TEXT NOT NULL);`, to: users, rows: usersRows, data: usersData },
  'rename-table': { from: users, to: users.replace('users', 'people'), rows: usersRows, renames: ['users=people'] },
  'add-column-nullable': withRows(users, users.replace('age INT', 'age INT, bio TEXT'), { data: allUsers }),
  'add-column-not-null-default': withRows(users, users.replace('age INT', "age INT, status VARCHAR(20) NOT NULL DEFAULT 'new'"), { data: allUsers }),
  'drop-column': withRows(users, users.replace(', age INT', '')),
  'rename-column': withRows(users, users.replace('name TEXT', 'full_name TEXT'), { renames: ['users.name=full_name'] }),
  'set-not-null': { from: users, to: users.replace('email TEXT NOT NULL, name TEXT', 'email TEXT NOT NULL, name TEXT NOT NULL'), rows: "INSERT INTO users VALUES (1, 'a@x', 'Ann', 30);", data: allUsers },
  'drop-not-null': withRows(users, users.replace('email TEXT NOT NULL', 'email TEXT'), { data: allUsers }),
  'set-default': withRows(users, users.replace('age INT', 'age INT DEFAULT 18'), { data: allUsers }),
  'drop-default': withRows(users.replace('age INT', 'age INT DEFAULT 18'), users, { data: allUsers }),
  'change-column-type': withRows(users, users.replace('age INT', 'age BIGINT'), { data: allUsers }),
  'add-unique': withRows(users, users.replace('age INT', 'age INT, UNIQUE (email)'), { data: allUsers }),
  'drop-unique': withRows(users.replace('age INT', 'age INT, UNIQUE (email)'), users, { data: allUsers }),
  'add-index': withRows(users, `${users} CREATE INDEX users_name_idx ON users (name);`),
  'drop-index': withRows(`${users} CREATE INDEX users_name_idx ON users (name);`, users),
  'rename-index': withRows(`${users} CREATE INDEX users_name_idx ON users (name);`, `${users} CREATE INDEX users_by_name ON users (name);`, { renames: ['users_name_idx=users_by_name'] }),
  'add-index-multi-column': { from: users, to: `${users} CREATE INDEX users_name_age_idx ON users (name, age);` },
  'add-index-unique': withRows(users, `${users} CREATE UNIQUE INDEX users_email_key ON users (email);`),
  'add-index-desc': { from: users, to: `${users} CREATE INDEX users_age_idx ON users (age DESC);` },
  'add-index-partial': withRows(users, `${users} CREATE INDEX users_adult_idx ON users (age) WHERE age >= 18;`),
  'add-index-expression': withRows(users, `${users} CREATE INDEX users_lower_email ON users (lower(email));`),
  'add-fk': withPosts(posts, postsFk),
  'drop-fk': withPosts(postsFk, posts),
  'add-fk-cascade': withPosts(postsFk.replace(' ON DELETE CASCADE', ''), postsFk),
  'add-check': withRows(users, users.replace('age INT', 'age INT, CONSTRAINT users_age CHECK (age >= 0)'), { data: allUsers }),
  'drop-check': withRows(users.replace('age INT', 'age INT, CONSTRAINT users_age CHECK (age >= 0)'), users, { data: allUsers }),
  'add-view': { from: users, to: `${users} ${adults}` },
  'drop-view': { from: `${users} ${adults}`, to: users },
  'modify-view': { from: `${users} ${adults}`, to: `${users} CREATE VIEW adults AS SELECT id, email, name FROM users WHERE age >= 21;` },
  'add-trigger': withRows(users, `${users} ${touch}`),
  'drop-trigger': withRows(`${users} ${touch}`, users),
  'add-primary-key': { from: 'CREATE TABLE t (id INT NOT NULL, v TEXT);', to: 'CREATE TABLE t (id INT NOT NULL PRIMARY KEY, v TEXT);', rows: "INSERT INTO t VALUES (1, 'a'), (2, 'b');", data: 'SELECT id, v FROM t ORDER BY id' },
  'drop-primary-key': { from: 'CREATE TABLE t (id INT NOT NULL PRIMARY KEY, v TEXT);', to: 'CREATE TABLE t (id INT NOT NULL, v TEXT);', rows: "INSERT INTO t VALUES (1, 'a'), (2, 'b');", data: 'SELECT id, v FROM t ORDER BY id' },
  'composite-primary-key': { from: 'CREATE TABLE t (a INT NOT NULL, b INT NOT NULL, v TEXT, PRIMARY KEY (a));', to: 'CREATE TABLE t (a INT NOT NULL, b INT NOT NULL, v TEXT, PRIMARY KEY (a, b));', rows: "INSERT INTO t VALUES (1, 1, 'x'), (2, 1, 'y');", data: 'SELECT a, b, v FROM t ORDER BY a' },
  'table-comment': notSupported(NO_COMMENTS),
  'column-comment': notSupported(NO_COMMENTS),
  'generated-stored': withRows(users, users.replace('age INT', 'age INT, age_next INT GENERATED ALWAYS AS (age + 1) STORED'), { data: allUsers }),
  'generated-virtual': withRows(users, users.replace('age INT', 'age INT, age_next INT GENERATED ALWAYS AS (age + 1) VIRTUAL'), { data: allUsers }),
  'autoincrement': { from: 'CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);', to: auto, rows: "INSERT INTO t (v) VALUES ('a'), ('b');", data: 'SELECT id, v FROM t ORDER BY id' },
  'rename-table-with-fk-to-it': { from: postsFk, to: postsFk.replace(/users/g, 'people'), rows: postsRows, renames: ['users=people'], data: "SELECT group_concat(id || ':' || coalesce(user_id, '-'), ',') AS posts FROM posts" },
  'rename-column-in-index': withRows(`${users} CREATE INDEX users_name_idx ON users (name);`, `${users.replace('name TEXT', 'nick TEXT')} CREATE INDEX users_name_idx ON users (nick);`, { renames: ['users.name=nick'] }),
  'widen-varchar': withRows(users.replace('name TEXT', 'name VARCHAR(100)'), users.replace('name TEXT', 'name VARCHAR(150)'), { data: allUsers }),
  'collate-column': withRows(users, users.replace('name TEXT', 'name TEXT COLLATE NOCASE'), { data: allUsers }),

  // Column positions: SQLite appends what ALTER TABLE adds, so anything else is a rebuild.
  'column-after-position': { from: wide, to: wide.replace('b VARCHAR(10),', 'b VARCHAR(10), b2 INT,'), rows: wideRows, data: wideData },
  'add-column-first': { from: wide, to: wide.replace('(a INT,', '(z INT NOT NULL DEFAULT 0, a INT,'), rows: wideRows, data: wideData },
  'add-columns-in-between': { from: wide, to: 'CREATE TABLE w (x1 INT, a INT, x2 INT, b VARCHAR(10), c DATE, x3 INT, d INT, x4 INT);', rows: wideRows, data: wideData },
  'drop-middle-column': { from: wide, to: 'CREATE TABLE w (a INT, c DATE, d INT);', rows: wideRows, data: 'SELECT a, c, d FROM w ORDER BY a' },
  'drop-and-add-columns': { from: wide, to: 'CREATE TABLE w (a INT, n1 INT, c DATE, n2 VARCHAR(5));', rows: wideRows, data: 'SELECT a, c FROM w ORDER BY a' },
  'reorder-columns': { from: wide, to: 'CREATE TABLE w (d INT, a INT, c DATE, b VARCHAR(10));', rows: wideRows, data: wideData },
  'move-column-last': { from: wide, to: 'CREATE TABLE w (b VARCHAR(10), c DATE, d INT, a INT);', rows: wideRows, data: wideData },
  'swap-columns': { from: wide, to: 'CREATE TABLE w (b VARCHAR(10), a INT, c DATE, d INT);', rows: wideRows, data: wideData },
  'rename-and-move-column': { from: wide, to: 'CREATE TABLE w (a INT, c DATE, bb VARCHAR(10), d INT);', rows: wideRows, renames: ['w.b=bb'], data: 'SELECT a, c, d FROM w ORDER BY a' },

  // AUTOINCREMENT (MySQL's AUTO_INCREMENT cases, as SQLite has it: only on the INTEGER PRIMARY KEY).
  'auto-increment-add': { from: 'CREATE TABLE t (id INTEGER NOT NULL, v VARCHAR(20));', to: auto, rows: "INSERT INTO t VALUES (1, 'a'), (2, 'b');", data: 'SELECT id, v FROM t ORDER BY id' },
  'auto-increment-drop': { from: auto, to: 'CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);', rows: autoRows, data: "SELECT group_concat(id || ':' || v, ',') AS rows FROM t" },
  'add-column-auto-increment': { from: 'CREATE TABLE t (v TEXT);', to: auto },
  'drop-column-auto-increment': { from: auto, to: 'CREATE TABLE t (v TEXT);', rows: autoRows, data: 'SELECT v FROM t ORDER BY v' },
  'add-column-auto-increment-with-rows': { from: 'CREATE TABLE t (v TEXT);', to: auto, rows: "INSERT INTO t VALUES ('a'), ('b');", data: 'SELECT v FROM t ORDER BY v' },
  'auto-increment-bigint': notSupported('AUTOINCREMENT is only allowed on a column declared exactly INTEGER (the rowid)'),
  'auto-increment-change-primary-key': notSupported('AUTOINCREMENT needs the INTEGER PRIMARY KEY to be the whole key'),
  'on-update-current-timestamp': notSupported('SQLite has no ON UPDATE CURRENT_TIMESTAMP (an AFTER UPDATE trigger does it: see trigger-with-body)'),
  'drop-on-update': notSupported('SQLite has no ON UPDATE CURRENT_TIMESTAMP (an AFTER UPDATE trigger does it: see trigger-with-body)'),
  'add-timestamp-column': { from: 'CREATE TABLE t (id INTEGER PRIMARY KEY);', to: 'CREATE TABLE t (id INTEGER PRIMARY KEY, created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP, updated_at TEXT);', rows: 'INSERT INTO t VALUES (1), (2);', data: 'SELECT id FROM t ORDER BY id' },
  'default-current-timestamp-precision': { from: 'CREATE TABLE t (id INTEGER PRIMARY KEY, at TEXT DEFAULT CURRENT_TIMESTAMP);', to: "CREATE TABLE t (id INTEGER PRIMARY KEY, at TEXT DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now')));", rows: "INSERT INTO t VALUES (1, '2024-01-01');", data: 'SELECT id, at FROM t' },

  // Generated columns.
  'generated-change-expression': withRows(users.replace('age INT', 'age INT, age_next INT GENERATED ALWAYS AS (age + 1) VIRTUAL'), users.replace('age INT', 'age INT, age_next INT GENERATED ALWAYS AS (age + 2) VIRTUAL'), { data: allUsers }),
  'generated-virtual-to-stored': withRows(users.replace('age INT', 'age INT, age_next INT GENERATED ALWAYS AS (age + 1) VIRTUAL'), users.replace('age INT', 'age INT, age_next INT GENERATED ALWAYS AS (age + 1) STORED'), { data: 'SELECT id, email, age, age_next FROM users ORDER BY id' }),
  'generated-column-indexed': withRows(users, `${users.replace('age INT', "age INT, email_domain TEXT GENERATED ALWAYS AS (substr(email, instr(email, '@') + 1)) STORED")} CREATE INDEX users_domain ON users (email_domain);`, { data: allUsers }),
  'drop-generated-column': withRows(users.replace('age INT', 'age INT, age_next INT GENERATED ALWAYS AS (age + 1) VIRTUAL'), users, { data: allUsers }),

  // Types: SQLite keeps the declared type (its affinity decides how values are stored).
  'change-column-type-widen': withRows(users, users.replace('age INT', 'age BIGINT'), { data: allUsers }),
  'change-column-type-narrow': withRows(users, users.replace('age INT', 'age SMALLINT'), { data: allUsers }),
  'narrow-varchar': withRows(users.replace('email TEXT', 'email VARCHAR(200)'), users.replace('email TEXT', 'email VARCHAR(50)'), { data: allUsers }),
  'int-to-varchar': withRows(users, users.replace('age INT', 'age VARCHAR(10)'), { data: 'SELECT id, email, CAST(age AS INT) AS age FROM users ORDER BY id' }),
  'text-to-mediumtext': { from: docs, to: docs.replace('body TEXT', 'body MEDIUMTEXT'), rows: docsRows, data: docsData },
  'unsigned-column': withRows(users, users.replace('age INT', 'age INT UNSIGNED'), { data: allUsers }),
  'zerofill-column': notSupported(MYSQL_TYPE('ZEROFILL')),
  'decimal-precision': { from: 'CREATE TABLE t (id INTEGER PRIMARY KEY, price DECIMAL(8,2));', to: 'CREATE TABLE t (id INTEGER PRIMARY KEY, price DECIMAL(12,4));', rows: 'INSERT INTO t VALUES (1, 10.5);', data: 'SELECT id, CAST(price * 100 AS INTEGER) AS cents FROM t' },
  'datetime-precision': { from: 'CREATE TABLE t (id INTEGER PRIMARY KEY, at DATETIME);', to: 'CREATE TABLE t (id INTEGER PRIMARY KEY, at DATETIME(3));', rows: "INSERT INTO t VALUES (1, '2024-01-02 03:04:05');", data: 'SELECT id, at FROM t' },
  'json-column': { from: docs, to: docs.replace('body TEXT', "body TEXT, meta TEXT CHECK (meta IS NULL OR json_valid(meta))"), rows: docsRows, data: docsData },
  'boolean-column': { from: docs, to: docs.replace('body TEXT', 'body TEXT, published BOOLEAN NOT NULL DEFAULT FALSE'), rows: docsRows, data: docsData },
  'bit-column-default': notSupported(MYSQL_TYPE('BIT(n) with b\'...\' literals')),
  'binary-column': { from: docs, to: docs.replace('body TEXT', "body TEXT, digest BLOB, raw BLOB DEFAULT x'00ff'"), rows: docsRows, data: docsData },
  'year-and-time-columns': notSupported(MYSQL_TYPE('YEAR')),
  'float-double-columns': { from: docs, to: docs.replace('body TEXT', 'body TEXT, f FLOAT, d DOUBLE NOT NULL DEFAULT 1.5'), rows: docsRows, data: docsData },
  'enum-column': notSupported('SQLite has no ENUM type (a TEXT column with a CHECK: see add-column-check)'),
  'enum-column-add-value': notSupported('SQLite has no ENUM type (a TEXT column with a CHECK: see modify-check)'),
  'enum-column-insert-value': notSupported('SQLite has no ENUM type (a TEXT column with a CHECK: see modify-check)'),
  'enum-column-remove-value': notSupported('SQLite has no ENUM type (a TEXT column with a CHECK: see modify-check)'),
  'enum-change-default': notSupported('SQLite has no ENUM type (a TEXT column with a CHECK: see change-default)'),
  'enum-value-with-quote': notSupported('SQLite has no ENUM type (string literals with quotes: see string-default-with-quote)'),
  'set-column-add-value': notSupported('SQLite has no SET type'),

  // Defaults.
  'change-default': withRows(users.replace('age INT', 'age INT DEFAULT 18'), users.replace('age INT', 'age INT DEFAULT 21'), { data: allUsers }),
  'string-default-with-quote': { from: docs, to: docs.replace('title VARCHAR(200)', "title VARCHAR(200) NOT NULL DEFAULT 'it''s new'"), rows: "INSERT INTO docs VALUES (1, 'abc', 'x');", data: docsData },
  'default-expression': { from: docs, to: docs.replace('title VARCHAR(200)', "title VARCHAR(200), token TEXT DEFAULT (lower(hex(randomblob(16))))"), rows: docsRows, data: docsData },
  'default-expression-change': { from: docs.replace('body TEXT', 'body TEXT, n INT DEFAULT (1 + 1)'), to: docs.replace('body TEXT', 'body TEXT, n INT DEFAULT (2 * 3)'), rows: docsRows, data: docsData },
  'text-default': { from: docs, to: docs.replace('body TEXT', "body TEXT DEFAULT 'empty'"), rows: docsRows, data: docsData },

  // Character sets, collations, engines, table options: MySQL's; SQLite's collations are per column.
  'charset-collation-column': notSupported('SQLite has no character sets (text is UTF-8 or UTF-16 for the whole database)'),
  'column-collation-to-default': withRows(users.replace('name TEXT', 'name TEXT COLLATE NOCASE'), users, { data: allUsers }),
  'table-charset': notSupported('SQLite has no character sets (text is UTF-8 or UTF-16 for the whole database)'),
  'table-collation': notSupported('SQLite has no table collation (each column has its own)'),
  'table-charset-keeps-column-collation': notSupported('SQLite has no character sets (text is UTF-8 or UTF-16 for the whole database)'),
  'table-engine': notSupported('SQLite has one storage engine'),
  'row-format': notSupported('SQLite has no row formats'),
  'table-comment-change': notSupported(NO_COMMENTS),
  'table-comment-drop': notSupported(NO_COMMENTS),
  'column-comment-drop': notSupported(NO_COMMENTS),
  'column-comment-and-type': notSupported(NO_COMMENTS),
  'add-column-with-comment': notSupported(NO_COMMENTS),
  'make-column-invisible': notSupported('SQLite has no invisible columns (hidden columns belong to virtual tables)'),
  'invisible-column': notSupported('SQLite has no invisible columns (hidden columns belong to virtual tables)'),

  // Indexes.
  'primary-key-prefix': notSupported('SQLite has no prefix keys'),
  'add-index-prefix': notSupported('SQLite has no prefix indexes (an expression index on substr() does it: see add-index-expression)'),
  'change-index-prefix': notSupported('SQLite has no prefix indexes'),
  'add-fulltext-index': notSupported('SQLite has no FULLTEXT indexes (full-text search is the fts5 virtual table: see virtual-table)'),
  'drop-fulltext-index': notSupported('SQLite has no FULLTEXT indexes (full-text search is the fts5 virtual table: see virtual-table)'),
  'add-spatial-index': notSupported('SQLite has no SPATIAL indexes (R*Tree is a virtual table)'),
  'index-comment': notSupported(NO_COMMENTS),
  'ignored-index': notSupported('SQLite has no ignored (invisible) indexes'),
  'add-unique-multi-column': withRows(users, users.replace('age INT', 'age INT, CONSTRAINT users_email_name UNIQUE (email, name)'), { data: allUsers }),
  'add-unique-long-text': { from: docs, to: docs.replace('body TEXT', 'body TEXT, UNIQUE (body)'), rows: docsRows, data: docsData },
  'change-index-columns': withRows(`${users} CREATE INDEX users_k ON users (name);`, `${users} CREATE INDEX users_k ON users (name, age);`),
  'drop-column-in-index': withRows(`${users} CREATE INDEX users_name_age ON users (name, age);`, users.replace(', age INT', '')),
  'add-column-with-index': withRows(users, `${users.replace('age INT', 'age INT, city VARCHAR(50)')} CREATE INDEX users_city ON users (city);`),

  // Foreign keys.
  'add-table-with-fk': { from: parent, to: child, rows: "INSERT INTO parent VALUES (1, 'p1');", data: 'SELECT id, code FROM parent' },
  'drop-table-with-fk': { from: child, to: parent, rows: childRows, data: 'SELECT id, code FROM parent ORDER BY id' },
  'change-fk-action': { from: child, to: child.replace('REFERENCES parent (id)', 'REFERENCES parent (id) ON DELETE SET NULL ON UPDATE CASCADE'), rows: childRows, data: childData },
  'drop-fk-with-its-index': { from: `${child} CREATE INDEX child_p ON child (parent_id);`, to: child.replace(', CONSTRAINT child_parent FOREIGN KEY (parent_id) REFERENCES parent (id)', ''), rows: childRows, data: childData },
  'fk-index-replaced': { from: `${child} CREATE INDEX child_p ON child (parent_id);`, to: `${child} CREATE INDEX child_p_note ON child (parent_id, note);`, rows: childRows, data: childData },
  'fk-with-explicit-index': { from: `${parent} CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INT, note VARCHAR(50));`, to: `${child} CREATE INDEX child_by_parent ON child (parent_id);`, rows: childRows, data: childData },
  'change-column-type-under-fk': { from: child, to: child.replace('parent (id INTEGER', 'parent (id INTEGER').replace('parent_id INT,', 'parent_id BIGINT,').replace("code VARCHAR(20)", 'code VARCHAR(40)'), rows: childRows, data: childData },
  'add-fk-self-reference': { from: 'CREATE TABLE node (id INTEGER PRIMARY KEY, parent_id INT, label TEXT);', to: node, rows: nodeRows, data: nodeData },
  'add-fk-composite': {
    from: 'CREATE TABLE a (x INT, y INT, PRIMARY KEY (x, y)); CREATE TABLE b (id INTEGER PRIMARY KEY, x INT, y INT);',
    to: 'CREATE TABLE a (x INT, y INT, PRIMARY KEY (x, y)); CREATE TABLE b (id INTEGER PRIMARY KEY, x INT, y INT, CONSTRAINT b_a FOREIGN KEY (x, y) REFERENCES a (x, y));',
    rows: 'INSERT INTO a VALUES (1, 2); INSERT INTO b VALUES (1, 1, 2), (2, NULL, NULL);', data: "SELECT group_concat(id || ':' || coalesce(x, '-'), ',') AS b FROM b",
  },
  'rename-fk': { from: child, to: child.replace('child_parent', 'child_owner'), rows: childRows, data: childData },
  'rename-column-in-fk': { from: child, to: child.replace(/parent_id/g, 'owner_id'), rows: childRows, renames: ['child.parent_id=owner_id'], data: 'SELECT id, note FROM child ORDER BY id' },
  'rename-column-referenced-by-fk': { from: child, to: child.replace('parent (id INTEGER', 'parent (pid INTEGER').replace('REFERENCES parent (id)', 'REFERENCES parent (pid)'), rows: childRows, renames: ['parent.id=pid'], data: 'SELECT id, parent_id, note FROM child ORDER BY id' },
  // The parents' rows are lost with their table: only children without a parent can go back under the foreign key.
  'drop-referenced-table': { from: child, to: `${parent.replace('parent', 'other')} CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INT, note VARCHAR(50));`, rows: "INSERT INTO child VALUES (3, NULL, 'z');", data: 'SELECT id, parent_id, note FROM child ORDER BY id' },

  // Checks.
  'modify-check': withRows(users.replace('age INT', 'age INT, CONSTRAINT users_age CHECK (age >= 0)'), users.replace('age INT', 'age INT, CONSTRAINT users_age CHECK (age >= 0 AND age < 200)'), { data: allUsers }),
  'add-column-check': withRows(users, users.replace('age INT', 'age INT, score INT CHECK (score BETWEEN 0 AND 10)'), { data: allUsers }),
  'drop-column-check': withRows(users.replace('age INT', 'age INT CHECK (age > 0)'), users, { data: allUsers }),
  'rename-column-in-check': withRows(users.replace('age INT', 'age INT, CONSTRAINT users_age CHECK (age >= 0)'), users.replace('age INT', 'years INT, CONSTRAINT users_age CHECK (years >= 0)'), { renames: ['users.age=years'] }),
  'rename-column-in-column-check': withRows(users.replace('age INT', 'age INT CHECK (age > 0)'), users.replace('age INT', 'years INT CHECK (years > 0)'), { renames: ['users.age=years'] }),
  'add-check-not-enforced': notSupported('SQLite enforces every CHECK (only PRAGMA ignore_check_constraints turns them all off)'),
  'rename-check': withRows(users.replace('age INT', 'age INT, CONSTRAINT users_age CHECK (age >= 0)'), users.replace('age INT', 'age INT, CONSTRAINT users_age_ok CHECK (age >= 0)'), { data: allUsers }),

  // Views.
  'view-on-view': { from: `${users} ${adults}`, to: `${users} ${adults} CREATE VIEW adult_emails AS SELECT email FROM adults;` },
  'modify-view-under-view': { from: `${users} ${adults} CREATE VIEW adult_emails AS SELECT email FROM adults;`, to: `${users} CREATE VIEW adults AS SELECT id, email FROM users WHERE age >= 21; CREATE VIEW adult_emails AS SELECT email FROM adults;` },
  'rename-view': { from: `${users} ${adults}`, to: `${users} ${adults.replace('adults', 'grown_ups')}`, renames: ['adults=grown_ups'] },
  'rename-and-modify-view': { from: `${users} ${adults}`, to: `${users} CREATE VIEW grown_ups AS SELECT id, email, age FROM users WHERE age >= 18;`, renames: ['adults=grown_ups'] },
  'view-algorithm': notSupported('SQLite views have no ALGORITHM'),
  'view-security-invoker': notSupported('SQLite views have no SQL SECURITY'),
  'view-check-option': notSupported('SQLite views have no CHECK OPTION'),
  'view-with-literal-dots': { from: users, to: `${users} CREATE VIEW labels AS SELECT id, 'users.' || email AS label FROM users;` },
  'rename-table-under-view': { from: `${users} ${adults}`, to: `${users.replace('users', 'people')} ${adults.replace('FROM users', 'FROM people')}`, rows: usersRows, renames: ['users=people'] },

  // Triggers.
  'modify-trigger': withRows(`${users} ${touch}`, `${users} ${touch.replace('lower(NEW.name)', 'upper(NEW.name)')}`),
  'trigger-with-body': withRows(users, `${users} CREATE TABLE audit (user_id INT, at TEXT); CREATE TRIGGER users_fill AFTER INSERT ON users BEGIN UPDATE users SET name = coalesce(NEW.name, NEW.email) WHERE id = NEW.id; INSERT INTO audit VALUES (NEW.id, CURRENT_TIMESTAMP); END;`),
  'rename-trigger': withRows(`${users} ${touch}`, `${users} ${touch.replace('users_touch', 'users_lower_name')}`, { renames: ['users.users_touch=users_lower_name'] }),
  'trigger-follows': notSupported('SQLite has no trigger order (FOLLOWS/PRECEDES)'),
  'rename-table-with-trigger': { from: `${users} ${touch}`, to: `${users.replace('users', 'people')} ${touch.replace(/users/g, 'people')}`, rows: usersRows, renames: ['users=people'] },
  'drop-table-with-trigger': { from: `${users} ${touch} CREATE TABLE keep (id INTEGER PRIMARY KEY);`, to: 'CREATE TABLE keep (id INTEGER PRIMARY KEY);', rows: 'INSERT INTO keep VALUES (1);', data: 'SELECT id FROM keep' },

  // Several changes to one table at once: one rebuild.
  'many-column-changes': withRows(users, "CREATE TABLE users (id INTEGER PRIMARY KEY, email VARCHAR(255) NOT NULL, display TEXT, age SMALLINT DEFAULT 0, created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP, UNIQUE (email));", { renames: ['users.name=display'] }),
  'add-table-with-everything': {
    from: users,
    to: `${users} CREATE TABLE orders (id INTEGER PRIMARY KEY AUTOINCREMENT, user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE, status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'paid')),
      total NUMERIC NOT NULL DEFAULT 0.00, note TEXT COLLATE NOCASE, created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP, total_cents INT GENERATED ALWAYS AS (total * 100) VIRTUAL,
      CONSTRAINT orders_total CHECK (total >= 0), UNIQUE (user_id, created_at));
      CREATE INDEX orders_status ON orders (status, created_at DESC) WHERE status <> 'paid';
      CREATE TRIGGER orders_paid AFTER UPDATE OF status ON orders WHEN NEW.status = 'paid' BEGIN UPDATE orders SET note = 'paid' WHERE id = NEW.id; END;`,
  },

  // SQLite's own: STRICT, WITHOUT ROWID, AUTOINCREMENT's counter, collations.
  'strict-table': withRows(users, users.replace(');', ') STRICT;'), { data: allUsers }),
  'drop-strict': withRows(users.replace(');', ') STRICT;'), users, { data: allUsers }),
  'without-rowid': { from: 'CREATE TABLE kv (k TEXT PRIMARY KEY, v TEXT);', to: 'CREATE TABLE kv (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID;', rows: "INSERT INTO kv VALUES ('a', '1'), ('b', NULL);", data: 'SELECT k, v FROM kv ORDER BY k' },
  'strict-without-rowid': { from: 'CREATE TABLE kv (k TEXT NOT NULL PRIMARY KEY, v INT);', to: 'CREATE TABLE kv (k TEXT NOT NULL PRIMARY KEY, v INT) STRICT, WITHOUT ROWID;', rows: "INSERT INTO kv VALUES ('a', 1), ('b', NULL);", data: 'SELECT k, v FROM kv ORDER BY k' },
  'autoincrement-counter-kept': { from: auto, to: auto.replace('v TEXT', 'v TEXT NOT NULL'), rows: autoRows, data: autoData },
  'autoincrement-add-column-counter-kept': { from: auto, to: auto.replace('v TEXT', 'v TEXT, w INT'), rows: autoRows, data: autoData },
  'collate-nocase': withRows(users, users.replace('email TEXT NOT NULL', 'email TEXT NOT NULL COLLATE NOCASE'), { data: allUsers }),
  'collate-rtrim-index': withRows(users, `${users} CREATE INDEX users_name_rtrim ON users (name COLLATE RTRIM);`),
  'rowid-kept': { from: 'CREATE TABLE log (msg TEXT);', to: 'CREATE TABLE log (msg TEXT NOT NULL);', rows: "INSERT INTO log VALUES ('a'), ('b'), ('c'); DELETE FROM log WHERE msg = 'b';", data: 'SELECT rowid, msg FROM log ORDER BY rowid' },
  'default-current-timestamp': { from: docs, to: docs.replace('body TEXT', 'body TEXT, at TEXT DEFAULT CURRENT_TIMESTAMP'), rows: docsRows, data: docsData },
  'generated-virtual-add-by-alter': withRows(users, users.replace('age INT', 'age INT, is_adult INT AS (age >= 18)'), { data: allUsers }),

  // Rebuilds of tables that other objects point at: every row of every table must survive.
  'rebuild-parent-with-cascade-children': withPosts(postsFk, postsFk.replace('email TEXT NOT NULL', "email TEXT NOT NULL DEFAULT ''")),
  'rebuild-child': withPosts(postsFk, postsFk.replace('title TEXT NOT NULL', "title TEXT NOT NULL DEFAULT 'untitled'")),
  'rebuild-parent-and-child': withPosts(postsFk, postsFk.replace('email TEXT NOT NULL', 'email VARCHAR(200) NOT NULL').replace('title TEXT NOT NULL', 'title VARCHAR(200) NOT NULL')),
  'rebuild-self-referencing': { from: node, to: node.replace('label TEXT', 'label TEXT NOT NULL'), rows: nodeRows, data: nodeData },
  'rebuild-under-view': { from: `${users} ${adults}`, to: `${users.replace('age INT', 'age INT NOT NULL DEFAULT 0')} ${adults}`, rows: "INSERT INTO users VALUES (1, 'a@x', 'Ann', 30), (2, 'b@x', NULL, 12);", data: allUsers },
  'rebuild-under-view-on-view': withRows(`${users} ${adults} CREATE VIEW adult_emails AS SELECT email FROM adults;`, `${users.replace('email TEXT NOT NULL', 'email VARCHAR(200) NOT NULL')} ${adults} CREATE VIEW adult_emails AS SELECT email FROM adults;`),
  'rebuild-with-trigger-elsewhere': withRows(`${users} CREATE TABLE log (user_id INT); CREATE TRIGGER log_user AFTER INSERT ON log BEGIN UPDATE users SET age = age + 1 WHERE id = NEW.user_id; END;`,
    `${users.replace('name TEXT', 'name VARCHAR(80)')} CREATE TABLE log (user_id INT); CREATE TRIGGER log_user AFTER INSERT ON log BEGIN UPDATE users SET age = age + 1 WHERE id = NEW.user_id; END;`, { data: allUsers }),
  'rebuild-keeps-indexes-and-triggers': withRows(`${users} CREATE UNIQUE INDEX users_email ON users (email); CREATE INDEX users_lower ON users (lower(name)) WHERE name IS NOT NULL; ${touch}`,
    `${users.replace('age INT', 'age INT CHECK (age >= 0)')} CREATE UNIQUE INDEX users_email ON users (email); CREATE INDEX users_lower ON users (lower(name)) WHERE name IS NOT NULL; ${touch}`, { data: allUsers }),
  'rename-table-and-rebuild': { from: users, to: users.replace('users', 'people').replace('name TEXT', "name TEXT NOT NULL DEFAULT ''"), renames: ['users=people'], rows: "INSERT INTO users VALUES (1, 'a@x', 'Ann', 30), (2, 'b@x', 'Bob', NULL);" },
  'rename-parent-and-rebuild-child': withPosts(postsFk, postsFk.replace(/users/g, 'people').replace('title TEXT NOT NULL', 'title VARCHAR(100) NOT NULL'), { renames: ['users=people'], data: "SELECT group_concat(id || ':' || coalesce(user_id, '-') || ':' || title, ',') AS posts FROM posts" }),
  'instead-of-trigger-on-view': { from: `${users} ${adults}`, to: `${users} ${adults} CREATE TRIGGER adults_insert INSTEAD OF INSERT ON adults BEGIN INSERT INTO users (id, email, age) VALUES (NEW.id, NEW.email, 18); END;` },
  'rebuild-under-view-with-instead-of-trigger': withRows(`${users} ${adults} CREATE TRIGGER adults_insert INSTEAD OF INSERT ON adults BEGIN INSERT INTO users (id, email, age) VALUES (NEW.id, NEW.email, 18); END;`,
    `${users.replace('name TEXT', 'name TEXT COLLATE NOCASE')} ${adults} CREATE TRIGGER adults_insert INSTEAD OF INSERT ON adults BEGIN INSERT INTO users (id, email, age) VALUES (NEW.id, NEW.email, 18); END;`, { data: allUsers }),
  'view-column-names': { from: users, to: `${users} CREATE VIEW contacts (key, address) AS SELECT id, email FROM users;` },
  'virtual-table': { from: users, to: `${users} CREATE VIRTUAL TABLE notes USING fts5(title, body);` },
  'deferrable-fk': withPosts(posts, posts.replace('user_id INT', 'user_id INT REFERENCES users (id) DEFERRABLE INITIALLY DEFERRED')),
  'named-constraints': withRows(users, users.replace('id INTEGER PRIMARY KEY', 'id INTEGER CONSTRAINT users_pk PRIMARY KEY').replace('age INT', 'age INT CONSTRAINT users_age_positive CHECK (age > 0), CONSTRAINT users_email_unique UNIQUE (email)'), { data: allUsers }),
  'quoted-identifiers': { from: 'CREATE TABLE "order" ("select" INT, "from" TEXT);', to: 'CREATE TABLE "order" ("select" INT NOT NULL DEFAULT 0, "from" TEXT, "group" TEXT);', rows: 'INSERT INTO "order" VALUES (1, \'a\');', data: 'SELECT "select", "from" FROM "order"' },
  'drop-column-by-alter-keeps-rows': { from: wide, to: 'CREATE TABLE w (a INT, b VARCHAR(10));', rows: wideRows, data: 'SELECT a, b FROM w ORDER BY a' },
  'add-column-not-null-no-default': { from: docs, to: docs.replace('body TEXT', "body TEXT, kind TEXT NOT NULL DEFAULT 'doc' CHECK (kind <> '')"), rows: docsRows, data: docsData },
};
