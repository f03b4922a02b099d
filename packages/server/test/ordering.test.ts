import { describe, expect, it } from 'vitest';
import type { EventLogEntry } from '@scrubin/protocol';
import {
  EventCollector,
  emitAck,
  expectGapless,
  expectOk,
  exportAll,
  logEntryOf,
  type Member,
  type Room,
  useServer,
} from './helpers.js';

const fx = useServer();

const TOOLS = ['scalpel', 'forceps', 'needle-driver', 'scissors'] as const;

/** The i-th event of a sender's mixed stream (chat, tool choice, tissue contact), as acked. */
async function nthEvent(member: Member, i: number): Promise<EventLogEntry> {
  switch (i % 3) {
    case 0: {
      const text = `${member.user.name} #${i}`;
      const ack = await emitAck(member.socket, 'surgery:chat-message', { text });
      return logEntryOf('chat-message', expectOk(ack).event);
    }
    case 1: {
      const tool = TOOLS[i % TOOLS.length];
      const ack = await emitAck(member.socket, 'surgery:tool-select', { tool });
      return logEntryOf('tool-selected', expectOk(ack).event);
    }
    default: {
      const ack = await emitAck(member.socket, 'surgery:tissue-interact', {
        tool: 'scalpel',
        action: 'press',
        points: [[i / 1000, 0.01, -0.02]],
        force: i / 10,
      });
      return logEntryOf('tissue-update', expectOk(ack).event);
    }
  }
}

/** Seqs a member knows: what it received plus what it was acked for. */
const known = (member: Member, acks: EventLogEntry[]) =>
  [...member.inbox.sequenced().map((e) => e.seq), ...acks.map((e) => e.seq)].sort((a, b) => a - b);

async function activeRoom(): Promise<{ room: Room; startSeq: number; startEntry: EventLogEntry }> {
  const room = await fx.room({ guests: ['assistant', 'assistant', 'observer'] });
  const start = expectOk(
    await emitAck(room.host.socket, 'surgery:simulation-control', { action: 'start' }),
  );
  return { room, startSeq: start.seq, startEntry: logEntryOf('simulation-state', start.event) };
}

