/**
 * `cairn diff` at a terminal asks whether a dropped + added column is a rename; outside one
 * (CI) it stops with the exact flag to pass. The terminal is a real pseudo-terminal from
 * script(1), with the answer typed into it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cairn, ROOT } from '../helpers/cli.js';

function project(): string {
  const cwd = mkdtempSync(join(tmpdir(), 'cairn-prompt-'));
  mkdirSync(join(cwd, 'migrations'));
  writeFileSync(join(cwd, 'migrations', '20260101000000_init.sql'), 'CREATE TABLE users (id bigint PRIMARY KEY, name text);\n');
  writeFileSync(join(cwd, 'schema.ts'), "import { table, bigint, text } from 'cairn/dsl';\nexport const users = table('users', { id: bigint().primaryKey(), full_name: text() });\n");
  return cwd;
}

test('in CI the suspected rename stops the diff and names the flag; nothing is written', async () => {
  const cwd = project();
  assert.equal((await cairn(['hash'], { cwd })).code, 0);
  const r = await cairn(['diff', 'rename', '--to', 'schema.ts'], { cwd });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /--rename public\.users\.name=full_name/);
  assert.match(r.stderr, /--allow-drop/);
  assert.deepEqual(readdirSync(join(cwd, 'migrations')).sort(), ['20260101000000_init.sql', 'atlas.sum']);
});

test('at a terminal, choosing "rename" writes RENAME COLUMN, not drop + add', async () => {
  const cwd = project();
  assert.equal((await cairn(['hash'], { cwd })).code, 0);
  const tsx = import.meta.resolve('tsx');
  const cmd = [process.execPath, '--import', tsx, join(ROOT, 'src/cli/bin.ts'), 'diff', 'rename', '--to', 'schema.ts'].map((a) => `'${a}'`).join(' ');
  // The answer (Enter: the first option, rename) is typed once the prompt can be up.
  const typed = `sleep 12; printf '\\r'; sleep 20`;
  const env = { ...process.env, NO_COLOR: '1' };
  delete env.CI;
  const r = spawnSync('bash', ['-c', `(${typed}) | script -qec "${cmd.replace(/"/g, '\\"')}" /dev/null`], { cwd, env, encoding: 'utf8', timeout: 120_000 });
  const written = readdirSync(join(cwd, 'migrations')).filter((f) => f.includes('_rename.sql'));
  assert.equal(written.length, 1, `no migration written:\n${r.stdout}\n${r.stderr}`);
  const sql = readFileSync(join(cwd, 'migrations', written[0]!), 'utf8');
  assert.match(sql, /ALTER TABLE "public"\."users" RENAME COLUMN "name" TO "full_name";/);
  assert.doesNotMatch(sql, /DROP COLUMN/);
  // script's pseudo-terminal has no width, so the prompt itself wraps a character a line.
  assert.match(r.stdout, /created migrations\/\d{14}_rename\.sql/);
});
