import { InvalidArgumentError, type Command } from 'commander';
import { JOIN_ROLES, type JoinRole } from '@scrubin/protocol';
import type { LiveSession, ScrubinClient } from '@scrubin/sdk';
import { CliError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import type { CommandHost } from '../program.js';
import { takeSeat } from '../replay/seat.js';
import { describeClose } from '../ui/live-state.js';
import { createLiveStore, type LiveStore } from '../ui/live-store.js';

/** Options of `scrubin join`. */
interface JoinOptions {
  role: JoinRole;
  leave?: boolean;
}

/**
 * Takes a seat (REST join with `role`, or the seat already held) and joins the room live. The
 * store is made as soon as the handle has joined, so that no event is missed.
 * @example
 * const { live, store } = await joinLive(client, 'K7QM-4XRT', 'observer');
 */
export async function joinLive(
  client: ScrubinClient,
  input: string,
  role: JoinRole,
): Promise<{ live: LiveSession; store: LiveStore }> {
  const { session } = await takeSeat(client, input, role);
  const live = await client.join(session.sessionId);
  return { live, store: createLiveStore(live) };
}

function parseRole(value: string): JoinRole {
  if (!(JOIN_ROLES as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`Allowed: ${JOIN_ROLES.join(', ')}.`);
  }
  return value as JoinRole;
}

/** `scrubin join`: the live view in the terminal. */
export function registerLiveCommands(program: Command, host: CommandHost): void {
  program
    .command('join')
    .description(
      'Take a seat in a session and watch it live: status, participants, event feed and chat; the host also starts, pauses, stops and resets it',
    )
    .argument(
      '<session>',
      'share code, link token or share URL (or the id of a session you sit in)',
    )
    .option(
      '-r, --role <role>',
      `role to ask for: ${JOIN_ROLES.join(' or ')}`,
      parseRole,
      'assistant',
    )
    .option('--leave', 'give the seat up when quitting (by default it is held for a while)')
    .addHelpText(
      'after',
      `
Keys:
  type, Enter        send a chat message (Enter or Tab first to start a message with "q")
  Esc                clear the message
  q, Ctrl+C          quit (q on an empty line); the seat is kept unless --leave
  Ctrl+S             host: start the simulation
  Ctrl+P             host: pause / resume
  Ctrl+X             host: stop (asks y/N; ends the session)
  Ctrl+R             host: reset to idle (asks y/N)

Needs a terminal. In scripts use \`scrubin chat\`, \`scrubin control\` or \`scrubin record\`.

Examples:
  scrubin join K7QM-4XRT
  scrubin join "https://scrubin.example.org/surgery-simulation?link=…" --role observer
  scrubin join k7qm4xrt --leave`,
    )
    .action((input: string, opts: JoinOptions) =>
      host.run(async (ctx) => {
        const { stdin, stdout, stderr } = ctx.io;
        if (!stdin.isTTY || !stdout.isTTY) {
          throw new CliError(
            '`scrubin join` is an interactive view and needs a terminal (stdin and stdout)',
            EXIT.USAGE,
            `In scripts use \`scrubin chat ${input} "text"\`, \`scrubin control ${input} start|pause|resume|stop|reset\` or \`scrubin record ${input} -o session.jsonl\`.`,
          );
        }
        // React, ink and its layout engine load only for this command.
        const [{ createElement }, { render }, { LiveApp }] = await Promise.all([
          import('react'),
          import('ink'),
          import('../ui/live-view.js'),
        ]);
        const client = await ctx.client();
        const { live, store } = await joinLive(client, input, opts.role);
        const rows = (stdout as NodeJS.WriteStream).rows ?? 24;
        const app = render(
          createElement(LiveApp, {
            store,
            actions: live,
            color: ctx.color,
            feedLines: Math.max(5, rows - 12),
          }),
          {
            stdin: stdin as NodeJS.ReadStream,
            stdout: stdout as NodeJS.WriteStream,
            stderr: stderr as NodeJS.WriteStream,
            exitOnCtrlC: false,
            patchConsole: false,
          },
        );
        try {
          await app.waitUntilExit();
        } finally {
          store.dispose();
        }
        const { connection, connectionReason, code, status } = store.getState();
        if (connection === 'closed') {
          live.close();
          if (connectionReason === 'ended') {
            ctx.info('The session has ended.');
            return;
          }
          throw new CliError(describeClose(connectionReason), EXIT.REFUSED);
        }
        if (status === 'completed') {
          live.close();
          ctx.info('The session has ended.');
        } else if (opts.leave) {
          await live.leave().catch(() => undefined);
          ctx.info('You left the session; your seat is free.');
        } else {
          live.close();
          ctx.info(
            ctx.style(
              `Disconnected; your seat is held for a while. Back in with: scrubin join ${code}`,
              'dim',
            ),
          );
        }
      }),
    );
}
