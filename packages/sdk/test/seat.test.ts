import { describe, expect, it, vi } from 'vitest';
import type { SequencedDelivery } from '@scrubin/sdk';
import { expectGapless, nextOf, useServer } from './helpers.js';

// A short seat hold, so that a dropped participant loses the seat within the test.
const fx = useServer({ seatHoldMs: 300 });

describe('seat released during a long disconnection', () => {
  it('takes the seat again over REST, rejoins and catches up', async () => {
    const room = await fx.room(['observer']);
    const host = await room.host.join(room.sessionId);
    const seen: SequencedDelivery[] = [];
    const guest = await room.guests[0]!.join(room.sessionId, {
      on: { sequenced: (d) => seen.push(d) },
    });
    const guestId = guest.userId!;

    guest.socket.io.reconnection(false);
    const reconnecting = nextOf(guest, 'reconnecting');
    guest.socket.io.engine.close();
    await reconnecting;
    // Wait until the server has released the seat (the stay gets its leftAt).
    await vi.waitFor(
      async () => {
        const session = await room.host.getSession(room.sessionId);
        const stays = session.collaborativeData.participants.filter((p) => p.userId === guestId);
        expect(stays.at(-1)?.leftAt).not.toBeNull();
      },
      { timeout: 5000, interval: 50 },
    );
    const missed = await host.chat('while the seat was free');

    const reconnected = nextOf(guest, 'reconnected');
    guest.socket.io.reconnection(true);
    guest.socket.connect();
    await reconnected;
    expect(guest.state).toBe('joined');
    expect(guest.role).toBe('observer');
    // Its return is logged after the seq its rejoin started from, and reaches both.
    await vi.waitFor(() => {
      expect(guest.lastSeq).toBeGreaterThan(missed.seq);
      expect(guest.lastSeq).toBe(host.lastSeq);
    });
    expectGapless(
      seen.map((d) => d.event.seq),
      seen[0]!.event.seq,
      guest.lastSeq,
    );
    const session = await room.host.getSession(room.sessionId);
    const stays = session.collaborativeData.participants.filter((p) => p.userId === guestId);
    expect(stays.map((s) => s.leftAt === null)).toEqual([false, true]);
  });
});
