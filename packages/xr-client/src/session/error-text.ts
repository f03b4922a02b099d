import { ScrubinError } from '@scrubin/protocol';
import type { SessionError } from './session-state.js';

/** What each error means to someone in a session. */
const MESSAGES: Record<string, string> = {
  FORBIDDEN: 'You are not in this session: the host removed you, or you hold no seat in it.',
  SESSION_ENDED: 'This session has ended.',
  SESSION_NOT_FOUND: 'This session does not exist.',
  SESSION_FULL: 'This session is full.',
  UNAUTHENTICATED: 'Your sign-in has expired. Sign in again.',
  UNAVAILABLE: 'The server cannot be reached. Check the connection and try again.',
  TIMEOUT: 'The server did not answer in time.',
  RATE_LIMITED: 'Too many actions at once: slow down a little.',
  INVALID_STATE: 'Not possible right now',
};

/** Why the handle closed, as the SDK's `disconnected` reason says it. */
export function errorForClose(reason: string, last: ScrubinError | undefined): SessionError | null {
  if (reason === 'closed' || reason === 'left' || reason === 'io client disconnect') return null;
  if (reason === 'removed') {
    return { code: 'FORBIDDEN', message: 'The host removed you from this session.' };
  }
  if (reason === 'ended') return { code: 'SESSION_ENDED', message: MESSAGES.SESSION_ENDED! };
  if (last) return errorFor(last);
  return { code: 'UNAVAILABLE', message: 'The connection to the session was lost.' };
}

/** A sentence for any failure, with its code. */
export function errorFor(error: unknown): SessionError {
  if (error instanceof ScrubinError) {
    const known = MESSAGES[error.code];
    const message =
      error.code === 'INVALID_STATE' || error.code === 'VALIDATION_FAILED' || !known
        ? error.message
        : known;
    return { code: error.code, message };
  }
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
}
