import { describe, expect, it } from 'vitest';
import type { SessionDetails } from '../app/types.js';
import { displayCode, scoreText, seatsText, statusLabel } from './session-labels.js';

function session(over: Partial<SessionDetails>): SessionDetails {
  return { status: 'completed', score: null, scoreDetails: null, ...over } as SessionDetails;
}

describe('session labels', () => {
  it('counts seats', () => {
    expect(seatsText(3, 6)).toBe('3 of 6 seats taken');
    expect(seatsText(1, 1)).toBe('1 of 1 seat taken');
  });

  it('formats codes for people', () => {
    expect(displayCode('ABCD2345')).toBe('ABCD-2345');
    expect(displayCode('abcd-2345')).toBe('ABCD-2345');
  });

  it('names statuses', () => {
    expect(statusLabel('idle')).toBe('Waiting to start');
    expect(statusLabel('completed')).toBe('Completed');
  });

  it("prefers the user's own score", () => {
    const scored = session({
      score: 70,
      scoreDetails: {
        participants: [
          { userId: 'u1', total: 82.4, pass: true, subScores: {} },
          { userId: 'u2', total: 40, pass: false, subScores: {} },
        ],
        finalHash: 'h',
        ticks: 1,
        scoredAt: '2026-01-01T00:00:00Z',
      },
    });
    expect(scoreText(scored, 'u1')).toBe('Score 82 (passed)');
    expect(scoreText(scored, 'u2')).toBe('Score 40 (not passed)');
    expect(scoreText(scored, 'u3')).toBe('Score 70');
    expect(scoreText(session({}), 'u1')).toBe('No score');
    expect(scoreText(session({ status: 'active' }), 'u1')).toBe('Not scored yet');
  });
});
