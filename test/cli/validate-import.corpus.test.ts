/**
 * `cairn validate`, `hash` and `import` on every real-world directory of ../shared/corpus, run as
 * a user would: the CLI in a child process, in a temporary copy of the directory.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  cairn, cairnBatch, copyCorpus, tempDir, CORPUS, CORPUS_DIRS, expectExit, json, pool, snapshot, sumEntries, WRITABLE,
} from './helpers.js';

const NAMES = Object.keys(CORPUS_DIRS);

it('the corpus table lists every corpus directory', () => {
  const onDisk = readdirSync(CORPUS, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  assert.deepEqual(onDisk, [...NAMES].sort());
});

describe('validate and hash on every corpus directory', () => {
  // One copy per directory, shared by the steps below in order.
  const roots = new Map<string, string>();

  it('validate: ok where atlas.sum exists, SUM_MISSING with a hint where it does not; nothing written', async () => {
    for (const name of NAMES) roots.set(name, copyCorpus(name));
    const before = new Map(NAMES.map((n) => [n, snapshot(roots.get(n)!)]));
    const results = await cairnBatch(NAMES.flatMap((name) => [{ args: ['validate'], cwd: roots.get(name)! }, { args: ['validate', '--json'], cwd: roots.get(name)! }]));
    NAMES.forEach((name, i) => {
      const [text, asJson] = [results[2 * i], results[2 * i + 1]];
      const want = CORPUS_DIRS[name];
      if (want.sum) {
        expectExit(text, 0, name);
        assert.equal(text.stdout, `ok: ${want.migrations} migrations, ${want.format} format, atlas.sum matches\n`, name);
        expectExit(asJson, 0, name);
        assert.deepEqual(json(asJson), { ok: true, findings: [], format: want.format, migrations: want.migrations }, name);
      } else {
        expectExit(text, 3, name);
        assert.equal(
          text.stdout,
          `error: migrations has ${want.migrations} migrations (${want.format} format) but no atlas.sum\nhint: run \`cairn hash\` to create it\n`,
          name,
        );
        expectExit(asJson, 3, name);
        const j = json(asJson);
        assert.equal(j.code, 'SUM_MISSING', name);
        assert.equal(j.ok, false);
        assert.deepEqual(j.findings.map((f: { kind: string; hint: string }) => [f.kind, f.hint]), [['sum-missing', 'run `cairn hash` to create it']]);
      }
      assert.deepEqual(snapshot(roots.get(name)!), before.get(name), `${name}: validate changed nothing`);
    });
  });

  it('hash: byte-identical to the sum Atlas wrote (file untouched), then validate is ok', async () => {
    const results = await cairnBatch(
      NAMES.flatMap((name) => {
        const cwd = roots.get(name)!;
        return [{ args: ['hash', '--json'], cwd }, { args: ['validate'], cwd }, { args: ['hash'], cwd }];
      }),
    );
    NAMES.forEach((name, i) => {
      const [h, v, again] = results.slice(3 * i, 3 * i + 3);
      const root = roots.get(name)!;
      const want = CORPUS_DIRS[name];
      const sumPath = join(root, 'migrations/atlas.sum');
      const r = json(expectExit(h, 0, name));
      assert.equal(r.path, sumPath);
      assert.equal(r.format, want.format, name);
      assert.equal(r.written, !want.sum, `${name}: written only when there was no sum`);
      if (want.sum) assert.deepEqual(readFileSync(sumPath), readFileSync(join(CORPUS, name, 'migrations/atlas.sum')), name);
      // The file on disk is what the JSON says it is.
      const rendered = `h1:${r.sum.sum}\n${r.sum.entries.map((e: { file: string; hash: string }) => `${e.file} h1:${e.hash}\n`).join('')}`;
      assert.equal(readFileSync(sumPath, 'utf8'), rendered, name);
      expectExit(v, 0, name);
      assert.equal(v.stdout, `ok: ${want.migrations} migrations, ${want.format} format, atlas.sum matches\n`);
      expectExit(again, 0, name);
      assert.equal(again.stdout, 'unchanged migrations/atlas.sum\n');
    });
  });

  it('the real bin: validate and hash on a copy, as a user types them', async () => {
    const root = copyCorpus('kestra__jdbc-postgres-migrations-postgres');
    const v = expectExit(await cairn(['validate'], { cwd: root }), 3);
    assert.equal(v.stdout, 'error: migrations has 26 migrations (flyway format) but no atlas.sum\nhint: run `cairn hash` to create it\n');
    assert.equal(expectExit(await cairn(['hash'], { cwd: root }), 0).stdout, 'wrote migrations/atlas.sum\n');
    assert.equal(expectExit(await cairn(['validate', '--dir', join(root, 'migrations')], { cwd: tmpdir() }), 0).stdout, 'ok: 26 migrations, flyway format, atlas.sum matches\n');
  });
});

/** tamper makes one change to a hashed copy and says which line validate must print. */
type Tamper = (dir: string, entries: string[], format: string) => string[];

