/** The planner kit's grouping of changes by table (src/plan/table-groups.ts), dialect-neutral. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Change } from '../../../src/diff/changes.js';
import type { Column, Table } from '../../../src/schema/model.js';
import { emptySchema, realm } from '../../../src/schema/build.js';
import { groupByTable, pairedChanges, tablePair, tableOf } from '../../../src/plan/table-groups.js';

const col = (name: string): Column => ({ name, type: { sql: 'int' }, nullable: true, attrs: [] });
const tbl = (name: string, cols: string[]): Table => ({ schema: 's', name, columns: cols.map(col), uniques: [], checks: [], foreignKeys: [], exclusions: [], indexes: [], triggers: [], policies: [], attrs: [] });
const ref = (name: string) => ({ schema: 's', name });
const idx = (name: string, column: string) => ({ name, unique: false, method: 'btree', include: [], attrs: [], parts: [{ column, desc: false, attrs: [] }] });

test('changes are grouped per table in first-seen order; views and other objects stay in the rest', () => {
  const changes: Change[] = [
    { kind: 'RenameTable', from: tbl('a', ['x']), to: tbl('b', ['x']) },
    { kind: 'AddTable', table: tbl('c', ['y']) },
    { kind: 'AddColumn', table: ref('b'), column: col('z') },
    { kind: 'AddView', view: { schema: 's', name: 'v', materialized: false, def: 'select 1', deps: [], indexes: [], triggers: [], columnComments: {}, attrs: [] } },
    { kind: 'DropTable', table: tbl('d', ['w']) },
    { kind: 'SetComment', target: { on: 'column', ref: ref('b'), column: 'z' }, to: 'zed' },
    { kind: 'SetComment', target: { on: 'schema', name: 's' }, to: 'schema' },
  ];
  const { tables, rest } = groupByTable(changes);
  assert.deepEqual(tables.map((g) => [g.table.name, g.renamedFrom?.name, g.lifecycle, g.changes.map((c) => c.kind)]), [
    ['b', 'a', undefined, ['RenameTable', 'AddColumn', 'SetComment']],
    ['c', undefined, 'added', ['AddTable']],
    ['d', undefined, 'dropped', ['DropTable']],
  ]);
  assert.deepEqual(rest.map((c) => c.kind), ['AddView', 'SetComment']);
  assert.equal(tableOf(rest[1]), undefined);
});

test('a table dropped while another takes its name keeps its own group', () => {
  const { tables } = groupByTable([{ kind: 'DropTable', table: tbl('t', ['a']) }, { kind: 'AddTable', table: tbl('t', ['b']) }]);
  assert.deepEqual(tables.map((g) => g.lifecycle), ['dropped', 'added']);
});

test('tablePair finds a renamed table under its old name before and its new name after', () => {
  const before = realm([{ ...emptySchema('s'), tables: [tbl('a', ['x'])] }]);
  const after = realm([{ ...emptySchema('s'), tables: [tbl('b', ['x', 'y'])] }]);
  const [g] = groupByTable([{ kind: 'RenameTable', from: tbl('a', ['x']), to: tbl('b', ['x', 'y']) }]).tables;
  const pair = tablePair(g, before, after);
  assert.deepEqual([pair.before?.name, pair.after?.name], ['a', 'b']);
});

test('pairedChanges pairs drops and adds of the same object, each used once', () => {
  const changes: Change[] = [
    { kind: 'DropIndex', table: ref('t'), index: idx('i', 'a') },
    { kind: 'AddIndex', table: ref('t'), index: idx('j', 'b') },
    { kind: 'AddIndex', table: ref('t'), index: idx('i', 'b') },
    { kind: 'DropIndex', table: ref('t'), index: idx('k', 'c') },
  ];
  type D = Extract<Change, { kind: 'DropIndex' }>;
  type A = Extract<Change, { kind: 'AddIndex' }>;
  const { pairs, paired } = pairedChanges(changes, (c): c is D => c.kind === 'DropIndex', (c): c is A => c.kind === 'AddIndex', (d, a) => d.index.name === a.index.name);
  assert.deepEqual(pairs.map(([d, a]) => [d.index.name, a.index.parts[0].column]), [['i', 'b']]);
  assert.equal(paired.size, 2);
});
