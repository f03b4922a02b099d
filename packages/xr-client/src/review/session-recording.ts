import { unwrap } from '@scrubin/sdk';
import { client } from '../api/client.js';
import { scoreFromDetails } from '../session/session-state.js';
import { readRecording, type LoadedRecording } from './recording-file.js';

/**
 * Downloads a completed session's recording (`GET /api/simulations/sessions/{id}/recording`)
 * and its details, for the title and the stored score.
 */
export async function loadSessionRecording(sessionId: string): Promise<LoadedRecording> {
  const [text, session] = await Promise.all([
    unwrap(
      client.api.GET('/api/simulations/sessions/{sessionId}/recording', {
        params: { path: { sessionId } },
        parseAs: 'text',
      }),
    ),
    client.getSession(sessionId),
  ]);
  const recording = readRecording(text);
  return {
    recording,
    title: session.title,
    storedScore: scoreFromDetails(session),
  };
}
