import { describe, expect, it } from 'vitest';
import type { VoiceActivityRelay, VoiceSignalRelay } from '@scrubin/protocol';
import { nextOf, useServer } from './helpers.js';

const ICE = [{ urls: 'stun:stun.scrubin.example:3478' }];
const fx = useServer({ iceServers: ICE });

describe('voice over the SDK', () => {
  it('rtcConfig() reads the ICE servers', async () => {
    const room = await fx.room([]);
    expect(await room.host.rtcConfig()).toEqual({ iceServers: ICE });
  });

  it('relays voiceSignal() and voiceActivity() to the other handle', async () => {
    const room = await fx.room(['observer']);
    const host = await room.host.join(room.sessionId);
    const signals: VoiceSignalRelay[] = [];
    const guest = await room.guests[0]!.join(room.sessionId, {
      on: { 'surgery:voice-signal': (relay) => signals.push(relay) },
    });
    const activity = nextOf(host, 'surgery:voice-activity');
    await guest.voiceActivity(true);
    expect((await activity)[0]).toEqual<VoiceActivityRelay>({
      sessionId: room.sessionId,
      userId: guest.userId!,
      speaking: true,
    });
    await host.voiceSignal(guest.userId!, { voice: 'hello' });
    await expect.poll(() => signals).toEqual([{ from: host.userId, data: { voice: 'hello' } }]);
  });
});
