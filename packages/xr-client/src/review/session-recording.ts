import { unwrap } from '@scrubin/sdk';
import { client } from '../api/client.js';
import { scoreFromDetails } from '../session/session-state.js';
import { readRecording, ReviewUnavailableError, type LoadedRecording } from './recording-file.js';

/** Why a session that is still running has no review. */
export const NOT_COMPLETED_MESSAGE =
  'This session has not finished yet: its review opens once the host stops it.';

/**
 * Downloads a completed session's recording (`GET /api/simulations/sessions/{id}/recording`)
 * and its details, for the title and the stored score.
 */
export async function loadSessionRecording(sessionId: string): Promise<LoadedRecording> {
  const session = await client.getSession(sessionId);
  if (session.status !== 'completed') throw new ReviewUnavailableError(NOT_COMPLETED_MESSAGE);
  const text = await unwrap(
    client.api.GET('/api/simulations/sessions/{sessionId}/recording', {
      params: { path: { sessionId } },
      parseAs: 'text',
    }),
  );
  const recording = readRecording(text);
  return {
    recording,
    title: session.title,
    storedScore: scoreFromDetails(session),
  };
}
