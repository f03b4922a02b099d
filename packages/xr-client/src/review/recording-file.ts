import { parseRecording, RecordingError, type Recording } from '@scrubin/protocol';
import { SIM_VERSION, TIERS } from '@scrubin/sim';
import { lobbyErrorMessage } from '../lobby/error-messages.js';
import type { ScoreView } from '../session/session-state.js';

/** What a review opens: a stored session's recording, or a recording file read in the browser. */
export type ReviewSource =
  { kind: 'session'; sessionId: string } | { kind: 'file'; fileName: string; recording: Recording };

/** A recording ready to play back, with the score the server stored for it, if any. */
export interface LoadedRecording {
  recording: Recording;
  title: string;
  storedScore: ScoreView | null;
}

/**
 * Parses a recording and checks that this client's simulation can replay it (same simulation
 * version, a known tier). Throws {@link RecordingError} naming the line at fault.
 */
export function readRecording(text: string): Recording {
  const recording = parseRecording(text);
  const { simVersion, tier } = recording.header;
  if (simVersion !== SIM_VERSION) {
    throw new RecordingError(
      1,
      `recorded with simulation ${simVersion}, this client runs ${SIM_VERSION}: it cannot be replayed here`,
    );
  }
  if (!Object.hasOwn(TIERS, tier)) throw new RecordingError(1, `unknown tier "${tier}"`);
  const { end, events } = recording;
  const lastTick = events.at(-1)?.tick ?? 0;
  if (end && end.tick < lastTick) {
    const lastLine = text.trimEnd().split('\n').length;
    throw new RecordingError(
      lastLine,
      `end tick ${end.tick} is before the last event's tick ${lastTick}`,
    );
  }
  return recording;
}

/** Reads a `.jsonl` recording file chosen in the browser (nothing is uploaded). */
export async function readRecordingFile(file: File): Promise<Recording> {
  return readRecording(await file.text());
}

/** A review that cannot open, with a sentence for people. */
export class ReviewUnavailableError extends Error {
  override readonly name = 'ReviewUnavailableError';
}

/** A sentence for people about a recording that could not be opened. */
export function recordingErrorText(err: unknown): string {
  if (err instanceof RecordingError) {
    const detail = err.message.replace(/^line \d+: /, '');
    return `This is not a readable recording: line ${err.line}: ${detail}`;
  }
  if (err instanceof ReviewUnavailableError) return err.message;
  return lobbyErrorMessage(err, { action: 'load' });
}
