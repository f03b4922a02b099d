import { InvalidArgumentError, type Command } from 'commander';
import {
  CONTROL_ACTIONS,
  LIMITS,
  ScrubinError,
  type ControlAction,
  type SessionDetails,
  type SessionStatus,
} from '@scrubin/protocol';
import type { LiveSession, ScrubinClient } from '@scrubin/sdk';
import type { Context } from '../context.js';
import { CliError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import type { CommandHost } from '../program.js';
import { resolveSessionId } from '../resolve-session.js';

/** What `scrubin control` accepts: the host controls, and `reset` (surgery:reset-simulation). */
export const CONTROL_COMMANDS = [...CONTROL_ACTIONS, 'reset'] as const;
export type ControlCommand = (typeof CONTROL_COMMANDS)[number];

/** `scrubin chat` and `scrubin control`: one action over Socket.IO, for scripts. */
export function registerLiveControlCommands(program: Command, host: CommandHost): void {
  program
    .command('chat')
    .description(
      'Send one chat message to a session you take part in (joins the room, waits for the ack, disconnects keeping your seat)',
    )
    .argument('<session>', 'session id, share code, link token or share URL')
    .argument(
      '<text...>',
      `the message (words are joined by spaces; 1–${LIMITS.chatMaxChars} characters)`,
    )
    .addHelpText(
      'after',
      `
Examples:
  scrubin chat K7QM-4XRT "Scrubbing in: starting in two minutes"
  scrubin chat K7QM-4XRT Scalpel please --json | jq .seq
  scrubin chat K7QM-4XRT -- "-1 mm is too shallow"`,
    )
    .action((input: string, words: string[]) =>
      host.run(async (ctx) => {
        const text = words.join(' ').trim();
        if (text.length === 0 || text.length > LIMITS.chatMaxChars) {
          throw new CliError(
            `A chat message has 1 to ${LIMITS.chatMaxChars} characters (got ${text.length})`,
            EXIT.USAGE,
          );
        }
        const { live, session } = await openLive(ctx, input);
        try {
          const { event } = await live.chat(text);
          ctx.print(
            {
              sessionId: event.sessionId,
              seq: event.seq,
              tick: event.tick,
              userId: event.userId,
              name: event.name,
              text: event.text,
              at: event.at,
            },
            () => `${event.name} → ${session.title} (seq ${event.seq}): ${event.text}`,
          );
        } finally {
          live.close();
        }
      }),
    );

  program
    .command('control')
    .description(
      'Start, pause, resume, stop or reset the simulation of a session you host; prints the new status',
    )
    .argument('<session>', 'session id, share code, link token or share URL')
    .argument('<action>', CONTROL_COMMANDS.join(', '), (value: string): ControlCommand => {
      if (!(CONTROL_COMMANDS as readonly string[]).includes(value)) {
        throw new InvalidArgumentError(`Allowed: ${CONTROL_COMMANDS.join(', ')}.`);
      }
      return value as ControlCommand;
    })
    .addHelpText(
      'after',
      `
Examples:
  scrubin control K7QM-4XRT start
  scrubin control K7QM-4XRT pause && sleep 30 && scrubin control K7QM-4XRT resume
  scrubin control K7QM-4XRT reset --json | jq -r .status

Transitions: start idle→active, pause active→paused, resume paused→active,
stop idle|active|paused→completed, reset idle|active|paused→idle.`,
    )
    .action((input: string, action: ControlCommand) =>
      host.run(async (ctx) => {
        const { live } = await openLive(ctx, input);
        try {
          let result: {
            seq: number;
            tick: number;
            status: SessionStatus;
            durationS: number | null;
          };
          try {
            if (action === 'reset') {
              const ack = await live.reset();
              result = { seq: ack.seq, tick: ack.tick, status: 'idle', durationS: null };
            } else {
              const { event } = await live.control(action as ControlAction);
              result = {
                seq: event.seq,
                tick: event.tick,
                status: event.status,
                durationS: event.durationS,
              };
            }
          } catch (err) {
            if (err instanceof ScrubinError && err.code === 'FORBIDDEN') {
              throw new CliError(
                `Only the host can ${action === 'reset' ? 'reset' : 'control'} the simulation`,
                EXIT.REFUSED,
              );
            }
            throw err;
          }
          ctx.print(
            { sessionId: live.sessionId, action, ...result },
            () => `Simulation ${ctx.style(result.status, 'bold')} (${action}, seq ${result.seq}).`,
          );
        } finally {
          live.close();
        }
      }),
    );
}

/**
 * Joins the room of a session the user takes part in. A participant whose seat the server
 * released (after a disconnection longer than the seat hold) takes it back first; someone who was
 * never in the session is refused (exit 2).
 */
async function openLive(
  ctx: Context,
  input: string,
): Promise<{ live: LiveSession; session: SessionDetails }> {
  const client = await ctx.client();
  const sessionId = await resolveSessionId(client, input);
  const [me, session] = await Promise.all([client.me(), participantView(client, sessionId)]);
  if (session.status === 'completed') {
    throw new CliError(`The session ${session.title} has ended`, EXIT.REFUSED);
  }
  const stays = session.collaborativeData.participants.filter((p) => p.userId === me.id);
  const role = stays.at(-1)?.role === 'observer' ? 'observer' : 'assistant';
  if (!stays.some((p) => p.leftAt === null)) {
    ctx.info(ctx.style(`Taking your seat in ${session.title} again…`, 'dim'));
  }
  // Taking the seat over REST also restarts the hold of a seat still open after a disconnection,
  // so it is not released before the socket joins.
  const takeSeat = () => client.joinSession(session.uniqueLink, { role });
  await takeSeat();
  try {
    return { live: await client.join(sessionId), session };
  } catch (err) {
    // The hold ran out between the two (a slow connection): take the seat again, once.
    if (!(err instanceof ScrubinError && err.code === 'FORBIDDEN')) throw err;
    await takeSeat();
    return { live: await client.join(sessionId), session };
  }
}

/** The session's details; "not a participant" (exit 2) for someone who was never in it. */
async function participantView(client: ScrubinClient, sessionId: string): Promise<SessionDetails> {
  try {
    return await client.getSession(sessionId);
  } catch (err) {
    if (err instanceof ScrubinError && err.code === 'FORBIDDEN') {
      throw new CliError(
        'You are not a participant of this session',
        EXIT.REFUSED,
        'Take a seat first: scrubin join <code|link>',
      );
    }
    throw err;
  }
}
