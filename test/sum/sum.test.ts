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
import {  } from '../dir/helpers.js';

const FIXTURE = join(import.meta.dirname, 'fixtures/atlas-migrate');

describe('computeSum', () => {
  it("reproduces Atlas's own test vector", () => {
    const listing = readListing(FIXTURE);
    const sum = computeSum(getFormat('atlas').sumFiles(listing));
    assert.equal(sum.sum, 'M74RrNK69S2pj6C541LR1ew5O32/i0WoyNgsJmyuiUk=');
    assert.deepEqual(sum.entries, [
      { file: '1_initial.down.sql', hash: '0zypK43rgPbgvVUgVJABGN25VgM1QSeU+LJDBb8cEQI=' },
      { file: '1_initial.up.sql', hash: 'hFhs5XhRml4KTWGF5td6h1s7xNqAFnaEBbC5Y/NF7i4=' },
    ]);
  });

  it('leaves `atlas:sum ignore` files out of the entries but feeds their name', () => {
    const files = [
      { name: '1.sql', bytes: Buffer.from('a') },
      { name: '2.sql', bytes: Buffer.from('-- atlas:sum ignore\nb') },
      { name: '3.sql', bytes: Buffer.from('c') },
    ];
    const s = computeSum(files);
    assert.deepEqual(s.entries.map((e) => e.file), ['1.sql', '3.sql']);
    const without = computeSum([files[0], files[2]]);
    assert.notEqual(s.entries[1].hash, without.entries[1].hash, 'the ignored name still feeds the running hash');
    assert.equal(s.entries[0].hash, without.entries[0].hash);
  });

  it("matches Atlas's directive rule for atlas:sum ignore", () => {
    const yes = ['atlas:sum ignore', '//atlas:sum ignore\nbar', '-- atlas:sum ignore\r\nx', '-- atlas:sum   ignore'];
    const no = ['//atlas:sum\nfoo', '-- atlas:sum ignore please', 'x\n-- atlas:sum ignore', '-- atlas:summary ignore', ''];
    for (const s of yes) assert.equal(isSumIgnored(Buffer.from(s)), true, s);
    for (const s of no) assert.equal(isSumIgnored(Buffer.from(s)), false, s);
  });

  it('hashes raw bytes: a BOM or CRLF changes the sum', () => {
    const plain = computeSum([{ name: '1.sql', bytes: Buffer.from('SELECT 1;\n') }]).sum;
    assert.notEqual(computeSum([{ name: '1.sql', bytes: Buffer.from('\uFEFFSELECT 1;\n') }]).sum, plain);
    assert.notEqual(computeSum([{ name: '1.sql', bytes: Buffer.from('SELECT 1;\r\n') }]).sum, plain);
  });

  it('gives an empty directory the sum of nothing', () => {
    assert.equal(renderSum(computeSum([])), 'h1:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n');
  });
});

describe('parseSum', () => {
  it('round-trips renderSum and tolerates CRLF', () => {
    const s = computeSum([{ name: 'a b.sql', bytes: Buffer.from('x') }]);
    assert.deepEqual(parseSum(renderSum(s)), s);
    assert.deepEqual(parseSum(renderSum(s).replace(/\n/g, '\r\n')), s);
  });

  it('names the malformed line', () => {
    assert.throws(() => parseSum('h1:abc\nfoo.sql h1:x\ngarbage\n'), (e: unknown) => e instanceof CairnError && e.code === 'SUM_MISMATCH' && e.details.line === 3);
  });
});

