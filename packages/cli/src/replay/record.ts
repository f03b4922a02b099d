import {
  RECORDING_FORMAT,
  RECORDING_FORMAT_VERSION,
  ScrubinError,
  recordingEventLine,
  type EventLogEntry,
  type RecordingEnd,
  type RecordingHeader,
  type SessionDetails,
  type SessionStatus,
} from '@scrubin/protocol';
import type { LiveSession, ScrubinClient, SequencedDelivery } from '@scrubin/sdk';
import { CliError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import { downloadRecording, recordingSummary } from './download.js';
import type { RecordingOutput } from './output.js';
import { headerParticipants, takeSeat } from './seat.js';

/** Options of {@link recordSession}. */
export interface RecordSessionOptions {
  client: ScrubinClient;
  /** Session id, code, link token or share URL. */
  input: string;
  output: RecordingOutput;
  /** Ctrl+C / SIGTERM: stop recording and finish the file. */
  signal: AbortSignal;
  /** How long to wait for the server to score a completed session, milliseconds. @default 30000 */
  scoreWaitMs?: number;
  /** Progress: events written so far, the last tick and the session status. */
  onProgress?: (p: { events: number; tick: number; status: SessionStatus | undefined }) => void;
  /** Diagnostics for stderr. */
  onNote?: (message: string) => void;
}

/** What {@link recordSession} wrote. */
export interface RecordOutcome {
  sessionId: string;
  events: number;
  ticks: number;
  lastSeq: number;
  hashes: number;
  /**
   * `server`: the session completed and was scored, and the file was replaced by the server's
   * recording (with its hash lines); `live`: the events as they arrived and an end line.
   */
  source: 'server' | 'live';
  /**
   * Why recording stopped. `restored`: the server's log was restored to an earlier point while
   * recording to stdout, where what was written cannot be taken back (no end line is written).
   */
  stoppedBy: 'completed' | 'signal' | 'disconnected' | 'restored';
  /**
   * How many times the recording started over (a file only): the server's log was restored to an
   * earlier point (`RESYNC_REQUIRED`), and the file was rewritten from the log it holds now.
   */
  restarts: number;
}

const DEFAULT_SCORE_WAIT_MS = 30_000;
/** Between looks at whether a completed session has been scored, milliseconds. */
const SCORE_POLL_MS = 250;

/** The log entry a live delivery came from. */
export function entryOfDelivery(d: SequencedDelivery): EventLogEntry {
  const { sessionId, seq, tick, userId, at, ...payload } = d.event;
  return { sessionId, seq, tick, type: d.type, userId, at, payload } as EventLogEntry;
}

/** The header of a session's recording, from its details. */
export function headerOf(session: SessionDetails): RecordingHeader {
  return {
    kind: 'header',
    format: RECORDING_FORMAT,
    formatVersion: RECORDING_FORMAT_VERSION,
    sessionId: session.sessionId,
    title: session.title,
    scenario: session.scenario,
    simVersion: session.simulation.version,
    tier: session.simulation.tier,
    seed: session.simulation.seed,
    participants: headerParticipants(session),
    createdAt: session.createdAt,
  };
}

/** Resolves once the session has `scoreDetails`, or with false after `timeoutMs`. */
async function untilScored(
  client: ScrubinClient,
  live: LiveSession,
  sessionId: string,
  timeoutMs: number,
): Promise<boolean> {
  let wake: () => void = () => {};
  const off = live.on('surgery:score', () => wake());
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      const session = await client.getSession(sessionId);
      if (session.scoreDetails) return true;
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(SCORE_POLL_MS, left));
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  } finally {
    off();
  }
}

/**
 * Records a live session into `output`: takes an observer seat, writes the header, then every
 * sequenced event from seq 1 in order as it arrives (catch-up first), until the session
 * completes, the connection closes for good, or `signal` fires. Then writes the end line; when
 * the session completed and the server scored it in time, the file is replaced by the server's
 * recording, which carries the state hashes.
 *
 * If the server's log is restored to an earlier point meanwhile (the SDK's `resync`), the events
 * written hold some the server no longer has, and the log comes again from seq 1: a file starts
 * over (header, then the log as the server holds it now); stdout, which cannot be taken back,
 * stops there without an end line.
 */
