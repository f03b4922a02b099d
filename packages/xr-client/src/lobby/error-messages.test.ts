import { ScrubinError, type ErrorCode } from '@scrubin/protocol';
import { describe, expect, it } from 'vitest';
import {
  ENDED_MESSAGE,
  NETWORK_MESSAGE,
  NOT_FOUND_MESSAGE,
  lobbyErrorMessage,
  type ErrorContext,
} from './error-messages.js';

const error = (code: ErrorCode, message = 'server text', details?: unknown) =>
  new ScrubinError(code, message, { details });

describe('lobbyErrorMessage', () => {
  const cases: Array<[string, unknown, ErrorContext, string]> = [
    [
      'full, seats known from the list',
      error('SESSION_FULL'),
      { action: 'join', maxParticipants: 6 },
      'This session is full (6 of 6 seats taken)',
    ],
    [
      'full, seats read from the server message',
      error('SESSION_FULL', 'The session is full (4 participants)'),
      { action: 'join' },
      'This session is full (4 of 4 seats taken)',
    ],
    [
      'full, seats unknown',
      error('SESSION_FULL', 'full'),
      { action: 'join' },
      'This session is full',
    ],
    ['ended', error('SESSION_ENDED'), { action: 'join' }, ENDED_MESSAGE],
    ['unknown code or link', error('SESSION_NOT_FOUND'), { action: 'join' }, NOT_FOUND_MESSAGE],
    ['bare 404 on preview', error('NOT_FOUND'), { action: 'preview' }, NOT_FOUND_MESSAGE],
    [
      'removed by the host',
      error('FORBIDDEN'),
      { action: 'join' },
      'The host removed you from this session, so you cannot join it again',
    ],
    [
      'rate limited with Retry-After',
      error('RATE_LIMITED', 'slow', { retryAfterS: 12.2 }),
      { action: 'join' },
      'Too many attempts. Wait 13 seconds, then try again.',
    ],
    [
      'rate limited without Retry-After',
      error('RATE_LIMITED'),
      { action: 'join' },
      'Too many attempts. Wait a minute, then try again.',
    ],
    ['network down', error('UNAVAILABLE'), { action: 'join' }, NETWORK_MESSAGE],
    ['ack timeout', error('TIMEOUT'), { action: 'create' }, NETWORK_MESSAGE],
    ['wrong password', error('UNAUTHENTICATED'), { action: 'sign-in' }, 'Wrong email or password'],
    [
      'email taken',
      error('EMAIL_TAKEN'),
      { action: 'register' },
      'An account with this email already exists. Sign in instead.',
    ],
    [
      'a plain { code, message } object',
      { code: 'SESSION_ENDED', message: 'gone' },
      { action: 'join' },
      ENDED_MESSAGE,
    ],
  ];

  it.each(cases)('%s', (_name, err, context, expected) => {
    expect(lobbyErrorMessage(err, context)).toBe(expected);
  });

  it('keeps the server text for failures it has no sentence for', () => {
    expect(lobbyErrorMessage(new Error('boom'), { action: 'create' })).toMatch(/went wrong/);
    expect(
      lobbyErrorMessage(error('VALIDATION_FAILED', 'title is too long'), { action: 'create' }),
    ).toContain('title is too long');
  });
});

describe('lobbyErrorMessage, singular seat', () => {
  it('says "1 of 1 seat taken"', () => {
    const full = new ScrubinError('SESSION_FULL', 'The session is full (1 participants)');
    expect(lobbyErrorMessage(full, { action: 'join' })).toBe(
      'This session is full (1 of 1 seat taken)',
    );
  });
});