describe('checkSum findings', () => {
  const base = { '1_a.sql': 'CREATE TABLE a(c int);\n', '2_b.sql': 'CREATE TABLE b(c int);\n', '3_c.sql': 'CREATE TABLE c(c int);\n' };
  const atlas = getFormat('atlas');
  const withSum = (files: Record<string, string>, sumOf: Record<string, string> = files) => {
    const sum = renderSum(computeSum(memoryListing(sumOf).files));
    return { format: atlas, listing: memoryListing({ ...files, 'atlas.sum': sum }) };
  };

  it('is clean when nothing changed', () => {
    assert.deepEqual(checkSum(withSum(base)).findings, []);
  });

  it('reports one edit, not every later entry', () => {
    const f = checkSum(withSum({ ...base, '2_b.sql': 'CREATE TABLE b(c bigint);\n' }, base)).findings;
    assert.deepEqual(f.map((x) => [x.kind, x.file, x.line, x.message]), [['edited', '2_b.sql', 3, 'L3: 2_b.sql was edited']]);
    assert.match(f[0].hint, /cairn hash/);
  });

  it('reports an added file in the middle without blaming the files after it', () => {
    const f = checkSum(withSum({ ...base, '2_a2.sql': 'SELECT 1;\n' }, base)).findings;
    assert.deepEqual(f.map((x) => [x.kind, x.file, x.line]), [['added', '2_a2.sql', 3]]);
  });

  it('finds an edit after an added file', () => {
    const f = checkSum(withSum({ ...base, '2_a2.sql': 'SELECT 1;\n', '3_c.sql': 'changed' }, base)).findings;
    assert.deepEqual(f.map((x) => [x.kind, x.file]), [['added', '2_a2.sql'], ['edited', '3_c.sql']]);
  });

  it('keeps atlas:sum ignore files in the chain when looking for edits', () => {
    const files = { ...base, '1_b.sql': '-- atlas:sum ignore\nSELECT 1;\n' };
    const added = checkSum(withSum({ ...files, '2_a2.sql': 'SELECT 2;' }, files)).findings;
    assert.deepEqual(added.map((x) => [x.kind, x.file]), [['added', '2_a2.sql']], 'no false edit');
    const edited = checkSum(withSum({ ...files, '2_b.sql': 'changed' }, files)).findings;
    assert.deepEqual(edited.map((x) => [x.kind, x.file]), [['edited', '2_b.sql']]);
  });

  it('reports a removed file', () => {
    const { '2_b.sql': _, ...rest } = base;
    const f = checkSum(withSum(rest, base)).findings;
    assert.deepEqual(f.map((x) => [x.kind, x.file, x.line, x.message]), [['removed', '2_b.sql', 3, 'L3: 2_b.sql was removed']]);
  });

  it('reports a hand-edited atlas.sum', () => {
    const d = withSum(base);
    const text = d.listing.files.find((x) => x.name === 'atlas.sum')!.bytes.toString().replace('2_b.sql h1:', '2_b.sql h1:AAAA');
    const f = checkSum({ format: atlas, listing: memoryListing({ ...base, 'atlas.sum': text }) }).findings;
    assert.deepEqual(f.map((x) => x.kind), ['sum-edited']);
  });

  it('reports a missing atlas.sum only when there are files to protect', () => {
    assert.deepEqual(checkSum({ format: atlas, listing: memoryListing(base) }).findings.map((x) => x.kind), ['sum-missing']);
    assert.equal(checkSum({ format: atlas, listing: memoryListing({}) }).ok, true);
  });

  it('explains a golang-migrate sum written by Atlas < 0.32.1 in one finding', () => {
    const files = {
      '000001_a.up.sql': 'CREATE TABLE a(c int);\n',
      '000001_a.down.sql': 'DROP TABLE a;\n',
      '000002_b.up.sql': 'CREATE TABLE b(c int);\n',
      '000002_b.down.sql': 'DROP TABLE b;\n',
    };
    const old = renderSum(computeSum(memoryListing(files).files));
    const gm = getFormat('golang-migrate');
    const f = checkSum({ format: gm, listing: memoryListing({ ...files, 'atlas.sum': old }) }).findings;
    assert.equal(f.length, 1);
    assert.equal(f[0].kind, 'legacy-down-files');
    assert.match(f[0].message, /Atlas < 0\.32\.1.*\.down\.sql/);
    assert.match(f[0].hint, /cairn hash/);
    // An edit on top of the old format is still named.
    const edited = checkSum({ format: gm, listing: memoryListing({ ...files, '000002_b.up.sql': 'x', 'atlas.sum': old }) }).findings;
    assert.deepEqual(edited.map((x) => [x.kind, x.file]), [['legacy-down-files', 'atlas.sum'], ['edited', '000002_b.up.sql']]);
  });

});
