/**
 * MySQL/MariaDB's own rules: MY101 (an ALTER that copies the table) and MY102 (a statement that
 * commits implicitly after data changes of another table in the same file). MY101's table is
 * checked against the MariaDB server itself: every operation of the list is run once with
 * ALGORITHM=INPLACE, which the server refuses exactly when it would copy, and once as written
 * through lint, which must flag it exactly then. MySQL 8 rows are unit tests of the table.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from '../../src/dialects/registry.js';
import type { Connection } from '../../src/dialects/types.js';
import { capabilitiesOf, parseServerVersion } from '../../src/dialects/mysql/capabilities.js';
import { typeChangeCopies } from '../../src/dialects/mysql/lint-online-ddl.js';
import { MY101 } from '../../src/dialects/mysql/lint-rules.js';
import type { FilePass, StatementPass } from '../../src/lint/types.js';
import type { Realm } from '../../src/schema/model.js';
import { freshMysql, type TestDb } from '../helpers/db.js';
import { codesAt, openLintDb, runRules, type LintDb } from './helpers/pass.js';
import { ruleSuite } from './helpers/rule-cases.js';

const T = "CREATE TABLE t (id int PRIMARY KEY, a int, b varchar(10), c varchar(100), s text, n int NOT NULL DEFAULT 0, k int, e enum('x','y'), KEY t_k (k)) DEFAULT CHARSET=utf8mb4;";
const PARENT = 'CREATE TABLE p (id int PRIMARY KEY);';

ruleSuite('MY101 table copy', ['MY101'], [
  {
    name: 'fires on a column type change, on the line of the statement',
    mysql: { history: T, file: 'SELECT 1;\nALTER TABLE t MODIFY a bigint;' },
    expect: ['MY101@2'],
  },
  {
    name: 'fires on CONVERT TO CHARACTER SET, a dropped primary key, a foreign key, a CHECK, a STORED column, AUTO_INCREMENT',
    mysql: {
      history: `${T} ${PARENT}`,
      file: [
        'ALTER TABLE t CONVERT TO CHARACTER SET latin1;',
        'ALTER TABLE t DROP PRIMARY KEY;',
        'ALTER TABLE t ADD CONSTRAINT t_k_fk FOREIGN KEY (k) REFERENCES p (id);',
        'ALTER TABLE t ADD CONSTRAINT t_n_ck CHECK (n >= 0);',
        'ALTER TABLE t ADD COLUMN g int AS (n * 2) STORED;',
        'ALTER TABLE p MODIFY id int AUTO_INCREMENT;',
      ].join('\n'),
    },
    expect: ['MY101@1', 'MY101@2', 'MY101@3', 'MY101@4', 'MY101@5', 'MY101@6'],
  },
  {
    name: 'not on what the server does in place: longer VARCHAR, appended ENUM value, columns, indexes, NULL-ness, renames',
    mysql: {
      history: T,
      file: [
        'ALTER TABLE t MODIFY b varchar(200);',
        "ALTER TABLE t MODIFY e enum('x','y','z');",
        'ALTER TABLE t ADD COLUMN z int FIRST;',
        'ALTER TABLE t DROP COLUMN a;',
        'ALTER TABLE t ADD INDEX t_c (c);',
        'ALTER TABLE t MODIFY k int NOT NULL;',
        'ALTER TABLE t RENAME COLUMN c TO c2;',
        "ALTER TABLE t MODIFY s text DEFAULT ('x');",
        'ALTER TABLE t DROP PRIMARY KEY, ADD PRIMARY KEY (id, n);',
        'ALTER TABLE t ADD COLUMN v int AS (n * 2) VIRTUAL;',
      ].join('\n'),
    },
    expect: [],
  },
  {
    name: 'not on a table created in the same change',
    mysql: { history: T, file: 'CREATE TABLE u (id int PRIMARY KEY, a int);\nALTER TABLE u MODIFY a bigint;' },
    expect: [],
  },
  {
    name: 'safe path: a new column instead of the type change lints clean',
    mysql: { history: T, file: 'ALTER TABLE t ADD COLUMN a_big bigint;\nUPDATE t SET a_big = a;' },
    expect: [],
    clean: true,
  },
  {
    name: 'safe path: ALGORITHM=INPLACE named (and accepted by the dev database) lints clean',
    mysql: { history: T, file: 'ALTER TABLE t MODIFY c varchar(300), ALGORITHM=INPLACE, LOCK=NONE;' },
    expect: [],
    clean: true,
  },
  {
    name: 'safe path: a foreign key added with checks off lints clean',
    mysql: { history: `${T} ${PARENT}`, file: 'SET foreign_key_checks = 0;\nALTER TABLE t ADD CONSTRAINT t_k_fk FOREIGN KEY (k) REFERENCES p (id);\nSET foreign_key_checks = 1;' },
    expect: [],
    clean: true,
  },
  {
    name: 'safe path: the primary key replaced in one statement lints clean',
    mysql: { history: T, file: 'ALTER TABLE t DROP PRIMARY KEY, ADD PRIMARY KEY (id, n);' },
    expect: [],
    clean: true,
  },
], ['mysql']);

ruleSuite('MY102 implicit commit after data changes', ['MY102'], [
  {
    name: 'fires on DDL after a data change of another table',
    mysql: { history: `${T} ${PARENT}`, file: 'INSERT INTO p VALUES (1);\nALTER TABLE t ADD COLUMN z int;' },
    expect: ['MY102@2'],
  },
  {
    name: 'fires on DDL inside a transaction after its data changes',
    mysql: { history: `${T} ${PARENT}`, file: 'START TRANSACTION;\nINSERT INTO p VALUES (1);\nCREATE TABLE log (id int);\nCOMMIT;' },
    expect: ['MY102@3'],
  },
  {
    name: 'once per implicit commit, not again for the DDL after it',
    mysql: { history: `${T} ${PARENT}`, file: 'INSERT INTO p VALUES (1);\nALTER TABLE t ADD COLUMN z int;\nALTER TABLE t ADD COLUMN y int;' },
    expect: ['MY102@2'],
  },
  {
    name: 'not on a backfill of the table the DDL alters, nor on DML after the DDL, nor after COMMIT',
    mysql: { history: `${T} ${PARENT}`, file: 'UPDATE t SET k = 0 WHERE k IS NULL;\nALTER TABLE t MODIFY k int NOT NULL;\nINSERT INTO p VALUES (1);\nSTART TRANSACTION;\nINSERT INTO p VALUES (2);\nCOMMIT;\nCREATE TEMPORARY TABLE scratch (id int);' },
    expect: [],
  },
  {
    name: 'safe path: the schema change first, the data change after it, lints clean',
    mysql: { history: `${T} ${PARENT}`, file: 'ALTER TABLE t ADD COLUMN z int;\nINSERT INTO p VALUES (1);' },
    expect: [],
    clean: true,
  },
], ['mysql']);

/** Operations on table `t`, each judged by the server (ALGORITHM=INPLACE accepted or not) and by lint. */
const OPERATIONS = [
  'MODIFY a bigint', 'MODIFY a smallint', 'MODIFY a int unsigned', 'MODIFY a int NOT NULL', 'MODIFY n int NULL',
  'MODIFY b varchar(20)', 'MODIFY b varchar(300)', 'MODIFY b varchar(5)', 'MODIFY b text', 'MODIFY s mediumtext', 'MODIFY c char(100)',
  "MODIFY e enum('x','y','z')", "MODIFY e enum('y','x')", "MODIFY e enum('x')",
  'MODIFY b varchar(10) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin', 'MODIFY b varchar(10) CHARACTER SET latin1', 'CONVERT TO CHARACTER SET latin1',
  "MODIFY b varchar(10) DEFAULT 'q'", 'MODIFY b varchar(10) AFTER id', 'ADD COLUMN z int FIRST', 'ADD COLUMN z int NOT NULL',
  'ADD COLUMN g int AS (n * 2) STORED', 'ADD COLUMN g int AS (n * 2) VIRTUAL', 'DROP COLUMN a',
  'DROP PRIMARY KEY', 'DROP PRIMARY KEY, ADD PRIMARY KEY (id, n)', 'ADD CONSTRAINT t_ck CHECK (n >= 0)', 'ADD CONSTRAINT t_fk FOREIGN KEY (k) REFERENCES t (id)',
  'ADD UNIQUE KEY t_b (b)', 'ADD INDEX t_c (c)', 'DROP INDEX t_k', 'RENAME COLUMN b TO b2', 'RENAME INDEX t_k TO t_k2', 'MODIFY id int AUTO_INCREMENT', 'DEFAULT CHARSET=latin1',
];

