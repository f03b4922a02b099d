import { describe, expect, it, vi } from 'vitest';
import { ScrubinError, formatShareCode, type ErrorCode } from '@scrubin/protocol';
import type { SequencedDelivery } from '@scrubin/sdk';
import { Recorder, expectGapless, nextOf, useServer } from './helpers.js';

const fx = useServer();

async function expectScrubinError(
  promise: Promise<unknown>,
  code: ErrorCode,
): Promise<ScrubinError> {
  const error = await promise.then(
    () => {
      throw new Error(`expected ${code}, but it succeeded`);
    },
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(ScrubinError);
  expect((error as ScrubinError).code).toBe(code);
  return error as ScrubinError;
}

/** The shape two handles must agree on: the session's history as each saw it. */
const history = (deliveries: readonly SequencedDelivery[]) =>
  deliveries.map((d) => `${d.event.seq}:${d.type}:${d.event.userId}`);

describe('joining live', () => {
  it('joins by session id, by code and by pasted URL, with role and presence', async () => {
    const room = await fx.room();
    const host = await room.host.join(room.sessionId);
    expect(host.state).toBe('joined');
    expect(host.role).toBe('surgeon');
    expect(host.status).toBe('idle');
    expect(host.session?.sessionId).toBe(room.sessionId);

    const byCode = await (
      await fx.user('By code')
    ).join(formatShareCode(room.code).toLowerCase(), {
      role: 'observer',
    });
    expect(byCode.role).toBe('observer');
    const byUrl = await (await fx.user('By URL')).join(room.shareableLink);
    expect(byUrl.role).toBe('assistant');
    expect(byUrl.sessionId).toBe(room.sessionId);

    await vi.waitFor(() =>
      expect(host.participants.map((p) => [p.name, p.role, p.online])).toEqual([
        ['Host Surgeon', 'surgeon', true],
        ['By code', 'observer', true],
        ['By URL', 'assistant', true],
      ]),
    );
  });

  it('rejects a join without a seat (FORBIDDEN) and a bad token (UNAUTHENTICATED)', async () => {
    const room = await fx.room();
    const outsider = await fx.user('Outsider');
    await expectScrubinError(outsider.join(room.sessionId), 'FORBIDDEN');
    expect(outsider.sessions).toHaveLength(0);
    const stranger = fx.client({ token: 'garbage' });
    await expectScrubinError(stranger.join(room.sessionId), 'UNAUTHENTICATED');
  });
});

describe('ordered delivery', () => {
  it("delivers others' events live and own events from their acks, one gapless stream", async () => {
    const room = await fx.room(['assistant']);
    const host = await room.host.join(room.sessionId);
    const guest = await room.guests[0]!.join(room.sessionId);
    // The guest's arrival is logged after its join ack: let both deliver it first.
    await vi.waitFor(() => {
      expect(host.participants.some((p) => p.userId === guest.userId)).toBe(true);
      expect(guest.lastSeq).toBe(host.lastSeq);
    });
    const hostSeen = new Recorder(host);
    const guestSeen = new Recorder(guest);
    const chats: string[] = [];
    guest.on('surgery:chat-message', (e) => chats.push(e.text));

    // Own event: delivered (source `ack`) before the promise resolves.
    const ack = await guest.chat('hello');
    expect(ack.ok).toBe(true);
    expect(ack.event).toMatchObject({ text: 'hello', userId: guest.userId });
    expect(guestSeen.deliveries.at(-1)).toMatchObject({
      name: 'surgery:chat-message',
      source: 'ack',
      event: { seq: ack.seq },
    });
    expect(guest.lastSeq).toBe(ack.seq);
    expect(chats).toEqual(['hello']);

    // Both sides act at once; each handle sees the same history, in seq order.
    await Promise.all([
      (async () => {
        for (const tool of ['scalpel', 'forceps', 'scissors'] as const)
          await guest.selectTool(tool);
      })(),
      (async () => {
        await host.control('start');
        await host.chat('ready');
        await host.control('pause');
      })(),
      guest.chat('and again'),
    ]);
    const last = Math.max(host.lastSeq, guest.lastSeq);
    await vi.waitFor(() => {
      expect(host.lastSeq).toBe(last);
      expect(guest.lastSeq).toBe(last);
    });
    const first = hostSeen.seqs[0]!;
    expectGapless(hostSeen.seqs, first, last);
    expect(history(guestSeen.deliveries.filter((d) => d.event.seq >= first))).toEqual(
      history(hostSeen.deliveries),
    );
    expect(
      new Set(
        hostSeen.deliveries.filter((d) => d.event.userId === guest.userId).map((d) => d.source),
      ),
    ).toEqual(new Set(['live']));
    expect(
      new Set(
        guestSeen.deliveries
          // Its own arrival is announced to it like to the others, after its join ack.
          .filter((d) => d.event.userId === guest.userId && d.type !== 'participant-joined')
          .map((d) => d.source),
      ),
    ).toEqual(new Set(['ack']));
    expect(host.status).toBe('paused');
    expect(guest.status).toBe('paused');
  });

  it('replays the whole log from sinceSeq 0, then continues live', async () => {
    const room = await fx.room(['assistant']);
    const host = await room.host.join(room.sessionId);
    for (const tool of ['scalpel', 'forceps', 'cautery'] as const) {
      await (await room.guests[0]!.join(room.sessionId)).selectTool(tool);
    }
    const log = await room.host.exportEvents(room.sessionId);

    const seen: SequencedDelivery[] = [];
    const late = await (
      await fx.user('Late')
    ).join(room.uniqueLink, {
      sinceSeq: 0,
      on: { sequenced: (d) => seen.push(d) },
    });
    expect(seen.slice(0, log.length).map((d) => [d.event.seq, d.type, d.source])).toEqual(
      log.map((e) => [e.seq, e.type, 'catch-up']),
    );
    await host.chat('after the late join');
    await vi.waitFor(() => expect(late.lastSeq).toBe(host.lastSeq));
    expectGapless(
      seen.map((d) => d.event.seq),
      1,
      host.lastSeq,
    );
  });

  it('starts over from seq 1 when the server says its log ends before the given sinceSeq (RESYNC_REQUIRED)', async () => {
    const room = await fx.room(['assistant']);
    const host = await room.host.join(room.sessionId);
    await host.chat('one');
    await host.chat('two');
    const log = await room.host.exportEvents(room.sessionId);

    const seen: SequencedDelivery[] = [];
    const resyncs: { deliveredSeq: number; serverSeq: number }[] = [];
    const stale = await (
      await fx.user('Stale')
    ).join(room.uniqueLink, {
      // As if it had seen events a restored database no longer holds.
      sinceSeq: log.at(-1)!.seq + 50,
      on: { sequenced: (d) => seen.push(d), resync: (info) => resyncs.push(info) },
    });
    expect(resyncs).toEqual([{ deliveredSeq: log.at(-1)!.seq + 50, serverSeq: log.at(-1)!.seq }]);
    expect(seen.slice(0, log.length).map((d) => [d.event.seq, d.type])).toEqual(
      log.map((e) => [e.seq, e.type]),
    );
    await host.chat('after the resync');
    await vi.waitFor(() => expect(stale.lastSeq).toBe(host.lastSeq));
    expectGapless(
      seen.map((d) => d.event.seq),
      1,
      host.lastSeq,
    );
  });
});

describe('cursor', () => {
  it('sends at most 30 poses per second, the newest last, as a second client observes', async () => {
    const room = await fx.room(['assistant']);
    const observer = await room.host.join(room.sessionId);
    const sender = await room.guests[0]!.join(room.sessionId);
    const sent: number[] = [];
    sender.socket.onAnyOutgoing((name: string) => {
      if (name === 'surgery:cursor-update') sent.push(performance.now());
    });
    const errors: string[] = [];
    sender.on('surgery:error', (e) => errors.push(e.code));
    const batches: { at: number; x: number }[] = [];
    observer.on('surgery:cursor-position', (batch) => {
      for (const c of batch.cursors) {
        if (c.userId === sender.userId) batches.push({ at: performance.now(), x: c.position[0] });
      }
    });

    // Offer a pose every 2 ms for about 600 ms: about 300 poses, 15 times the allowed rate.
    const offered = 300;
    const lastX = offered / 1000;
    await new Promise<void>((resolve) => {
      let i = 0;
      const timer = setInterval(() => {
        for (let k = 0; k < 2 && i < offered; k++) {
          i++;
          sender.cursor({ position: [i / 1000, 0.1, 0], rotation: [0, 0, 0, 1], tool: 'scalpel' });
        }
        if (i >= offered) {
          clearInterval(timer);
          resolve();
        }
      }, 2);
    });
    await vi.waitFor(() => expect(batches.at(-1)?.x).toBeCloseTo(lastX, 6), { timeout: 2000 });

    const spanS = (sent.at(-1)! - sent[0]!) / 1000;
    expect(sent.length).toBeGreaterThan(5);
    expect(sent.length).toBeLessThanOrEqual(Math.ceil(spanS * 30) + 1);
    for (let i = 1; i < sent.length; i++)
      expect(sent[i]! - sent[i - 1]!).toBeGreaterThan(1000 / 30 - 2);
    const observedSpanS = (batches.at(-1)!.at - batches[0]!.at) / 1000;
    expect(batches.length).toBeLessThanOrEqual(Math.ceil(observedSpanS * 30) + 2);
    expect(batches.length).toBeLessThan(offered / 5);
    expect(errors).toEqual([]);
  });

  it('refuses a malformed pose at once', () => {
    return (async () => {
      const room = await fx.room();
      const live = await room.host.join(room.sessionId);
      expect(() => live.cursor({ position: [0, 0, Number.NaN], rotation: [0, 0, 0, 1] })).toThrow(
        ScrubinError,
      );
    })();
  });
});

describe('reconnection', () => {
  it('after a dropped connection, catches up every missed seq exactly once', async () => {
    const room = await fx.room(['assistant']);
    const seen: SequencedDelivery[] = [];
    const watcher = await room.host.join(room.sessionId, {
      on: { sequenced: (d) => seen.push(d) },
    });
    const actor = await room.guests[0]!.join(room.sessionId);
    await actor.chat('before');
    await vi.waitFor(() => expect(watcher.lastSeq).toBe(actor.lastSeq));
    const before = watcher.lastSeq;

    // Hold the reconnection until the others have moved on.
    watcher.socket.io.reconnection(false);
    const reconnecting = nextOf(watcher, 'reconnecting');
    watcher.socket.io.engine.close();
    await reconnecting;
    expect(watcher.state).toBe('reconnecting');
    let missedUpTo = 0;
    for (const tool of ['scalpel', 'forceps', 'scissors', 'cautery', 'retractor'] as const) {
      missedUpTo = (await actor.selectTool(tool)).seq;
    }
    missedUpTo = (await actor.chat('while you were away')).seq;
    expect(watcher.lastSeq).toBe(before);

    const reconnected = nextOf(watcher, 'reconnected');
    watcher.socket.io.reconnection(true);
    watcher.socket.connect();
    const [info] = await reconnected;
    expect(info.lastSeq).toBeGreaterThanOrEqual(missedUpTo);
    expect(info.missed).toBeGreaterThanOrEqual(missedUpTo - before);
    expect(watcher.state).toBe('joined');

    await actor.chat('after');
    await vi.waitFor(() => expect(watcher.lastSeq).toBe(actor.lastSeq));
    expectGapless(
      seen.map((d) => d.event.seq),
      seen[0]!.event.seq,
      watcher.lastSeq,
    );
    const missed = seen.filter((d) => d.event.seq > before && d.event.seq <= missedUpTo);
    expect(missed.map((d) => d.source)).toEqual(missed.map(() => 'catch-up'));
    expect(history(seen.filter((d) => d.event.seq > before))).toEqual(
      history(
        (await room.host.exportEvents(room.sessionId, { afterSeq: before })).map((e) => ({
          type: e.type,
          event: e,
        })) as unknown as SequencedDelivery[],
      ),
    );
  });

  it('keeps every seq exactly once while events keep coming through a reconnection', async () => {
    const room = await fx.room(['assistant']);
    const seen: SequencedDelivery[] = [];
    const watcher = await room.host.join(room.sessionId, {
      on: { sequenced: (d) => seen.push(d) },
    });
    const actor = await room.guests[0]!.join(room.sessionId);
    const start = watcher.lastSeq;

    let stop = false;
    const tools = ['scalpel', 'forceps', 'scissors'] as const;
    const traffic = (async () => {
      let n = 0;
      while (!stop) await actor.selectTool(tools[n++ % tools.length]!);
      return n;
    })();
    await vi.waitFor(() => expect(watcher.lastSeq).toBeGreaterThan(start + 10));
    const reconnected = nextOf(watcher, 'reconnected');
    watcher.socket.io.engine.close();
    await reconnected;
    // Own events during the traffic too: they come back through acks.
    const back = await watcher.chat('back');
    await vi.waitFor(() => expect(watcher.lastSeq).toBeGreaterThan(back.seq + 5));
    stop = true;
    await traffic;
    await vi.waitFor(() => expect(watcher.lastSeq).toBe(actor.lastSeq));

    expectGapless(
      seen.map((d) => d.event.seq),
      seen[0]!.event.seq,
      watcher.lastSeq,
    );
    expect(seen.some((d) => d.source === 'catch-up')).toBe(true);
    expect(seen.some((d) => d.source === 'ack')).toBe(true);
  });

  it('fills a hole in live events from the REST export', async () => {
    const room = await fx.room(['assistant']);
    // Fault injection on the receiving side of a real socket: lose one broadcast.
    let dropped: number | undefined;
    const seen: SequencedDelivery[] = [];
    const watcher = room.host.session(room.sessionId, { on: { sequenced: (d) => seen.push(d) } });
    const socket = watcher.socket as unknown as { emitEvent(args: unknown[]): void };
    const emitEvent = socket.emitEvent.bind(socket);
    socket.emitEvent = (args) => {
      const payload = args[1] as { seq?: number } | undefined;
      if (dropped === undefined && args[0] === 'surgery:tool-selected' && payload?.seq) {
        dropped = payload.seq;
        return;
      }
      emitEvent(args);
    };
    await watcher.connect();
    const actor = await room.guests[0]!.join(room.sessionId);
    const first = await actor.selectTool('scalpel');
    const second = await actor.selectTool('forceps');
    await vi.waitFor(() => expect(watcher.lastSeq).toBe(second.seq));
    expect(dropped).toBe(first.seq);
    const delivered = seen.filter((d) => d.event.seq >= first.seq);
    expect(delivered.map((d) => [d.event.seq, d.source])).toEqual([
      [first.seq, 'catch-up'],
      [second.seq, 'live'],
    ]);
  });
});

describe('acks and errors', () => {
  it('rejects with the ScrubinError of the ack', async () => {
    const room = await fx.room(['assistant', 'observer']);
    const host = await room.host.join(room.sessionId);
    const assistant = await room.guests[0]!.join(room.sessionId);
    const observer = await room.guests[1]!.join(room.sessionId);

    await expectScrubinError(observer.selectTool('scalpel'), 'FORBIDDEN');
    await expectScrubinError(assistant.control('start'), 'FORBIDDEN');
    await expectScrubinError(host.control('pause'), 'INVALID_STATE');
    await expectScrubinError(
      assistant.tissueInteract({ tool: 'scalpel', action: 'cut', points: [[0, 0, 0]] }),
      'INVALID_STATE',
    );
    await expectScrubinError(host.voiceSignal('nobody-online', { sdp: 'x' }), 'NOT_FOUND');
    expect(await assistant.voiceSignal(host.userId!, { sdp: 'offer' })).toMatchObject({ ok: true });
    // Refused before sending: nothing reaches the server.
    await expectScrubinError(assistant.chat('   '), 'VALIDATION_FAILED');
    // The handles keep working.
    await host.control('start');
    await assistant.tissueInteract({ tool: 'scalpel', action: 'cut', points: [[0.01, 0, 0]] });
  });

  it('rejects with TIMEOUT when no ack comes within ackTimeoutMs', async () => {
    const room = await fx.room();
    const live = await room.host.join(room.sessionId, { ackTimeoutMs: 100 });
    live.socket.io.reconnection(false);
    const reconnecting = nextOf(live, 'reconnecting');
    live.socket.io.engine.close();
    await reconnecting;
    const error = await expectScrubinError(live.chat('into the void'), 'TIMEOUT');
    expect(error.details).toMatchObject({ event: 'surgery:chat-message', timeoutMs: 100 });
  });

  it('queues actions while reconnecting and sends them once back', async () => {
    const room = await fx.room();
    const live = await room.host.join(room.sessionId);
    live.socket.io.reconnection(false);
    const reconnecting = nextOf(live, 'reconnecting');
    live.socket.io.engine.close();
    await reconnecting;
    const pending = live.chat('sent after reconnecting');
    live.socket.io.reconnection(true);
    live.socket.connect();
    const ack = await pending;
    expect(ack.event.text).toBe('sent after reconnecting');
    expect(live.lastSeq).toBe(ack.seq);
  });
});

describe('lifecycle', () => {
  it('leave gives up the seat; others see participant-left', async () => {
    const room = await fx.room(['assistant']);
    const host = await room.host.join(room.sessionId);
    const guest = await room.guests[0]!.join(room.sessionId);
    const left = nextOf(host, 'surgery:participant-left');
    const disconnected = nextOf(guest, 'disconnected');
    await guest.leave();
    expect((await disconnected)[0]).toEqual({ reason: 'left' });
    expect((await left)[0]).toMatchObject({ reason: 'left', userId: guest.userId });
    expect(guest.state).toBe('closed');
    expect(host.participants.map((p) => p.userId)).toEqual([host.userId]);
    await expectScrubinError(guest.chat('too late'), 'UNAVAILABLE');
  });

  it('follows role changes, removal and the end of the session', async () => {
    const room = await fx.room(['assistant', 'assistant']);
    const host = await room.host.join(room.sessionId);
    const a = await room.guests[0]!.join(room.sessionId);
    const b = await room.guests[1]!.join(room.sessionId);

    const updated = nextOf(a, 'surgery:participant-updated');
    await room.host.changeRole(room.sessionId, a.userId!, 'observer');
    await updated;
    expect(a.role).toBe('observer');
    await expectScrubinError(a.selectTool('forceps'), 'FORBIDDEN');

    const removed = nextOf(b, 'disconnected');
    const serverError = nextOf(b, 'surgery:error');
    await room.host.removeParticipant(room.sessionId, b.userId!);
    expect((await serverError)[0].code).toBe('FORBIDDEN');
    expect((await removed)[0]).toEqual({ reason: 'removed' });
    await vi.waitFor(() => expect(host.participants.map((p) => p.userId)).not.toContain(b.userId));

    const ended = nextOf(a, 'surgery:simulation-state', (e) => e.status === 'completed');
    await room.host.endSession(room.sessionId);
    expect((await ended)[0].action).toBe('end');
    expect(a.status).toBe('completed');
    await expectScrubinError(host.chat('over'), 'SESSION_ENDED');
  });

  it('client.close() closes every handle', async () => {
    const room = await fx.room();
    const live = await room.host.join(room.sessionId);
    expect(room.host.sessions).toEqual([live]);
    const disconnected = nextOf(live, 'disconnected');
    room.host.close();
    expect((await disconnected)[0]).toEqual({ reason: 'closed' });
    expect(room.host.sessions).toEqual([]);
    expect(live.socket.connected).toBe(false);
  });
});
