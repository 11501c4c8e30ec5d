#!/usr/bin/env node
// The main flow on an embedded PostgreSQL (PGlite), no server needed, in a fresh temporary
// project: init → diff (schema.ts → migration) → apply → status → edit schema.ts → diff →
// validate → apply → down → apply → diff --check. Each step runs the real CLI and is echoed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'cairn.mjs');
const cwd = mkdtempSync(join(tmpdir(), 'cairn-demo-'));

function cairn(expected, ...args) {
  console.log(`\n$ cairn ${args.join(' ')}`);
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, stdio: 'inherit', env: { ...process.env, DATABASE_URL: '' } });
  if (r.status !== expected) {
    console.error(`demo: \`cairn ${args.join(' ')}\` exited ${r.status}, expected ${expected}`);
    process.exit(1);
  }
}
function show(path) {
  console.log(`\n# ${path}\n${readFileSync(join(cwd, path), 'utf8').trimEnd()}`);
}
const newest = () => `migrations/${readdirSync(join(cwd, 'migrations')).filter((f) => f.endsWith('.sql')).sort().pop()}`;

console.log(`demo project: ${cwd}`);
cairn(0, 'init');
show('schema.ts');
cairn(0, 'diff', 'create_users');
show(newest());
cairn(2, 'status'); // exit 2: pending
cairn(0, 'apply');

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
cairn(0, 'diff', 'add_orders');
show(newest());
cairn(0, 'validate');
cairn(0, 'apply');
cairn(0, 'status');
cairn(0, 'down'); // uses the down SQL stored in the database
cairn(2, 'status');
cairn(0, 'apply');
cairn(0, 'diff', '--check'); // in sync: exit 0, nothing written
console.log(`\ndemo finished: database in ${join(cwd, '.cairn', 'local')}, config in ${join(cwd, 'cairn.config.ts')}`);
