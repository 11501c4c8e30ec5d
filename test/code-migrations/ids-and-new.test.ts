/**
 * The ID formats createMigrator checks, and `cairn new --ts` as a user runs it: the skeleton
 * applies on SQLite, status shows it as code, and a directory of another format refuses.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkIds, idProblem } from '../../src/migrate/code/ids.js';
import { CairnError } from '../../src/errors.js';
import { cairn } from '../helpers/cli.js';

describe('migration ID formats', () => {
  it('accepts real times and refuses the rest, per format', () => {
    const ok: [string, Parameters<typeof idProblem>[1]][] = [
      ['202202021449', 'YYYYMMDDHHMM'], ['20220202144900', 'YYYYMMDDHHMMSS'], ['1643813340', 'unix'],
      ['2022-02-02T14:49:00Z-v5.0.0', 'rfc3339'], ['2022-02-02T14:49:00.123+01:00', 'rfc3339'], ['V12', /^V\d+$/],
    ];
    for (const [id, f] of ok) assert.equal(idProblem(id, f), undefined, `${id} ${String(f)}`);
    const bad: [string, Parameters<typeof idProblem>[1], RegExp][] = [
      ['202202301449', 'YYYYMMDDHHMM', /real date/], ['2022020214', 'YYYYMMDDHHMM', /12 digits/], ['20220202246000', 'YYYYMMDDHHMMSS', /real date/],
      ['0123', 'unix', /epoch seconds/], ['2022-02-02 14:49:00Z', 'rfc3339', /RFC 3339/], ['v12', /^V\d+$/, /does not match/],
    ];
    for (const [id, f, re] of bad) assert.match(idProblem(id, f) ?? '', re, `${id} ${String(f)}`);
  });

  it('names every problem at once: no id, a duplicate, a bad format', () => {
    assert.throws(() => checkIds(['202201010000', undefined, '202201010000', '2022'], 'YYYYMMDDHHMM'), (e: unknown) => {
      assert.ok(e instanceof CairnError && e.code === 'USAGE');
      assert.deepEqual(e.details.problems, [
        'migrations[1] has no id (a non-empty string)',
        'migrations[2] repeats the id "202201010000" of migrations[0]',
        'migrations[3] id "2022" is not YYYYMMDDHHMM (12 digits)',
      ]);
      return true;
    });
  });
});

describe('cairn new --ts', () => {
  it('writes a skeleton that applies, shows as code in status, and refuses a directory of another format', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'cairn-new-ts-'));
    try {
      const made = await cairn(['new', 'backfill', '--ts', '--dir', 'migrations'], { cwd });
      assert.equal(made.code, 0, made.stderr);
      const file = readdirSync(join(cwd, 'migrations')).find((f) => f.endsWith('_backfill.ts'))!;
      assert.match(readFileSync(join(cwd, 'migrations', file), 'utf8'), /export default defineMigration\(\{/);
      assert.match(readFileSync(join(cwd, 'migrations', 'atlas.sum'), 'utf8'), new RegExp(file.replace('.', '\\.')));
      // The skeleton imports cairn-migrate, which a temp folder cannot resolve: point it at the source.
      const skeleton = readFileSync(join(cwd, 'migrations', file), 'utf8').replace("'cairn-migrate'", `'${join(import.meta.dirname, '../../src/migrate/code/define.ts')}'`);
      writeFileSync(join(cwd, 'migrations', file), skeleton);
      assert.equal((await cairn(['hash', '--dir', 'migrations'], { cwd })).code, 0);
      const url = `sqlite:${join(cwd, 'app.db')}`;
      const status = await cairn(['status', '--dir', 'migrations', '--url', url], { cwd });
      assert.match(status.stdout, /pending \d+ backfill \(code\)/);
      const applied = await cairn(['apply', '--dir', 'migrations', '--url', url], { cwd });
      assert.equal(applied.code, 0, applied.stderr);
      mkdirSync(join(cwd, 'gm'));
      writeFileSync(join(cwd, 'gm', '000001_init.up.sql'), 'CREATE TABLE t (id integer);\n');
      assert.equal((await cairn(['hash', '--dir', 'gm'], { cwd })).code, 0);
      const other = await cairn(['new', 'x', '--ts', '--dir', 'gm'], { cwd });
      assert.equal(other.code, 4, other.stderr);
      assert.match(other.stderr, /code migrations live in Atlas-format directories; this one is golang-migrate/);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});
