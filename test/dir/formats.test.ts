import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { memoryListing } from '../../src/migrate/dir/listing.js';
import { getFormat, detectFormat, allFormats } from '../../src/migrate/dir/formats/index.js';
import { parseListing } from '../../src/migrate/dir/read.js';
import { computeSum } from '../../src/migrate/sum/hash.js';
import { CairnError } from '../../src/errors.js';
import type { FormatName, Migration, MigrationSource } from '../../src/migrate/dir/types.js';

const parse = (format: FormatName, files: Record<string, string | Buffer>) => getFormat(format).parse(memoryListing(files));
const versions = (ms: readonly Migration[]) => ms.map((m) => m.version);

/**
 * invalid asserts one DIR_INVALID that names every listed file, with `count` problems (one per
 * file unless given: a group of duplicates is one problem).
 */
function invalid(fn: () => unknown, files: string[], count = files.length): CairnError {
  let err: CairnError | undefined;
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof CairnError, String(e));
    assert.equal(e.code, 'DIR_INVALID');
    for (const f of files) assert.ok(e.message.includes(f), `message should name ${f}:\n${e.message}`);
    assert.equal((e.details.problems as unknown[]).length, count, e.message);
    err = e;
    return true;
  });
  return err!;
}

/** parseWarned parses and returns the migrations with the warnings the format reported. */
function parseWarned(format: FormatName, files: Record<string, string>) {
  const warnings: { file: string; reason: string }[] = [];
  const ms = getFormat(format).parse(memoryListing(files), (w) => warnings.push(w));
  return { ms, warnings };
}

describe('atlas format', () => {
  it('reads versions, descriptions, code migrations and txmode', () => {
    const ms = parse('atlas', {
      '20240101000000_init.sql': 'CREATE TABLE t(c int);\n',
      '20240102000000_concurrent.sql': '-- atlas:txmode none\n\nCREATE INDEX CONCURRENTLY i ON t(c);\n',
      '20240103000000_glued.sql': '-- atlas:txmode none\nCREATE INDEX i2 ON t(c);\n',
      '20240104000000_backfill.ts': 'export async function up() {}\n',
      '2.10.x-20_description.sql': 'SELECT 1;',
      'README.md': 'not a migration',
      'atlas.sum': '',
    });
    assert.deepEqual(versions(ms), ['2.10.x-20', '20240101000000', '20240102000000', '20240103000000', '20240104000000']);
    // A directive glued to the statement counts too (Atlas would want a blank line after it).
    assert.deepEqual(ms.map((m) => m.noTransaction), [false, false, true, true, false]);
    assert.equal(ms[4].kind, 'ts');
    assert.equal(ms[4].up.text, '');
    assert.equal(ms[0].description, 'description');
  });

  it('reads the commented-out down part after -- cairn:down with its line', () => {
    const [m] = parse('atlas', { '1_t.sql': 'CREATE TABLE t(c int);\n\n-- cairn:down\n-- DROP TABLE t;\n--\n-- -- a comment\n' });
    assert.equal(m.up.text, 'CREATE TABLE t(c int);\n\n');
    assert.equal(m.down?.text, 'DROP TABLE t;\n\n-- a comment');
    assert.deepEqual([m.down?.line, m.down?.offset], [4, 'CREATE TABLE t(c int);\n\n-- cairn:down\n-- '.length]);
  });

  it('rejects SQL after the down marker that Atlas would run', () => {
    invalid(() => parse('atlas', { '1_t.sql': 'SELECT 1;\n-- cairn:down\nDROP TABLE t;\n' }), ['1_t.sql:3']);
  });

  it('lists every malformed name and duplicate version in one error', () => {
    invalid(() => parse('atlas', { 'schema.sql': '', '1_a.sql': '', '1_b.sql': '', '_x.sql': '' }), ['schema.sql', '_x.sql', '1_a.sql', '1_b.sql'], 3);
  });

  it('lists a group of files sharing a version once, not every pair', () => {
    const e = invalid(() => parse('atlas', { '3_a.sql': '', '3_b.sql': '', '3_c.sql': '', '3_d.sql': '', '4_e.sql': '' }), ['3_a.sql', '3_d.sql'], 1);
    assert.equal(e.message, '1 invalid file in atlas migration directory:\n  3_a.sql: duplicate version 3: 3_a.sql, 3_b.sql, 3_c.sql, 3_d.sql');
  });

  it('hashes .sql and .ts files, nothing else', () => {
    const l = memoryListing({ '1_a.sql': '', '2_b.ts': '', 'x.d.ts': '', 'notes.txt': '', 'atlas.sum': '' });
    assert.deepEqual(getFormat('atlas').sumFiles(l).map((f) => f.name), ['1_a.sql', '2_b.ts']);
  });
});