describe('MY101 agrees with the MariaDB server', () => {
  let db: LintDb;
  let probe: TestDb;
  let conn: Connection;
  before(async () => {
    db = await openLintDb('mysql');
    probe = await freshMysql();
    conn = await connect(probe.url);
  });
  after(async () => {
    await conn?.close();
    await probe?.drop();
    await db?.close();
  });

  test(`${OPERATIONS.length} ALTER TABLE operations: flagged exactly when ALGORITHM=INPLACE is refused`, async () => {
    const disagreements: string[] = [];
    for (const op of OPERATIONS) {
      await conn.exec('DROP TABLE IF EXISTS t');
      await conn.exec(T);
      let copies = false;
      try {
        await conn.exec(`ALTER TABLE t ${op}, ALGORITHM=INPLACE`);
      } catch (e) {
        if (!/ALGORITHM/i.test((e as Error).message)) throw e;
        copies = true;
      }
      const found = runRules([MY101], await db.passes({ history: T, file: `ALTER TABLE t ${op};` }));
      const flagged = codesAt(found).includes('MY101@1');
      if (flagged !== copies) disagreements.push(`${op}: server ${copies ? 'copies' : 'works in place'}, lint ${flagged ? 'flags' : 'does not flag'}`);
    }
    assert.deepEqual(disagreements, []);
  });
});

