/**
 * `cairn new` in copies of real-world directories from the corpus (so only `npm run test:corpus`
 * runs these): the directory's own numbering, atlas.sum updated, refusals without a sum or in
 * read-only formats. The cases on made-up directories are in dir-input.test.ts.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cairnBatch, copyCorpus, CORPUS, expectExit, json, snapshot } from './helpers.js';

describe('cairn new (corpus)', () => {
  it('in existing corpus copies: the directory\'s own numbering, sum updated; refused without a sum or in read-only formats', async () => {
    const hatchet = copyCorpus('hatchet__sql-migrations');
    const ncps = copyCorpus('ncps__migrations-postgres');
    const kestra = copyCorpus('kestra__jdbc-postgres-migrations-postgres');
    const minder = copyCorpus('minder__database-migrations');
    const prisma = copyCorpus('umami__prisma-migrations');
    const minderBefore = snapshot(minder);
    const r = await cairnBatch([
      { args: ['new', 'extra', '--json'], cwd: hatchet },
      { args: ['validate', '--json'], cwd: hatchet },
      { args: ['new', 'extra', '--json'], cwd: ncps },
      { args: ['validate', '--json'], cwd: ncps },
      { args: ['hash'], cwd: kestra },
      { args: ['new', 'extra', '--json'], cwd: kestra },
      { args: ['validate', '--json'], cwd: kestra },
      { args: ['new', 'extra'], cwd: minder },
      { args: ['hash'], cwd: prisma },
      { args: ['new', 'extra'], cwd: prisma },
    ]);
    assert.equal(json(expectExit(r[0], 0)).format, 'atlas');
    assert.deepEqual(json(expectExit(r[1], 0)), { ok: true, findings: [], format: 'atlas', migrations: 83 });
    const g = json(expectExit(r[2], 0));
    assert.equal(readFileSync(g.files[0], 'utf8'), '-- +goose Up\n\n-- +goose Down\n');
    assert.deepEqual(json(expectExit(r[3], 0)), { ok: true, findings: [], format: 'goose', migrations: 17 });
    // Flyway: the next version after V1_27 keeps the directory's shape.
    const k = json(expectExit(r[5], 0));
    assert.deepEqual(k.files, [join(kestra, 'migrations/V1_28__extra.sql')]);
    assert.deepEqual(json(expectExit(r[6], 0)), { ok: true, findings: [], format: 'flyway', migrations: 27 });
    // The old atlas.sum of a corpus copy is extended: every earlier line stays as it was.
    const newSum = readFileSync(join(hatchet, 'migrations/atlas.sum'), 'utf8').split('\n');
    const oldSum = readFileSync(join(CORPUS, 'hatchet__sql-migrations/migrations/atlas.sum'), 'utf8').split('\n');
    assert.equal(newSum.length, oldSum.length + 1);
    assert.deepEqual(newSum.slice(1, 83), oldSum.slice(1, 83));
    assert.match(newSum[83], /^\d{14}_extra\.sql h1:\S+=$/);
    expectExit(r[7], 3);
    assert.equal(r[7].stderr, `error: ${join(minder, 'migrations')} has migrations but no atlas.sum\n  hint: run \`cairn hash\` to create it\n`);
    assert.deepEqual(snapshot(minder), minderBefore);
    expectExit(r[9], 4);
    assert.equal(r[9].stderr, 'error: the prisma format is read-only; Cairn cannot add migrations to it\n');
  });
});
