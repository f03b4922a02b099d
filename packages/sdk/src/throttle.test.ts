import { describe, expect, it } from 'vitest';
import { createManualClock } from './manual-clock.js';
import { createThrottle } from './throttle.js';

function setup(intervalMs = 100) {
  const clock = createManualClock();
  const sent: { value: number; at: number }[] = [];
  const throttle = createThrottle<number>({
    intervalMs,
    clock,
    send: (value) => sent.push({ value, at: clock.now() }),
  });
  return { clock, sent, throttle };
}

describe('createThrottle', () => {
  it('sends the first value at once', () => {
    const { sent, throttle } = setup();
    throttle.push(1);
    expect(sent).toEqual([{ value: 1, at: 0 }]);
    expect(throttle.pending).toBe(false);
  });

  it('keeps only the latest value during the interval and sends it when the interval ends', () => {
    const { clock, sent, throttle } = setup();
    throttle.push(1);
    clock.advance(10);
    throttle.push(2);
    clock.advance(10);
    throttle.push(3);
    expect(sent.map((s) => s.value)).toEqual([1]);
    expect(throttle.pending).toBe(true);
    clock.advance(79);
    expect(sent.map((s) => s.value)).toEqual([1]);
    clock.advance(1);
    expect(sent).toEqual([
      { value: 1, at: 0 },
      { value: 3, at: 100 },
    ]);
    clock.advance(1000);
    expect(sent).toHaveLength(2);
  });

  it('sends at once again after a quiet interval', () => {
    const { clock, sent, throttle } = setup();
    throttle.push(1);
    clock.advance(150);
    throttle.push(2);
    expect(sent).toEqual([
      { value: 1, at: 0 },
      { value: 2, at: 150 },
    ]);
  });

  it.each([
    { hz: 30, pushEveryMs: 1, durationMs: 1000 },
    { hz: 30, pushEveryMs: 7, durationMs: 3000 },
    { hz: 10, pushEveryMs: 3, durationMs: 2000 },
  ])('never exceeds $hz Hz and ends on the last value ($pushEveryMs ms pushes)', (c) => {
    const intervalMs = 1000 / c.hz;
    const { clock, sent, throttle } = setup(intervalMs);
    let last = 0;
    for (let t = 0; t < c.durationMs; t += c.pushEveryMs) {
      throttle.push(++last);
      clock.advance(c.pushEveryMs);
    }
    clock.advance(intervalMs);
    for (let i = 1; i < sent.length; i++) {
      expect(sent[i]!.at - sent[i - 1]!.at).toBeGreaterThanOrEqual(intervalMs - 1e-9);
    }
    expect(sent.length).toBeLessThanOrEqual(Math.floor(c.durationMs / intervalMs) + 2);
    expect(sent.length).toBeGreaterThanOrEqual(Math.floor(c.durationMs / intervalMs) - 1);
    expect(sent.at(-1)!.value).toBe(last);
  });

  it('cancel drops the kept value; flush sends it now', () => {
    const { clock, sent, throttle } = setup();
    throttle.push(1);
    throttle.push(2);
    throttle.cancel();
    clock.advance(500);
    expect(sent.map((s) => s.value)).toEqual([1]);
    throttle.push(3);
    throttle.push(4);
    throttle.flush();
    expect(sent.map((s) => s.value)).toEqual([1, 3, 4]);
    expect(throttle.pending).toBe(false);
    clock.advance(500);
    expect(sent).toHaveLength(3);
  });
});