describe('golang-migrate format', () => {
  it('pairs up and down files and orders versions numerically', () => {
    const ms = parse('golang-migrate', {
      '10_c.up.sql': 'C',
      '2_b.up.sql': 'B',
      '2_b.down.sql': '',
      '1_a.up.sql': 'A',
      '1_a.down.sql': 'drop A',
    });
    assert.deepEqual(versions(ms), ['1', '2', '10']);
    assert.equal(ms[0].down?.text, 'drop A');
    assert.equal(ms[1].down?.text, '', 'an empty down file still counts as a down');
    assert.equal(ms[2].down, undefined);
  });

  it('reports a lone down, a malformed name and a duplicate version together', () => {
    invalid(
      () => parse('golang-migrate', { '1_a.up.sql': '', '01_a.up.sql': '', '2_b.down.sql': '', 'init.sql': '' }),
      ['01_a.up.sql', '2_b.down.sql', 'init.sql'],
    );
  });

  it('one version is one unsigned number: 1, 01 and 001 are duplicates, reported as one group', () => {
    const e = invalid(() => parse('golang-migrate', { '1_a.up.sql': '', '01_b.up.sql': '', '001_c.up.sql': '', '2_d.up.sql': '' }), ['001_c.up.sql', '01_b.up.sql', '1_a.up.sql'], 1);
    assert.match(e.message, /001_c\.up\.sql: duplicate version 1: 001_c\.up\.sql, 01_b\.up\.sql, 1_a\.up\.sql$/);
    invalid(() => parse('golang-migrate', { '18446744073709551616_big.up.sql': '' }), ['18446744073709551616_big.up.sql']);
    assert.deepEqual(versions(parse('golang-migrate', { '18446744073709551615_max.up.sql': '', '9_a.up.sql': '' })), ['9', '18446744073709551615']);
  });

  it('hashes only the up files', () => {
    const l = memoryListing({ '1_a.up.sql': '', '1_a.down.sql': '' });
    assert.deepEqual(getFormat('golang-migrate').sumFiles(l).map((f) => f.name), ['1_a.up.sql']);
  });
});

