/** Runs the CLI as a user would: a child process, in a given working directory. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(new URL('.', import.meta.url).pathname, '../..');
const ENTRY = join(ROOT, 'src/cli/bin.ts');
// Absolute, so that the child finds tsx from any working directory.
const TSX = import.meta.resolve('tsx');

export interface CliResult { code: number; stdout: string; stderr: string }

/** runTsx runs a TypeScript script in a child process (through tsx) and collects its output. */
export function runTsx(script: string, args: readonly string[], opts: { cwd?: string; env?: Record<string, string>; input?: string } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TSX, script, ...args], {
      cwd: opts.cwd ?? ROOT,
      env: { ...process.env, NO_COLOR: '1', CI: 'true', ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(opts.input ?? '');
  });
}

/** cairn runs the CLI with `args` in `cwd`, as a user would. */
export function cairn(args: readonly string[], opts: { cwd?: string; env?: Record<string, string>; input?: string } = {}): Promise<CliResult> {
  return runTsx(ENTRY, args, opts);
}

export { ROOT };
