import { describe, expect, it } from 'vitest';
import { logEntryFromDelivery } from './log-entry.js';

describe('logEntryFromDelivery', () => {
  it('puts the body fields back into the payload', () => {
    const entry = logEntryFromDelivery({
      type: 'tool-interaction',
      name: 'surgery:tool-interaction',
      source: 'live',
      event: {
        sessionId: 's',
        seq: 7,
        tick: 90,
        userId: 'u',
        at: '2025-01-01T00:00:00.000Z',
        tool: 'scalpel',
        action: 'pose',
        pose: { positionUm: [1, -2, 3], rotationQ: [0, 0, 0, 32767] },
      },
    });
    expect(entry).toEqual({
      sessionId: 's',
      seq: 7,
      tick: 90,
      type: 'tool-interaction',
      userId: 'u',
      at: '2025-01-01T00:00:00.000Z',
      payload: {
        tool: 'scalpel',
        action: 'pose',
        pose: { positionUm: [1, -2, 3], rotationQ: [0, 0, 0, 32767] },
      },
    });
  });
});
