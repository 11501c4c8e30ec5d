/**
 * SQLite changes beyond the shared case table, run by the shared case runner (up → inspect = to
 * → second diff empty → down → inspect = from, rows intact): the corners of rebuilds.
 */
import { test } from 'node:test';
import { engineFor, runCase } from '../../schema/cases/run.js';
import type { DialectCase } from '../../schema/cases/types.js';

const CASES: Readonly<Record<string, DialectCase>> = {
  'a column that stops being generated keeps its values': {
    from: 'CREATE TABLE t (id INTEGER PRIMARY KEY, a INT, g INT AS (a * 2) STORED);', to: 'CREATE TABLE t (id INTEGER PRIMARY KEY, a INT, g INT);',
    rows: 'INSERT INTO t (id, a) VALUES (1, 2), (2, 5);', data: 'SELECT id, a, g FROM t ORDER BY id',
  },
  'two tables that reference each other, both rebuilt': {
    from: 'CREATE TABLE a (id INTEGER PRIMARY KEY, b_id INT REFERENCES b (id)); CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INT REFERENCES a (id));',
    to: "CREATE TABLE a (id INTEGER PRIMARY KEY, b_id INT REFERENCES b (id), x TEXT NOT NULL DEFAULT ''); CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INT REFERENCES a (id) ON DELETE SET NULL);",
    rows: 'INSERT INTO a VALUES (1, NULL); INSERT INTO b VALUES (1, 1); UPDATE a SET b_id = 1;',
    data: "SELECT (SELECT group_concat(id || ':' || b_id) FROM a) AS a, (SELECT group_concat(id || ':' || a_id) FROM b) AS b",
  },
  'a table renamed and rebuilt under a view that follows it': {
    from: "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT); CREATE VIEW v AS SELECT a FROM t;", to: 'CREATE TABLE u (id INTEGER PRIMARY KEY, a TEXT NOT NULL); CREATE VIEW v AS SELECT a FROM u;',
    renames: ['t=u'], rows: "INSERT INTO t VALUES (1, 'x');", data: 'SELECT * FROM v',
  },
  'a column renamed inside a rebuild, its index following': {
    from: 'CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b INT); CREATE INDEX t_a ON t (a);', to: "CREATE TABLE t (id INTEGER PRIMARY KEY, aa TEXT NOT NULL DEFAULT '', b INT); CREATE INDEX t_a ON t (aa);",
    renames: ['t.a=aa'], rows: "INSERT INTO t VALUES (1, 'x', 2);", data: 'SELECT id, b FROM t',
  },
  'a view reading two rebuilt tables': {
    from: 'CREATE TABLE a (id INTEGER PRIMARY KEY, n TEXT); CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INT); CREATE VIEW ab AS SELECT a.n, b.id FROM a JOIN b ON b.a_id = a.id;',
    to: "CREATE TABLE a (id INTEGER PRIMARY KEY, n TEXT NOT NULL DEFAULT ''); CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INT NOT NULL DEFAULT 0); CREATE VIEW ab AS SELECT a.n, b.id FROM a JOIN b ON b.a_id = a.id;",
    rows: "INSERT INTO a VALUES (1, 'x'); INSERT INTO b VALUES (1, 1);", data: 'SELECT * FROM ab',
  },
  'a unique index becomes a unique constraint': {
    from: 'CREATE TABLE t (id INTEGER PRIMARY KEY, e TEXT); CREATE UNIQUE INDEX t_e ON t (e);', to: 'CREATE TABLE t (id INTEGER PRIMARY KEY, e TEXT UNIQUE);',
    rows: "INSERT INTO t VALUES (1, 'a'), (2, 'b');", data: 'SELECT * FROM t',
  },
  'names that differ in case from their declaration': {
    from: 'CREATE TABLE Users (Id INTEGER PRIMARY KEY); CREATE TABLE p (id INTEGER PRIMARY KEY, uid INT REFERENCES users (ID));',
    to: 'CREATE TABLE Users (Id INTEGER PRIMARY KEY, n TEXT NOT NULL DEFAULT 1); CREATE TABLE p (id INTEGER PRIMARY KEY, uid INT REFERENCES users (ID));',
    rows: 'INSERT INTO Users VALUES (1); INSERT INTO p VALUES (1, 1);', data: 'SELECT * FROM p',
  },
  'columns of a referenced table reordered (no change in the differ, yet a rebuild with foreign keys off)': {
    from: 'CREATE TABLE p (id INTEGER PRIMARY KEY, a TEXT, b INT); CREATE TABLE c (id INTEGER PRIMARY KEY, pid INT REFERENCES p (id) ON DELETE CASCADE);',
    to: 'CREATE TABLE p (id INTEGER PRIMARY KEY, b INT, a TEXT); CREATE TABLE c (id INTEGER PRIMARY KEY, pid INT REFERENCES p (id) ON DELETE CASCADE);',
    rows: "INSERT INTO p VALUES (1, 'x', 2); INSERT INTO c VALUES (10, 1);", data: "SELECT (SELECT group_concat(id || a || b) FROM p) AS p, (SELECT group_concat(id || ':' || pid) FROM c) AS c",
  },
  'a virtual table with new arguments is created again': { from: 'CREATE VIRTUAL TABLE n USING fts5(a);', to: "CREATE VIRTUAL TABLE n USING fts5(a, b, tokenize = 'porter ascii');" },
  'a table takes the name of a dropped one': { from: 'CREATE TABLE a (id INTEGER PRIMARY KEY); CREATE TABLE b (id INTEGER PRIMARY KEY, v TEXT);', to: 'CREATE TABLE a (id INTEGER PRIMARY KEY, v TEXT);', renames: ['b=a'] },
};

for (const [what, k] of Object.entries(CASES)) {
  test(`SQLite: ${what}`, async () => {
    await runCase('sqlite', await engineFor('sqlite'), k);
  });
}
