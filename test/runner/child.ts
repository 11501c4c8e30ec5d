/** Runs fixtures/apply-child.ts in a child process and collects its JSON lines. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const CHILD = join(import.meta.dirname, 'fixtures/apply-child.ts');
const TSX = import.meta.resolve('tsx');

export function runChild(url: string, dir: string, onLine?: (line: Record<string, unknown>) => void): { done: Promise<{ code: number | null; lines: Record<string, unknown>[] }>; pid: number; kill: (sig: NodeJS.Signals) => void } {
  const child = spawn(process.execPath, ['--import', TSX, CHILD, url, dir, '60000'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: Record<string, unknown>[] = [];
  let buf = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => {
    buf += d.toString();
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      const l = JSON.parse(buf.slice(0, i)) as Record<string, unknown>;
      buf = buf.slice(i + 1);
      lines.push(l);
      onLine?.(l);
    }
  });
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const done = new Promise<{ code: number | null; lines: Record<string, unknown>[] }>((resolve) =>
    child.on('close', (code) => {
      if (code !== 0 && err) lines.push({ stderr: err });
      resolve({ code, lines });
    }),
  );
  return { done, pid: child.pid!, kill: (sig) => child.kill(sig) };
}

