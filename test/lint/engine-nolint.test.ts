/**
 * The nolint directives as the lexer reads them: Atlas's `atlas:nolint` and Cairn's
 * `cairn:nolint`, per statement (a comment directly above it) and per file (the header,
 * detached by a blank line); and how a list silences a finding (codes, families, Atlas
 * analyzer names, everything).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nolintDirective, parseDirectives } from '../../src/sql/directives.js';
import { splitStatements } from '../../src/sql/lexer.js';
import { silences } from '../../src/lint/settings.js';

test('nolintDirective reads both spellings, line and block comments; other comments are not directives', () => {
  assert.deepEqual(nolintDirective('-- atlas:nolint DS103 MF101'), ['DS103', 'MF101']);
  assert.deepEqual(nolintDirective('-- cairn:nolint DS103, MF101'), ['DS103', 'MF101']);
  assert.deepEqual(nolintDirective('--cairn:NOLINT'), []);
  assert.deepEqual(nolintDirective('/* cairn:nolint PG101 */'), ['PG101']);
  assert.equal(nolintDirective('-- nolint DS103'), undefined);
  assert.equal(nolintDirective('-- atlas:nolintish'), undefined);
  assert.equal(nolintDirective('-- cairn:txmode none'), undefined);
});

test('parseDirectives: cairn:nolint in the header is file-level; cairn: spells nothing else', () => {
  assert.deepEqual(parseDirectives('-- cairn:nolint DS102\n\nDROP TABLE t;').nolint, ['DS102']);
  assert.deepEqual(parseDirectives('-- atlas:nolint DS101\n-- cairn:nolint DS102\n\nDROP TABLE t;').nolint, ['DS101', 'DS102']);
  assert.equal(parseDirectives('-- cairn:nolint DS102\nDROP TABLE t;').nolint, undefined, 'glued to the statement: the statement\'s');
  assert.equal(parseDirectives('-- cairn:txmode none\n\nSELECT 1;').noTransaction, false, 'only atlas:txmode');
  const s = splitStatements('-- cairn:nolint DS102\nDROP TABLE t;\n\n-- cairn:nolint\n-- why: t2 is empty\nDROP TABLE t2;').statements;
  assert.deepEqual(s.map((x) => x.leadingComments.map((c) => nolintDirective(c))), [[['DS102']], [[], undefined]]);
});

test('silences: codes in any case, families, Atlas analyzer names, or everything', () => {
  assert.equal(silences(undefined, 'DS103', 'destructive'), false);
  assert.equal(silences([], 'DS103', 'destructive'), true);
  assert.equal(silences(['ds103'], 'DS103', 'destructive'), true);
  assert.equal(silences(['DS102'], 'DS103', 'destructive'), false);
  assert.equal(silences(['destructive'], 'DS103', 'destructive'), true);
  assert.equal(silences(['data_depend'], 'MF101', 'data-dependent'), true);
  assert.equal(silences(['data-dependent'], 'MF101', 'data-dependent'), true);
  assert.equal(silences(['incompatible'], 'BC102', 'backward-incompatible'), true);
  assert.equal(silences(['concurrent_index'], 'PG101', 'locking'), true);
  assert.equal(silences(['naming'], 'PG101', 'locking'), false);
});
