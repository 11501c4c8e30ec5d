import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { newMigration, pickVersion } from '../../src/commands/new.js';
import { compareBytes, compareNumericVersions, nextSequential } from '../../src/migrate/dir/version.js';
import { importDir } from '../../src/commands/import.js';
import { hash } from '../../src/commands/hash.js';
import { validate } from '../../src/commands/validate.js';
import { readMigrationDir } from '../../src/migrate/dir/read.js';
import { writeFilesAtomically } from '../../src/migrate/dir/write.js';
import { CairnError } from '../../src/errors.js';
import { FORMAT_NAMES, type FormatName } from '../../src/migrate/dir/types.js';
import { snapshot, tempDir, writeTree } from '../dir/helpers.js';

const NOW = new Date(Date.UTC(2025, 0, 2, 3, 4, 5));
const isCode = (code: string) => (e: unknown) => e instanceof CairnError && e.code === code;

describe('newMigration', () => {
  it('creates a timestamped Atlas file and updates atlas.sum', () => {
    const dir = join(tempDir(), 'migrations');
    const r = newMigration({ dir, name: 'add orders', now: NOW, up: 'CREATE TABLE orders(id int);' });
    assert.deepEqual(r.files.map((f) => basename(f)), ['20250102030405_add_orders.sql']);
    assert.equal(r.version, '20250102030405');
    assert.equal(readFileSync(r.files[0], 'utf8'), 'CREATE TABLE orders(id int);\n');
    assert.equal(validate({ dir }).ok, true);
    // Same second again: the version still moves forward.
    const r2 = newMigration({ dir, name: 'more', now: NOW });
    assert.equal(r2.version, '20250102030406');
    assert.equal(validate({ dir }).migrations, 2);
  });

  it('dbmate with unpadded versions: the new version is numerically the highest and sorts last as text', () => {
    const down = '\n-- migrate:down\n';
    const files: Record<string, string> = {};
    for (let i = 1; i <= 10; i++) files[`migrations/${i}_m${i}.sql`] = `-- migrate:up\nSELECT ${i};\n${down}`;
    const dir = join(writeTree(files), 'migrations');
    hash({ dir });
    // dbmate orders versions as text: the latest by that rule is 9, and the number after it is taken.
    const r = newMigration({ dir, name: 'next', now: NOW });
    assert.equal(r.format, 'dbmate');
    assert.equal(r.version, '91');
    assert.deepEqual(r.files.map((f) => basename(f)), ['91_next.sql']);
    assert.equal(validate({ dir }).ok, true);
    // dbmate runs files in name order: nothing can sort after 9_m9.sql, and the result says so.
    assert.equal(r.warnings?.length, 1);
    assert.match(r.warnings![0]!.reason, /runs it before 9_m9\.sql/);
    const r2 = newMigration({ dir, name: 'again', now: NOW });
    assert.equal(r2.version, '92');
  });

  it('pickVersion: after every version by the format order and numerically', () => {
    const dbmate = { compareVersions: compareBytes, nextVersion: nextSequential };
    assert.equal(pickVersion(dbmate, NOW, []), '20250102030405');
    assert.equal(pickVersion(dbmate, NOW, ['1', '2', '8']), '9');
    assert.equal(pickVersion(dbmate, NOW, ['1', '9', '10']), '91');
    assert.equal(pickVersion(dbmate, NOW, ['001', '009', '010']), '011');
    assert.equal(pickVersion(dbmate, NOW, ['20240101000000', '20240102000000']), '20250102030405');
    // A small number beside timestamps: the timestamp sorts before 9 as text.
    const mixed = pickVersion(dbmate, NOW, ['9', '20240101000000']);
    assert.ok(BigInt(mixed) > 20240101000000n && compareBytes(mixed, '9') > 0, mixed);
    const goose = { compareVersions: compareNumericVersions, nextVersion: nextSequential };
    assert.equal(pickVersion(goose, NOW, ['1', '9', '10']), '11');
    assert.equal(pickVersion(goose, NOW, ['00001', '00002']), '00003');
  });
});

