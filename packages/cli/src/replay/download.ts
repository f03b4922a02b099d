import { parseRecording, type Recording } from '@scrubin/protocol';
import { unwrap, type ScrubinClient } from '@scrubin/sdk';

/** A stored recording as the server sends it, and what it holds. */
export interface DownloadedRecording {
  text: string;
  recording: Recording;
}

/**
 * Downloads a session's recording (`GET /api/simulations/sessions/{id}/recording`): header, the
 * whole event log, the state hashes once the session was scored, and the end line.
 */
export async function downloadRecording(
  client: ScrubinClient,
  sessionId: string,
): Promise<DownloadedRecording> {
  const text = await unwrap(
    client.api.GET('/api/simulations/sessions/{sessionId}/recording', {
      params: { path: { sessionId } },
      parseAs: 'text',
    }),
  );
  return { text, recording: parseRecording(text) };
}

/** Counts for a summary line: events, ticks, hash lines, last seq. */
export function recordingSummary(recording: Recording): {
  events: number;
  ticks: number;
  hashes: number;
  lastSeq: number;
} {
  return {
    events: recording.events.length,
    ticks: recording.end?.tick ?? recording.events.at(-1)?.tick ?? 0,
    hashes: recording.hashes.length,
    lastSeq: recording.end?.lastSeq ?? recording.events.at(-1)?.seq ?? 0,
  };
}
