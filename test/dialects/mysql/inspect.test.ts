/**
 * The MySQL/MariaDB inspector on MariaDB 10.11: one schema named `main` for the connection's
 * database only, and the facts the model must get the same way however a schema was created.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from '../../../src/dialects/registry.js';
import { mysqlSchemaEngine } from '../../../src/dialects/mysql/schema-engine.js';
import { inspectScoped } from '../../../src/engine/scoped.js';
import { CairnError } from '../../../src/errors.js';
import type { Table } from '../../../src/schema/model.js';
import { MYSQL_ADMIN_URL, freshMysql } from '../../helpers/db.js';
import { built, engine, run } from './helpers.js';

const table = (r: { schemas: readonly { tables: readonly Table[] }[] }, name: string) => r.schemas[0].tables.find((t) => t.name === name)!;

test('one schema named main, whatever the database is called, holding only the connection\'s database', async () => {
  const other = await freshMysql();
  const b = await built('CREATE TABLE mine (id int PRIMARY KEY);');
  try {
    await b.conn.exec(`CREATE TABLE \`${other.name}\`.theirs (id int)`);
    assert.deepEqual(b.realm.schemas.map((s) => s.name), ['main']);
    assert.deepEqual(b.realm.schemas[0].tables.map((t) => t.name), ['mine']);
  } finally {
    await b.close();
    await other.drop();
  }
});

test('a URL without a database is refused with what to add', async () => {
  const u = new URL(MYSQL_ADMIN_URL);
  u.pathname = '/';
  const conn = await connect(u.toString());
  try {
    await assert.rejects(mysqlSchemaEngine.inspect(conn), (e: unknown) => e instanceof CairnError && /names no database/.test(e.message) && /<database>/.test(e.hint ?? ''));
  } finally {
    await conn.close();
  }
});

test('json is json on MariaDB too (not longtext with a json_valid check), and a column-level check stays on its column after a rename', async () => {
  const b = await built('CREATE TABLE t (id int PRIMARY KEY, doc json, n int CHECK (n > 0), m int CHECK (m > 0)); ALTER TABLE t RENAME COLUMN n TO n2;');
  try {
    const t = table(b.realm, 't');
    const doc = t.columns.find((c) => c.name === 'doc')!;
    assert.deepEqual([doc.type.sql, doc.collation, doc.attrs], ['json', undefined, []]);
    assert.deepEqual(t.columns.find((c) => c.name === 'n2')!.attrs, [{ kind: 'mysql.columnCheck', expr: '`n2` > 0' }]);
    assert.deepEqual(t.columns.find((c) => c.name === 'm')!.attrs, [{ kind: 'mysql.columnCheck', expr: '`m` > 0' }]);
    assert.deepEqual(t.checks, []);
  } finally {
    await b.close();
  }
});

test('columns: types without display widths, defaults as SQL, AUTO_INCREMENT, ON UPDATE, generated, collation only where it differs from the table', async () => {
  const b = await built(`CREATE TABLE t (
    id bigint(20) unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, flag tinyint(1) NOT NULL DEFAULT 0, s varchar(10) DEFAULT 'it''s',
    bin varchar(10) COLLATE utf8mb4_bin, same varchar(10) COLLATE utf8mb4_general_ci, at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
    g int AS (flag * 2) STORED, tok varchar(36) DEFAULT (uuid())) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci`);
  try {
    const cols = Object.fromEntries(table(b.realm, 't').columns.map((c) => [c.name, c]));
    assert.equal(cols.id.type.sql, 'bigint unsigned');
    assert.deepEqual(cols.id.attrs, [{ kind: 'mysql.autoIncrement' }]);
    assert.deepEqual([cols.flag.type.sql, cols.flag.default], ['tinyint(1)', '0']);
    assert.equal(cols.s.default, "'it''s'");
    assert.equal(cols.bin.collation, 'utf8mb4_bin');
    assert.equal(cols.same.collation, undefined);
    assert.deepEqual([cols.at.default, cols.at.attrs], ['current_timestamp()', [{ kind: 'mysql.onUpdate', expr: 'current_timestamp()' }]]);
    assert.deepEqual([cols.g.generated, cols.g.attrs], ['`flag` * 2', [{ kind: 'mysql.generated', storage: 'STORED' }]]);
    assert.equal(cols.tok.default, 'uuid()');
  } finally {
    await b.close();
  }
});

test('keys: PRIMARY, prefix and DESC parts, FULLTEXT, foreign keys with NO ACTION for RESTRICT, the database stripped from a referenced table', async () => {
  const b = await built(`CREATE TABLE p (id int PRIMARY KEY);
    CREATE TABLE c (id int, p_id int, title varchar(50), body text, PRIMARY KEY (id), KEY c_title (title(10) DESC, id), FULLTEXT KEY c_body (body),
      CONSTRAINT c_p FOREIGN KEY (p_id) REFERENCES p (id) ON DELETE RESTRICT ON UPDATE CASCADE) ENGINE=InnoDB COMMENT 'children'`);
  try {
    const c = table(b.realm, 'c');
    assert.deepEqual(c.primaryKey, { name: 'PRIMARY', columns: ['id'], attrs: [] });
    const title = c.indexes.find((i) => i.name === 'c_title')!;
    assert.deepEqual(title.parts.map((p) => [p.column, p.desc, p.attrs]), [['title', true, [{ kind: 'mysql.prefix', length: 10 }]], ['id', false, []]]);
    assert.equal(c.indexes.find((i) => i.name === 'c_body')!.method, 'fulltext');
    assert.deepEqual(c.foreignKeys.map((f) => [f.name, f.refTable, f.onDelete, f.onUpdate]), [['c_p', { schema: 'main', name: 'p' }, 'NO ACTION', 'CASCADE']]);
    // MySQL made an index for the key: it is part of the model, as the server shows it.
    assert.ok(c.indexes.some((i) => i.name === 'c_p'));
    assert.equal(c.comment, 'children');
    assert.deepEqual(c.attrs, []);
  } finally {
    await b.close();
  }
});

test('table options: an engine or character set other than the defaults, as attributes', async () => {
  const b = await built('CREATE TABLE m (id int) ENGINE=MyISAM DEFAULT CHARSET=latin1; CREATE TABLE plain (id int);');
  try {
    assert.deepEqual(table(b.realm, 'm').attrs, [{ kind: 'mysql.charset', charset: 'latin1', collation: 'latin1_swedish_ci' }, { kind: 'mysql.engine', engine: 'MyISAM' }]);
    assert.deepEqual(table(b.realm, 'plain').attrs, []);
  } finally {
    await b.close();
  }
});

test('views without the database name (string literals untouched), with their options; triggers without DEFINER, in firing order', async () => {
  const b = await built(`CREATE TABLE t (id int PRIMARY KEY, name varchar(9));
    CREATE SQL SECURITY INVOKER VIEW v AS SELECT t.id, 'x.\`y\`' AS lit FROM t WHERE t.id > 1 WITH CHECK OPTION;
    CREATE TRIGGER t_a BEFORE INSERT ON t FOR EACH ROW SET NEW.name = lower(NEW.name);
    CREATE TRIGGER t_b BEFORE INSERT ON t FOR EACH ROW FOLLOWS t_a SET NEW.name = trim(NEW.name);`);
  try {
    const [v] = b.realm.schemas[0].views;
    assert.equal(v.def, "select `t`.`id` AS `id`,'x.`y`' AS `lit` from `t` where `t`.`id` > 1");
    assert.ok(!v.def.includes(b.db.name));
    assert.deepEqual(v.deps, [{ schema: 'main', name: 't' }]);
    assert.deepEqual(v.attrs, [{ kind: 'mysql.checkOption', option: 'CASCADED' }, { kind: 'mysql.security', security: 'INVOKER' }]);
    assert.deepEqual(table(b.realm, 't').triggers.map((t) => t.def), [
      'CREATE TRIGGER `t_a` BEFORE INSERT ON `t` FOR EACH ROW SET NEW.name = lower(NEW.name)',
      'CREATE TRIGGER `t_b` BEFORE INSERT ON `t` FOR EACH ROW FOLLOWS `t_a` SET NEW.name = trim(NEW.name)',
    ]);
  } finally {
    await b.close();
  }
});

test('the revision table and excluded objects are left out; an unsupported object is refused by name unless excluded', async () => {
  const b = await built('CREATE TABLE app (id int); CREATE TABLE cairn_revisions (version varchar(9)); CREATE TABLE tmp_x (id int);');
  try {
    await b.conn.exec('CREATE SEQUENCE ids');
    await assert.rejects(engine.inspect(b.conn), (e: unknown) => e instanceof CairnError && /sequence ids/.test(e.message) && /--exclude/.test(e.hint ?? ''));
    const r = await inspectScoped(mysqlSchemaEngine, b.conn, { exclude: ['*.ids', 'main.tmp_*'] });
    assert.deepEqual(r.schemas[0].tables.map((t) => t.name), ['app']);
    // The database's own name works in a pattern too.
    const r2 = await inspectScoped(mysqlSchemaEngine, b.conn, { exclude: [`${b.db.name}.ids`, `${b.db.name}.tmp_x`] });
    assert.deepEqual(r2.schemas[0].tables.map((t) => t.name), ['app']);
  } finally {
    await b.close();
  }
});

test('the same schema built two ways inspects the same: CREATE TABLE at once, or grown by ALTER TABLE', async () => {
  const a = await built("CREATE TABLE t (id int NOT NULL AUTO_INCREMENT PRIMARY KEY, name varchar(20) NOT NULL DEFAULT '', at datetime(3) DEFAULT CURRENT_TIMESTAMP(3), KEY t_name (name)); ");
  const b = await built(`CREATE TABLE t (id int NOT NULL); ALTER TABLE t ADD PRIMARY KEY (id); ALTER TABLE t MODIFY id int NOT NULL AUTO_INCREMENT;
    ALTER TABLE t ADD COLUMN name varchar(20) NOT NULL DEFAULT ''; ALTER TABLE t ADD COLUMN at datetime(3) NULL DEFAULT CURRENT_TIMESTAMP(3); CREATE INDEX t_name ON t (name);`);
  try {
    assert.deepEqual(b.realm, a.realm);
  } finally {
    await a.close();
    await b.close();
  }
});

test('a trigger body with BEGIN ... END replays from its definition', async () => {
  const b = await built('CREATE TABLE t (id int, n int); CREATE TRIGGER t_n BEFORE INSERT ON t FOR EACH ROW BEGIN IF NEW.n IS NULL THEN SET NEW.n = 0; END IF; END;');
  const c = await built('CREATE TABLE t (id int, n int);');
  try {
    await run(c.conn, table(b.realm, 't').triggers[0].def);
    assert.deepEqual(await engine.inspect(c.conn), b.realm);
  } finally {
    await b.close();
    await c.close();
  }
});
