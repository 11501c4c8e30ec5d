#!/usr/bin/env node
import { main } from './main.js';

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
