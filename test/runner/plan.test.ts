/**
 * The runner's pure parts, without a database: history analysis and planning over plain rows
 * (the in-memory store), transaction-control classification, literals, hashing, scrubbing.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, assertHistory, isAttempt, isComplete, isPartial, planApply, type PlanMigration } from '../../src/migrate/runner/plan.js';
import { MemoryRevisionStore } from '../../src/migrate/runner/store.js';
import { runningHashes } from '../../src/migrate/runner/hash.js';
import { sqlLiteral } from '../../src/migrate/runner/literal.js';
import { txEffect, expectsOpenTransaction, needsNoTransaction, type Step } from '../../src/migrate/runner/statements.js';
import { scrubError } from '../../src/migrate/runner/redact.js';
import { CairnError } from '../../src/errors.js';
import { POSTGRES_LEXER, MYSQL_LEXER, SQLITE_LEXER } from '../../src/sql/presets.js';
import type { Revision } from '../../src/migrate/runner/types.js';

const cmp = (a: string, b: string) => Number(a) - Number(b);
const mig = (v: string, hash = `h${v}`): PlanMigration => ({ version: v, description: `m${v}`, hash });
const rev = (v: string, over: Partial<Revision> = {}): Revision => ({
  version: v, description: `m${v}`, kind: 'applied', applied: 1, total: 1, hash: `h${v}`, partialHashes: [], error: null, errorStatement: null,
  downSql: null, startedAt: '', finishedAt: '', durationMs: 0, cairnVersion: '0.1.0', ...over,
});
const versions = (ms: PlanMigration[]) => ms.map((m) => m.version);

async function stateOf(rows: Revision[]) {
  const store = new MemoryRevisionStore();
  for (const r of rows) await store.put(r);
  return (await store.read()).revisions;
}

describe('history analysis (in-memory store)', () => {
  it('classifies applied, partial, pending, unknown, missing and edited', async () => {
    const ms = [mig('1'), mig('2', 'changed'), mig('3'), mig('5'), mig('6')];
    const rows = await stateOf([rev('1'), rev('2'), rev('4'), rev('5', { applied: 1, total: 3 }), rev('9')]);
    const a = analyze(ms, rows, cmp);
    assert.deepEqual(a.applied.map((r) => r.version), ['1', '2']);
    assert.deepEqual(a.partial.map((r) => r.version), ['5']);
    assert.deepEqual(a.pending.map((p) => p.migration.version), ['3', '5', '6']);
    assert.deepEqual(a.unknown.map((r) => r.version), ['9']);
    assert.deepEqual(a.missing.map((r) => r.version), ['4']);
    assert.deepEqual(a.edited.map((e) => [e.revision.version, e.currentHash]), [['2', 'changed']]);
    assert.equal(a.current, '9');
    assert.throws(() => assertHistory(a, true), (e: CairnError) => e.code === 'HISTORY_MISMATCH' && /2 was edited: stored hash h2, current changed/.test(e.message) && /4 \(m4\) is missing/.test(e.message));
  });

  it('unknown revisions need the opt-in', () => {
    const a = analyze([mig('1')], [rev('1'), rev('2')], cmp);
    assert.throws(() => assertHistory(a, false), /does not know/);
    assert.doesNotThrow(() => assertHistory(a, true));
  });

  it('a failed attempt that left nothing applied is pending, not partial, and never blocks', () => {
    const failed = { applied: 0, total: 2, error: 'relation "nope" does not exist' };
    const a = analyze([mig('1'), mig('2'), mig('3')], [rev('1'), rev('2', failed), rev('4', failed), rev('0', { applied: 0, total: 1 })], cmp);
    assert.deepEqual(a.attempts.map((r) => r.version), ['0', '2', '4']);
    assert.deepEqual(a.partial, []);
    assert.deepEqual([a.unknown, a.missing], [[], []], 'a gone file that never applied is nothing to refuse');
    assert.deepEqual(a.pending.map((p) => [p.migration.version, p.revision?.error ?? null]), [['2', failed.error], ['3', null]]);
    assert.equal(a.current, '1');
    assert.equal(isAttempt(rev('5', { applied: 0, total: 0 })), false, 'an empty migration applied completely');
    assert.equal(isAttempt(rev('5', { kind: 'baseline', applied: 0, total: 0 })), false);
    assert.equal(isPartial(rev('5', { applied: 1, total: 2, error: 'x' })), true, 'stepwise progress stays partial');
    assert.equal(isComplete(rev('5', failed)), false);
  });

  it('a baseline covers every version up to it', () => {
    const a = analyze([mig('1'), mig('2'), mig('3')], [rev('2', { kind: 'baseline', applied: 0, total: 0 })], cmp);
    assert.deepEqual(a.pending.map((p) => p.migration.version), ['3']);
  });

  it('execOrder, toVersion and count', () => {
    const ms = [mig('1'), mig('2'), mig('3'), mig('4')];
    const a = analyze(ms, [rev('1'), rev('3')], cmp);
    assert.throws(() => planApply(a, {}, cmp, versions(ms)), /2 are older than the last applied \(3\)/);
    assert.deepEqual(planApply(a, { execOrder: 'linear-skip' }, cmp, versions(ms)), { run: [a.pending[1]], skipped: ['2'] });
    assert.deepEqual(planApply(a, { execOrder: 'non-linear' }, cmp, versions(ms)).run.map((p) => p.migration.version), ['2', '4']);
    assert.deepEqual(planApply(a, { execOrder: 'non-linear', count: 1 }, cmp, versions(ms)).run.map((p) => p.migration.version), ['2']);
    assert.deepEqual(planApply(a, { execOrder: 'non-linear', toVersion: '3' }, cmp, versions(ms)).run.map((p) => p.migration.version), ['2']);
    assert.throws(() => planApply(a, { toVersion: '7' }, cmp, versions(ms)), /7 is not in the migration directory/);
  });

  it('a repeatable migration re-runs when its hash changes and is never "edited"', () => {
    const ms = [mig('1'), { ...mig('R', 'new'), repeatable: true }];
    const a = analyze(ms, [rev('1'), rev('R', { hash: 'old' })], (x, y) => x.localeCompare(y));
    assert.deepEqual(a.edited, []);
    assert.deepEqual(a.pending.map((p) => p.migration.version), ['R']);
  });

  it('an applied repeatable migration never makes a later versioned one "older than the last applied"', () => {
    // Flyway orders R__ files after every versioned one; a new V2 must still run after R ran.
    const order = ['1', '2', 'R'];
    const cmpDir = (x: string, y: string) => order.indexOf(x) - order.indexOf(y);
    const ms = [mig('1'), mig('2'), { ...mig('R'), repeatable: true }];
    const a = analyze(ms, [rev('1'), rev('R')], cmpDir);
    assert.equal(a.lastKnown, '1');
    assert.deepEqual(planApply(a, {}, cmpDir, versions(ms)).run.map((p) => p.migration.version), ['2']);
  });
});

describe('statement classification', () => {
  const step = (text: string): Step => ({ text, file: 'f.sql', line: 1, column: 1 });
  it('recognises transaction control, not bodies', () => {
    for (const t of ['BEGIN', 'begin transaction', 'START TRANSACTION', 'BEGIN IMMEDIATE']) assert.equal(txEffect(t), 'open', t);
    for (const t of ['COMMIT', 'COMMIT TRANSACTION', 'END', 'ROLLBACK', 'rollback work']) assert.equal(txEffect(t), 'close', t);
    for (const t of ['BEGIN NOT ATOMIC SELECT 1; END', 'ROLLBACK TO SAVEPOINT a', 'CREATE FUNCTION f() BEGIN ATOMIC SELECT 1; END', 'SELECT 1']) assert.equal(txEffect(t), 'none', t);
  });
  it('Drizzle SQLite files expect an open transaction; golang-migrate files open their own', () => {
    assert.equal(expectsOpenTransaction(['COMMIT TRANSACTION', 'PRAGMA foreign_keys=OFF', 'BEGIN TRANSACTION', 'CREATE TABLE x (a)'].map(step)), true);
    assert.equal(expectsOpenTransaction(['BEGIN', 'CREATE TABLE x (a)', 'COMMIT'].map(step)), false);
  });
  it('statements that cannot run in a transaction', () => {
    assert.equal(needsNoTransaction([step('CREATE UNIQUE INDEX CONCURRENTLY i ON t (a)')]), true);
    assert.equal(needsNoTransaction([step('CREATE INDEX i ON t (a)')]), false);
  });
});

describe('literals, hashes, scrubbing', () => {
  it('spells literals per lexer flags', () => {
    assert.equal(sqlLiteral("it's \\ $1", POSTGRES_LEXER), "E'it''s \\\\ $1'");
    assert.equal(sqlLiteral("it's \\", MYSQL_LEXER), "'it''s \\\\'");
    assert.equal(sqlLiteral("it's \\", SQLITE_LEXER), "'it''s \\'");
    assert.equal(sqlLiteral(null, SQLITE_LEXER), 'NULL');
    assert.equal(sqlLiteral(12, SQLITE_LEXER), '12');
  });
  it('running hashes depend on every earlier statement', () => {
    const a = runningHashes(['A', 'B']);
    const b = runningHashes(['X', 'B']);
    assert.equal(a.length, 2);
    assert.notEqual(a[1], b[1]);
    assert.deepEqual(runningHashes(['A', 'B', 'C']).slice(0, 2), a);
  });
  it('removes a URL password from errors', () => {
    const url = 'postgres://u:p%40ss-w0rd@h/db';
    const e = scrubError(new CairnError('CONNECT', 'failed for postgres://u:p%40ss-w0rd@h/db (password p@ss-w0rd)', { details: { file: 'p@ss-w0rd' } }), url) as CairnError;
    assert.doesNotMatch(JSON.stringify(e.toJSON()) + e.stack, /p%40ss-w0rd|p@ss-w0rd/);
  });
});
