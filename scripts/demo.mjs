#!/usr/bin/env node
// The main flow on an embedded PostgreSQL (PGlite), no server needed:
// init → new → write SQL → hash → validate → apply → status → down → apply.
// Each step runs the real CLI (bin/cairn.mjs) in a fresh temporary project and is echoed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'cairn.mjs');
const cwd = mkdtempSync(join(tmpdir(), 'cairn-demo-'));

function cairn(...args) {
  console.log(`\n$ cairn ${args.join(' ')}`);
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, stdio: 'inherit', env: { ...process.env, DATABASE_URL: '' } });
  return r.status;
}
function must(code, expected = 0) {
  if (code !== expected) {
    console.error(`demo: expected exit ${expected}, got ${code}`);
    process.exit(1);
  }
}
function fill(name, sql) {
  const file = readdirSync(join(cwd, 'migrations')).find((f) => f.endsWith(`_${name}.sql`));
  writeFileSync(join(cwd, 'migrations', file), sql);
  console.log(`\n# wrote migrations/${file}:\n${sql.trimEnd()}`);
}

console.log(`demo project: ${cwd}`);
must(cairn('init'));
must(cairn('new', 'create_users'));
fill('create_users', `CREATE TABLE users (
  id bigserial PRIMARY KEY,
  email text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now()
);
-- cairn:down
-- DROP TABLE users;
`);
must(cairn('validate'), 3); // edited since `new` hashed it: validate catches it
must(cairn('hash'));
must(cairn('new', 'add_orders'));
await new Promise((r) => setTimeout(r, 1100)); // distinct second-resolution versions
fill('add_orders', `CREATE TABLE orders (
  id bigserial PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users (id),
  total numeric(12,2) NOT NULL DEFAULT 0
);
CREATE INDEX orders_user_id_idx ON orders (user_id);
-- cairn:down
-- DROP TABLE orders;
`);
must(cairn('hash'));
must(cairn('validate'));
must(cairn('status'), 2); // pending
must(cairn('apply'));
must(cairn('status'));
must(cairn('down'));
must(cairn('status'), 2);
must(cairn('apply'));
console.log(`\ndemo finished: the database is in ${join(cwd, '.cairn', 'local')}; config in ${join(cwd, 'cairn.config.ts')}`);
void readFileSync;
