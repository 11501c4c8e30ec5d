#!/usr/bin/env node
// The main flow on an embedded PostgreSQL (PGlite), no server needed, in a fresh temporary
// project: init → diff (schema.ts → migration) → apply → status → edit schema.ts → diff →
// validate → apply → down → apply → diff --check. Each step runs the real CLI and is echoed.
// The temporary project is removed at the end, also when a step fails or the demo is
// interrupted; `npm run demo -- --keep` keeps it to look around.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'cairn.mjs');
const keep = process.argv.includes('--keep');
const cwd = mkdtempSync(join(tmpdir(), 'cairn-demo-'));
let child;

function cleanUp() {
  if (!keep) rmSync(cwd, { recursive: true, force: true });
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    child?.kill(signal);
    cleanUp();
    console.error(`\ndemo: interrupted (${signal})${keep ? `, project kept in ${cwd}` : ', temporary project removed'}`);
    process.exit(130);
  });
}

function cairn(expected, ...args) {
  console.log(`\n$ cairn ${args.join(' ')}`);
  return new Promise((resolve, reject) => {
    child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: 'inherit', env: { ...process.env, DATABASE_URL: '' } });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      child = undefined;
      if (code === expected) resolve();
      else reject(new Error(`\`cairn ${args.join(' ')}\` exited ${code ?? signal}, expected ${expected}`));
    });
  });
}
function show(path) {
  console.log(`\n# ${path}\n${readFileSync(join(cwd, path), 'utf8').trimEnd()}`);
}
const newest = () => `migrations/${readdirSync(join(cwd, 'migrations')).filter((f) => f.endsWith('.sql')).sort().pop()}`;

async function demo() {
  console.log(`demo project: ${cwd}`);
  await cairn(0, 'init');
  show('schema.ts');
  await cairn(0, 'diff', 'create_users');
  show(newest());
  await cairn(2, 'status'); // exit 2: pending
  await cairn(0, 'apply');

  // The next change: an orders table, declared in schema.ts.
  await new Promise((r) => setTimeout(r, 1100)); // versions have one-second resolution
  writeFileSync(join(cwd, 'schema.ts'), readFileSync(join(cwd, 'schema.ts'), 'utf8').replace("import { table, bigserial, text, timestamptz, sql }", "import { table, bigserial, bigint, numeric, text, timestamptz, sql, index }") + `
export const orders = table('orders', {
  id: bigserial().primaryKey(),
  user_id: bigint().notNull().references(() => users.c.id),
  total: numeric(12, 2).notNull().default(0),
}, (t) => [index('orders_user_id_idx').on(t.user_id)]);
`);
  show('schema.ts');
  await cairn(0, 'diff', 'add_orders');
  show(newest());
  await cairn(0, 'validate');
  await cairn(0, 'apply');
  await cairn(0, 'status');
  await cairn(0, 'down'); // uses the down SQL stored in the database
  await cairn(2, 'status');
  await cairn(0, 'apply');
  await cairn(0, 'diff', '--check'); // in sync: exit 0, nothing written
}

try {
  await demo();
  console.log(keep ? `\ndemo finished: project kept in ${cwd} (database in .cairn/local)` : '\ndemo finished; temporary project removed (npm run demo -- --keep keeps it)');
} catch (e) {
  console.error(`demo: ${e.message}`);
  process.exitCode = 1;
} finally {
  cleanUp();
}
