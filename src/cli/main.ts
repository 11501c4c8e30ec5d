import { Command, CommanderError, Option } from 'commander';
import { EXIT } from '../errors.js';
import { FORMAT_NAMES } from '../migrate/dir/types.js';
import { CAIRN_VERSION } from '../version.js';
import { invocation } from './run.js';
import { processIo, type Io } from './output.js';
import { registerDirCommands } from './commands/dir.js';
import { registerRunnerCommands } from './commands/runner.js';
import { registerSchemaCommands } from './commands/schema.js';
import { registerInit } from './commands/init.js';

/**
 * main parses argv and runs one command; it returns the exit code (see EXIT in errors.ts).
 * SIGINT/SIGTERM abort the running command through an AbortSignal, so the runner can finish
 * or roll back the current file and release its lock; a second signal exits at once.
 */
export async function main(argv: readonly string[], io: Io = processIo, cwd = process.cwd()): Promise<number> {
  const controller = new AbortController();
  let signals = 0;
  const onSignal = (sig: NodeJS.Signals) => {
    signals++;
    if (signals > 1) process.exit(EXIT.INTERRUPTED);
    io.err(`received ${sig}: finishing the current step, then stopping (send again to exit now)`);
    controller.abort(new Error(sig));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  Object.assign(invocation, { io, signal: controller.signal, exitCode: EXIT.OK, cwd });

  const program = buildProgram(io);
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    }
    throw err;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  return invocation.exitCode;
}

export function buildProgram(io: Io): Command {
  const program = new Command('cairn')
    .description('Database schema migrations: declarative diff, versioned files, atlas.sum integrity, a safe runner.')
    .version(CAIRN_VERSION, '-v, --version')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .showHelpAfterError('(run cairn --help for usage)')
    .option('--dir <path>', 'migration directory (default ./migrations)')
    .addOption(new Option('--dir-format <format>', 'directory layout (detected when omitted)').choices(FORMAT_NAMES as string[]))
    .option('--config <file>', 'config file (default cairn.config.ts in the current directory)')
    .option('--env <name>', 'environment section of the config to use')
    .option('--json', 'print a JSON result instead of text');
  registerInit(program);
  registerDirCommands(program);
  registerRunnerCommands(program);
  registerSchemaCommands(program);
  for (const cmd of program.commands) cmd.exitOverride().configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });
  return program;
}