describe('goose format', () => {
  it('splits sections, keeps StatementBegin/End, maps lines', () => {
    const text = [
      '-- +goose Up',
      '-- +goose StatementBegin',
      'CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;',
      '-- +goose StatementEnd',
      '',
      '-- +goose Down',
      'DROP FUNCTION f;',
    ].join('\r\n');
    const [m] = parse('goose', { '00001_f.sql': text });
    assert.match(m.up.text, /^-- \+goose StatementBegin\r\nCREATE FUNCTION/);
    assert.equal(m.up.line, 2);
    assert.equal(m.up.offset, '-- +goose Up\r\n'.length);
    assert.equal(m.down?.text, 'DROP FUNCTION f;');
    assert.equal(m.down?.line, 7);
    assert.equal(m.noTransaction, false);
  });

  it('honours NO TRANSACTION in any case and orders numerically', () => {
    const ms = parse('goose', {
      '10_b.sql': '-- +goose Up\n-- +goose no transaction\nSELECT 1;\n',
      '9_a.sql': '-- +goose Up\nSELECT 1;\n',
      '11_empty.sql': '',
    });
    assert.deepEqual(versions(ms), ['9', '10', '11']);
    assert.deepEqual(ms.map((m) => m.noTransaction), [false, true, false]);
    assert.equal(ms[2].up.text, '');
  });

  it('names Go migrations, missing markers and duplicates in one error', () => {
    invalid(
      () => parse('goose', { '1_a.go': 'package x', '2_b.sql': 'SELECT 1;', '3_c.sql': '-- +goose Up\n', '03_c2.sql': '-- +goose Up\n', 'x.sql': '' }),
      ['1_a.go', '2_b.sql', '3_c.sql', '03_c2.sql', 'x.sql'],
      4,
    );
  });

  it('versions are positive integers: 3 and 03 are one version, 0 is refused', () => {
    const up = '-- +goose Up\nSELECT 1;\n';
    const e = invalid(() => parse('goose', { '3_a.sql': up, '03_b.sql': up, '003_c.sql': up, '0_zero.sql': up }), ['003_c.sql', '03_b.sql', '3_a.sql', '0_zero.sql'], 2);
    assert.match(e.message, /duplicate version 3: 003_c\.sql, 03_b\.sql, 3_a\.sql/);
    assert.match(e.message, /0_zero\.sql: version 0 is not an integer from 1/);
  });
});

describe('dbmate format', () => {
  it('reads sections and transaction:false', () => {
    const [m] = parse('dbmate', { '20240101000000_a.sql': '-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY i ON t(c);\n\n-- migrate:down\nDROP INDEX i;\n' });
    assert.equal(m.noTransaction, true);
    assert.equal(m.up.line, 2);
    assert.equal(m.down?.line, 5);
    assert.equal(m.down?.text, 'DROP INDEX i;\n');
  });

  it('rejects a down before the up', () => {
    invalid(() => parse('dbmate', { '1_a.sql': '-- migrate:down\nx;\n-- migrate:up\ny;\n' }), ['1_a.sql']);
  });

  it('follows dbmate: version = leading digits as text, file-name order, other .sql files skipped with a warning', () => {
    const up = '-- migrate:up\nSELECT 1;\n';
    const { ms, warnings } = parseWarned('dbmate', { '9_a.sql': up, '10_b.sql': up, '001_c.sql': up, '1_d.sql': up, '20240101.sql': up, 'schema.sql': 'CREATE TABLE t();' });
    // Go sorts names as bytes: 001_c < 10_b < 1_d < 20240101 < 9_a; 001 and 1 are two versions.
    assert.deepEqual(ms.map((m) => [m.version, m.description]), [['001', 'c'], ['10', 'b'], ['1', 'd'], ['20240101', ''], ['9', 'a']]);
    assert.deepEqual(warnings.map((w) => w.file), ['schema.sql']);
    invalid(() => parse('dbmate', { 'schema.sql': up, 'seed.sql': up }), ['schema.sql', 'seed.sql']);
    const e = invalid(() => parse('dbmate', { '3_a.sql': up, '3_b.sql': up, '3_c.sql': up }), ['3_a.sql', '3_b.sql', '3_c.sql'], 1);
    assert.match(e.message, /3_a\.sql: duplicate version 3: 3_a\.sql, 3_b\.sql, 3_c\.sql$/);
  });
});