/** flipCase changes one byte of a file: the case of a letter on a middle line of SQL (not a comment). */
function flipCase(path: string): void {
  const bytes = readFileSync(path);
  const text = bytes.toString('latin1');
  const lines = text.split('\n');
  const candidates = lines
    .map((l, i) => ({ l, i }))
    .filter(({ l }) => /[a-zA-Z]/.test(l) && !l.trimStart().startsWith('--') && !l.trimStart().startsWith('/*'));
  assert.ok(candidates.length > 0, `${path} has an SQL line to edit`);
  const { i } = candidates[Math.floor(candidates.length / 2)];
  let offset = lines.slice(0, i).reduce((n, l) => n + l.length + 1, 0);
  offset += lines[i].search(/[a-zA-Z]/);
  bytes[offset] ^= 0x20;
  writeFileSync(path, bytes);
}

const TAMPERS: Record<string, Tamper> = {
  'edit one byte': (dir, entries) => {
    const i = Math.floor(entries.length / 2);
    flipCase(join(dir, entries[i]));
    return [`L${i + 2}: ${entries[i]} was edited`];
  },
  'add a file': (dir, entries, format) => {
    const added: Record<string, [string, string]> = {
      atlas: ['99990101000000_extra.sql', 'SELECT 1;\n'],
      goose: ['99990101000000_extra.sql', '-- +goose Up\nSELECT 1;\n'],
      'golang-migrate': ['999999_extra.up.sql', 'SELECT 1;\n'],
      flyway: ['V999__extra.sql', 'SELECT 1;\n'],
      prisma: ['99_extra/migration.sql', 'SELECT 1;\n'],
    };
    if (format === 'drizzle') {
      // Drizzle's journal decides what is a migration: add the file and its journal entry.
      const journal = JSON.parse(readFileSync(join(dir, 'meta/_journal.json'), 'utf8'));
      journal.entries.push({ idx: journal.entries.length, version: '7', when: 1, tag: '9999_extra', breakpoints: true });
      writeFileSync(join(dir, 'meta/_journal.json'), JSON.stringify(journal, null, 2));
      writeFileSync(join(dir, '9999_extra.sql'), 'SELECT 1;\n');
      // The journal is hashed too (its entry sorts last): it shows as edited, the new file as added.
      const n = entries.length;
      assert.equal(entries[n - 1], 'meta/_journal.json');
      return [`L${n + 1}: 9999_extra.sql was added`, `L${n + 1}: meta/_journal.json was edited`];
    }
    const [name, content] = added[format]!;
    writeTreeFile(dir, name, content);
    return [`L${entries.length + 2}: ${name} was added`];
  },
  'delete a file': (dir, entries, format) => {
    const i = Math.floor(entries.length / 2);
    const victim = entries[i];
    if (format === 'prisma') rmSync(join(dir, victim.split('/')[0]), { recursive: true });
    else rmSync(join(dir, victim));
    // golang-migrate: the down file stays behind, an orphan; the sum finding still comes first.
    return [`L${i + 2}: ${victim} was removed`];
  },
  'reorder atlas.sum lines': (dir) => {
    const p = join(dir, 'atlas.sum');
    const rows = readFileSync(p, 'utf8').split('\n');
    [rows[2], rows[3]] = [rows[3], rows[2]];
    writeFileSync(p, rows.join('\n'));
    return ['L1: atlas.sum was edited by hand or is malformed'];
  },
};

