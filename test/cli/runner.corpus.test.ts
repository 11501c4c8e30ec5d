/**
 * The runner through the CLI on real-world directories from the corpus (so only
 * `npm run test:corpus` runs these): a MySQL 8 history failing on MariaDB with file, statement
 * and server message, and corpus histories applied as a user would. The servers must be up.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { freshDatabases } from '../helpers/db.js';
import { afterTarget, cairn, cairnBatch, copyCorpus, expectExit, snapshot } from './helpers.js';

const fresh = freshDatabases(after);

describe('real directories through the CLI', () => {
  it('umami MySQL 8 migrations fail on MariaDB with file, statement and server message', async () => {
    const db = await fresh('mysql');
    const root = copyCorpus('umami__db-mysql-migrations');
    const [h, a, st] = await cairnBatch(
      [
        { args: ['hash'], cwd: root },
        { args: ['apply', '--url', db.url], cwd: root },
        { args: ['status', '--url', db.url], cwd: root },
      ],
      1,
    );
    expectExit(h, 0);
    expectExit(a, 1);
    assert.match(a.stderr, /^error: migration 05_add_visit_id failed at 05_add_visit_id\/migration\.sql:4:1 \(statement 2 of 5\) \[ER_SP_DOES_NOT_EXIST, errno 1305, SQLSTATE 42000\]: FUNCTION \S+\.BIN_TO_UUID does not exist$/m);
    assert.equal(a.stderr.match(/^ {2}statement: UPDATE `website_event` we$/gm)?.length, 1, 'the statement is shown once');
    expectExit(st, 2);
    assert.match(afterTarget(st.stdout, db.url), /^current version: 04_team_redesign\napplied: 4, pending: 5\npartial: 05_add_visit_id \(1\/5 statements\): FUNCTION \S+\.BIN_TO_UUID does not exist\n/);
  });

  it('ncps SQLite (goose) applies cleanly from an untouched copy; a second apply is a no-op', async () => {
    const db = await fresh('sqlite');
    const root = copyCorpus('ncps__migrations-sqlite');
    const before = snapshot(root);
    const a = expectExit(await cairn(['apply', '--url', db.url], { cwd: root }), 0);
    assert.match(afterTarget(a.stdout, db.url), /^21 migration\(s\) applied, current version \d{14}\n$/);
    const again = expectExit(await cairn(['apply', '--url', db.url], { cwd: root }), 0);
    assert.match(afterTarget(again.stdout, db.url), /^no migration to apply \(current version: \d{14}\)\n$/);
    assert.deepEqual(snapshot(root), before, 'the runner writes nothing into the directory');
    assert.ok(readdirSync(join(root, 'migrations')).length === 22);
  });
});
