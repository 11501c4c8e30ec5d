/**
 * The capability table, without a server: which DDL and catalog spellings each MySQL and MariaDB
 * version gets. MariaDB 10.11 is the only server here, so MySQL 8 behaviour is pinned down by
 * these rows and by the planner output for realms read from other versions (plan-capabilities.test.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { capabilitiesOf, parseServerVersion, serverLabel } from '../../../src/dialects/mysql/capabilities.js';
import { checksQuery, indexesQuery, viewsQuery } from '../../../src/dialects/mysql/inspect-queries.js';

const caps = (version: string) => capabilitiesOf(parseServerVersion(version));

test('parseServerVersion reads MySQL, MariaDB and proxied version strings', () => {
  assert.deepEqual(parseServerVersion('8.0.36'), { flavor: 'mysql', version: [8, 0, 36] });
  assert.deepEqual(parseServerVersion('8.4.0-log'), { flavor: 'mysql', version: [8, 4, 0] });
  assert.deepEqual(parseServerVersion('8.0.36-0ubuntu0.22.04.1'), { flavor: 'mysql', version: [8, 0, 36] });
  assert.deepEqual(parseServerVersion('10.11.6-MariaDB-0+deb12u1'), { flavor: 'mariadb', version: [10, 11, 6] });
  assert.deepEqual(parseServerVersion('5.5.5-10.5.23-MariaDB'), { flavor: 'mariadb', version: [10, 5, 23] });
  assert.deepEqual(parseServerVersion('11.4.2-MariaDB-ubu2404'), { flavor: 'mariadb', version: [11, 4, 2] });
  assert.equal(serverLabel(parseServerVersion('10.11.6-MariaDB')), 'MariaDB 10.11.6');
  assert.equal(serverLabel(parseServerVersion('8.4.0')), 'MySQL 8.4.0');
});

test('MySQL 8.0: functional indexes from 8.0.13, enforced checks from 8.0.16, DROP CONSTRAINT and no display widths from 8.0.19, instant anywhere from 8.0.29', () => {
  const early = caps('8.0.12');
  assert.equal(early.functionalIndexes, false);
  assert.equal(early.checkConstraints, false);
  assert.equal(early.expressionDefaults, false);
  assert.equal(early.instantAddColumn, 'last');
  assert.equal(early.integerDisplayWidths, true);
  assert.equal(early.renameColumn, true);
  assert.equal(early.descendingIndexes, true);

  assert.equal(caps('8.0.13').functionalIndexes, true);
  assert.equal(caps('8.0.13').statisticsExpression, true);
  assert.equal(caps('8.0.16').checkConstraints, true);
  assert.equal(caps('8.0.16').dropCheck, 'DROP CHECK');
  assert.equal(caps('8.0.16').notEnforcedChecks, true);
  assert.equal(caps('8.0.19').dropCheck, 'DROP CONSTRAINT');
  assert.equal(caps('8.0.19').integerDisplayWidths, false);
  assert.equal(caps('8.0.28').instantDropColumn, false);
  assert.equal(caps('8.0.29').instantAddColumn, 'any');
  assert.equal(caps('8.0.29').instantDropColumn, true);
  assert.equal(caps('8.0.36').ignoredIndexes, 'INVISIBLE');
  assert.equal(caps('8.0.36').jsonIsLongtext, false);
  assert.equal(caps('8.0.36').defaultsAsSql, false);
  assert.equal(caps('8.0.36').columnLevelChecks, false);
  assert.equal(caps('8.0.36').checkTableColumn, false);
  assert.equal(caps('8.0.36').viewAlgorithmColumn, false);
});

test('MySQL 8.4 has everything MySQL 8.0 has', () => {
  const c = caps('8.4.0');
  for (const k of ['renameColumn', 'renameIndex', 'descendingIndexes', 'functionalIndexes', 'checkConstraints', 'expressionDefaults', 'invisibleColumns', 'instantDropColumn', 'statisticsExpression'] as const) assert.equal(c[k], true, k);
  assert.equal(c.instantAddColumn, 'any');
  assert.equal(c.dropCheck, 'DROP CONSTRAINT');
});

test('MariaDB: never functional indexes; RENAME COLUMN/INDEX from 10.5.2, IGNORED indexes from 10.6, DESC indexes from 10.8', () => {
  const m104 = caps('10.4.32-MariaDB');
  assert.equal(m104.renameColumn, false);
  assert.equal(m104.renameIndex, false);
  assert.equal(m104.instantAddColumn, 'any');

  const m105 = caps('10.5.23-MariaDB');
  assert.equal(m105.renameColumn, true);
  assert.equal(m105.renameIndex, true);
  assert.equal(m105.ignoredIndexes, undefined);
  assert.equal(m105.descendingIndexes, false);

  const m1011 = caps('10.11.6-MariaDB');
  assert.equal(m1011.functionalIndexes, false);
  assert.equal(m1011.descendingIndexes, true);
  assert.equal(m1011.ignoredIndexes, 'IGNORED');
  assert.equal(m1011.checkConstraints, true);
  assert.equal(m1011.checkTableColumn, true);
  assert.equal(m1011.columnLevelChecks, true);
  assert.equal(m1011.notEnforcedChecks, false);
  assert.equal(m1011.dropCheck, 'DROP CONSTRAINT');
  assert.equal(m1011.defaultsAsSql, true);
  assert.equal(m1011.integerDisplayWidths, true);
  assert.equal(m1011.jsonIsLongtext, true);
  assert.equal(m1011.viewAlgorithmColumn, true);
  assert.equal(m1011.statisticsExpression, false);

  const m114 = caps('11.4.2-MariaDB');
  assert.equal(m114.functionalIndexes, false);
  assert.equal(m114.descendingIndexes, true);
  assert.equal(m114.renameColumn, true);
  assert.equal(m114.instantDropColumn, true);
});

test('catalog queries follow the capabilities: EXPRESSION and IS_VISIBLE on MySQL 8, IGNORED on MariaDB, checks joined to TABLE_CONSTRAINTS on MySQL', () => {
  assert.match(indexesQuery(caps('8.0.36')), /EXPRESSION AS expr/);
  assert.match(indexesQuery(caps('8.0.36')), /IS_VISIBLE = 'NO'/);
  assert.match(indexesQuery(caps('10.11.6-MariaDB')), /NULL AS expr/);
  assert.match(indexesQuery(caps('10.11.6-MariaDB')), /IGNORED = 'YES'/);
  assert.match(indexesQuery(caps('10.5.2-MariaDB')), /0 AS ignored/);
  assert.match(checksQuery(caps('8.0.36'))!, /JOIN information_schema\.TABLE_CONSTRAINTS/);
  assert.match(checksQuery(caps('8.0.36'))!, /tc\.ENFORCED/);
  assert.match(checksQuery(caps('10.11.6-MariaDB'))!, /LEVEL AS level/);
  assert.equal(checksQuery(caps('8.0.12')), undefined);
  assert.match(viewsQuery(caps('10.11.6-MariaDB')), /ALGORITHM AS algorithm/);
  assert.match(viewsQuery(caps('8.0.36')), /NULL AS algorithm/);
});
