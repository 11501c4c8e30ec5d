// Moved from new-import.test.ts: these cases read the real-world corpus, so only `npm run test:corpus` runs them.
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

describe('newMigration (corpus)', () => {
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

describe('importDir (corpus)', () => {
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

  it('refuses a source whose atlas.sum does not match', () => {
    const dir = copyCorpus('ncps__migrations-postgres');
    writeFileSync(join(dir, '20260101000000_init_schema.sql'), '-- +goose Up\nSELECT 1;\n');
    const parent = tempDir();
    assert.throws(() => importDir({ dir, to: 'atlas', out: join(parent, 'out') }), isCode('SUM_MISMATCH'));
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
