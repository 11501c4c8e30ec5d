/** Renames never become a silent drop + add; drops need an explicit allow. Pure model tests. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Column, Table } from '../../src/schema/model.js';
import { emptySchema, realm } from '../../src/schema/build.js';
import { diffRealms } from './helpers/pg-diff.js';
import { parseRename, formatRename } from '../../src/diff/renames.js';
import { CairnError } from '../../src/errors.js';

const col = (name: string, sql = 'text'): Column => ({ name, type: { sql }, nullable: true, attrs: [] });
const table = (name: string, columns: Column[]): Table => ({ schema: 'public', name, columns, uniques: [], checks: [], foreignKeys: [], exclusions: [], indexes: [], triggers: [], policies: [], attrs: [] });
const db = (...tables: Table[]) => realm([{ ...emptySchema('public'), tables }]);

const users = db(table('users', [col('id', 'bigint'), col('name')]));
const renamedCol = db(table('users', [col('id', 'bigint'), col('full_name')]));

test('a dropped column paired with a similar added one stops the diff naming --rename', () => {
  assert.throws(() => diffRealms(users, renamedCol), (e: unknown) => {
    assert.ok(e instanceof CairnError);
    assert.equal(e.code, 'UNSAFE_CHANGE');
    assert.match(e.message, /--rename public\.users\.name=full_name/);
    assert.match(e.message, /--allow-drop/);
    return true;
  });
});

test('a rename hint turns drop + add into RenameColumn', () => {
  const changes = diffRealms(users, renamedCol, { renames: [parseRename('public.users.name=full_name')] });
  assert.deepEqual(changes.map((c) => c.kind), ['RenameColumn']);
});

test('--allow-drop lets drop + add through', () => {
  const changes = diffRealms(users, renamedCol, { allowDrop: true });
  assert.deepEqual(changes.map((c) => c.kind).sort(), ['AddColumn', 'DropColumn']);
});

test('a plain column drop requires --allow-drop', () => {
  const fewer = db(table('users', [col('id', 'bigint')]));
  assert.throws(() => diffRealms(users, fewer), /pass --allow-drop/);
  assert.deepEqual(diffRealms(users, fewer, { allowDrop: true }).map((c) => c.kind), ['DropColumn']);
});

test('a dropped column with a differently typed added one is a plain drop', () => {
  const other = db(table('users', [col('id', 'bigint'), col('age', 'integer')]));
  assert.throws(() => diffRealms(users, other), (e: unknown) => e instanceof CairnError && !/--rename/.test(e.message) && /--allow-drop/.test(e.message));
});

test('a dropped table paired with a similar added one names the table rename', () => {
  const people = db(table('people', [col('id', 'bigint'), col('name')]));
  assert.throws(() => diffRealms(users, people), /--rename public\.users=people/);
  assert.deepEqual(diffRealms(users, people, { renames: [parseRename('public.users=people')] }).map((c) => c.kind), ['RenameTable']);
});

test('rename hints parse and print back', () => {
  assert.deepEqual(parseRename('public.users.name=full_name'), { schema: 'public', table: 'users', from: 'name', to: 'full_name' });
  assert.deepEqual(parseRename('app.users=people'), { schema: 'app', from: 'users', to: 'people' });
  assert.equal(formatRename(parseRename('public.users.name=full_name')), 'public.users.name=full_name');
  assert.throws(() => parseRename('users=people'), /expected schema\.object=new_name/);
  assert.throws(() => parseRename('a.b.c.d=e'), (e: unknown) => e instanceof CairnError && e.code === 'USAGE');
});

test('diffs are deterministic and models are frozen', () => {
  assert.ok(Object.isFrozen(users.schemas[0].tables[0].columns[0]));
  const a = JSON.stringify(diffRealms(users, renamedCol, { allowDrop: true }));
  const b = JSON.stringify(diffRealms(users, renamedCol, { allowDrop: true }));
  assert.equal(a, b);
});