describe('MY101 judges by the server version', () => {
  const caps = (v: string) => capabilitiesOf(parseServerVersion(v));

  test('VARCHAR growth: MariaDB 10.4.3+ at any length; MySQL and older MariaDB within the length-prefix size', () => {
    assert.equal(typeChangeCopies('varchar(10)', 'varchar(300)', 'utf8mb4_general_ci', caps('10.11.6-MariaDB')), false);
    assert.equal(typeChangeCopies('varchar(10)', 'varchar(60)', 'utf8mb4_0900_ai_ci', caps('8.0.36')), false, '40 → 240 bytes: one-byte prefix both');
    assert.equal(typeChangeCopies('varchar(10)', 'varchar(100)', 'utf8mb4_0900_ai_ci', caps('8.0.36')), true, '40 → 400 bytes: the prefix grows');
    assert.equal(typeChangeCopies('varchar(10)', 'varchar(100)', 'latin1_swedish_ci', caps('8.0.36')), false, 'latin1: 100 bytes');
    assert.equal(typeChangeCopies('varchar(10)', 'varchar(100)', 'utf8mb4_general_ci', caps('10.3.30-MariaDB')), true);
    assert.equal(typeChangeCopies('varchar(10)', 'varchar(100)', 'utf8mb4_general_ci', caps('5.6.51')), true, 'MySQL 5.6 copies every type change');
  });

  test('ENUM values appended in place, unless the storage size grows; other type changes copy', () => {
    const many = (n: number) => `enum(${Array.from({ length: n }, (_, i) => `'v${i}'`).join(',')})`;
    assert.equal(typeChangeCopies("enum('a','b')", "enum('a','b','c')", undefined, caps('8.0.36')), false);
    assert.equal(typeChangeCopies("enum('a','b')", "enum('b','a')", undefined, caps('8.0.36')), true);
    assert.equal(typeChangeCopies(many(255), many(256), undefined, caps('8.0.36')), true);
    assert.equal(typeChangeCopies('int', 'bigint', undefined, caps('8.4.0')), true);
    assert.equal(typeChangeCopies('int(11)', 'int', undefined, caps('10.11.6-MariaDB')), false, 'a display width is not a type change');
  });

  test('the server of the realm decides: the same statement copies on MySQL 8.0 and not on MariaDB 10.11', async () => {
    const db = await openLintDb('mysql');
    try {
      const fp = await db.passes({ history: 'CREATE TABLE t (id int PRIMARY KEY, b varchar(10)) DEFAULT CHARSET=utf8mb4;', file: 'ALTER TABLE t MODIFY b varchar(100);' });
      assert.deepEqual(codesAt(runRules([MY101], fp)), [], 'MariaDB 10.11 extends VARCHAR in place');
      const asMysql = withServer(fp, 'mysql', '8.0.36');
      const found = runRules([MY101], asMysql);
      assert.deepEqual(codesAt(found), ['MY101@1']);
      assert.match(found[0]!.message, /MySQL 8\.0\.36 copy table t/);
    } finally {
      await db.close();
    }
  });
});

/** withServer: the passes as if a MySQL server of that version had read them (the realm's `mysql.server` attribute). */
function withServer(fp: FilePass, flavor: 'mysql' | 'mariadb', version: string): FilePass {
  const swap = (r: Realm): Realm => ({ ...r, schemas: r.schemas.map((s) => ({ ...s, attrs: (s.attrs ?? []).map((a) => (a.kind === 'mysql.server' ? { ...a, flavor, version } : a)) })) });
  const statements = fp.statements.map((p): StatementPass => ({ ...p, before: swap(p.before), after: swap(p.after), deployed: swap(p.deployed) }));
  return { ...fp, statements };
}
