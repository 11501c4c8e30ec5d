/**
 * What the MySQL planner writes, on realms read from MariaDB: column positions, full MODIFY
 * definitions, reverses that restore exactly, hazards, the index a foreign key makes for itself,
 * and one SQL statement per planned statement.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyPlan, built, engine, planned, sqlOf } from './helpers.js';
import { connect } from '../../../src/dialects/registry.js';
import { MYSQL_ADMIN_URL, freshMysql } from '../../helpers/db.js';
import { diffRealms } from '../../../src/diff/diff.js';
import { reversePlan } from '../../../src/plan/render.js';
import { canonicalJson } from '../../../src/schema/build.js';
import { tokens } from '../../../src/dialects/mysql/sql-text.js';
import { attrOf, schemaAttrs } from '../../../src/dialects/mysql/attrs.js';

const wide = 'CREATE TABLE w (a int, b varchar(10), c date, d int);';

test('added columns land where the desired table declares them: AFTER their predecessor, FIRST at the front', async () => {
  const p = await planned(wide, 'CREATE TABLE w (z int, a int, b varchar(10), b2 int NOT NULL DEFAULT 0, c date, d int);');
  try {
    assert.deepEqual(sqlOf(p.plan), [
      'ALTER TABLE `w` ADD COLUMN `z` int FIRST',
      'ALTER TABLE `w` ADD COLUMN `b2` int NOT NULL DEFAULT 0 AFTER `b`',
    ]);
    assert.deepEqual(sqlOf(p.plan, true), ['ALTER TABLE `w` DROP COLUMN `z`', 'ALTER TABLE `w` DROP COLUMN `b2`']);
  } finally {
    await p.close();
  }
});

test("a dropped column's reverse adds it back with its whole definition, where it was", async () => {
  const p = await planned("CREATE TABLE w (a int, b varchar(10) COLLATE utf8mb4_bin NOT NULL DEFAULT 'x' COMMENT 'the b', c int);", 'CREATE TABLE w (a int, c int);');
  try {
    const [s] = p.plan.statements;
    assert.equal(s.sql, 'ALTER TABLE `w` DROP COLUMN `b`');
    assert.equal(s.reverse, "ALTER TABLE `w` ADD COLUMN `b` varchar(10) COLLATE utf8mb4_bin NOT NULL DEFAULT 'x' COMMENT 'the b' AFTER `a`");
    assert.ok(s.hazards.includes('data-loss'));
    await applyPlan(p.from.conn, p.plan);
    await applyPlan(p.from.conn, reversePlan(p.plan));
    assert.equal(canonicalJson(await engine.inspect(p.from.conn)), canonicalJson(p.from.realm));
  } finally {
    await p.close();
  }
});

test('columns out of order are moved with the fewest MODIFY ... AFTER, each undone exactly', async () => {
  const p = await planned(wide, 'CREATE TABLE w (d int, a int, b varchar(10), c date);');
  try {
    assert.deepEqual(sqlOf(p.plan), ['ALTER TABLE `w` MODIFY COLUMN `d` int FIRST']);
    assert.deepEqual(sqlOf(p.plan, true), ['ALTER TABLE `w` MODIFY COLUMN `d` int AFTER `c`']);
    assert.deepEqual(p.plan.statements[0].hazards, ['table-rewrite']);
    // No change kind covers the order: the statement stands for the table as a whole.
    assert.equal(p.changes.length, 0);
    assert.equal(p.plan.statements[0].source.kind, 'ModifyTable');
  } finally {
    await p.close();
  }
});

test('MODIFY COLUMN repeats the whole definition: type, collation, default, ON UPDATE, comment', async () => {
  const p = await planned(
    "CREATE TABLE t (id int PRIMARY KEY, at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP COMMENT 'touched', s varchar(10) COLLATE utf8mb4_bin);",
    "CREATE TABLE t (id int PRIMARY KEY, at timestamp(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3) COMMENT 'touched', s varchar(20) COLLATE utf8mb4_bin);",
  );
  try {
    assert.deepEqual(sqlOf(p.plan), [
      "ALTER TABLE `t` MODIFY COLUMN `at` timestamp(3) NOT NULL DEFAULT current_timestamp(3) ON UPDATE current_timestamp(3) COMMENT 'touched'",
      'ALTER TABLE `t` MODIFY COLUMN `s` varchar(20) COLLATE utf8mb4_bin',
    ]);
    assert.equal(p.plan.statements[0].reverse, "ALTER TABLE `t` MODIFY COLUMN `at` timestamp NOT NULL DEFAULT current_timestamp() ON UPDATE current_timestamp() COMMENT 'touched'");
  } finally {
    await p.close();
  }
});

test('hazards: a type change copies the table, NOT NULL and narrowing may fail, appending ENUM values and a default are in place', async () => {
  const p = await planned(
    "CREATE TABLE t (id int PRIMARY KEY, a int, b varchar(10), e enum('x','y'), n varchar(20), d int);",
    "CREATE TABLE t (id int PRIMARY KEY, a bigint, b varchar(10) NOT NULL, e enum('x','y','z'), n varchar(5), d int DEFAULT 3);",
  );
  try {
    const hazards = Object.fromEntries(p.plan.statements.map((s) => [/`(\w+)`/.exec(s.sql.replace('ALTER TABLE `t`', ''))![1], s.hazards.join(',')]));
    assert.deepEqual(hazards, { a: 'table-rewrite', b: 'may-fail,table-rewrite', e: '', n: 'may-fail,table-rewrite', d: '' });
    assert.ok(sqlOf(p.plan).includes('ALTER TABLE `t` ALTER COLUMN `d` SET DEFAULT 3'));
  } finally {
    await p.close();
  }
});

test('every planned statement is one SQL statement (no `;` outside literals), with a reverse', async () => {
  const p = await planned(
    "CREATE TABLE u (id int PRIMARY KEY, name varchar(20)); CREATE TRIGGER u_t BEFORE INSERT ON u FOR EACH ROW BEGIN SET NEW.name = 'a;b'; END; CREATE VIEW v AS SELECT id FROM u;",
    "CREATE TABLE u (id int PRIMARY KEY, name varchar(20), x int); CREATE TRIGGER u_t BEFORE INSERT ON u FOR EACH ROW BEGIN SET NEW.name = 'a;c'; SET NEW.x = 1; END; CREATE VIEW v AS SELECT id, x FROM u; CREATE TABLE k (id int PRIMARY KEY, u_id int, CONSTRAINT k_u FOREIGN KEY (u_id) REFERENCES u (id));",
  );
  try {
    assert.ok(p.plan.statements.length >= 6);
    for (const s of p.plan.statements) {
      assert.ok(s.reverse.length > 0, s.sql);
      // A trigger body's own semicolons are inside BEGIN ... END: only those may appear.
      const semicolons = (sql: string) => tokens(sql.replace(/BEGIN[\s\S]*END$/, '')).filter((t) => t.text === ';').length;
      assert.equal(semicolons(s.sql), 0, s.sql);
      assert.equal(semicolons(s.reverse), 0, s.reverse);
    }
  } finally {
    await p.close();
  }
});

const parent = 'CREATE TABLE parent (id int PRIMARY KEY);';

test('the index MySQL makes for a foreign key is created before the key and dropped after it, and never planned again', async () => {
  const p = await planned(`${parent} CREATE TABLE child (id int PRIMARY KEY, parent_id int);`, `${parent} CREATE TABLE child (id int PRIMARY KEY, parent_id int, CONSTRAINT child_parent FOREIGN KEY (parent_id) REFERENCES parent (id));`);
  try {
    assert.deepEqual(sqlOf(p.plan), [
      'ALTER TABLE `child` ADD KEY `child_parent` (`parent_id`)',
      'ALTER TABLE `child` ADD CONSTRAINT `child_parent` FOREIGN KEY (`parent_id`) REFERENCES `parent` (`id`)',
    ]);
    assert.deepEqual(sqlOf(reversePlan(p.plan)), ['ALTER TABLE `child` DROP FOREIGN KEY `child_parent`', 'ALTER TABLE `child` DROP INDEX `child_parent`']);
    await applyPlan(p.from.conn, p.plan);
    const after = await engine.inspect(p.from.conn);
    assert.deepEqual(diffRealms(after, p.to.realm, { hooks: engine.diffHooks }), []);
    assert.equal(engine.plan([], after, p.to.realm).statements.length, 0);
  } finally {
    await p.close();
  }
});

test('a foreign key kept while its index is replaced by a wider one: the new index comes first', async () => {
  const p = await planned(
    `${parent} CREATE TABLE child (id int PRIMARY KEY, parent_id int, note varchar(9), KEY child_p (parent_id), CONSTRAINT child_parent FOREIGN KEY (parent_id) REFERENCES parent (id));`,
    `${parent} CREATE TABLE child (id int PRIMARY KEY, parent_id int, note varchar(9), KEY child_pn (parent_id, note), CONSTRAINT child_parent FOREIGN KEY (parent_id) REFERENCES parent (id));`,
  );
  try {
    assert.deepEqual(sqlOf(p.plan), ['ALTER TABLE `child` ADD KEY `child_pn` (`parent_id`, `note`)', 'ALTER TABLE `child` DROP INDEX `child_p`']);
    await applyPlan(p.from.conn, p.plan);
    await applyPlan(p.from.conn, reversePlan(p.plan));
    assert.equal(canonicalJson(await engine.inspect(p.from.conn)), canonicalJson(p.from.realm));
  } finally {
    await p.close();
  }
});

test("a history's explicit index for a foreign key and a desired state's implicit one differ only in name: renamed, not rebuilt", async () => {
  const p = await planned(
    `${parent} CREATE TABLE child (id int PRIMARY KEY, parent_id int, KEY by_parent (parent_id), CONSTRAINT child_parent FOREIGN KEY (parent_id) REFERENCES parent (id));`,
    `${parent} CREATE TABLE child (id int PRIMARY KEY, parent_id int, CONSTRAINT child_parent FOREIGN KEY (parent_id) REFERENCES parent (id));`,
  );
  try {
    assert.deepEqual(sqlOf(p.plan), ['ALTER TABLE `child` RENAME INDEX `by_parent` TO `child_parent`']);
  } finally {
    await p.close();
  }
});

test('a column type changed under a foreign key: the key is dropped before and added again after', async () => {
  const child = `${parent} CREATE TABLE child (id int PRIMARY KEY, parent_id int, CONSTRAINT child_parent FOREIGN KEY (parent_id) REFERENCES parent (id));`;
  const p = await planned(child, child.replace('parent (id int', 'parent (id bigint').replace('parent_id int', 'parent_id bigint'));
  try {
    const sql = sqlOf(p.plan);
    assert.equal(sql[0], 'ALTER TABLE `child` DROP FOREIGN KEY `child_parent`');
    assert.equal(sql[sql.length - 1], 'ALTER TABLE `child` ADD CONSTRAINT `child_parent` FOREIGN KEY (`parent_id`) REFERENCES `parent` (`id`)');
    assert.equal(sql.length, 4);
  } finally {
    await p.close();
  }
});

test('AUTO_INCREMENT needs its key: a new AUTO_INCREMENT column is added with its key, numbering existing rows', async () => {
  const p = await planned('CREATE TABLE t (v varchar(5)); INSERT INTO t VALUES (\'a\'), (\'b\');', 'CREATE TABLE t (id int NOT NULL AUTO_INCREMENT PRIMARY KEY, v varchar(5));');
  try {
    assert.deepEqual(sqlOf(p.plan), ['ALTER TABLE `t` ADD COLUMN `id` int NOT NULL AUTO_INCREMENT FIRST, ADD PRIMARY KEY (`id`)']);
    await applyPlan(p.from.conn, p.plan);
    assert.deepEqual(await p.from.conn.query('SELECT id, v FROM t ORDER BY id'), [{ id: 1, v: 'a' }, { id: 2, v: 'b' }]);
  } finally {
    await p.close();
  }
});

test('renames: tables and columns first, a view over a renamed table re-created after, its old definition restored once the name is back', async () => {
  const p = await planned(
    'CREATE TABLE users (id int PRIMARY KEY, name varchar(9)); CREATE VIEW names AS SELECT name FROM users;',
    'CREATE TABLE people (id int PRIMARY KEY, nick varchar(9)); CREATE VIEW names AS SELECT nick FROM people;',
    ['users=people', 'people.name=nick'],
  );
  try {
    assert.deepEqual(sqlOf(p.plan), [
      'DROP VIEW `names`',
      'RENAME TABLE `users` TO `people`',
      'ALTER TABLE `people` RENAME COLUMN `name` TO `nick`',
      'CREATE VIEW `names` AS select `people`.`nick` AS `nick` from `people`',
    ]);
    await applyPlan(p.from.conn, p.plan);
    await applyPlan(p.from.conn, reversePlan(p.plan));
    assert.equal(canonicalJson(await engine.inspect(p.from.conn)), canonicalJson(p.from.realm));
  } finally {
    await p.close();
  }
});

test('a table that names its database default explicitly on one side and follows it on the other needs no statement', async () => {
  const to = await built('CREATE TABLE t (id int PRIMARY KEY, s varchar(9)) DEFAULT CHARSET=latin1 ENGINE=InnoDB;');
  const db = await freshMysql();
  const admin = await connect(MYSQL_ADMIN_URL);
  try {
    // The target database defaults to latin1; the dev database (where `to` was read) does not.
    await admin.exec(`ALTER DATABASE \`${db.name}\` CHARACTER SET latin1`);
    const conn = await connect(db.url);
    try {
      await conn.exec('CREATE TABLE t (id int PRIMARY KEY, s varchar(9))');
      const from = await engine.inspect(conn);
      assert.deepEqual(from.schemas[0].tables[0].attrs, []);
      assert.ok(to.realm.schemas[0].tables[0].attrs.some((a) => a.kind === 'mysql.charset'));
      const plan = engine.plan(diffRealms(from, to.realm, { hooks: engine.diffHooks }), from, to.realm);
      assert.deepEqual(sqlOf(plan), []);
      const back = engine.plan(diffRealms(to.realm, from, { hooks: engine.diffHooks }), to.realm, from);
      assert.deepEqual(sqlOf(back), []);
      // A live table that names a character set other than its database's default, against a
      // desired table that names none, read on a dev database whose default is that character set.
      const dev = await built('CREATE TABLE t (id int PRIMARY KEY, s varchar(9)) DEFAULT CHARSET=latin1; CREATE TABLE u (id int PRIMARY KEY);');
      try {
        const devCollation = attrOf(schemaAttrs(dev.realm.schemas[0]), 'mysql.database')!.collation;
        assert.notEqual(devCollation.split('_')[0], 'latin1');
        await conn.exec(`CREATE TABLE u (id int PRIMARY KEY) DEFAULT CHARSET=${devCollation.split('_')[0]} COLLATE=${devCollation}`);
        const live = await engine.inspect(conn);
        assert.deepEqual(sqlOf(engine.plan(diffRealms(live, dev.realm, { hooks: engine.diffHooks }), live, dev.realm)), []);
      } finally {
        await dev.close();
      }
    } finally {
      await conn.close();
    }
  } finally {
    await admin.close();
    await db.drop();
    await to.close();
  }
});
