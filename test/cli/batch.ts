/**
 * A child process that runs many CLI invocations in one Node start-up: it reads
 * `[{ args, cwd }]` as JSON on stdin, runs each through the CLI's `main()` (the code bin.ts
 * runs) with its own captured stdout/stderr and working directory, and prints the results as
 * JSON. Spawning tsx costs ~0.5–1 s per call; the corpus matrices make hundreds of calls.
 */
import { main } from '../../src/cli/main.js';

interface Call { args: string[]; cwd: string }

let input = '';
process.stdin.setEncoding('utf8');
for await (const chunk of process.stdin) input += chunk;
const calls = JSON.parse(input) as Call[];
const results = [];
for (const c of calls) {
  let stdout = '';
  let stderr = '';
  const io = {
    out: (t: string) => void (stdout += t.endsWith('\n') ? t : t + '\n'),
    err: (t: string) => void (stderr += t.endsWith('\n') ? t : t + '\n'),
    isTTY: false,
    color: false,
  };
  const code = await main(c.args, io, c.cwd);
  results.push({ code, stdout, stderr });
}
process.stdout.write(JSON.stringify(results));
