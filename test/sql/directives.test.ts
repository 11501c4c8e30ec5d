// parseDirectives on its own: one table of file headers and the directives they carry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDirectives } from '../../src/sql/lexer.js';
import type { Directives } from '../../src/sql/types.js';

const none: Directives = { noTransaction: false, sumIgnore: false };

const CASES: [string, string, Directives][] = [
  ['empty file', '', none],
  ['txmode none', '-- atlas:txmode none\n\nCREATE INDEX CONCURRENTLY i ON t (c);', { ...none, noTransaction: true }],
  ['txmode after another comment group', '-- generated\n\n-- atlas:txmode none\n\nSELECT 1;', { ...none, noTransaction: true }],
  ['txmode in the body is not a directive', 'SELECT 1;\n-- atlas:txmode none\n', none],
  ['goose NO TRANSACTION anywhere, any case', '-- +goose Up\nSELECT 1;\n-- +goose no Transaction\r\n', { ...none, noTransaction: true }],
  ['goose marker must be a whole line', "SELECT '-- +goose NO TRANSACTION';", none],
  ['sum ignore on the first line', '-- atlas:sum ignore\nSELECT 1;', { ...none, sumIgnore: true }],
  ['sum ignore after a BOM', '\ufeff-- atlas:sum ignore\r\nSELECT 1;', { ...none, sumIgnore: true }],
  ['sum ignore on the second line does not count', '-- hello\n-- atlas:sum ignore\nSELECT 1;', none],
  ['file-level nolint with names', '-- atlas:nolint DS103, MF101 destructive\n\nDROP TABLE t;', { ...none, nolint: ['DS103', 'MF101', 'destructive'] }],
  ['bare nolint means every check', '-- atlas:nolint\n\nDROP TABLE t;', { ...none, nolint: [] }],
  ['nolint directly above a statement is not file-level', '-- atlas:nolint\nDROP TABLE t;', none],
  ['nolint at the end of a comment-only file', '-- atlas:nolint DS102', { ...none, nolint: ['DS102'] }],
  ['delimiter with escapes', '-- atlas:delimiter \\n\\n\n\nSELECT 1\n\nSELECT 2', { ...none, delimiter: '\n\n' }],
  ['delimiter text', '-- atlas:delimiter -- end\n\nSELECT 1\n-- end', { ...none, delimiter: '-- end' }],
  ['directive case and spacing', '--atlas:TXMODE   none\n\nSELECT 1;', { ...none, noTransaction: true }],
];

for (const [name, text, expected] of CASES) {
  test(`directives: ${name}`, () => {
    assert.deepEqual(parseDirectives(text), expected);
  });
}
