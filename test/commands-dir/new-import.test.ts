import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { newMigration } from '../../src/commands/new.js';
import { importDir } from '../../src/commands/import.js';
import { hash } from '../../src/commands/hash.js';
import { validate } from '../../src/commands/validate.js';
import { readMigrationDir } from '../../src/migrate/dir/read.js';
import { writeFilesAtomically } from '../../src/migrate/dir/write.js';
import { CairnError } from '../../src/errors.js';
import { FORMAT_NAMES, type FormatName } from '../../src/migrate/dir/types.js';
import { copyCorpus, corpusDirs, snapshot, tempDir, writeTree, CORPUS } from '../dir/helpers.js';

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

  it("keeps the directory's own numbering", () => {
    const gm = copyCorpus('minder__database-migrations');
    hash({ dir: gm });
    const r = newMigration({ dir: gm, name: 'x', now: NOW });
    assert.deepEqual(r.files.map((f) => basename(f)), ['000108_x.up.sql', '000108_x.down.sql']);
    assert.equal(validate({ dir: gm }).ok, true);

    const fw = copyCorpus('kestra__jdbc-postgres-migrations-postgres');
    hash({ dir: fw });
    assert.deepEqual(newMigration({ dir: fw, name: 'y', now: NOW }).files.map((f) => basename(f)), ['V1_28__y.sql']);

    const goose = writeTree({ '00001_a.sql': '-- +goose Up\nSELECT 1;\n', '00002_b.sql': '-- +goose Up\nSELECT 2;\n' });
    hash({ dir: goose });
    const g = newMigration({ dir: goose, name: 'c', now: NOW });
    assert.deepEqual(g.files.map((f) => basename(f)), ['00003_c.sql']);
    assert.match(readFileSync(g.files[0], 'utf8'), /^-- \+goose Up\n\n-- \+goose Down\n$/);
    assert.equal(validate({ dir: goose }).ok, true);
  });

  it('refuses a directory whose atlas.sum does not match, and changes nothing', () => {
    const dir = copyCorpus('ncps__migrations-postgres');
    writeFileSync(join(dir, '29990101000000_sneaky.sql'), '-- +goose Up\nSELECT 1;\n');
    const before = snapshot(dir);
    assert.throws(() => newMigration({ dir, name: 'x', now: NOW }), isCode('SUM_MISMATCH'));
    assert.deepEqual(snapshot(dir), before);
  });

  it('refuses read-only formats and bad names without leaving anything behind', () => {
    const dir = copyCorpus('umami__prisma-migrations');
    const before = snapshot(dir);
    assert.throws(() => newMigration({ dir, name: 'x', now: NOW }), isCode('USAGE'));
    assert.deepEqual(snapshot(dir), before);
    const fresh = join(tempDir(), 'm');
    assert.throws(() => newMigration({ dir: fresh, name: '../evil', now: NOW }), isCode('USAGE'));
    assert.equal(existsSync(fresh), false);
    assert.throws(() => newMigration({ dir: fresh, name: 'x', format: 'drizzle', now: NOW }), isCode('USAGE'));
    assert.equal(existsSync(fresh), false);
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
  for (const folder of corpusDirs()) {
    it(`imports ${folder} into atlas, keeping every migration`, () => {
      const out = join(tempDir(), 'out');
      const src = readMigrationDir(join(CORPUS, folder, 'migrations'));
      const r = importDir({ dir: join(CORPUS, folder, 'migrations'), to: 'atlas', out });
      assert.equal(r.migrations, src.migrations.length);
      assert.equal(r.from, src.format.name);
      const v = validate({ dir: out });
      assert.deepEqual([v.ok, v.format, v.migrations], [true, 'atlas', src.migrations.length]);
      const back = readMigrationDir(out).migrations;
      assert.equal(back.filter((m) => m.down).length, src.migrations.filter((m) => m.down).length, 'down parts kept');
      assert.equal(back.filter((m) => m.noTransaction).length, src.migrations.filter((m) => m.noTransaction).length);
      assert.equal(r.renumbered, folder.startsWith('kestra'), 'only Flyway versions with _ need renumbering for atlas');
    });
  }

  for (const to of FORMAT_NAMES.filter((f) => f !== 'prisma' && f !== 'drizzle') as FormatName[]) {
    it(`converts goose with NO TRANSACTION and downs into ${to}`, () => {
      const out = join(tempDir(), 'out');
      const r = importDir({ dir: join(CORPUS, 'ncps__migrations-sqlite/migrations'), to, out });
      assert.equal(r.migrations, 21);
      const v = validate({ dir: out, format: to });
      assert.equal(v.ok, true);
      const ms = readMigrationDir(out, { format: to }).migrations;
      assert.equal(ms.filter((m) => m.down).length, 21);
      assert.equal(ms.filter((m) => m.noTransaction).length, 2);
    });
  }

  it('refuses a non-empty destination and a read-only target', () => {
    const out = writeTree({ 'keep.txt': 'x' });
    const before = snapshot(out);
    assert.throws(() => importDir({ dir: join(CORPUS, 'ncps__migrations-mysql/migrations'), to: 'atlas', out }), isCode('USAGE'));
    assert.deepEqual(snapshot(out), before);
    const out2 = join(tempDir(), 'o');
    assert.throws(() => importDir({ dir: join(CORPUS, 'ncps__migrations-mysql/migrations'), to: 'prisma', out: out2 }), isCode('USAGE'));
    assert.equal(existsSync(out2), false);
  });

  it('refuses what the target cannot hold, leaving nothing behind', () => {
    const src = writeTree({ 'V1__a.sql': 'SELECT 1;', 'R__views.sql': 'SELECT 2;' });
    const parent = tempDir();
    assert.throws(() => importDir({ dir: src, to: 'atlas', out: join(parent, 'out') }), (e: unknown) => isCode('DIR_INVALID')(e) && /R__views\.sql/.test((e as Error).message));
    assert.deepEqual(readdirSync(parent), []);
  });

  it('refuses a source whose atlas.sum does not match', () => {
    const dir = copyCorpus('ncps__migrations-postgres');
    writeFileSync(join(dir, '20260101000000_init_schema.sql'), '-- +goose Up\nSELECT 1;\n');
    const parent = tempDir();
    assert.throws(() => importDir({ dir, to: 'atlas', out: join(parent, 'out') }), isCode('SUM_MISMATCH'));
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

describe('importDir across the corpus', () => {
  it('converts every corpus directory into every writable format and reads it back', () => {
    for (const folder of corpusDirs()) {
      const src = join(CORPUS, folder, 'migrations');
      const count = readMigrationDir(src).migrations.length;
      for (const to of ['atlas', 'golang-migrate', 'goose', 'flyway', 'liquibase', 'dbmate'] as const) {
        const out = join(tempDir(), 'out');
        const r = importDir({ dir: src, to, out });
        const v = validate({ dir: out, format: to });
        assert.deepEqual([v.ok, v.migrations, r.migrations], [true, count, count], `${folder} → ${to}`);
      }
    }
  });
});