describe('flyway format', () => {
  const files = {
    'V1_9__nine.sql': '9',
    'V1_10__ten.sql': '10',
    'V1_1__one.sql': '1',
    'U1_10__ten.sql': 'undo 10',
    'R__views.sql': 'CREATE VIEW v AS SELECT 1;',
    'B1_9__base.sql': 'baseline',
    'beforeMigrate.sql': 'SET x = 1;',
  };

  it('orders V1_10 after V1_9, gaps allowed, repeatables last, undo as down', () => {
    const ms = parse('flyway', files);
    assert.deepEqual(versions(ms), ['1_1', '1_9', '1_9', '1_10', 'R__views']);
    assert.equal(ms[2].baseline, true);
    assert.equal(ms[3].down?.text, 'undo 10');
    assert.equal(ms[4].repeatable, true);
    assert.equal(ms[4].description, 'views');
  });

  it('hashes B, V and R files but not U or callbacks', () => {
    const names = getFormat('flyway').sumFiles(memoryListing(files)).map((f) => f.name);
    assert.deepEqual(names, ['B1_9__base.sql', 'R__views.sql', 'V1_10__ten.sql', 'V1_1__one.sql', 'V1_9__nine.sql']);
  });

  it('reports an orphan undo and equal versions together', () => {
    invalid(() => parse('flyway', { 'V1_1__a.sql': '', 'V1.1__b.sql': '', 'U2__c.sql': '', 'V3__d.sql': '' }), ['V1.1__b.sql', 'V1_1__a.sql', 'U2__c.sql'], 2);
  });

  it('drops trailing zero parts as Flyway does: V1, V1.0 and V1_0_0 are one version', () => {
    const e = invalid(() => parse('flyway', { 'V1__a.sql': '', 'V1.0__b.sql': '', 'V1_0_0__c.sql': '', 'V1.0.1__d.sql': '' }), ['V1.0__b.sql', 'V1_0_0__c.sql', 'V1__a.sql'], 1);
    assert.match(e.message, /duplicate version 1: V1\.0__b\.sql, V1_0_0__c\.sql, V1__a\.sql$/);
    assert.deepEqual(versions(parse('flyway', { 'V1__a.sql': '', 'V1.0.1__d.sql': '', 'V1_01__e.sql': '' })), ['1', '1.0.1', '1_01']);
  });

  it('skips a file Flyway would ignore (V11_x.sql: no double underscore) with a warning naming it', () => {
    const { ms, warnings } = parseWarned('flyway', { 'V1__a.sql': 'SELECT 1;', 'V11_x.sql': 'SELECT 2;', 'notes.sql': '' });
    assert.deepEqual(versions(ms), ['1']);
    assert.deepEqual(warnings.map((w) => w.file), ['V11_x.sql', 'notes.sql']);
    assert.match(warnings[0].reason, /Flyway ignores it/);
    const dir = parseListing(memoryListing({ 'V1__a.sql': 'SELECT 1;', 'V11_x.sql': 'SELECT 2;' }));
    assert.deepEqual(dir.warnings?.map((w) => w.file), ['V11_x.sql'], 'the warning reaches the parsed directory');
    // A directory where no file is a Flyway migration is in another format: the names are errors.
    invalid(() => parse('flyway', { '1_a.sql': '', '2_b.sql': '' }), ['1_a.sql', '2_b.sql']);
  });

  it('bumps the last version segment', () => {
    const f = getFormat('flyway');
    assert.equal(f.nextVersion(new Date(), '1_27'), '1_28');
    assert.equal(f.nextVersion(new Date(), undefined), '1');
  });
});

