import { INSTRUMENT_ROLES, TICK_HZ, type Recording } from '@scrubin/protocol';
import type { Context } from '../context.js';
import { CliError } from '../errors.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { playRecordingInto } from './play-into.js';
import { createProgressBar } from './progress.js';
import { takeSeat } from './seat.js';

/** Without a terminal, a progress line every this many recorded ticks (10 s). */
const PLAIN_PROGRESS_TICKS = 10 * TICK_HZ;

/** What `scrubin replay --into --json` prints. */
export interface PlayIntoJson {
  sessionId: string;
  sent: number;
  skipped: number;
  /** Ctrl+C / SIGTERM stopped playback before the end. */
  aborted: boolean;
  speed: number;
  fromTick: number;
  toTick: number;
}

/**
 * `scrubin replay <file> --into <session>`: takes or reuses an instrument seat, makes sure the
 * session is active (starts it when the caller hosts an idle one, else waits), then plays.
 */
export async function playInto(
  ctx: Context,
  input: string,
  recording: Recording,
  opts: { speed: number; fromTick?: number; toTick?: number },
): Promise<ExitCode> {
  const client = await ctx.client();
  const { session } = await takeSeat(client, input, 'assistant');
  const live = await client.join(session.sessionId);
  try {
    if (live.role === undefined || !INSTRUMENT_ROLES.includes(live.role)) {
      throw new CliError(
        `You sit in ${session.sessionId} as ${live.role ?? 'nobody'}: playing a recording needs an instrument seat (surgeon or assistant)`,
        EXIT.REFUSED,
        'The host can change your role: scrubin roles <session> <you> assistant',
      );
    }
    const isHost = live.session?.creatorId === live.userId;
    if (live.status === 'completed') {
      throw new CliError(`The session ${session.sessionId} has ended`, EXIT.REFUSED);
    }
    if (live.status === 'idle' && isHost) {
      await live.control('start');
      ctx.info('Started the session.');
    } else if (live.status !== 'active') {
      ctx.info(
        `The session is ${live.status}: waiting until it is active${isHost ? '' : ' (the host starts or resumes it)'}… (Ctrl+C to give up)`,
      );
    }

    const lastTick = recording.end?.tick ?? recording.events.at(-1)?.tick ?? 0;
    const fromTick = opts.fromTick ?? 0;
    const toTick = Math.min(opts.toTick ?? lastTick, lastTick);
    const bar = createProgressBar(ctx.io.stderr, `playing ×${opts.speed}`);
    let nextPlain = fromTick + PLAIN_PROGRESS_TICKS;
    const tty = Boolean(ctx.io.stderr.isTTY);
    const controller = new AbortController();
    const abort = () => controller.abort();
    process.once('SIGINT', abort);
    process.once('SIGTERM', abort);
    let result;
    try {
      result = await playRecordingInto(live, recording, {
        speed: opts.speed,
        fromTick: opts.fromTick,
        toTick: opts.toTick,
        signal: controller.signal,
        onProgress: (tick, total) => {
          bar.update(tick - fromTick, total - fromTick, `tick ${tick}/${total}`);
          if (!tty && tick >= nextPlain && tick < total) {
            ctx.info(`played to tick ${tick}/${total}`);
            nextPlain += PLAIN_PROGRESS_TICKS;
          }
        },
      });
    } finally {
      process.off('SIGINT', abort);
      process.off('SIGTERM', abort);
      bar.done();
    }
    const data: PlayIntoJson = {
      sessionId: session.sessionId,
      sent: result.sent,
      skipped: result.skipped,
      aborted: result.aborted,
      speed: opts.speed,
      fromTick,
      toTick,
    };
    ctx.print(
      data,
      () =>
        `${result.aborted ? 'Stopped after' : 'Played'} ${result.sent} events into ${session.sessionId} ` +
        `(ticks ${fromTick}–${toTick} at ×${opts.speed}; ${result.skipped} control/participant events skipped)`,
    );
    return EXIT.OK;
  } finally {
    live.close();
  }
}
