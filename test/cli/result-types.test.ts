/**
 * Every command's `--json` output is its library result: the same call through the package root
 * (src/index.ts, where the result types are exported) gives the same JSON, once absolute paths,
 * durations and clock times are normalized. A CLI that reshaped a result (adding a key the
 * typed result does not have, renaming one) fails here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import * as cairnLib from '../../src/index.js';
import type {
  ApplyResult, DiffResult, DownResult, HashResult, ImportResult, InitResult, InspectResult, NewResult, SetResult, StatusResult, ValidateResult,
} from '../../src/index.js';
import { freshPostgres } from '../helpers/db.js';
import { cairnBatch, json, tempDir, writeTree } from './helpers.js';

const FILES = {
  'migrations/1_users.up.sql': 'CREATE TABLE users (id integer PRIMARY KEY);\n',
  'migrations/1_users.down.sql': 'DROP TABLE users;\n',
  'migrations/2_orders.up.sql': 'CREATE TABLE orders (id integer PRIMARY KEY, user_id integer NOT NULL);\n',
  'migrations/2_orders.down.sql': 'DROP TABLE orders;\n',
  'schema.sql': 'CREATE TABLE users (id integer PRIMARY KEY);\nCREATE TABLE orders (id integer PRIMARY KEY, user_id integer NOT NULL);\nCREATE TABLE extra (id integer);\n',
};

/** The JSON a result prints as, with the project root, durations and times made comparable. */
function normalize(value: unknown, root: string): unknown {
  const text = JSON.stringify(value).split(root).join('<root>');
  return JSON.parse(text, (key, v) => {
    if (key === 'durationMs' && typeof v === 'number') return '<ms>';
    if (key === 'finishedAt' && typeof v === 'string') return '<time>';
    return v;
  });
}

/** The keys of every object, recursively (arrays by their elements): for results with clock-made versions. */
function keysOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(keysOf);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, keysOf(v)]));
  return typeof value;
}

test('every command\'s --json equals the typed result of the same library call', async () => {
  const pg = await freshPostgres();
  try {
    const cliRoot = writeTree(FILES);
    const libRoot = writeTree(FILES);
    const db = (root: string) => `sqlite:${join(root, 'db.sqlite')}`;
    const cliInit = tempDir();
    const libInit = tempDir();
    const cliNew = tempDir();
    const libNew = tempDir();

    const cli = await cairnBatch(
      [
        { args: ['hash', '--json'], cwd: cliRoot },
        { args: ['validate', '--json'], cwd: cliRoot },
        { args: ['import', '--to', 'atlas', '--out', 'out', '--json'], cwd: cliRoot },
        { args: ['apply', '--url', db(cliRoot), '--json'], cwd: cliRoot },
        { args: ['status', '--url', db(cliRoot), '--json'], cwd: cliRoot },
        { args: ['down', '--url', db(cliRoot), '--json'], cwd: cliRoot },
        { args: ['set', '2', '--url', db(cliRoot), '--json'], cwd: cliRoot },
        { args: ['diff', 'extra', '--to', 'schema.sql', '--dry-run', '--json'], cwd: cliRoot },
        { args: ['apply', '--url', pg.url, '--json'], cwd: cliRoot },
        { args: ['inspect', '--url', pg.url, '--format', 'sql', '--json'], cwd: cliRoot },
        { args: ['init', '--json'], cwd: cliInit },
        { args: ['new', 'add x', '--json'], cwd: cliNew },
      ],
      1,
    );
    // A failing validate (no atlas.sum, exit 3) prints its result too, `code` included.
    const cliNoSum = writeTree({ 'migrations/1_a.up.sql': 'SELECT 1;\n' });
    const libNoSum = writeTree({ 'migrations/1_a.up.sql': 'SELECT 1;\n' });
    const [noSum] = await cairnBatch([{ args: ['validate', '--json'], cwd: cliNoSum }], 1);
    assert.equal(noSum!.code, 3, noSum!.stdout);
    const noSumL: ValidateResult = cairnLib.validate({ dir: join(libNoSum, 'migrations') });
    assert.equal(noSumL.code, 'SUM_MISSING');
    assert.deepEqual(normalize(json(noSum!), cliNoSum), normalize(noSumL, libNoSum), 'validate (no atlas.sum) --json differs from the library result');
    const [hash, validate, imported, applied, status, down, set, diff, , inspect, init, created] = cli.map((r, i) => {
      assert.equal(r.code, 0, `call ${i}: ${r.stdout}\n${r.stderr}`);
      return json(r);
    });

    const dir = join(libRoot, 'migrations');
    const lib = cairnLib;
    const hashL: HashResult = lib.hash({ dir });
    const validateL: ValidateResult = lib.validate({ dir });
    const importL: ImportResult = lib.importDir({ dir, to: 'atlas', out: join(libRoot, 'out') });
    const target = { url: db(libRoot), dir };
    const applyL: ApplyResult = await lib.apply(target);
    const statusL: StatusResult = await lib.status(target);
    const downL: DownResult = await lib.down(target);
    const setL: SetResult = await lib.set({ ...target, version: '2' });
    const diffL: DiffResult = await lib.diff({ dir, name: 'extra', to: join(libRoot, 'schema.sql'), dryRun: true });
    const inspectL: InspectResult = await lib.inspect({ url: pg.url, format: 'sql' });
    const initL: InitResult = await lib.init({ cwd: libInit });
    const newL: NewResult = lib.newMigration({ dir: join(libNew, 'migrations'), name: 'add x' });

    const same = (what: string, fromCli: unknown, fromLib: unknown, cliBase: string, libBase: string) =>
      assert.deepEqual(normalize(fromCli, cliBase), normalize(fromLib, libBase), `${what} --json differs from the library result`);
    same('hash', hash, hashL, cliRoot, libRoot);
    same('validate', validate, validateL, cliRoot, libRoot);
    same('import', imported, importL, cliRoot, libRoot);
    same('apply', applied, applyL, cliRoot, libRoot);
    same('status', status, statusL, cliRoot, libRoot);
    same('down', down, downL, cliRoot, libRoot);
    same('set', set, setL, cliRoot, libRoot);
    same('diff', diff, diffL, cliRoot, libRoot);
    same('inspect', inspect, inspectL, cliRoot, libRoot);
    same('init', init, initL, cliInit, libInit);
    // `new` takes its version from the clock: the keys must match.
    assert.deepEqual(keysOf(created), keysOf(JSON.parse(JSON.stringify(newL))), 'new --json differs from the library result');
    // The runs did something: the comparison is not between two empty objects.
    assert.equal(applyL.applied.length, 2);
    assert.equal(downL.reverted.length, 1);
    assert.ok(diffL.statements.length > 0 && inspectL.output.includes('users'));
  } finally {
    await pg.drop();
  }
});