describe('liquibase format', () => {
  const file = [
    '--liquibase formatted sql',
    '',
    '--changeset alice:1',
    '--comment: create t',
    'CREATE TABLE t(c int);',
    '--rollback DROP TABLE t;',
    '',
    '--changeset bob:2 runInTransaction:false',
    'CREATE INDEX CONCURRENTLY i ON t(c);',
    '/* liquibase rollback',
    'DROP INDEX i;',
    '*/',
    '',
    '--changeset carol:3 splitStatements:false',
    'CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;',
    '--rollback not required',
    '',
  ].join('\n');

  it('endDelimiter: ";" is the default, "/" and "GO" end statements at a line end, "" makes one statement', () => {
    const text = (attr: string, body: string) => `--liquibase formatted sql\n--changeset a:1 ${attr}\n${body}`;
    const stmts = (attr: string, body: string) => parse('liquibase', { '1.sql': text(attr, body) })[0].up.statements?.map((x) => x.text);
    assert.equal(stmts('endDelimiter:;', 'CREATE TABLE t (a int);\n'), undefined, 'the lexer splits as usual');
    assert.deepEqual(stmts('endDelimiter:/', 'CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql\n/\nSELECT 2 /\n'), [
      'CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql', 'SELECT 2',
    ]);
    assert.deepEqual(stmts('endDelimiter:GO', 'SELECT 1;\nSELECT 2;\ngo\nSELECT 3\n'), ['SELECT 1;\nSELECT 2', 'SELECT 3']);
    assert.deepEqual(stmts('endDelimiter:""', 'SELECT 1;\nSELECT 2;\n'), ['SELECT 1;\nSELECT 2']);
    const [second] = parse('liquibase', { '1.sql': text('endDelimiter:/', 'SELECT 1\n/\n\nSELECT 2\n/\n') })[0].up.statements!.slice(1);
    assert.equal(second.start.line, 4);
  });

  it('maps one migration per changeset, in file order', () => {
    const ms = parse('liquibase', { '001_schema.sql': file, '002_more.sql': '--liquibase formatted sql\n--changeset a:4\nSELECT 4;\n' });
    assert.deepEqual(versions(ms), ['1', '2', '3', '4']);
    assert.equal(ms[0].description, 'create t');
    assert.equal(ms[0].up.text, 'CREATE TABLE t(c int);\n');
    assert.equal(ms[0].up.line, 5);
    assert.equal(ms[0].down?.text, 'DROP TABLE t;');
    assert.equal(ms[0].down?.line, 6);
    assert.equal(ms[1].noTransaction, true);
    assert.equal(ms[1].down?.text, 'DROP INDEX i;');
    assert.equal(ms[2].down?.text, '');
    assert.equal(ms[2].up.statements?.length, 1);
    assert.equal(ms[2].up.line, 15);
    assert.equal(ms[2].up.statements?.[0].start.line, 1, 'statement positions are relative to the part, as the lexer counts them');
    assert.equal(ms[3].down, undefined);
  });

  it('reports a changeset repeated with the same id and author in one file, and files without the header, together', () => {
    const e = invalid(
      () => parse('liquibase', { 'a.sql': '--liquibase formatted sql\n--changeset x:1\nSELECT 1;\n--changeset x:1\nSELECT 2;\n', 'c.sql': 'SELECT 1;' }),
      ['a.sql:4', 'c.sql'],
    );
    assert.match(e.message, /duplicate changeset x:1 \(first at line 2\)/);
  });

  it('identifies a changeset by file, id and author: the same id elsewhere is another changeset', () => {
    const ms = parse('liquibase', {
      'a.sql': '--liquibase formatted sql\n--changeset x:1\nSELECT 1;\n--changeset y:1\nSELECT 2;\n--changeset x:2\nSELECT 3;\n',
      'b.sql': '--liquibase formatted sql\n--changeset x:1\nSELECT 4;\n',
    });
    // The first changeset with an id keeps it as its version (what an existing revision table
    // holds); later ones are stored under DATABASECHANGELOG's key.
    assert.deepEqual(versions(ms), ['1', 'a.sql::1::y', '2', 'b.sql::1::x']);
    assert.deepEqual(ms.map((m) => m.up.text.trim()), ['SELECT 1;', 'SELECT 2;', 'SELECT 3;', 'SELECT 4;']);
  });
});

