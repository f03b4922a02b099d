import { describe, expect, it } from 'vitest';
import { eventFromLogEntry, type EventLogEntry, type ScrubinError } from '@scrubin/protocol';
import type { SequencedDelivery } from './live-types.js';
import { createManualClock } from './manual-clock.js';
import type { EventLogPage } from './rest.js';
import { SequencedStream } from './sequenced-stream.js';

const SESSION = 'session_1700000000000_abcdef';

const entry = (seq: number): EventLogEntry<'chat-message'> => ({
  sessionId: SESSION,
  seq,
  tick: 0,
  type: 'chat-message',
  userId: `user${seq}`,
  at: '2025-01-01T00:00:00.000Z',
  payload: { name: 'N', text: `#${seq}` },
});
const event = (seq: number) => eventFromLogEntry(entry(seq));

/** A stream over an in-memory log; `fail` makes the next fetches throw. */
function setup(options: { sinceSeq?: number; log?: number; pageSize?: number } = {}) {
  const clock = createManualClock();
  const log = Array.from({ length: options.log ?? 0 }, (_, i) => entry(i + 1));
  const delivered: SequencedDelivery[] = [];
  const errors: ScrubinError[] = [];
  const fetches: number[] = [];
  const state = { allowed: true, failures: 0 };
  const pageSize = options.pageSize ?? 1000;
  const stream = new SequencedStream({
    sessionId: SESSION,
    sinceSeq: options.sinceSeq,
    clock,
    retryMs: 1000,
    async fetchPage(afterSeq): Promise<EventLogPage> {
      fetches.push(afterSeq);
      if (state.failures > 0) {
        state.failures--;
        throw new Error('network down');
      }
      const events = log.filter((e) => e.seq > afterSeq).slice(0, pageSize);
      const last = events.at(-1)?.seq ?? afterSeq;
      return { sessionId: SESSION, events, lastSeq: log.length, hasMore: last < log.length };
    },
    deliver: (d) => delivered.push(d),
    mayCatchUp: () => state.allowed,
    onError: (e) => errors.push(e),
  });
  const seqs = () => delivered.map((d) => d.event.seq);
  return { clock, log, delivered, errors, fetches, state, stream, seqs };
}

describe('SequencedStream', () => {
  it('merges live events and acks into one ordered stream without duplicates', () => {
    const { stream, delivered, seqs, fetches } = setup();
    stream.accept('chat-message', event(6), 'live'); // before the join ack: held
    stream.start(5);
    stream.accept('chat-message', event(6), 'live');
    stream.accept('chat-message', event(7), 'ack');
    stream.accept('chat-message', event(7), 'live');
    expect(seqs()).toEqual([6, 7]);
    expect(delivered.map((d) => [d.name, d.source])).toEqual([
      ['surgery:chat-message', 'live'],
      ['surgery:chat-message', 'ack'],
    ]);
    expect(delivered[0]!.event).toMatchObject({ text: '#6', userId: 'user6' });
    expect(fetches).toEqual([]);
  });

  it('fills a hole in live events from the log, pages included', async () => {
    const { stream, seqs, fetches } = setup({ log: 9, pageSize: 2 });
    stream.start(2);
    stream.accept('chat-message', event(3), 'live');
    stream.accept('chat-message', event(9), 'live'); // 4..8 lost
    expect(seqs()).toEqual([3]);
    await stream.catchUp();
    expect(seqs()).toEqual([3, 4, 5, 6, 7, 8, 9]);
    expect(fetches).toEqual([3, 5, 7]);
  });

  it('waits for pending own acks before catching up', async () => {
    const { stream, seqs, fetches, state, log } = setup({ log: 3 });
    stream.start(0);
    state.allowed = false;
    stream.accept('chat-message', event(2), 'live');
    expect(fetches).toEqual([]);
    // The ack of seq 1 arrives: no catch-up needed.
    stream.accept('chat-message', event(1), 'ack');
    expect(seqs()).toEqual([1, 2]);
    // A hole that stays after the acks settle is filled.
    stream.accept('chat-message', event(3), 'live');
    log.push(entry(4));
    stream.noteSeq(4);
    state.allowed = true;
    stream.checkGap();
    await stream.catchUp();
    expect(fetches).toEqual([3]);
    expect(seqs()).toEqual([1, 2, 3, 4]);
  });

  it('reports a failed catch-up and retries after retryMs', async () => {
    const { stream, seqs, errors, state, clock } = setup({ log: 4 });
    stream.start(0);
    state.failures = 1;
    stream.noteSeq(4);
    await stream.catchUp();
    expect(errors.map((e) => e.code)).toEqual(['INTERNAL']);
    expect(seqs()).toEqual([]);
    clock.advance(999);
    expect(seqs()).toEqual([]);
    clock.advance(1);
    await stream.catchUp();
    expect(seqs()).toEqual([1, 2, 3, 4]);
  });

  it('reports a seq the log does not have instead of looping', async () => {
    const { stream, errors, fetches } = setup({ log: 2 });
    stream.start(0);
    stream.noteSeq(5);
    await stream.catchUp();
    expect(fetches).toEqual([0, 2]);
    expect(errors[0]?.message).toMatch(/Event 3 is missing/);
  });

  it('replays from sinceSeq and ignores entries of other sessions', () => {
    const { stream, seqs } = setup({ sinceSeq: 1 });
    expect(stream.started).toBe(true);
    stream.acceptEntry({ ...entry(2), sessionId: 'other' });
    stream.acceptEntry(entry(3));
    stream.acceptEntry(entry(2));
    expect(seqs()).toEqual([2, 3]);
    stream.close();
    stream.acceptEntry(entry(4));
    expect(seqs()).toEqual([2, 3]);
  });
});
