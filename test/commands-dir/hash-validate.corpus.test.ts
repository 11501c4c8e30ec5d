// Moved from hash-validate.test.ts: these cases read the real-world corpus, so only `npm run test:corpus` runs them.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { hash } from '../../src/commands/hash.js';
import { validate, assertValidDir } from '../../src/commands/validate.js';
import { CairnError } from '../../src/errors.js';
import { copyCorpus, snapshot, tempDir, writeTree, CORPUS } from '../dir/helpers.js';

const isCode = (code: string) => (e: unknown) => e instanceof CairnError && e.code === code;

describe('hash (corpus)', () => {
  it('writes atlas.sum for a directory without one, then leaves it alone', () => {
    const dir = copyCorpus('minder__database-migrations');
    const r1 = hash({ dir });
    assert.equal(r1.written, true);
    assert.equal(r1.format, 'golang-migrate');
    assert.equal(r1.sum.entries.length, 107, 'only up files are hashed');
    const mtime = statSync(r1.path).mtimeMs;
    const r2 = hash({ dir });
    assert.equal(r2.written, false);
    assert.equal(statSync(r2.path).mtimeMs, mtime);
    assert.deepEqual(JSON.parse(JSON.stringify(r2)), r2, 'results are JSON-serialisable');
  });

  it('agrees with the atlas.sum Atlas wrote', () => {
    const dir = copyCorpus('ncps__migrations-mysql');
    assert.equal(hash({ dir }).written, false);
    assert.deepEqual(readFileSync(join(dir, 'atlas.sum')), readFileSync(join(CORPUS, 'ncps__migrations-mysql/migrations/atlas.sum')));
  });
});

describe('validate (corpus)', () => {
  it('accepts a real directory and counts its migrations', () => {
    const r = validate({ dir: join(CORPUS, 'hatchet__sql-migrations/migrations') });
    assert.deepEqual(r, { ok: true, findings: [], format: 'atlas', migrations: 82 });
  });

  it('returns findings for a tampered copy', () => {
    const dir = copyCorpus('hatchet__sql-migrations');
    const f = join(dir, '20240122014727_v0_6_0.sql');
    writeFileSync(f, readFileSync(f, 'utf8').replace(/;/, ' ;'));
    const r = validate({ dir });
    assert.equal(r.ok, false);
    assert.deepEqual(r.findings.map((x) => x.message), ['L3: 20240122014727_v0_6_0.sql was edited']);
  });

  it('reports a missing atlas.sum as a finding', () => {
    const r = validate({ dir: join(CORPUS, 'kestra__jdbc-postgres-migrations-postgres/migrations') });
    assert.equal(r.ok, false);
    assert.deepEqual(r.findings.map((x) => x.kind), ['sum-missing']);
    assert.equal(r.format, 'flyway');
  });
});

describe('assertValidDir (corpus)', () => {
  it('returns the parsed directory when atlas.sum matches', () => {
    assert.equal(assertValidDir(join(CORPUS, 'ncps__migrations-postgres/migrations')).migrations.length, 16);
  });

  it('throws SUM_MISSING and SUM_MISMATCH with the findings in details', () => {
    assert.throws(() => assertValidDir(join(CORPUS, 'minder__database-migrations/migrations')), isCode('SUM_MISSING'));
    const dir = copyCorpus('ncps__migrations-sqlite');
    writeFileSync(join(dir, '29990101000000_extra.sql'), '-- +goose Up\nSELECT 1;\n');
    assert.throws(
      () => assertValidDir(dir),
      (e: unknown) => {
        assert.ok(isCode('SUM_MISMATCH')(e));
        const findings = (e as CairnError).details.findings as { kind: string; file: string }[];
        assert.deepEqual(findings.map((f) => [f.kind, f.file]), [['added', '29990101000000_extra.sql']]);
        assert.match((e as CairnError).hint ?? '', /cairn hash/);
        return true;
      },
    );
  });
});
