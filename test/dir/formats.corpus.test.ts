import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readMigrationDir } from '../../src/migrate/dir/read.js';
import type { MigrationDir, SqlPart } from '../../src/migrate/dir/types.js';
import { CORPUS, corpusDirs } from './helpers.js';

/** What each real directory must read as: format, migration count, and a few facts. */
const EXPECTED: Record<string, { format: string; count: number; noTx?: number; downs?: number }> = {
  'hatchet__sql-migrations': { format: 'atlas', count: 82, downs: 0 },
  'homarr__packages-db-migrations-postgresql': { format: 'drizzle', count: 10 },
  'homarr__packages-db-migrations-sqlite': { format: 'drizzle', count: 42 },
  'kestra__jdbc-postgres-migrations-postgres': { format: 'flyway', count: 26 },
  'minder__database-migrations': { format: 'golang-migrate', count: 107, downs: 107 },
  'ncps__migrations-mysql': { format: 'goose', count: 15, downs: 15 },
  'ncps__migrations-postgres': { format: 'goose', count: 16, downs: 16 },
  'ncps__migrations-sqlite': { format: 'goose', count: 21, noTx: 2, downs: 21 },
  'umami__db-mysql-migrations': { format: 'prisma', count: 10 },
  'umami__prisma-migrations': { format: 'prisma', count: 19 },
};

/** partIsTrue checks that a part's text really starts at its offset and line in the file. */
function partIsTrue(dir: MigrationDir, p: SqlPart): void {
  const bytes = dir.listing.readFile(p.file).bytes;
  const before = bytes.subarray(0, p.offset).toString('utf8');
  assert.equal(p.line, 1 + (before.match(/\n/g)?.length ?? 0), `${p.file}: line`);
  assert.ok(bytes.subarray(p.offset).toString('utf8').startsWith(p.text), `${p.file}: text at offset ${p.offset}`);
}

describe('corpus', () => {
  it('covers every corpus directory', () => {
    assert.deepEqual(corpusDirs().sort(), Object.keys(EXPECTED).sort());
  });

  for (const folder of corpusDirs()) {
    it(`${folder} is detected and parsed`, () => {
      const e = EXPECTED[folder];
      const dir = readMigrationDir(join(CORPUS, folder, 'migrations'));
      assert.equal(dir.format.name, e.format);
      assert.equal(dir.migrations.length, e.count);
      if (e.noTx !== undefined) assert.equal(dir.migrations.filter((m) => m.noTransaction).length, e.noTx);
      if (e.downs !== undefined) assert.equal(dir.migrations.filter((m) => m.down).length, e.downs);
      for (let i = 1; i < dir.migrations.length; i++) {
        if (dir.format.name === 'drizzle') break; // the journal, not the version, orders drizzle
        assert.ok(dir.format.compareVersions(dir.migrations[i - 1].version, dir.migrations[i].version) < 0, `order at ${dir.migrations[i].version}`);
      }
      for (const m of dir.migrations) {
        partIsTrue(dir, m.up);
        if (m.down) partIsTrue(dir, m.down);
      }
      // Reading with the format named explicitly gives the same result.
      assert.equal(readMigrationDir(dir.path, { format: dir.format.name }).migrations.length, e.count);
    });
  }

  it('orders Flyway V1_10 after V1_9 and tolerates the gap at V1_11', () => {
    const v = readMigrationDir(join(CORPUS, 'kestra__jdbc-postgres-migrations-postgres/migrations')).migrations.map((m) => m.version);
    assert.deepEqual(v.slice(0, 11), ['1_1', '1_2', '1_3', '1_4', '1_5', '1_6', '1_7', '1_8', '1_9', '1_10', '1_12']);
  });

  it('reads hatchet txmode files as no-transaction', () => {
    const dir = readMigrationDir(join(CORPUS, 'hatchet__sql-migrations/migrations'));
    const m = dir.migrations.find((x) => x.version === '20240703194656')!;
    assert.equal(m.noTransaction, true);
    assert.equal(m.description, 'v0.35.1');
  });

  it('keeps goose sections mapped to their lines', () => {
    const dir = readMigrationDir(join(CORPUS, 'ncps__migrations-sqlite/migrations'));
    const m = dir.migrations[0];
    assert.equal(m.up.line, 2);
    assert.match(m.up.text, /^CREATE TABLE narinfos/);
    assert.match(m.down!.text, /^DROP INDEX idx_narinfos_id;/);
  });
});