describe('writeFilesAtomically', () => {
  it('refuses to overwrite and leaves the directory unchanged', () => {
    const dir = writeTree({ 'a.sql': 'A', 'atlas.sum': 'old' });
    const before = snapshot(dir);
    assert.throws(
      () => writeFilesAtomically(dir, [{ name: 'atlas.sum', bytes: Buffer.from('new'), replace: true }, { name: 'b.sql', bytes: Buffer.from('B') }, { name: 'a.sql', bytes: Buffer.from('X') }]),
      isCode('USAGE'),
    );
    assert.deepEqual(snapshot(dir), before);
  });

  it('rolls back files already renamed when a later write fails', () => {
    const dir = writeTree({ 'atlas.sum': 'old' });
    mkdirSync(join(dir, 'blocker'));
    const before = snapshot(dir);
    // Renaming a file onto an existing directory fails after atlas.sum was replaced.
    assert.throws(() => writeFilesAtomically(dir, [{ name: 'atlas.sum', bytes: Buffer.from('new'), replace: true }, { name: 'blocker', bytes: Buffer.from('x'), replace: true }]));
    assert.deepEqual(snapshot(dir), before);
    assert.deepEqual(readdirSync(dir).sort(), ['atlas.sum', 'blocker']);
  });
});

describe('importDir', () => {

  it('refuses what the target cannot hold, leaving nothing behind', () => {
    const src = writeTree({ 'V1__a.sql': 'SELECT 1;', 'R__views.sql': 'SELECT 2;' });
    const parent = tempDir();
    assert.throws(() => importDir({ dir: src, to: 'atlas', out: join(parent, 'out') }), (e: unknown) => isCode('DIR_INVALID')(e) && /R__views\.sql/.test((e as Error).message));
    assert.deepEqual(readdirSync(parent), []);
  });

  it('writes into an existing empty directory and round-trips atlas → flyway → atlas', () => {
    const a = join(tempDir(), 'a');
    mkdirSync(a);
    newMigration({ dir: a, name: 'one', now: NOW, up: 'CREATE TABLE t(c int);', down: 'DROP TABLE t;' });
    newMigration({ dir: a, name: 'two', now: new Date(NOW.getTime() + 1000), up: 'CREATE INDEX CONCURRENTLY i ON t(c);', noTransaction: true });
    const fw = join(tempDir(), 'fw');
    mkdirSync(fw);
    importDir({ dir: a, to: 'flyway', out: fw });
    assert.deepEqual(readdirSync(fw).sort(), ['U20250102030405__one.sql', 'V20250102030405__one.sql', 'V20250102030406__two.sql', 'V20250102030406__two.sql.conf', 'atlas.sum']);
    const back = join(tempDir(), 'back');
    importDir({ dir: fw, to: 'atlas', out: back });
    assert.deepEqual(snapshot(back), snapshot(a));
  });
});

describe('importDir with TypeScript migrations', () => {
  const src = () => {
    const dir = writeTree({ '1_a.sql': 'CREATE TABLE t(c int);\n', '2_backfill.ts': 'export async function up() {}\n' });
    hash({ dir });
    return dir;
  };

  it('copies them into another atlas directory, hashed', () => {
    const out = join(tempDir(), 'out');
    const r = importDir({ dir: src(), to: 'atlas', out });
    assert.equal(r.migrations, 2);
    assert.equal(readFileSync(join(out, '2_backfill.ts'), 'utf8'), 'export async function up() {}\n');
    assert.equal(validate({ dir: out }).ok, true);
  });

  it('refuses formats that cannot hold them', () => {
    const parent = tempDir();
    assert.throws(() => importDir({ dir: src(), to: 'goose', out: join(parent, 'o') }), (e: unknown) => isCode('DIR_INVALID')(e) && /2_backfill\.ts/.test((e as Error).message));
    assert.deepEqual(readdirSync(parent), []);
  });
});
