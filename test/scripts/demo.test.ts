/**
 * `npm run demo` leaves nothing behind: its temporary project is removed when a step fails and
 * when it is interrupted (a full run takes ~40 s on this machine, so it is run by hand and by
 * the fresh-clone check, not here).
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const DEMO = join(import.meta.dirname, '../../scripts/demo.mjs');

/** Runs the demo with its own TMPDIR; `onOutput` may act on what it printed so far. */
function runDemo(env: NodeJS.ProcessEnv, onOutput?: (out: string, kill: (s: NodeJS.Signals) => void) => void) {
  const tmp = mkdtempSync(join(tmpdir(), 'cairn-demo-test-'));
  const child = spawn(process.execPath, [DEMO], { env: { ...process.env, ...env, TMPDIR: tmp }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => {
    out += d;
    onOutput?.(out, (s) => child.kill(s));
  });
  child.stderr.on('data', (d) => (err += d));
  return new Promise<{ code: number | null; out: string; err: string; left: string[] }>((resolve) => {
    child.on('exit', (code) => {
      const left = readdirSync(tmp);
      rmSync(tmp, { recursive: true, force: true });
      resolve({ code, out, err, left });
    });
  });
}

it('a failing step: the demo says which, exits 1, and removes its project', async () => {
  // Every `cairn` the demo starts exits 9 at once; the demo itself runs normally.
  const hook = `data:text/javascript,${encodeURIComponent("if (process.argv[1]?.endsWith('cairn.mjs')) process.exit(9);")}`;
  const r = await runDemo({ NODE_OPTIONS: `--import=${hook}` });
  assert.equal(r.code, 1, r.err);
  assert.match(r.out, /^demo project: .*cairn-demo-/m);
  assert.match(r.err, /^demo: `cairn init` exited 9, expected 0$/m);
  assert.deepEqual(r.left, []);
});

it('interrupted: the demo stops the running step, exits 130, and removes its project', async () => {
  let sent = false;
  const r = await runDemo({}, (out, kill) => {
    if (!sent && out.includes('$ cairn diff create_users')) {
      sent = true;
      kill('SIGTERM');
    }
  });
  assert.equal(sent, true, r.out + r.err);
  assert.equal(r.code, 130, r.err);
  assert.match(r.err, /demo: interrupted \(SIGTERM\), temporary project removed/);
  assert.deepEqual(r.left, []);
});
