// Moved from sum.test.ts: these cases read the real-world corpus (atlas.sum files Atlas wrote), so only `npm run test:corpus` runs them.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync, unlinkSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { computeSum, isSumIgnored, parseSum, renderSum } from '../../src/migrate/sum/hash.js';
import { checkSum } from '../../src/migrate/sum/check.js';
import { readListing, memoryListing } from '../../src/migrate/dir/listing.js';
import { readMigrationDir } from '../../src/migrate/dir/read.js';
import { getFormat } from '../../src/migrate/dir/formats/index.js';
import { CairnError } from '../../src/errors.js';
import { CORPUS, copyCorpus, corpusDirs } from '../dir/helpers.js';

const FIXTURE = join(import.meta.dirname, 'fixtures/atlas-migrate');

describe('computeSum (corpus)', () => {
  for (const folder of corpusDirs().filter((d) => existsSync(join(CORPUS, d, 'migrations/atlas.sum')))) {
    it(`writes ${folder}/atlas.sum byte for byte`, () => {
      const dir = readMigrationDir(join(CORPUS, folder, 'migrations'));
      const expected = readFileSync(join(CORPUS, folder, 'migrations/atlas.sum'));
      const ours = Buffer.from(renderSum(computeSum(dir.format.sumFiles(dir.listing))), 'utf8');
      assert.ok(ours.equals(expected), `${folder}: rendered sum differs`);
      assert.deepEqual(checkSum(dir).findings, []);
    });
  }
});

describe('checkSum findings (corpus)', () => {
  it('finds edits, additions and removals in a real directory on disk', () => {
    const dir = copyCorpus('ncps__migrations-postgres');
    const names = readListing(dir).files.map((f) => f.name).filter((n) => n.endsWith('.sql'));
    writeFileSync(join(dir, names[3]), readFileSync(join(dir, names[3]), 'utf8') + '\n-- tweak\n');
    writeFileSync(join(dir, '29990101000000_new.sql'), '-- +goose Up\nSELECT 1;\n');
    unlinkSync(join(dir, names[10]));
    const f = checkSum(readMigrationDir(dir)).findings;
    assert.deepEqual(f.map((x) => [x.kind, x.file]), [
      ['edited', names[3]],
      ['removed', names[10]],
      ['added', '29990101000000_new.sql'],
    ].sort((a, b) => Buffer.compare(Buffer.from(a[1]), Buffer.from(b[1]))));
    // Renaming counts as one removal and one addition.
    const dir2 = copyCorpus('hatchet__sql-migrations');
    const n2 = readListing(dir2).files.map((x) => x.name).filter((n) => n.endsWith('.sql'));
    renameSync(join(dir2, n2[5]), join(dir2, n2[5].replace('.sql', '_renamed.sql')));
    assert.deepEqual(checkSum(readMigrationDir(dir2)).findings.map((x) => x.kind).sort(), ['added', 'removed']);
  });
});
