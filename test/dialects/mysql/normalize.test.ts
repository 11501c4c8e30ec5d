/**
 * One model whichever family reports it: column types, defaults and ON UPDATE as MySQL 8 and
 * MariaDB write them in information_schema come out spelled the same; and the small text
 * helpers the inspector and planner rely on.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { capabilitiesOf, parseServerVersion } from '../../../src/dialects/mysql/capabilities.js';
import { currentTimestamp, generationOf, normalizeDefault, normalizeType, onUpdateOf, refAction } from '../../../src/dialects/mysql/inspect-normalize.js';
import { identifiersIn, literal, parenthesize, stripOuterParens, stripQualifier } from '../../../src/dialects/mysql/sql-text.js';
import { defaultSql } from '../../../src/dialects/mysql/plan-sql.js';
import { grantsAllowScratch } from '../../../src/dialects/mysql/dev-database.js';
import { longestInOrder } from '../../../src/dialects/mysql/plan-positions.js';

const mysql8 = capabilitiesOf(parseServerVersion('8.0.36'));
const mariadb = capabilitiesOf(parseServerVersion('10.11.6-MariaDB'));

test('types: display widths go (MariaDB int(11) reads as MySQL 8 int) except tinyint(1) and zerofill; year(4) is year', () => {
  assert.equal(normalizeType('int(11)'), 'int');
  assert.equal(normalizeType('bigint(20) unsigned'), 'bigint unsigned');
  assert.equal(normalizeType('bigint unsigned'), 'bigint unsigned');
  assert.equal(normalizeType('tinyint(1)'), 'tinyint(1)');
  assert.equal(normalizeType('tinyint(4)'), 'tinyint');
  assert.equal(normalizeType('int(6) unsigned zerofill'), 'int(6) unsigned zerofill');
  assert.equal(normalizeType('year(4)'), 'year');
  assert.equal(normalizeType("enum('a','b(1)')"), "enum('a','b(1)')");
  assert.equal(normalizeType('decimal(10,2)'), 'decimal(10,2)');
  assert.equal(normalizeType('varchar(20)'), 'varchar(20)');
});

test('defaults: MySQL 8 raw values and MariaDB SQL text give the same spelling', () => {
  const d = (raw: string | null, dataType: string, extra = '') => [normalizeDefault({ raw, dataType, extra, generated: false }, mysql8)];
  const m = (raw: string | null, dataType: string, extra = '') => [normalizeDefault({ raw, dataType, extra, generated: false }, mariadb)];
  // A string literal: raw on MySQL, quoted on MariaDB.
  assert.deepEqual(d("it's", 'varchar'), m("'it''s'", 'varchar'));
  assert.deepEqual(d('a\\b', 'varchar'), m("'a\\\\b'", 'varchar'));
  assert.deepEqual(d('', 'varchar'), ["''"]);
  assert.deepEqual(d('2020-01-01', 'date'), m("'2020-01-01'", 'date'));
  // Numbers are unquoted on both.
  assert.deepEqual(d('0', 'int'), m('0', 'int'));
  assert.deepEqual(d('1.50', 'decimal'), m('1.50', 'decimal'));
  assert.deepEqual(d("b'101'", 'bit'), m("b'101'", 'bit'));
  // CURRENT_TIMESTAMP: DEFAULT_GENERATED on MySQL, current_timestamp() on MariaDB.
  assert.deepEqual(d('CURRENT_TIMESTAMP', 'timestamp', 'DEFAULT_GENERATED'), m('current_timestamp()', 'timestamp'));
  assert.deepEqual(d('CURRENT_TIMESTAMP(3)', 'datetime', 'DEFAULT_GENERATED on update CURRENT_TIMESTAMP(3)'), m('current_timestamp(3)', 'datetime'));
  // MySQL 5.7-style CURRENT_TIMESTAMP without DEFAULT_GENERATED is still the function.
  assert.deepEqual(d('CURRENT_TIMESTAMP', 'timestamp'), ['current_timestamp()']);
  // Expressions: outer parentheses go.
  assert.deepEqual(d('(`a` + 1)', 'int', 'DEFAULT_GENERATED'), m('(`a` + 1)', 'int'));
  assert.deepEqual(d('uuid()', 'varchar', 'DEFAULT_GENERATED'), m('uuid()', 'varchar'));
  // No default, and DEFAULT NULL, read as none.
  assert.deepEqual(d(null, 'int'), [undefined]);
  assert.deepEqual(m('NULL', 'int'), [undefined]);
  assert.deepEqual(m(null, 'int'), [undefined]);
  // A generated column has no default.
  assert.equal(normalizeDefault({ raw: 'NULL', dataType: 'int', extra: 'VIRTUAL GENERATED', generated: true }, mariadb), undefined);
});

test('ON UPDATE, generation and referential actions read the same on both', () => {
  assert.equal(onUpdateOf('on update current_timestamp()'), 'current_timestamp()');
  assert.equal(onUpdateOf('DEFAULT_GENERATED on update CURRENT_TIMESTAMP'), 'current_timestamp()');
  assert.equal(onUpdateOf('on update CURRENT_TIMESTAMP(6)'), 'current_timestamp(6)');
  assert.equal(onUpdateOf('auto_increment'), undefined);
  assert.equal(currentTimestamp('now()'), 'current_timestamp()');
  assert.equal(generationOf('VIRTUAL GENERATED'), 'VIRTUAL');
  assert.equal(generationOf('STORED GENERATED'), 'STORED');
  assert.equal(generationOf('PERSISTENT GENERATED'), 'STORED');
  assert.equal(generationOf('DEFAULT_GENERATED'), undefined);
  assert.equal(refAction('RESTRICT'), 'NO ACTION');
  assert.equal(refAction('NO ACTION'), 'NO ACTION');
  assert.equal(refAction('CASCADE'), 'CASCADE');
  assert.equal(refAction('SET NULL'), 'SET NULL');
});

test('defaults are written back with parentheses only around expressions', () => {
  assert.equal(defaultSql("'x'"), "'x'");
  assert.equal(defaultSql('-1.5'), '-1.5');
  assert.equal(defaultSql("b'01'"), "b'01'");
  assert.equal(defaultSql('current_timestamp(3)'), 'current_timestamp(3)');
  assert.equal(defaultSql('uuid()'), '(uuid())');
  assert.equal(defaultSql('1 + 1'), '(1 + 1)');
  assert.equal(literal("it's a\\b"), "'it''s a\\\\b'");
});

test('text helpers: outer parentheses, the database qualifier, identifiers, outside string literals', () => {
  assert.equal(stripOuterParens('((`a` > 0))'), '`a` > 0');
  assert.equal(stripOuterParens('(`a`) + (`b`)'), '(`a`) + (`b`)');
  assert.equal(stripOuterParens("(')')"), "')'");
  assert.equal(parenthesize('(a) + (b)'), '((a) + (b))');
  assert.equal(parenthesize('(a + b)'), '(a + b)');
  const def = "select `app`.`t`.`id` AS `id`,'`app`.x' AS `lit` from `app`.`t` join `other`.`u`";
  assert.equal(stripQualifier(def, 'app'), "select `t`.`id` AS `id`,'`app`.x' AS `lit` from `t` join `other`.`u`");
  assert.deepEqual([...identifiersIn(stripQualifier(def, 'app'))].sort(), ['id', 'lit', 'other', 't', 'u']);
});

test('grants: CREATE and DROP on *.*, or on a pattern cairn_dev_* matches, allow a scratch database', () => {
  assert.equal(grantsAllowScratch(['GRANT ALL PRIVILEGES ON *.* TO `root`@`localhost` WITH GRANT OPTION']), true);
  assert.equal(grantsAllowScratch(['GRANT USAGE ON *.* TO `app`@`%`', 'GRANT CREATE, DROP ON *.* TO `app`@`%`']), true);
  assert.equal(grantsAllowScratch(['GRANT SELECT, INSERT ON *.* TO `app`@`%`']), false);
  assert.equal(grantsAllowScratch(['GRANT CREATE VIEW, DROP ON *.* TO `app`@`%`']), false);
  assert.equal(grantsAllowScratch(['GRANT USAGE ON *.* TO `app`@`%`', 'GRANT ALL PRIVILEGES ON `cairn\\_dev\\_%`.* TO `app`@`%`']), true);
  assert.equal(grantsAllowScratch(['GRANT USAGE ON *.* TO `app`@`%`', 'GRANT ALL PRIVILEGES ON `app`.* TO `app`@`%`']), false);
});

test('longestInOrder keeps the most columns in place when reordering', () => {
  assert.deepEqual([...longestInOrder([0, 1, 2, 3])].sort(), [0, 1, 2, 3]);
  assert.deepEqual([...longestInOrder([3, 0, 1, 2])].sort(), [0, 1, 2]);
  assert.deepEqual([...longestInOrder([1, 0, 2, 3])].length, 3);
  assert.deepEqual([...longestInOrder([])], []);
});
