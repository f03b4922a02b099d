import { toScrubinError } from '@scrubin/protocol';
import { seatsText } from './session-labels.js';

/** What the lobby was doing when a call failed: the same code can mean different things. */
export type LobbyAction = 'join' | 'preview' | 'create' | 'load' | 'sign-in' | 'register';

/** What the lobby knows around a failure, for a more precise message. */
export interface ErrorContext {
  action: LobbyAction;
  /** Seats of the session being joined, when the lobby has seen it (list row or preview). */
  maxParticipants?: number;
}

/** Shown for SESSION_NOT_FOUND: a typo, a stale code, or a code the host rotated. */
export const NOT_FOUND_MESSAGE =
  'No session has this code or link (check it, or ask the host for a new one: codes change when the host rotates them)';
/** Shown for SESSION_ENDED. */
export const ENDED_MESSAGE = 'This session has ended';
/** Shown when a request cannot reach the server at all. */
export const NETWORK_MESSAGE =
  'Cannot reach the Scrub In server. Check your network connection, then try again.';

/** The seat count the server put in its SESSION_FULL message, e.g. "(6 participants)". */
function maxFromMessage(message: string): number | undefined {
  const match = /\((\d+) participants?\)/.exec(message);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** The `Retry-After` of a RATE_LIMITED error, in seconds, if the server gave one. */
function retryAfterOf(details: unknown): number | undefined {
  if (typeof details !== 'object' || details === null) return undefined;
  const value = (details as { retryAfterS?: unknown }).retryAfterS;
  return typeof value === 'number' && Number.isFinite(value) && value > 0
    ? Math.ceil(value)
    : undefined;
}

/**
 * A sentence for people from anything a lobby call threw, chosen by the error's `code`
 * (a `ScrubinError` from the SDK, or any `{ code, message }`).
 * @example lobbyErrorMessage(new ScrubinError('SESSION_ENDED', '…'), { action: 'join' }) // 'This session has ended'
 */
export function lobbyErrorMessage(err: unknown, context: ErrorContext): string {
  const error = toScrubinError(err);
  switch (error.code) {
    case 'SESSION_FULL': {
      const max = context.maxParticipants ?? maxFromMessage(error.message);
      return max === undefined
        ? 'This session is full'
        : `This session is full (${seatsText(max, max)})`;
    }
    case 'SESSION_ENDED':
      return ENDED_MESSAGE;
    case 'SESSION_NOT_FOUND':
      return NOT_FOUND_MESSAGE;
    case 'NOT_FOUND':
      return context.action === 'join' || context.action === 'preview'
        ? NOT_FOUND_MESSAGE
        : 'This was not found. It may have been removed.';
    case 'FORBIDDEN':
      return context.action === 'join'
        ? 'The host removed you from this session, so you cannot join it again'
        : `You are not allowed to do this: ${error.message}`;
    case 'RATE_LIMITED': {
      const waitS = retryAfterOf(error.details);
      return waitS === undefined
        ? 'Too many attempts. Wait a minute, then try again.'
        : `Too many attempts. Wait ${waitS} ${waitS === 1 ? 'second' : 'seconds'}, then try again.`;
    }
    case 'UNAVAILABLE':
    case 'TIMEOUT':
      return NETWORK_MESSAGE;
    case 'UNAUTHENTICATED':
      return context.action === 'sign-in'
        ? 'Wrong email or password'
        : 'Your sign-in has expired. Sign out, then sign in again.';
    case 'EMAIL_TAKEN':
      return 'An account with this email already exists. Sign in instead.';
    case 'VALIDATION_FAILED':
      return `Please check what you entered: ${error.message}`;
    case 'INVALID_STATE':
      return `This cannot be done now: ${error.message}`;
    default:
      return `Something went wrong on the server (${error.message}). Try again.`;
  }
}