function writeTreeFile(dir: string, name: string, content: string): void {
  mkdirSync(dirname(join(dir, name)), { recursive: true });
  writeFileSync(join(dir, name), content);
}

describe('tampered copies: exit 3, one line per change, nothing written', () => {
  const cases = NAMES.flatMap((name) => Object.keys(TAMPERS).map((t) => ({ name, t })));
  it(`${cases.length} tampered directories`, async () => {
    // Hash each copy once (the CLI itself), then copy the hashed tree per tamper.
    const hashed = new Map(NAMES.map((n) => [n, copyCorpus(n)]));
    for (const r of await cairnBatch(NAMES.map((n) => ({ args: ['hash'], cwd: hashed.get(n)! })))) expectExit(r, 0);
    const prepared = cases.map(({ name, t }) => {
      const root = tempDir('cairn-tamper-');
      cpSync(join(hashed.get(name)!, 'migrations'), join(root, 'migrations'), { recursive: true });
      const dir = join(root, 'migrations');
      const expected = TAMPERS[t](dir, sumEntries(dir), CORPUS_DIRS[name].format);
      return { name, t, root, expected, before: snapshot(root) };
    });
    const results = await cairnBatch(prepared.map((p) => ({ args: ['validate', '--json'], cwd: p.root })));
    prepared.forEach(({ name, t, root, expected, before }, i) => {
      const r = results[i];
      expectExit(r, 3, `${name} / ${t}`);
      const j = json(r);
      assert.equal(j.ok, false);
      assert.equal(j.code, 'SUM_MISMATCH');
      assert.deepEqual(j.findings.map((f: { message: string }) => f.message), expected, `${name} / ${t}`);
      assert.deepEqual(snapshot(root), before, `${name} / ${t}: nothing changed on disk`);
    });
  });

  it('the text report lists every change and the hint', async () => {
    const root = copyCorpus('hatchet__sql-migrations');
    const dir = join(root, 'migrations');
    const entries = sumEntries(dir);
    flipCase(join(dir, entries[1]));
    rmSync(join(dir, entries[5]));
    writeFileSync(join(dir, '99990101000000_extra.sql'), 'SELECT 1;\n');
    const before = snapshot(root);
    const r = expectExit(await cairn(['validate'], { cwd: root }), 3);
    assert.equal(
      r.stdout,
      [
        'atlas.sum does not match migrations:',
        `  L3: ${entries[1]} was edited`,
        `  L7: ${entries[5]} was removed`,
        `  L83: 99990101000000_extra.sql was added`,
        'hint: if these changes are intended, run `cairn hash`; otherwise restore the files from version control',
        '',
      ].join('\n'),
    );
    // import refuses the tampered source and creates nothing.
    const imp = expectExit(await cairn(['import', '--to', 'goose', '--out', 'out'], { cwd: root }), 3);
    assert.match(imp.stderr, /^error: atlas\.sum does not match .*migrations; refusing to import it$/m);
    assert.equal(existsSync(join(root, 'out')), false);
    // apply refuses it before connecting anywhere.
    const app = expectExit(await cairn(['apply', '--url', `sqlite:${join(root, 'db.sqlite')}`], { cwd: root }), 3);
    assert.match(app.stderr, new RegExp(`L3: ${entries[1]} was edited`));
    // new refuses to add to a directory whose sum does not match.
    const nw = expectExit(await cairn(['new', 'more'], { cwd: root }), 3);
    assert.match(nw.stderr, /^error: atlas\.sum does not match /);
    assert.deepEqual(snapshot(root), before);
  });
});

