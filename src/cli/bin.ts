#!/usr/bin/env node
import { setFlagsFromString } from 'node:v8';

// PGlite is PostgreSQL compiled to WebAssembly. V8 starts WASM in its baseline compiler
// (Liftoff) and recompiles hot functions with TurboFan in the background; for a CLI run of a
// few seconds that recompilation costs more than it ever pays back (replaying the 214-file
// minder history: 1.5 s with tier-up, 0.7 s without, on 2 cores; see bench/). So the CLI, which
// owns its process, keeps WASM on Liftoff. The library never sets this: an application's own
// WASM is not Cairn's to slow down. CAIRN_WASM_TIERUP=1 turns it back on for long runs.
if (process.env.CAIRN_WASM_TIERUP !== '1') setFlagsFromString('--liftoff-only');

// Imported after the flag is set, so that no WASM module can be compiled before it.
const { main } = await import('./main.js');

// Exit as soon as the command is done: a driver's socket or timer still winding down (an early
// connection attempt to an unreachable host) must not keep the process alive after the answer.
// stdout and stderr are synchronous for files and pipes on Linux, so nothing printed is lost.
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`cairn: internal error: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exit(1);
  },
);
