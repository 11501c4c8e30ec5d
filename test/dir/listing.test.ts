import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readListing, memoryListing, compareNames } from '../../src/migrate/dir/listing.js';
import { decodeFile, firstInvalidUtf8, part, lines } from '../../src/migrate/dir/text.js';
import { CairnError } from '../../src/errors.js';
import { writeTree, tempDir } from './helpers.js';

describe('readListing', () => {
  it('sorts top-level files by UTF-8 bytes, lists sub-directories, skips dotfiles', () => {
    const root = writeTree({ 'b.sql': '', 'a.sql': '', 'Z.sql': '', 'é.sql': '', '.gitkeep': '', 'sub/x.sql': '', 'atlas.sum': '' });
    const l = readListing(root);
    assert.deepEqual(l.files.map((f) => f.name), ['Z.sql', 'a.sql', 'atlas.sum', 'b.sql', 'é.sql']);
    assert.deepEqual(l.subdirs, ['sub']);
    assert.deepEqual(l.listSubdir('sub'), ['sub/x.sql']);
    assert.equal(l.readFile('sub/x.sql').name, 'sub/x.sql');
  });

  it('orders characters outside the BMP as Go does (bytes, not UTF-16 units)', () => {
    // U+FF5E (EF BD 9E) sorts before U+1F600 (F0 9F 98 80) in UTF-8, after it in UTF-16.
    assert.ok(compareNames('\uFF5E', '\u{1F600}') < 0);
    assert.ok('\uFF5E' > '\u{1F600}');
  });

  it('throws DIR_NOT_FOUND naming the path', () => {
    const missing = join(tempDir(), 'nope');
    assert.throws(() => readListing(missing), (e: unknown) => e instanceof CairnError && e.code === 'DIR_NOT_FOUND' && e.message.includes(missing) && e.details.file === missing);
  });

  it('throws FILE_UNREADABLE for a nested file that is not there', () => {
    assert.throws(() => memoryListing({}).readFile('x/migration.sql'), (e: unknown) => e instanceof CairnError && e.code === 'FILE_UNREADABLE');
  });

  it('builds listings in memory, with sub-directories from slashes', () => {
    const l = memoryListing({ '2.sql': 'b', '1.sql': 'a', 'meta/_journal.json': '{}' });
    assert.deepEqual(l.files.map((f) => f.name), ['1.sql', '2.sql']);
    assert.deepEqual(l.subdirs, ['meta']);
    assert.deepEqual(l.listSubdir('meta'), ['meta/_journal.json']);
  });
});

describe('decodeFile', () => {
  it('names the file and byte offset of invalid UTF-8', () => {
    const bytes = Buffer.concat([Buffer.from('SELECT 1;\nSELECT \''), Buffer.from([0xe9]), Buffer.from('\';\n')]);
    assert.throws(
      () => decodeFile({ name: '1_x.sql', bytes }),
      (e: unknown) => e instanceof CairnError && e.code === 'FILE_UNREADABLE' && e.details.file === '1_x.sql' && e.details.offset === 18 && /1_x\.sql.*byte offset 18/.test(e.message),
    );
  });

  it('finds truncated, overlong and surrogate sequences', () => {
    assert.equal(firstInvalidUtf8(Buffer.from([0x61, 0xe2, 0x82])), 1);
    assert.equal(firstInvalidUtf8(Buffer.from([0xc0, 0xaf])), 0);
    assert.equal(firstInvalidUtf8(Buffer.from([0xed, 0xa0, 0x80])), 0);
    assert.equal(firstInvalidUtf8(Buffer.from('ok ✓ 😀', 'utf8')), -1);
  });

  it('strips a BOM from the text but keeps byte offsets true to the file', () => {
    const d = decodeFile({ name: 'a.sql', bytes: Buffer.from('\uFEFFSELECT 1;\nSELECT 2;') });
    assert.equal(d.text, 'SELECT 1;\nSELECT 2;');
    const p = part(d, d.text.indexOf('SELECT 2'));
    assert.deepEqual([p.line, p.offset], [2, 3 + 10]);
  });

  it('splits lines with CRLF and without a final newline', () => {
    assert.deepEqual(lines('a\r\nb\r\nc').map((l) => [l.text, l.number]), [['a', 1], ['b', 2], ['c', 3]]);
    assert.deepEqual(lines(''), []);
  });
});
