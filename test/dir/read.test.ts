import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readMigrationDir, parseListing } from '../../src/migrate/dir/read.js';
import { memoryListing } from '../../src/migrate/dir/listing.js';
import { checkSum } from '../../src/migrate/sum/check.js';
import { hash } from '../../src/commands/hash.js';
import type { MigrationDir, SqlPart } from '../../src/migrate/dir/types.js';
import { CairnError } from '../../src/errors.js';
import { writeTree, snapshot } from './helpers.js';

function partIsTrue(dir: MigrationDir, p: SqlPart): void {
  const bytes = dir.listing.readFile(p.file).bytes;
  const before = bytes.subarray(0, p.offset).toString('utf8');
  assert.equal(p.line, 1 + (before.match(/\n/g)?.length ?? 0), `${p.file}: line`);
  assert.ok(bytes.subarray(p.offset).toString('utf8').startsWith(p.text.split('\n')[0]), `${p.file}: text at offset ${p.offset}`);
}

describe('readMigrationDir', () => {
  it('does not descend into a nested directory with its own atlas.sum', () => {
    const root = writeTree({
      '1_a.sql': 'SELECT 1;\n',
      'sub/1_x.sql': 'SELECT 2;\n',
      'sub/atlas.sum': 'h1:whatever\n',
    });
    const dir = readMigrationDir(root);
    assert.deepEqual(dir.migrations.map((m) => m.up.file), ['1_a.sql']);
    hash({ dir: root });
    assert.deepEqual(checkSum(readMigrationDir(root)).expected.entries.map((e) => e.file), ['1_a.sql']);
  });

  it('maps parts to file positions with a BOM and CRLF, in every sectioned format', () => {
    const bom = '\uFEFF';
    const cases: Record<string, Record<string, string>> = {
      goose: { '1_a.sql': `${bom}-- +goose Up\r\nSELECT 1;\r\n\r\n-- +goose Down\r\nSELECT 2;` },
      dbmate: { '1_a.sql': `${bom}-- migrate:up\r\nSELECT 1;\r\n-- migrate:down\r\nSELECT 2;\r\n` },
      liquibase: { '1_a.sql': `${bom}--liquibase formatted sql\r\n--changeset a:1\r\nSELECT 1;\r\n--rollback SELECT 2;\r\n` },
      atlas: { '1_a.sql': `${bom}SELECT 1;\r\n\r\n-- cairn:down\r\n-- SELECT 2;\r\n` },
    };
    for (const [format, files] of Object.entries(cases)) {
      const dir = parseListing(memoryListing(files));
      assert.equal(dir.format.name, format, 'detected despite the BOM');
      const [m] = dir.migrations;
      assert.match(m.up.text, /^SELECT 1;/, format);
      assert.equal(m.down?.text.replace(/\r/g, '').trim(), 'SELECT 2;', format);
      partIsTrue(dir, m.up);
      if (format !== 'liquibase' && format !== 'atlas') partIsTrue(dir, m.down!);
    }
  });

  it('reads an empty file as a migration with nothing to run', () => {
    const cases: Record<string, string>[] = [{ '1_a.sql': '' }, { '1_a.up.sql': '' }, { 'V1__a.sql': '' }];
    for (const files of cases) {
      const [m] = parseListing(memoryListing(files)).migrations;
      assert.equal(m.up.text, '');
    }
  });

  it('honours an explicit format over detection, and rejects unknown names', () => {
    const l = memoryListing({ '1_a.sql': '-- +goose Up\nSELECT 1;\n' });
    assert.equal(parseListing(l, { format: 'atlas' }).format.name, 'atlas');
    assert.throws(() => parseListing(l, { format: 'rails' as never }), (e: unknown) => e instanceof CairnError && e.code === 'USAGE' && /goose/.test(e.message));
  });

  it('never writes while reading', () => {
    const root = writeTree({ '1_a.sql': 'x', '1_b.sql': 'y' });
    const before = snapshot(root);
    assert.throws(() => readMigrationDir(root));
    assert.deepEqual(snapshot(root), before);
  });
});
