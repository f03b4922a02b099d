import { describe, expect, it } from 'vitest';
import { ActiveClock, formatDuration } from './active-clock.js';

describe('ActiveClock', () => {
  it('runs while active and stops when paused', () => {
    const clock = new ActiveClock();
    expect(clock.seconds(0)).toBe(0);
    clock.onStatus('active', 0, 1000);
    expect(clock.seconds(3500)).toBeCloseTo(2.5);
    clock.onStatus('paused', 2.5, 3500);
    expect(clock.seconds(10_000)).toBeCloseTo(2.5);
  });

  it('follows the server tick forward, and back only when far off', () => {
    const clock = new ActiveClock();
    clock.onStatus('active', 0, 0);
    clock.onTick(450, 4000); // 5 s of ticks after 4 s locally
    expect(clock.seconds(4000)).toBeCloseTo(5);
    clock.onTick(450, 4500); // slightly behind the run-on: keep running smoothly
    expect(clock.seconds(4500)).toBeCloseTo(5.5);
    clock.onTick(450, 7000);
    expect(clock.seconds(7000)).toBeCloseTo(5);
  });

  it('stops on reset and keeps the time counted', () => {
    const clock = new ActiveClock();
    clock.onStatus('active', 10, 0);
    clock.onReset(2000);
    expect(clock.seconds(9000)).toBeCloseTo(12);
  });

  it.each([
    [0, '0:00'],
    [59.9, '0:59'],
    [61, '1:01'],
    [3725, '1:02:05'],
  ])('formats %f s as %s', (s, text) => expect(formatDuration(s)).toBe(text));
});