describe('prisma format', () => {
  it('orders folders by name, allows spaces, skips nested atlas.sum dirs', () => {
    const ms = parse('prisma', {
      '20240102000000_second one/migration.sql': 'B',
      '20240101000000_init/migration.sql': 'A',
      'nested/atlas.sum': '',
      'nested/1_x.sql': '',
      'migration_lock.toml': 'provider = "postgresql"',
    });
    assert.deepEqual(ms.map((m) => [m.version, m.description, m.up.text, m.up.file]), [
      ['20240101000000_init', 'init', 'A', '20240101000000_init/migration.sql'],
      ['20240102000000_second one', 'second one', 'B', '20240102000000_second one/migration.sql'],
    ]);
  });

  it('identifies a migration by its folder name: folders sharing a timestamp are distinct, in name order', () => {
    const files: Record<string, string> = {};
    for (let i = 18; i >= 1; i--) files[`20240528214728_add_cursor_index_${String(i).padStart(2, '0')}/migration.sql`] = `SELECT ${i};`;
    files['20240101000000_init/migration.sql'] = 'SELECT 0;';
    const ms = parse('prisma', files);
    assert.equal(ms.length, 19);
    assert.equal(ms[0].version, '20240101000000_init');
    assert.deepEqual(ms.slice(1).map((m) => m.version), Array.from({ length: 18 }, (_, i) => `20240528214728_add_cursor_index_${String(i + 1).padStart(2, '0')}`));
    assert.deepEqual(new Set(ms.slice(1).map((m) => m.importVersion)), new Set(['20240528214728']), 'an import keeps the timestamp');
    for (let i = 1; i < ms.length; i++) assert.ok(getFormat('prisma').compareVersions(ms[i - 1].version, ms[i].version) < 0);
  });

  it('reports folders without migration.sql', () => {
    invalid(() => parse('prisma', { '1_a/migration.sql': '', '2_b/readme.md': '', '3_c/x.txt': '' }), ['2_b', '3_c']);
  });

  it('is read-only', () => {
    assert.throws(() => getFormat('prisma').render({ version: '1', description: 'a', up: '' }), (e: unknown) => e instanceof CairnError && e.code === 'USAGE');
  });
});

describe('drizzle format', () => {
  const journal = (tags: string[]) => JSON.stringify({ version: '7', dialect: 'postgresql', entries: tags.map((tag, idx) => ({ idx, tag, breakpoints: true })) });

  it('follows the journal, ignoring orphan files', () => {
    const l = {
      'meta/_journal.json': journal(['0001_b', '0000_a']),
      '0000_a.sql': 'A',
      '0001_b.sql': 'B--> statement-breakpoint\nB2',
      '0002_orphan.sql': 'X',
      'migrate.ts': '',
    };
    const ms = parse('drizzle', l);
    assert.deepEqual(ms.map((m) => [m.version, m.importVersion, m.description]), [['0001_b', '0001', 'b'], ['0000_a', '0000', 'a']]);
    assert.deepEqual(getFormat('drizzle').sumFiles(memoryListing(l)).map((f) => f.name), ['0000_a.sql', '0001_b.sql', 'meta/_journal.json']);
  });

  it('identifies a migration by its tag: two tags sharing a number are two migrations; a tag listed twice is refused', () => {
    const ms = parse('drizzle', { 'meta/_journal.json': journal(['0003_alpha', '0003_beta']), '0003_alpha.sql': 'A', '0003_beta.sql': 'B' });
    assert.deepEqual(versions(ms), ['0003_alpha', '0003_beta']);
    invalid(() => parse('drizzle', { 'meta/_journal.json': journal(['0000_a', '0000_a']), '0000_a.sql': 'A' }), ['0000_a.sql']);
  });

  it('reports journal entries without files', () => {
    invalid(() => parse('drizzle', { 'meta/_journal.json': journal(['0000_a', '0001_b', '0002_c']), '0000_a.sql': '' }), ['0001_b.sql', '0002_c.sql']);
  });
});

