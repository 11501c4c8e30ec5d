import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { hash } from '../../src/commands/hash.js';
import { validate, assertValidDir } from '../../src/commands/validate.js';
import { CairnError } from '../../src/errors.js';
import { snapshot, tempDir, writeTree } from '../dir/helpers.js';

const isCode = (code: string) => (e: unknown) => e instanceof CairnError && e.code === code;

describe('hash', () => {

  it('fails on a missing directory without creating anything', () => {
    const missing = join(tempDir(), 'nope');
    assert.throws(() => hash({ dir: missing }), isCode('DIR_NOT_FOUND'));
    assert.equal(existsSync(missing), false);
  });
});

describe('validate', () => {

  it('throws DIR_INVALID listing every bad file, and never writes', () => {
    const dir = writeTree({ '1_a.sql': '', '1_b.sql': '', 'schema.sql': '' });
    const before = snapshot(dir);
    assert.throws(() => validate({ dir }), (e: unknown) => isCode('DIR_INVALID')(e) && /1_a\.sql/.test((e as Error).message) && /1_b\.sql/.test((e as Error).message) && /schema\.sql/.test((e as Error).message));
    assert.deepEqual(snapshot(dir), before);
  });

  it('throws FILE_UNREADABLE for non-UTF-8 files, naming file and offset', () => {
    const dir = writeTree({ '1_a.sql': Buffer.from([0x53, 0x45, 0xff]) });
    assert.throws(() => validate({ dir }), (e: unknown) => isCode('FILE_UNREADABLE')(e) && (e as CairnError).details.file === '1_a.sql' && (e as CairnError).details.offset === 2);
  });

  it('accepts CRLF, BOM, empty files and files without a final newline', () => {
    const dir = writeTree({ '1_a.sql': 'SELECT 1;\r\nSELECT 2;\r\n', '2_b.sql': '\uFEFFSELECT 3;', '3_c.sql': '' });
    hash({ dir });
    const r = validate({ dir });
    assert.equal(r.ok, true);
    assert.equal(r.migrations, 3);
  });
});

describe('assertValidDir', () => {

  it('accepts an empty directory without atlas.sum', () => {
    assert.equal(assertValidDir(tempDir()).migrations.length, 0);
  });

});
