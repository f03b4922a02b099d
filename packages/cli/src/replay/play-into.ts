import {
  LIMITS,
  ScrubinError,
  TICK_HZ,
  tissueInteractOfLogged,
  toolInteractOfLogged,
  type EventLogEntry,
  type Recording,
  type SequencedPayloads,
} from '@scrubin/protocol';
import type { LiveSession } from '@scrubin/sdk';
import { onSettledChange } from '../live-settled.js';

/** Options of {@link playRecordingInto}. */
export interface PlayIntoOptions {
  /** Playback speed: 2 plays twice as fast as recorded. Must be > 0. */
  speed: number;
  /** Play from this recorded tick (events before it are not sent). @default 0 */
  fromTick?: number;
  /** Play up to this recorded tick, inclusive. @default the recording's end tick */
  toTick?: number;
  /** Called after each event sent, and once at the end, with the recorded tick reached. */
  onProgress?: (tick: number, totalTicks: number) => void;
  /** Stops playing; the promise then resolves with what was sent so far (`aborted: true`). */
  signal?: AbortSignal;
}

/** What {@link playRecordingInto} did. */
export interface PlayIntoResult {
  /** Actions sent into the session (tool selections, tool and tissue actions, chat lines). */
  sent: number;
  /** Events in the played range that are not re-emitted (control and participant events). */
  skipped: number;
  /** The signal stopped playback before the end of the range. */
  aborted: boolean;
}

/** Chat lines played back start with this, then the original author's name. */
export const REPLAY_CHAT_PREFIX = '[replay] ';
/** Wait before retrying an action the server refused as too fast, milliseconds. */
const RATE_LIMIT_RETRY_MS = 250;
/** Attempts at one action refused as too fast before giving up. */
const RATE_LIMIT_ATTEMPTS = 40;

type Send = (live: LiveSession) => Promise<unknown>;

/** The action that re-emits a recorded event, or undefined for events that are not re-emitted. */
export function actionFor(entry: EventLogEntry): Send | undefined {
  switch (entry.type) {
    case 'tool-selected': {
      const p = entry.payload as SequencedPayloads['tool-selected'];
      return (live) => live.selectTool(p.tool);
    }
    case 'tool-interaction': {
      const p = entry.payload as SequencedPayloads['tool-interaction'];
      return (live) => live.toolInteract(toolInteractOfLogged(p));
    }
    case 'tissue-update': {
      const p = entry.payload as SequencedPayloads['tissue-update'];
      return (live) => live.tissueInteract(tissueInteractOfLogged(p));
    }
    case 'chat-message': {
      const p = entry.payload as SequencedPayloads['chat-message'];
      const text = `${REPLAY_CHAT_PREFIX}${p.name}: ${p.text}`.slice(0, LIMITS.chatMaxChars);
      return (live) => live.chat(text);
    }
    default:
      return undefined;
  }
}

/** Resolves after `ms`, or at once when aborted. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Resolves once the session is active (at once if it is), or when aborted; rejects if it ends. */
function untilActive(live: LiveSession, signal?: AbortSignal): Promise<void> {
  const ended = () =>
    new ScrubinError('SESSION_ENDED', 'The session ended while the recording was playing');
  if (live.status === 'active' || signal?.aborted) return Promise.resolve();
  if (live.status === 'completed' || live.state === 'closed') return Promise.reject(ended());
  return new Promise((resolve, reject) => {
    const offs: (() => void)[] = [];
    const finish = (error?: ScrubinError) => {
      for (const off of offs) off();
      signal?.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else resolve();
    };
    const onAbort = () => finish();
    signal?.addEventListener('abort', onAbort, { once: true });
    offs.push(
      // The status the handle settled on, not each one a restored log passes through again.
      onSettledChange(live, () => {
        if (live.status === 'active') finish();
        else if (live.status === 'completed') finish(ended());
      }),
      live.on('disconnected', ({ reason }) =>
        finish(new ScrubinError('UNAVAILABLE', `The session connection closed (${reason})`)),
      ),
    );
  });
}

/**
 * Plays a recording into a live session as the handle's user, so that others watch it: each
 * instrument event is sent again (tool selected, tool actions with the pose back in metres and
 * unit quaternions, tissue actions) and chat lines are sent as `[replay] name: text`, spaced as
 * recorded (tick differences / 90 Hz / `speed`). Control and participant events are skipped.
 * The handle must hold an instrument seat; while the session is not active (idle, paused),
 * playback waits for it, and the pause does not count against the spacing. Rejects with a
 * `ScrubinError` when an action fails (e.g. `SESSION_ENDED`, `FORBIDDEN`).
 * @example
 * const live = await client.join(code, { role: 'assistant' });
 * const { sent } = await playRecordingInto(live, parseRecording(text), { speed: 2 });
 */
export async function playRecordingInto(
  live: LiveSession,
  recording: Recording,
  opts: PlayIntoOptions,
): Promise<PlayIntoResult> {
  if (!(opts.speed > 0) || !Number.isFinite(opts.speed)) {
    throw new RangeError(`speed must be a positive number, not ${opts.speed}`);
  }
  const { events } = recording;
  const fromTick = opts.fromTick ?? 0;
  const lastTick = recording.end?.tick ?? events.at(-1)?.tick ?? 0;
  const toTick = opts.toTick ?? lastTick;
  const total = Math.max(fromTick, Math.min(toTick, lastTick));
  const { signal } = opts;
  const result: PlayIntoResult = { sent: 0, skipped: 0, aborted: false };

  // Time spent waiting for the session to be active (paused): it shifts the schedule.
  let pausedMs = 0;
  const send = async (action: Send) => {
    for (let attempt = 1; ; attempt++) {
      const waitFrom = Date.now();
      await untilActive(live, signal);
      pausedMs += Date.now() - waitFrom;
      if (signal?.aborted) return false;
      try {
        await action(live);
        return true;
      } catch (err) {
        const code = err instanceof ScrubinError ? err.code : undefined;
        if (code === 'RATE_LIMITED' && attempt < RATE_LIMIT_ATTEMPTS) {
          await sleep(RATE_LIMIT_RETRY_MS, signal);
        } else if (code !== 'INVALID_STATE' || live.status === 'completed') {
          throw err;
        }
        // INVALID_STATE: paused meanwhile; untilActive waits for the resume.
      }
    }
  };

  // Starting part-way: take up the instrument held at that point, so its actions make sense.
  const inRange = events.filter((e) => e.tick >= fromTick && e.tick <= toTick);
  if (fromTick > 0) {
    const held = events.filter((e) => e.tick < fromTick && e.type === 'tool-selected').at(-1);
    if (held && inRange[0]?.type !== 'tool-selected') {
      const action = actionFor(held)!;
      if (!(await send(action))) return { ...result, aborted: true };
      result.sent++;
    }
  }

  // Recorded tick `t` is due at `start + (t - fromTick) / 90 / speed`, pushed back by pauses.
  const startMs = Date.now();
  pausedMs = 0;
  const dueMs = (tick: number) =>
    startMs + pausedMs + ((tick - fromTick) * 1000) / TICK_HZ / opts.speed;
  for (const entry of inRange) {
    const action = actionFor(entry);
    if (action === undefined) {
      result.skipped++;
      continue;
    }
    await sleep(dueMs(entry.tick) - Date.now(), signal);
    if (signal?.aborted) return { ...result, aborted: true };
    if (!(await send(action))) return { ...result, aborted: true };
    result.sent++;
    opts.onProgress?.(entry.tick, total);
  }
  opts.onProgress?.(total, total);
  return result;
}
