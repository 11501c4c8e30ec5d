import { Command, CommanderError, Option } from 'commander';
import { CairnError, EXIT } from '../errors.js';
import { FORMAT_NAMES } from '../migrate/dir/types.js';
import { CAIRN_VERSION } from '../version.js';
import { invocation } from './run.js';
import { errorJson, processIo, Secrets, type Io } from './output.js';
import { registerDirCommands } from './commands/dir.js';
import { registerRunnerCommands } from './commands/runner.js';
import { registerSchemaCommands } from './commands/schema.js';
import { registerInit } from './commands/init.js';
import { registerDevCommands } from './commands/dev.js';
import { registerLintCommand } from './commands/lint.js';
import { registerCiCommand } from './commands/ci.js';
import { registerAdoptCommand } from './commands/adopt.js';

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

  const json = wantsJson(argv);
  // A parse error may echo an argument (`unknown command 'postgres://u:pw@db'`): hide any
  // password in argv from it.
  const secrets = new Secrets();
  for (const a of argv) secrets.addUrl(a);
  const program = buildProgram({ ...io, out: io.out, err: (t) => io.err(secrets.scrub(t)) }, { json });
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.exitCode === 0) return EXIT.OK;
      // Commander has printed the text form unless --json, which silences it: print the same
      // error shape as a command's failure, so that a script always gets JSON.
      if (json) io.out(secrets.scrub(JSON.stringify(errorJson(usageError(err)), null, 2)));
      return EXIT.USAGE;
    }
    throw err;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  return invocation.exitCode;
}

/**
 * wantsJson: whether `--json` is among the flags, wherever it stands (before `--`). Commander
 * fails on an unknown flag or command before it has parsed `--json`, so argv is read directly.
 */
export function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).includes('--json');
}

/** usageError turns commander's parse error into the CLI's USAGE error (exit 4). */
function usageError(err: CommanderError): CairnError {
  // `cairn` alone prints the help and fails with the message '(outputHelp)'.
  const message = err.code === 'commander.help' ? 'no command given' : err.message.replace(/^error: /, '');
  return new CairnError('USAGE', message, { details: { reason: err.code }, hint: 'run cairn --help, or cairn <command> --help, for usage' });
}

export function buildProgram(io: Io, opts: { json?: boolean } = {}): Command {
  const program = new Command('cairn')
    .description('Database schema migrations: declarative diff, versioned files, atlas.sum integrity, a safe runner.')
    .version(CAIRN_VERSION, '-v, --version')
    .exitOverride()
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
  registerDevCommands(program);
  registerLintCommand(program);
  registerCiCommand(program);
  registerAdoptCommand(program);
  // With --json, commander's text for a parse error is replaced by the JSON error (see main).
  const output = {
    writeOut: (s: string) => io.out(s.trimEnd()),
    writeErr: (s: string) => (opts.json ? undefined : io.err(s.trimEnd())),
  };
  const configure = (cmd: Command): void => {
    // Every command's --help lists the global flags (--dir, --config, --env, --json …).
    cmd.exitOverride().configureOutput(output).configureHelp({ showGlobalOptions: true });
    cmd.commands.forEach(configure);
  };
  configure(program);
  return program;
}
