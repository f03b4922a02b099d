import {
  ScrubinError,
  isSessionId,
  type JoinRole,
  type ParticipantRecord,
  type SessionDetails,
} from '@scrubin/protocol';
import type { ScrubinClient } from '@scrubin/sdk';
import { CliError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import { resolveSessionId } from '../resolve-session.js';

/**
 * Takes a seat in the session a user named (session id, code, link token or share URL) with
 * `role`, or gets back the seat already held (whatever its role). A bare session id works only
 * for someone who was seated before (the session's details are for participants).
 */
export async function takeSeat(
  client: ScrubinClient,
  input: string,
  role: JoinRole,
): Promise<{ session: SessionDetails; participant: ParticipantRecord }> {
  // Malformed arguments and unknown codes fail here, with the CLI's usual messages.
  const sessionId = await resolveSessionId(client, input);
  if (!isSessionId(input.trim())) return client.joinSession(input.trim(), { role });
  let details: SessionDetails;
  try {
    details = await client.getSession(sessionId);
  } catch (err) {
    if (err instanceof ScrubinError && err.code === 'FORBIDDEN') {
      throw new CliError(
        `You hold no seat in ${sessionId}`,
        EXIT.REFUSED,
        'Pass the session code or share link instead of its id, so that a seat can be taken.',
      );
    }
    throw err;
  }
  return client.joinSession(details.uniqueLink, { role });
}

/** Participants of a session, once each, in order of first arrival (as a recording header lists them). */
export function headerParticipants(
  session: SessionDetails,
): { userId: string; name: string; role: ParticipantRecord['role'] }[] {
  const seen = new Map<string, { userId: string; name: string; role: ParticipantRecord['role'] }>();
  for (const p of session.collaborativeData.participants) {
    if (!seen.has(p.userId)) seen.set(p.userId, { userId: p.userId, name: p.name, role: p.role });
  }
  return [...seen.values()];
}
