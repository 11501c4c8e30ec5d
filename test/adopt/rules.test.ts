/**
 * The pieces of adopt that need no database: each tool's checksum algorithm against values the
 * tool itself produces, Liquibase's changeset splitting, and the shared matching rules
 * (planAdoption) over plain arrays.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { planAdoption } from '../../src/migrate/adopt/match.js';
import { flywayChecksum, flywayVersionKey } from '../../src/migrate/adopt/tools/flyway.js';
import { liquibaseChangesets, liquibaseChangesetChecksum, liquibaseChecksumV9, liquibaseSqlChecksumV9 } from '../../src/migrate/adopt/tools/liquibase.js';
import { prismaChecksum, prismaChecksumMatches } from '../../src/migrate/adopt/tools/prisma.js';
import { knexStem } from '../../src/migrate/adopt/tools/knex.js';
import { loadDir } from '../../src/migrate/runner/session.js';
import type { Revision } from '../../src/migrate/runner/types.js';
import type { ToolEntry } from '../../src/migrate/adopt/types.js';
import { makeDir } from './helpers.js';

describe('Flyway checksum', () => {
  it("equals Java's BufferedReader.readLine + CRC32 over each line, as Flyway computes it", () => {
    // Values printed by a Java 17 program doing exactly what Flyway's ChecksumCalculator does.
    assert.equal(flywayChecksum(Buffer.from('CREATE TABLE users (id integer);\n')), -1284998355);
    assert.equal(flywayChecksum(Buffer.from('\uFEFFCREATE TABLE a (id int);\r\nINSERT INTO a VALUES (1);\r\n')), -279898995);
    assert.equal(flywayChecksum(Buffer.from("-- x\r\rSELECT 'é';\n\n")), -1967786197);
  });

  it('versions: numeric parts, `_` or `.`, trailing zeros dropped', () => {
    assert.equal(flywayVersionKey('1_1'), flywayVersionKey('1.1'));
    assert.equal(flywayVersionKey('1.1.0'), '1.1');
    assert.equal(flywayVersionKey('001'), '1');
    assert.notEqual(flywayVersionKey('1_10'), flywayVersionKey('1_1'));
    assert.equal(flywayVersionKey('R__x'), null);
  });
});

describe('Liquibase checksum (version 9)', () => {
  it("wraps the change checksum the way ChangeSet.generateCheckSum does: a value Liquibase asserts", () => {
    // A public project's test asserts generateCheckSum(V9) = 9:948f2d5b… for a changeset of one
    // sqlFile change; that file's bytes without spaces, tabs, CRs and LFs have MD5 b327f62a….
    assert.equal(liquibaseChangesetChecksum(['9:b327f62a4740d1e92ff2c33730ca2cbb']), '9:948f2d5bcb2daf35fd5e4847dfe2fade');
  });

  it('ignores whitespace and line ends, not comments or case', () => {
    const a = liquibaseChecksumV9('CREATE TABLE a (\n  id int\n);');
    assert.equal(liquibaseChecksumV9('  CREATE TABLE a(id int);\r\n\r\n'), a);
    assert.notEqual(liquibaseChecksumV9('create table a (id int);'), a);
    assert.notEqual(liquibaseChecksumV9('CREATE TABLE a (id int); -- note'), a);
    assert.equal(liquibaseSqlChecksumV9('x y'), `9:${createHash('md5').update('xy').digest('hex')}`);
  });

  it("splits a formatted-SQL file into changesets, leaving out Liquibase's own lines", () => {
    const { changesets, logicalFilePath } = liquibaseChangesets([
      '--liquibase formatted sql logicalFilePath:db/changes.sql',
      '--property name:x value:1',
      '--changeset "Jane Doe":1 runOnChange:true',
      '--comment: users',
      '--preconditions onFail:MARK_RAN',
      '--precondition-sql-check expectedResult:0 SELECT count(*) FROM users',
      'CREATE TABLE users (id int);',
      '-- kept: a plain comment is SQL',
      '--rollback DROP TABLE users;',
      '/* liquibase rollback',
      'DROP TABLE users;',
      '*/',
      '--changeset bob:2',
      '--ignoreLines:start',
      'SELECT 1;',
      '--ignoreLines:end',
      'CREATE TABLE b (id int);',
    ].join('\n'));
    assert.equal(logicalFilePath, 'db/changes.sql');
    assert.deepEqual(changesets.map((c) => [c.author, c.id, c.line]), [['Jane Doe', '1', 3], ['bob', '2', 13]]);
    assert.equal(changesets[0]!.sql, 'CREATE TABLE users (id int);\n-- kept: a plain comment is SQL');
    assert.equal(changesets[1]!.sql, 'CREATE TABLE b (id int);');
  });
});