describe('render → parse round trip', () => {
  const sources: MigrationSource[] = [
    { version: '20240101000000', description: 'init', up: 'CREATE TABLE t(c int);\n', down: 'DROP TABLE t;\n' },
    { version: '20240102000000', description: 'idx', up: 'CREATE INDEX CONCURRENTLY i ON t(c);', down: 'DROP INDEX i;\n\nSELECT 1;', noTransaction: true },
    { version: '20240103000000', description: 'nodown', up: 'SELECT 1;\n' },
    { version: '20240104000000', description: 'emptydown', up: 'SELECT 2;\n', down: '' },
  ];
  const norm = (s: string | undefined) => s?.split(/\r?\n/).filter((l) => l.trim() !== '' && !/atlas:txmode|goose no transaction/i.test(l)).join('\n');

  for (const f of allFormats().filter((x) => x.writable)) {
    it(f.name, () => {
      const files = sources.flatMap((s) => f.render(s));
      const listing = memoryListing(files);
      assert.equal(detectFormat(listing).name, f.name, 'a rendered directory is detected as its format');
      const ms = f.parse(listing);
      assert.deepEqual(versions(ms), sources.map((s) => s.version));
      ms.forEach((m, i) => {
        const s = sources[i];
        assert.equal(m.description, s.description);
        assert.equal(norm(m.up.text), norm(s.up), `${f.name} up ${i}`);
        assert.equal(norm(m.down?.text), norm(s.down), `${f.name} down ${i}`);
        assert.equal(m.noTransaction, s.noTransaction ?? false, `${f.name} noTransaction ${i}`);
      });
      // Rendering is deterministic.
      assert.deepEqual(computeSum(sources.flatMap((s) => f.render(s))), computeSum(files));
    });
  }
});

describe('detectFormat', () => {
  it('defaults to atlas for an empty directory', () => {
    assert.equal(detectFormat(memoryListing({})).name, 'atlas');
    assert.equal(detectFormat(memoryListing({ 'README.md': '' })).name, 'atlas');
  });

  it('prefers specific evidence over the bare {version}_{name}.sql convention', () => {
    assert.equal(parseListing(memoryListing({ '1_a.sql': '-- +goose Up\nSELECT 1;' })).format.name, 'goose');
    assert.equal(detectFormat(memoryListing({ '1_a.sql': '-- migrate:up\nSELECT 1;' })).name, 'dbmate');
    assert.equal(detectFormat(memoryListing({ '1_a.sql': '--liquibase formatted sql\n--changeset a:1\nSELECT 1;' })).name, 'liquibase');
    assert.equal(detectFormat(memoryListing({ '1_a.up.sql': '' })).name, 'golang-migrate');
    assert.equal(detectFormat(memoryListing({ 'V1__a.sql': '' })).name, 'flyway');
    assert.equal(detectFormat(memoryListing({ '1_a/migration.sql': '' })).name, 'prisma');
    assert.equal(detectFormat(memoryListing({ '0000_a.sql': '', 'meta/_journal.json': '{"entries":[]}' })).name, 'drizzle');
    assert.equal(detectFormat(memoryListing({ '1_a.sql': 'SELECT 1;' })).name, 'atlas');
    assert.equal(detectFormat(memoryListing({ '1_a.go': 'package m' })).name, 'goose');
  });
});

describe('goose rendering of multi-line bodies', () => {
  it('wraps only statements goose would split wrongly', () => {
    const up = 'CREATE TABLE a(c int);\n\nCREATE FUNCTION f() RETURNS int AS $$\nBEGIN\n  RETURN 1;\nEND;\n$$ LANGUAGE plpgsql;\nSELECT 1;\n';
    const [file] = getFormat('goose').render({ version: '1', description: 'f', up });
    assert.equal(
      file.bytes.toString(),
      '-- +goose Up\nCREATE TABLE a(c int);\n\n-- +goose StatementBegin\nCREATE FUNCTION f() RETURNS int AS $$\nBEGIN\n  RETURN 1;\nEND;\n$$ LANGUAGE plpgsql;\n-- +goose StatementEnd\nSELECT 1;\n',
    );
    const [m] = getFormat('goose').parse(memoryListing([file]));
    assert.match(m.up.text, /StatementBegin/);
  });

  it('leaves text that already has markers alone', () => {
    const up = '-- +goose StatementBegin\nCREATE FUNCTION f() AS $$ a;\nb; $$;\n-- +goose StatementEnd\n';
    assert.equal(getFormat('goose').render({ version: '1', description: 'f', up })[0].bytes.toString(), `-- +goose Up\n${up}`);
  });
});
