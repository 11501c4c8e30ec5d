/**
 * The planner kit's view rebuilds (src/plan/view-rebuild.ts), on realms SQLite inspected: which
 * unchanged views must step aside while a relation they read is replaced, in which order.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffRealms } from '../../../src/diff/diff.js';
import { viewsToRebuild } from '../../../src/plan/view-rebuild.js';
import { engine, inspect, open } from './helpers.js';

async function realms(from: string, to: string) {
  const [a, b] = [await open(from), await open(to)];
  try {
    const [f, t] = [await inspect(a), await inspect(b)];
    return { from: f, to: t, changes: diffRealms(f, t, { hooks: engine.diffHooks, allowDrop: true }) };
  } finally {
    await a.close();
    await b.close();
  }
}

const BASE = `CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT, age INT); CREATE TABLE other (x INT);
  CREATE VIEW adults AS SELECT id, email FROM users WHERE age >= 18;
  CREATE VIEW adult_emails AS SELECT email FROM adults;
  CREATE VIEW counted AS SELECT count(*) AS n FROM adult_emails;
  CREATE VIEW others AS SELECT x FROM other;`;
const main = (name: string) => ({ schema: 'main', name });

test('views reading a replaced table, directly or through other views, are dropped dependents first and created dependencies first', async () => {
  const { from, to, changes } = await realms(BASE, BASE.replace('age INT', 'age INT NOT NULL DEFAULT 0'));
  const r = viewsToRebuild(changes, from, to, [main('users')]);
  assert.deepEqual(r.drop.map((v) => v.name), ['counted', 'adult_emails', 'adults']);
  assert.deepEqual(r.create.map((v) => v.name), ['adults', 'adult_emails', 'counted']);
  assert.deepEqual(viewsToRebuild(changes, from, to, []), { drop: [], create: [] }, 'nothing replaced, nothing rebuilt');
});

test('a view the plan changes itself is left to the plan, and the views reading it are rebuilt around it', async () => {
  const { from, to, changes } = await realms(BASE, BASE.replace('age >= 18', 'age >= 21'));
  assert.deepEqual(changes.map((c) => c.kind), ['ModifyView']);
  const r = viewsToRebuild(changes, from, to, []);
  assert.deepEqual(r.drop.map((v) => v.name), ['counted', 'adult_emails']);
  assert.deepEqual(r.create.map((v) => v.name), ['adult_emails', 'counted']);
  assert.equal(r.drop[0]!.def, from.schemas[0]!.views.find((v) => v.name === 'counted')!.def, 'dropped as the current state has it');
});
