/**
 * Locks across processes and after crashes: a child process takes the lock, the test sees a
 * LOCK_TIMEOUT naming it, kills it with SIGKILL (no cleanup runs), and then gets the lock.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { freshMysql, freshPostgres, freshSqlite, type TestDb } from '../helpers/db.js';
import { connect } from '../../src/dialects/registry.js';
import { CairnError } from '../../src/errors.js';

const ROOT = join(import.meta.dirname, '../..');
const HOLDER = join(import.meta.dirname, 'fixtures/hold-lock.ts');
const REV = { table: 'cairn_revisions' };

/** Starts a child that takes the lock and resolves once it says so. */
async function holdInChild(url: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', HOLDER, url, REV.table], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (b) => (err += b));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (b) => {
      out += b;
      if (out.includes('LOCKED')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`lock holder exited with ${code}: ${err}`)));
  });
  return child;
}

async function crash(child: ChildProcess): Promise<void> {
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}

async function crossProcess(fresh: () => Promise<TestDb>, holder: (pid: number) => RegExp): Promise<void> {
  const db = await fresh();
  const conn = await connect(db.url);
  let child: ChildProcess | undefined;
  try {
    child = await holdInChild(db.url);
    await assert.rejects(conn.dialect.acquireLock(conn, REV, 300), (e: unknown) => {
      assert.ok(e instanceof CairnError);
      assert.equal(e.code, 'LOCK_TIMEOUT');
      assert.match(e.message, holder(child!.pid!));
      return true;
    });
    await crash(child);
    child = undefined;
    // The crashed holder's lock must not be stuck: the session died / the pid is dead.
    const lock = await conn.dialect.acquireLock(conn, REV, 5000);
    await lock.release();
  } finally {
    if (child) await crash(child);
    await conn.close();
    await db.drop();
  }
}

test('postgres: a lock held by another process blocks; killing it frees the lock', async () => {
  // The holder is named by its backend pid, not the client pid.
  await crossProcess(freshPostgres, () => /held by backend pid \d+ \(user postgres, application cairn/);
});

test('mysql: a lock held by another process blocks; killing it frees the lock', async () => {
  await crossProcess(freshMysql, () => /held by connection \d+ \(root@/);
});

test('sqlite: a lock file held by another process blocks; a crashed holder is stolen', async () => {
  await crossProcess(freshSqlite, (pid) => new RegExp(`held by pid ${pid} on ${hostname()}`));
});

test('sqlite: a stale lock file from a dead pid is stolen; a foreign host is not', async () => {
  const db = await freshSqlite();
  const conn = await connect(db.url);
  const lockFile = db.name + '.cairn-lock';
  try {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    writeFileSync(lockFile, JSON.stringify({ pid: dead, hostname: hostname(), since: '2000-01-01T00:00:00Z' }));
    const lock = await conn.dialect.acquireLock(conn, REV, 1000);
    assert.equal(JSON.parse(readFileSync(lockFile, 'utf8')).pid, process.pid);
    await lock.release();
    assert.equal(existsSync(lockFile), false, 'release removes the lock file');

    writeFileSync(lockFile, JSON.stringify({ pid: dead, hostname: 'elsewhere.example', since: '2000-01-01T00:00:00Z' }));
    await assert.rejects(conn.dialect.acquireLock(conn, REV, 100), (e: unknown) => {
      assert.ok(e instanceof CairnError && e.code === 'LOCK_TIMEOUT');
      assert.match(e.message, /pid \d+ on elsewhere\.example/);
      assert.match(e.hint ?? '', /delete .*cairn-lock/);
      return true;
    });
  } finally {
    await conn.close();
    await db.drop();
  }
});

test('sqlite: a lock file is removed when the holder exits normally without releasing', async () => {
  const db = await freshSqlite();
  const script = `
    const { connect } = await import(${JSON.stringify(join(ROOT, 'src/dialects/registry.ts'))});
    const c = await connect(${JSON.stringify(db.url)});
    await c.dialect.acquireLock(c, { table: 't' }, 1000);
    process.exit(0);
  `;
  try {
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(existsSync(db.name + '.cairn-lock'), false);
  } finally {
    await db.drop();
  }
});

test('in-memory targets use an in-process lock per connection', async () => {
  for (const url of ['sqlite::memory:', 'pglite:memory']) {
    const a = await connect(url);
    const b = await connect(url);
    try {
      const la = await a.dialect.acquireLock(a, REV, 500);
      // Another in-memory connection is another database: nothing to contend for.
      const lb = await b.dialect.acquireLock(b, REV, 500);
      await assert.rejects(a.dialect.acquireLock(a, REV, 100), { code: 'LOCK_TIMEOUT' });
      await la.release();
      await la.release();
      await (await a.dialect.acquireLock(a, REV, 100)).release();
      await lb.release();
    } finally {
      await a.close();
      await b.close();
    }
  }
});
