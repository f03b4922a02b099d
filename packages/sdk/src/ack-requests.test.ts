import { describe, expect, it } from 'vitest';
import { ScrubinError, type SequencedEvent, type SequencedType } from '@scrubin/protocol';
import { AckRequests } from './ack-requests.js';
import { createManualClock } from './manual-clock.js';

function setup(ackTimeoutMs = 1000) {
  const clock = createManualClock();
  const sent: { event: string; payload: unknown; answer: (ack: unknown) => void }[] = [];
  const acked: { type: SequencedType; seq: number }[] = [];
  let settledCalls = 0;
  const requests = new AckRequests({
    clock,
    ackTimeoutMs,
    emit: (event, payload, answer) => sent.push({ event, payload, answer }),
    onSequencedAck: (type, event) => acked.push({ type, seq: event.seq }),
    onSequencedSettled: () => settledCalls++,
  });
  requests.ready = true;
  return { clock, sent, acked, requests, settled: () => settledCalls };
}

const chatEvent = (seq: number) =>
  ({
    sessionId: 's',
    seq,
    tick: 0,
    userId: 'u',
    at: '2025-01-01T00:00:00.000Z',
    name: 'N',
    text: 'hi',
  }) satisfies SequencedEvent<'chat-message'>;

async function rejection(promise: Promise<unknown>): Promise<ScrubinError> {
  const error = await promise.then(
    () => new Error('resolved'),
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(ScrubinError);
  return error as ScrubinError;
}

describe('AckRequests', () => {
  it('resolves with the ok ack and hands the sequenced event on first', async () => {
    const { sent, acked, requests, settled } = setup();
    const promise = requests.send('surgery:chat-message', { text: 'hi' }, { type: 'chat-message' });
    expect(requests.sequencedInFlight).toBe(1);
    sent[0]!.answer({ ok: true, seq: 7, tick: 0, event: chatEvent(7) });
    expect(acked).toEqual([{ type: 'chat-message', seq: 7 }]);
    await expect(promise).resolves.toMatchObject({ ok: true, seq: 7 });
    expect(requests.sequencedInFlight).toBe(0);
    expect(settled()).toBe(1);
  });

  it('rejects with the error of a failed ack', async () => {
    const { sent, acked, requests } = setup();
    const promise = requests.send(
      'surgery:tool-select',
      { tool: 'scalpel' },
      { type: 'tool-selected' },
    );
    sent[0]!.answer({ ok: false, error: { code: 'FORBIDDEN', message: 'observers watch' } });
    const error = await rejection(promise);
    expect([error.code, error.message]).toEqual(['FORBIDDEN', 'observers watch']);
    expect(acked).toEqual([]);
  });

  it('times out after ackTimeoutMs, yet still hands on the event of a late ack', async () => {
    const { clock, sent, acked, requests } = setup(500);
    const promise = requests.send('surgery:chat-message', { text: 'hi' }, { type: 'chat-message' });
    clock.advance(499);
    expect(requests.sequencedInFlight).toBe(1);
    clock.advance(1);
    const error = await rejection(promise);
    expect(error.code).toBe('TIMEOUT');
    expect(requests.sequencedInFlight).toBe(0);
    sent[0]!.answer({ ok: true, seq: 3, tick: 0, event: chatEvent(3) });
    expect(acked).toEqual([{ type: 'chat-message', seq: 3 }]);
  });

  it('refuses an invalid payload without sending it', async () => {
    const { sent, requests } = setup();
    const error = await rejection(requests.send('surgery:chat-message', { text: '   ' }));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details).toBeInstanceOf(Array);
    expect(sent).toEqual([]);
  });

  it('queues while not ready, sends on flush, and times queued requests out too', async () => {
    const { clock, sent, requests } = setup(100);
    requests.ready = false;
    const waiting = requests.send('surgery:reset-simulation', {}, { queue: true });
    const expiring = requests.send('surgery:chat-message', { text: 'x' }, { queue: true });
    const immediate = requests.send('surgery:join-session', { sessionId: 's' });
    expect(sent.map((s) => s.event)).toEqual(['surgery:join-session']);
    clock.advance(50);
    requests.ready = true;
    requests.flush();
    expect(sent.map((s) => s.event)).toEqual([
      'surgery:join-session',
      'surgery:reset-simulation',
      'surgery:chat-message',
    ]);
    sent[1]!.answer({ ok: true, seq: 1, tick: 0, event: {} });
    await expect(waiting).resolves.toMatchObject({ ok: true });
    clock.advance(50);
    expect((await rejection(expiring)).code).toBe('TIMEOUT');
    expect((await rejection(immediate)).code).toBe('TIMEOUT');
  });

  it('failInFlight rejects only what was sent; close rejects the rest and refuses more', async () => {
    const { sent, requests } = setup();
    const inFlight = requests.send('surgery:chat-message', { text: 'a' });
    requests.ready = false;
    const queued = requests.send('surgery:chat-message', { text: 'b' }, { queue: true });
    requests.failInFlight('connection lost');
    expect((await rejection(inFlight)).code).toBe('UNAVAILABLE');
    requests.close('closed');
    expect((await rejection(queued)).code).toBe('UNAVAILABLE');
    expect((await rejection(requests.send('surgery:chat-message', { text: 'c' }))).code).toBe(
      'UNAVAILABLE',
    );
    expect(sent).toHaveLength(1);
    // An answer after the failure changes nothing.
    sent[0]!.answer({ ok: true, seq: 1, tick: 0, event: chatEvent(1) });
  });
});
