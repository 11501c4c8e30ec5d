/**
 * Migration identity and order per format, end to end through the CLI on a real SQLite
 * database: what each tool calls one migration is one revision, in the tool's own order.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cairn } from '../helpers/cli.js';
import { writeTree } from '../dir/helpers.js';

function ok(r: { code: number; stdout: string; stderr: string }, what: string): void {
  assert.equal(r.code, 0, `${what}: exit ${r.code}\n${r.stdout}\n${r.stderr}`);
}

describe('identity and order through the CLI', () => {
  it('prisma: eighteen folders sharing a timestamp prefix are eighteen migrations, applied in name order', async () => {
    const files: Record<string, string> = { 'migrations/20240101000000_init/migration.sql': 'CREATE TABLE log (n integer);\n' };
    for (let i = 1; i <= 18; i++) {
      const n = String(i).padStart(2, '0');
      files[`migrations/20240528214728_add_cursor_index_${n}/migration.sql`] = `INSERT INTO log VALUES (${i});\n`;
    }
    const root = writeTree(files);
    ok(await cairn(['apply', '--url', 'sqlite:./app.db', '--json'], { cwd: root }), 'apply');
    const st = await cairn(['status', '--url', 'sqlite:./app.db', '--json'], { cwd: root });
    ok(st, 'status');
    const j = JSON.parse(st.stdout) as { current: string; pending: unknown[]; applied: unknown };
    assert.equal(j.current, '20240528214728_add_cursor_index_18');
    assert.deepEqual(j.pending, []);
  });

  it('liquibase: the same id in two files and with two authors applies, in file then changeset order, across runs', async () => {
    const root = writeTree({
      'migrations/001_users.sql': [
        '--liquibase formatted sql',
        '--changeset alice:create-users',
        'CREATE TABLE users (id integer);',
        '--changeset alice:seed',
        'INSERT INTO users VALUES (1);',
        '--changeset bob:seed',
        'INSERT INTO users VALUES (2);',
        '',
      ].join('\n'),
      'migrations/002_orders.sql': [
        '--liquibase formatted sql',
        '--changeset alice:add-index',
        'CREATE INDEX users_id ON users (id);',
        '--changeset alice:seed',
        'INSERT INTO users VALUES (3);',
        '',
      ].join('\n'),
    });
    // One changeset first, the rest in a second run: `add-index` sorts before `create-users` as
    // text, but the directory, not the alphabet, says what comes first.
    ok(await cairn(['apply', '1', '--url', 'sqlite:./app.db'], { cwd: root }), 'apply 1');
    ok(await cairn(['apply', '--url', 'sqlite:./app.db'], { cwd: root }), 'apply the rest');
    const st = await cairn(['status', '--url', 'sqlite:./app.db', '--json'], { cwd: root });
    ok(st, 'status');
    const j = JSON.parse(st.stdout) as { current: string; pending: unknown[] };
    assert.equal(j.current, '002_orders.sql::seed::alice');
    assert.deepEqual(j.pending, []);
  });

  it('flyway: a file Flyway would ignore is a warning naming it, not a refusal', async () => {
    const root = writeTree({
      'migrations/V1__create.sql': 'CREATE TABLE t (c integer);\n',
      'migrations/V11_x.sql': 'DROP TABLE t;\n',
    });
    const v = await cairn(['validate'], { cwd: root });
    assert.equal(v.code, 3, 'no atlas.sum yet: exit 3, but not DIR_INVALID');
    assert.match(v.stderr, /warning: V11_x\.sql: skipped: not V<version>__<desc>\.sql/);
    const a = await cairn(['apply', '--url', 'sqlite:./app.db'], { cwd: root });
    ok(a, 'apply');
    assert.match(a.stderr, /warning: V11_x\.sql: skipped/);
    const j = JSON.parse((await cairn(['status', '--url', 'sqlite:./app.db', '--json'], { cwd: root })).stdout) as { current: string };
    assert.equal(j.current, '1');
  });
});
