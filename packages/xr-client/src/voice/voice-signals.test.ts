import { describe, expect, it } from 'vitest';
import { parseVoiceSignal } from './voice-signals.js';

describe('parseVoiceSignal', () => {
  it.each([
    [{ voice: 'hello' }, { voice: 'hello' }],
    [{ voice: 'bye', extra: 1 }, { voice: 'bye' }],
    [
      { description: { type: 'offer', sdp: 'v=0\r\n' } },
      { description: { type: 'offer', sdp: 'v=0\r\n' } },
    ],
    [
      { candidate: { candidate: 'candidate:1 1 udp 1 127.0.0.1 5000 typ host', sdpMLineIndex: 0 } },
      {
        candidate: {
          candidate: 'candidate:1 1 udp 1 127.0.0.1 5000 typ host',
          sdpMid: null,
          sdpMLineIndex: 0,
          usernameFragment: null,
        },
      },
    ],
  ])('reads %j', (data, signal) => {
    expect(parseVoiceSignal(data)).toEqual(signal);
  });

  it.each([
    {},
    { voice: 'shout' },
    { description: { type: 'offer', sdp: 42 } },
    { description: { type: 'nonsense' } },
    { description: 'v=0' },
    { candidate: { sdpMid: '0' } },
    { candidate: ['x'] },
  ])('ignores %j', (data) => {
    expect(parseVoiceSignal(data)).toBeUndefined();
  });
});
