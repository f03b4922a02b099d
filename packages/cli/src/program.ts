import { Command, CommanderError } from 'commander';
import { registerAccountCommands } from './commands/accounts.js';
import { registerDbCommands } from './commands/db.js';
import { registerLessonCommands } from './commands/lesson.js';
import { registerLiveCommands } from './commands/live.js';
import { registerLiveControlCommands } from './commands/live-control.js';
import { registerRecordingCommands } from './commands/recording.js';
import { registerScenarioCommand } from './commands/scenarios.js';
import { registerServeCommand } from './commands/serve.js';
import { registerSessionCommands } from './commands/sessions.js';
import { Context, type GlobalOptions, type Io } from './context.js';
import { EXIT, type ExitCode } from './exit-codes.js';

/** What every command's action gets: a way to run with a context and report failures. */
export interface CommandHost {
  /** Runs an action; its error is printed and becomes the exit code. */
  run(action: (ctx: Context) => Promise<void | ExitCode>): Promise<void>;
}

export const VERSION = '0.1.0';

/** The `scrubin` program, writing to `io`. */
export function createProgram(io: Io, setExitCode: (code: ExitCode) => void): Command {
  const program = new Command('scrubin');
  program
    .description(
      'Scrub In from the terminal: run the platform, create and join sessions, chat, control, record and replay.',
    )
    .version(VERSION)
    .option(
      '-s, --server <url>',
      'server URL (env SCRUBIN_SERVER; default: the server you logged in to, else http://localhost:3000)',
    )
    .option(
      '-t, --token <token>',
      'bearer token (env SCRUBIN_TOKEN; default: from `scrubin login`)',
    )
    .option('--json', 'print data as JSON (stable shapes, see docs/cli.md)')
    .option('--no-color', 'no colours (also NO_COLOR; colours are used only on a terminal)')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .exitOverride()
    .addHelpText(
      'after',
      `
Exit codes: 0 ok, 1 usage, 2 not found or refused, 3 server unreachable, 4 assertion failed,
5 not signed in, 10 unexpected.

Examples:
  scrubin serve
  scrubin register -e ada@example.org -n "Dr Ada Lin"
  scrubin create --title "Suturing drill" --scenario interrupted-suture
  scrubin join K7QM-4XRT
  scrubin replay session.jsonl --assert 'total>=70'
  scrubin db export -o backup.jsonl.gz --uri mongodb://127.0.0.1/scrubin`,
    );

  const host: CommandHost = {
    async run(action) {
      const ctx = new Context(io, program.opts<GlobalOptions>());
      try {
        const code = await action(ctx);
        setExitCode(code ?? EXIT.OK);
      } catch (err) {
        setExitCode(await ctx.fail(err));
      }
    },
  };
  registerServeCommand(program, host);
  registerAccountCommands(program, host);
  registerScenarioCommand(program, host);
  registerRecordingCommands(program, host);
  registerSessionCommands(program, host);
  registerLiveControlCommands(program, host);
  registerLiveCommands(program, host);
  registerLessonCommands(program, host);
  registerDbCommands(program, host);
  return program;
}

/** Runs `scrubin` with `argv` (without node and script); resolves with the exit code. */
export async function runCli(argv: string[], io: Io): Promise<ExitCode> {
  let exitCode: ExitCode = EXIT.OK;
  const program = createProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here too, with code 0.
      return err.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    }
    throw err;
  }
  return exitCode;
}