describe('Prisma checksum', () => {
  const script = Buffer.from('-- CreateTable\nCREATE TABLE "a" ("id" INTEGER);\n');
  it('is the SHA-256 hex of migration.sql, with either line ending, and the unpadded form old Prisma wrote', () => {
    const hex = createHash('sha256').update(script).digest('hex');
    assert.equal(prismaChecksum(script), hex);
    assert.ok(prismaChecksumMatches(script, hex));
    assert.ok(prismaChecksumMatches(Buffer.from(script.toString().replace(/\n/g, '\r\n')), hex), 'a checkout with CRLF');
    const legacy = prismaChecksum(script, true);
    assert.ok(legacy.length < 64 || legacy === hex);
    assert.ok(prismaChecksumMatches(script, legacy));
    assert.ok(!prismaChecksumMatches(Buffer.from('CREATE TABLE "b" ("id" INTEGER);\n'), hex));
  });
});

describe('Knex names', () => {
  it("drop the extension only: the stem is `{version}_{description}`", () => {
    assert.equal(knexStem('20200101120000_create_users.js'), '20200101120000_create_users');
    assert.equal(knexStem('migrations/20200101120000_create_users.ts'), '20200101120000_create_users');
    assert.equal(knexStem('001_init.v2.cjs'), '001_init.v2');
  });
});

describe('planAdoption', () => {
  const dir = makeDir({ '1_a.sql': 'CREATE TABLE a (id int);\n', '2_b.sql': 'CREATE TABLE b (id int);\n', '3_c.sql': 'CREATE TABLE c (id int);\n' });
  const loaded = loadDir({ dir: dir.path, format: 'atlas' });
  const [m1, m2, m3] = loaded.migrations;
  const tool = { label: 'Tool' };
  const row = (version: string, hash: string, over: Partial<Revision> = {}): Revision => ({
    version, description: '', kind: 'applied', applied: 1, total: 1, hash, partialHashes: [], error: null, errorStatement: null, downSql: null,
    startedAt: '', finishedAt: '', durationMs: 0, cairnVersion: '0.1.0', ...over,
  });
  const entry = (key: string, m: typeof m1, over: Partial<ToolEntry> = {}): ToolEntry => ({ key, migration: m, checksum: 'absent', ...over });

  it('writes the matched prefix; the rest is pending', () => {
    const p = planAdoption(tool, [entry('1', m1), entry('2', m2)], loaded, []);
    assert.deepEqual(p.toWrite.map((m) => m.version), ['1', '2']);
    assert.deepEqual(p.mapping.map((m) => m.status), ['matched', 'matched', 'pending']);
    assert.deepEqual(p.problems, []);
  });

  it('two entries for one migration are refused', () => {
    const p = planAdoption(tool, [entry('one', m1), entry('uno', m1)], loaded, []);
    assert.deepEqual(p.problems, ['1_a.sql (uno): matches 1, which one already matches']);
    assert.deepEqual(p.toWrite, []);
  });

  it("a baseline the directory does not hold covers the versions up to it", () => {
    const p = planAdoption(tool, [{ key: 'baseline 2', checksum: 'absent', baseline: true, version: '2' }, entry('3', m3)], loaded, []);
    assert.deepEqual(p.mapping.map((m) => m.status), ['baseline', 'baseline', 'matched']);
    assert.deepEqual(p.baseline, { version: '2' });
    assert.deepEqual(p.toWrite.map((m) => m.version), ['3']);
  });

  it("Cairn recording a later migration while lacking an earlier one the tool applied is refused", () => {
    const p = planAdoption(tool, [entry('1', m1), entry('2', m2)], loaded, [row('3', m3!.hash)]);
    assert.match(p.problems.join('\n'), /1_a\.sql \(1\): Cairn's revision table records later migrations \(3\) but not this one/);
  });

  it("a failed attempt Cairn recorded disagrees with the tool's applied entry", () => {
    const p = planAdoption(tool, [entry('1', m1)], loaded, [row('1', m1!.hash, { applied: 0, total: 1, error: 'boom' })]);
    assert.deepEqual(p.problems, ["1_a.sql (1): Cairn's revision table records it as a failed attempt (boom), Tool as applied"]);
  });

  it('everything recorded already: nothing to write, and it says so', () => {
    const p = planAdoption(tool, [entry('1', m1)], loaded, [row('1', m1!.hash, { kind: 'set' })]);
    assert.equal(p.alreadyAdopted, true);
    assert.deepEqual(p.toWrite, []);
  });

  it('disposes of its directory', () => dir.dispose());
});
