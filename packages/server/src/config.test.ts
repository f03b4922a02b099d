import { describe, expect, it } from 'vitest';
import { optionsFromEnv, parseIceServers, resolveOptions } from './config.js';

describe('ICE_SERVERS', () => {
  it('reads a JSON array of ICE servers, keeping only their known fields', () => {
    const value = JSON.stringify([
      { urls: 'stun:stun.example.org' },
      { urls: ['turn:turn.example.org'], username: 'u', credential: 'c', extra: 1 },
    ]);
    expect(optionsFromEnv({ ICE_SERVERS: value }).iceServers).toEqual([
      { urls: 'stun:stun.example.org' },
      { urls: ['turn:turn.example.org'], username: 'u', credential: 'c' },
    ]);
  });

  it('defaults to none (host candidates only)', () => {
    expect(parseIceServers(undefined)).toBeUndefined();
    expect(parseIceServers(' ')).toBeUndefined();
    expect(resolveOptions(optionsFromEnv({})).iceServers).toEqual([]);
  });

  it.each([
    ['not JSON', 'stun:stun.example.org'],
    ['an object', '{"urls":"stun:x"}'],
    ['an entry without urls', '[{"username":"u"}]'],
    ['empty urls', '[{"urls":[]}]'],
    ['a numeric credential', '[{"urls":"turn:x","credential":1}]'],
    ['a null entry', '[null]'],
  ])('refuses %s, naming the variable', (_, value) => {
    expect(() => parseIceServers(value)).toThrow(/ICE_SERVERS/);
  });
});

describe('DB_TIMEOUT_MS', () => {
  it('sets the deadline of database operations, 5000 ms by default', () => {
    expect(resolveOptions(optionsFromEnv({ DB_TIMEOUT_MS: '1500' })).dbTimeoutMs).toBe(1500);
    expect(resolveOptions(optionsFromEnv({})).dbTimeoutMs).toBe(5000);
  });
});