describe('import every corpus directory into every writable format', () => {
  const cases = NAMES.flatMap((name) => WRITABLE.map((to) => ({ name, to })));
  it(`${cases.length} imports: exit 0, migration count kept, the result validates in its own format`, async () => {
    const roots = new Map(NAMES.map((n) => [n, copyCorpus(n)]));
    const imports = await cairnBatch(cases.map(({ name, to }) => ({ args: ['import', '--to', to, '--out', `out-${to}`, '--json'], cwd: roots.get(name)! })));
    // Validate each result as a user would after importing: without naming the format.
    const validations = await cairnBatch(cases.map(({ name, to }) => ({ args: ['validate', '--dir', `out-${to}`, '--json'], cwd: roots.get(name)! })));
    cases.forEach(({ name, to }, i) => {
      const what = `${name} -> ${to}`;
      const j = json(expectExit(imports[i], 0, what));
      assert.equal(j.from, CORPUS_DIRS[name].format, what);
      assert.equal(j.to, to);
      assert.equal(j.migrations, CORPUS_DIRS[name].migrations, `${what}: migration count`);
      const out = join(roots.get(name)!, `out-${to}`);
      assert.equal(j.files.at(-1), join(out, 'atlas.sum'));
      assert.deepEqual(readdirSync(out).sort(), j.files.map((f: string) => f.slice(out.length + 1)).sort(), `${what}: exactly the files reported`);
      assert.deepEqual(json(expectExit(validations[i], 0, `validate ${what}`)), { ok: true, findings: [], format: to, migrations: CORPUS_DIRS[name].migrations }, what);
    });
    // The same through the real bin, one per target format.
    await pool(WRITABLE, 2, async (to) => {
      const name = NAMES[WRITABLE.indexOf(to)];
      const root = roots.get(name)!;
      const r = expectExit(await cairn(['import', '--to', to, '--out', 'bin-out'], { cwd: root }), 0, `${name} -> ${to}`);
      const files = readdirSync(join(root, 'bin-out')).length;
      assert.equal(r.stdout, `imported ${CORPUS_DIRS[name].migrations} migrations into bin-out (${files} files)\n`);
      // Byte for byte what the batch run wrote.
      assert.deepEqual(snapshot(join(root, 'bin-out')), snapshot(join(root, `out-${to}`)), `${name} -> ${to}: deterministic`);
    });
  });

  it('--from names the source format; a wrong one lists the files it cannot read and writes nothing', async () => {
    const root = copyCorpus('ncps__migrations-postgres');
    const before = snapshot(root);
    const [ok, wrong] = await cairnBatch([
      { args: ['import', '--from', 'goose', '--to', 'dbmate', '--out', 'out', '--json'], cwd: root },
      { args: ['import', '--from', 'flyway', '--to', 'atlas', '--out', 'bad', '--json'], cwd: root },
    ]);
    const j = json(expectExit(ok, 0));
    assert.deepEqual([j.from, j.to, j.migrations, j.renumbered], ['goose', 'dbmate', 16, false]);
    // Versions are kept: the dbmate files carry the goose timestamps.
    assert.deepEqual(
      readdirSync(join(root, 'out')).filter((f) => f !== 'atlas.sum'),
      readdirSync(join(root, 'migrations')).filter((f) => f !== 'atlas.sum'),
    );
    const e = json(expectExit(wrong, 1)).error;
    assert.equal(e.code, 'DIR_INVALID');
    assert.equal(e.problems.length, 16);
    assert.equal(existsSync(join(root, 'bad')), false);
    before.set('out', '<dir>');
    assert.deepEqual([...snapshot(root).keys()].filter((k) => !k.startsWith('out/')), [...before.keys()].sort());
  });

  it('import into a non-empty --out fails and leaves it unchanged', async () => {
    const root = copyCorpus('ncps__migrations-sqlite');
    writeFileSync(join(root, 'keep.txt'), 'x');
    const before = snapshot(root);
    const r = expectExit(await cairn(['import', '--to', 'atlas', '--out', '.'], { cwd: root }), 4);
    assert.equal(r.stderr, `error: ${root} is not empty; import writes into a new or empty directory\n`);
    const j = expectExit(await cairn(['import', '--to', 'atlas', '--out', 'migrations', '--json'], { cwd: root }), 4);
    assert.equal(json(j).error.code, 'USAGE');
    assert.deepEqual(snapshot(root), before);
  });
});