export async function recordSession(opts: RecordSessionOptions): Promise<RecordOutcome> {
  const { client, output, signal } = opts;
  const note = opts.onNote ?? (() => {});
  const { session } = await takeSeat(client, opts.input, 'observer').catch((err: unknown) => {
    if (err instanceof ScrubinError && err.code === 'SESSION_ENDED') {
      throw new CliError(
        'The session has ended: there is nothing left to record live',
        EXIT.REFUSED,
        'Download its stored recording instead: scrubin export <session> -o file.jsonl',
      );
    }
    throw err;
  });
  const { sessionId } = session;
  const header = JSON.stringify(headerOf(session));
  output.writeLine(header);

  let events = 0;
  let restarts = 0;
  let lastSeq = 0;
  let lastTick = 0;
  let writing = true;
  let stop: (why: RecordOutcome['stoppedBy']) => void = () => {};
  const stopped = new Promise<RecordOutcome['stoppedBy']>((resolve) => {
    stop = resolve;
  });
  let status: SessionStatus | undefined = session.status;

  const live = client.session(sessionId, {
    sinceSeq: 0,
    on: {
      sequenced: (d) => {
        if (!writing) return;
        output.writeLine(recordingEventLine(entryOfDelivery(d)));
        events++;
        lastSeq = d.event.seq;
        lastTick = d.event.tick;
        if (d.type === 'simulation-state') status = d.event.status;
        if (d.type === 'simulation-reset') status = 'idle';
        opts.onProgress?.({ events, tick: lastTick, status });
        if (status === 'completed') stop('completed');
      },
      resync: ({ deliveredSeq, serverSeq }) => {
        if (!writing) return;
        const why = `the server's log was restored: it ends at seq ${serverSeq}, before seq ${deliveredSeq} already recorded`;
        if (!output.isFile) {
          writing = false;
          note(
            `${why}; what went to stdout cannot be taken back, so recording stops here without an end line (with -o <file> the recording starts over by itself)`,
          );
          stop('restored');
          return;
        }
        output.restart();
        output.writeLine(header);
        events = 0;
        lastSeq = 0;
        lastTick = 0;
        status = 'idle';
        restarts++;
        note(`${why}; the recording starts over from seq 1 with the log the server holds now`);
        opts.onProgress?.({ events, tick: lastTick, status });
      },
      reconnecting: ({ reason }) => note(`connection lost (${reason}); reconnecting…`),
      reconnected: ({ missed }) => note(`reconnected; caught up ${missed} event(s)`),
      disconnected: ({ reason }) => stop(reason === 'ended' ? 'completed' : 'disconnected'),
      error: (e) => note(`${e.message} (${e.code})`),
    },
  });
  const onAbort = () => stop('signal');
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    await live.connect();
    opts.onProgress?.({ events, tick: lastTick, status });
    if (signal.aborted) stop('signal');
    const stoppedBy = await stopped;
    writing = false;

    const end: RecordingEnd = { kind: 'end', tick: lastTick, lastSeq };
    const base = { sessionId, events, ticks: lastTick, lastSeq, stoppedBy, restarts };
    if (stoppedBy === 'restored') return { ...base, hashes: 0, source: 'live' };
    if (stoppedBy === 'completed' && output.isFile) {
      note('session completed; waiting for the server to score it…');
      const waitMs = opts.scoreWaitMs ?? DEFAULT_SCORE_WAIT_MS;
      if (await untilScored(client, live, sessionId, waitMs)) {
        const stored = await downloadRecording(client, sessionId);
        const summary = recordingSummary(stored.recording);
        if (summary.lastSeq >= lastSeq) {
          output.replace(stored.text);
          return { ...base, ...summary, source: 'server' };
        }
        note(
          `the server's recording ends at seq ${summary.lastSeq}, before ${lastSeq}: kept the live one`,
        );
      } else {
        note(`not scored after ${Math.round(waitMs / 1000)} s: no hash lines in the file`);
      }
    }
    output.writeLine(JSON.stringify(end));
    return { ...base, hashes: 0, source: 'live' };
  } finally {
    signal.removeEventListener('abort', onAbort);
    writing = false;
    output.close();
    // Close without leaving: the seat may be one the user held before (a host recording their
    // own session); the server releases it after its seat-hold time.
    live.close();
  }
}
