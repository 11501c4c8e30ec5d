/** rewriteNames: renamed identifiers in deparsed SQL, string literals untouched. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rewriteNames as rewrite, type NameMap } from '../../src/diff/rewrite.js';
import { postgresIdentifiers } from '../../src/dialects/postgres/diff-hooks.js';

const rewriteNames = (text: string, map: NameMap) => rewrite(text, map, postgresIdentifiers);

test('bare column names are rewritten outside strings and qualified names', () => {
  const bare = new Map([['a', 'b'], ['Name', 'Full Name']]);
  assert.equal(rewriteNames("a > 0 AND x.a = 'a' AND \"Name\" IS NOT NULL", { bare }), "b > 0 AND x.a = 'a' AND \"Full Name\" IS NOT NULL");
  assert.equal(rewriteNames('lower(a)', { bare }), 'lower(b)');
});

test('schema-qualified type names are rewritten', () => {
  const qualified = new Map([['public', new Map([['mood', 'feeling']])]]);
  assert.equal(rewriteNames("'ok'::public.mood", { qualified }), "'ok'::public.feeling");
  assert.equal(rewriteNames('public.mood[]', { qualified }), 'public.feeling[]');
  assert.equal(rewriteNames('other.mood', { qualified }), 'other.mood');
  assert.equal(rewriteNames('mood', { qualified }), 'mood');
});