describe('ordering', () => {
  it('gives every receiver a gapless, increasing seq while 3 clients send concurrently', async () => {
    const { room, startSeq, startEntry } = await activeRoom();
    const senders = room.members.slice(0, 3);
    const watcher = room.members[3]!;
    const perSender = 60;

    const acked = await Promise.all(
      senders.map((s) => Promise.all(Array.from({ length: perSender }, (_, i) => nthEvent(s, i)))),
    );
    const lastSeq = startSeq + senders.length * perSender;
    expect(Math.max(...acked.flat().map((e) => e.seq))).toBe(lastSeq);

    const everyone: [Member, EventLogEntry[]][] = [
      // The host's own start is known to it from its ack.
      ...senders.map((s, i): [Member, EventLogEntry[]] => [
        s,
        s === room.host ? [startEntry, ...acked[i]!] : acked[i]!,
      ]),
      [watcher, []],
    ];
    for (const [member, own] of everyone) {
      await member.inbox.until(() => (known(member, own).at(-1) === lastSeq ? true : undefined));
      const received = member.inbox.sequenced().map((e) => e.seq);
      // In arrival order, strictly increasing.
      for (let i = 1; i < received.length; i++)
        expect(received[i]).toBeGreaterThan(received[i - 1]!);
      // Together with its own acks: every seq from the start on, once.
      expectGapless(
        known(member, own).filter((s) => s >= startSeq),
        startSeq,
        lastSeq,
      );
    }

    // Each sender's own events are not echoed back to it.
    for (const [i, sender] of senders.entries()) {
      const own = new Set(acked[i]!.map((e) => e.seq));
      expect(sender.inbox.sequenced().filter((e) => own.has(e.seq))).toEqual([]);
    }
  });

  it('fills exactly the gap of a client that rejoins with sinceSeq', async () => {
    const { room } = await activeRoom();
    const [host, a, b] = room.members as [Member, Member, Member, Member];
    const dropper = room.members[3]!;
    const watcher = new EventCollector(host.socket);
    const perSender = 40;

    let sent = 0;
    const stream = Promise.all(
      [host, a, b].map(async (s) => {
        const out: EventLogEntry[] = [];
        for (let i = 0; i < perSender; i++) {
          out.push(await nthEvent(s, i));
          sent++;
        }
        return out;
      }),
    );

    // Drop out mid-stream, having applied everything up to `sinceSeq`.
    await dropper.inbox.until(() => (dropper.inbox.sequenced().length >= 20 ? true : undefined));
    dropper.socket.disconnect();
    const before = dropper.inbox.sequenced();
    const sinceSeq = before.at(-1)!.seq;
    expectGapless(
      before.map((e) => e.seq),
      before[0]!.seq,
      sinceSeq,
    );

    // Come back while the others are still sending.
    await watcher.until(() => (sent >= 60 ? true : undefined), 15_000);
    const socket = await fx.connect(dropper.token);
    const inbox = new EventCollector(socket);
    const ack = expectOk(
      await emitAck(socket, 'surgery:join-session', { sessionId: room.sessionId, sinceSeq }),
    );
    expect(ack.hasMore).toBe(false);
    expectGapless(
      ack.events.map((e) => e.seq),
      sinceSeq + 1,
      ack.seq,
    );
    expect(ack.events.length).toBeGreaterThan(0);
    expect(ack.events).toContainEqual(
      expect.objectContaining({
        type: 'participant-left',
        userId: dropper.user.id,
        payload: { reason: 'disconnected' },
      }),
    );

    const acked = (await stream).flat();
    const lastSeq = Math.max(...acked.map((e) => e.seq));
    const { events: log } = await exportAll(fx.url, host.token, room.sessionId);
    expectGapless(
      log.map((e) => e.seq),
      1,
      log.length,
    );
    const bySeq = new Map(log.map((e) => [e.seq, e]));

    // The catch-up entries are the log's entries.
    for (const e of ack.events) expect(e).toEqual(bySeq.get(e.seq));

    // After the ack, the live stream continues from ack.seq + 1, without gaps or repeats; it
    // includes the client's own participant-joined, logged after the seq the ack starts from.
    await inbox.until(() => {
      const seen = inbox.sequenced().map((e) => e.seq);
      return seen.includes(lastSeq) || ack.seq >= lastSeq ? true : undefined;
    });
    const live = inbox.sequenced();
    for (const e of live) expect(e.seq).toBeGreaterThan(ack.seq);
    expect(live).toContainEqual(
      expect.objectContaining({ type: 'participant-joined', userId: dropper.user.id }),
    );
    const view = [
      ...before.map((e) => e.seq),
      ...ack.events.map((e) => e.seq),
      ...live.map((e) => e.seq),
    ].sort((x, y) => x - y);
    expectGapless(view, before[0]!.seq, Math.max(lastSeq, ack.seq));
    for (const e of live) expect(e).toEqual(bySeq.get(e.seq));
  });

  it('exports the same events that were broadcast, gapless from 1', async () => {
    const { room, startSeq } = await activeRoom();
    const senders = room.members.slice(0, 3);
    const watcher = room.members[3]!;
    const acked = (
      await Promise.all(
        senders.map((s) => Promise.all(Array.from({ length: 30 }, (_, i) => nthEvent(s, i)))),
      )
    ).flat();
    const lastSeq = Math.max(...acked.map((e) => e.seq));
    await watcher.inbox.until(() =>
      watcher.inbox.sequenced().some((e) => e.seq === lastSeq) ? true : undefined,
    );

    const exported = await exportAll(fx.url, room.host.token, room.sessionId, 25);
    expect(exported.lastSeq).toBe(lastSeq);
    expectGapless(
      exported.events.map((e) => e.seq),
      1,
      lastSeq,
    );
    const bySeq = new Map(exported.events.map((e) => [e.seq, e]));

    // What the watcher saw from the start on, and what each sender was acked, is the log.
    const broadcast = watcher.inbox.sequenced().filter((e) => e.seq >= startSeq);
    expect(broadcast.map((e) => e.seq)).toEqual(
      exported.events.filter((e) => e.seq >= startSeq).map((e) => e.seq),
    );
    for (const e of [...broadcast, ...acked]) expect(bySeq.get(e.seq)).toEqual(e);

    // Before the start, the log holds the joins, the guests' among them.
    const joins = exported.events.filter((e) => e.seq < startSeq);
    for (const e of joins) expect(e.type).toBe('participant-joined');
    const guests = room.guests.map((g) => g.user.id);
    expect(joins.map((e) => e.userId)).toEqual(expect.arrayContaining(guests));
  });
});
