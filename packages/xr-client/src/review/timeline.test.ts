import { describe, expect, it } from 'vitest';
import {
  advancePlayhead,
  formatTicks,
  seekProgress,
  ticksToSeconds,
  timelinePercent,
} from './timeline.js';

describe('review timeline maths', () => {
  it.each([
    [0, '0:00'],
    [89, '0:00'],
    [90, '0:01'],
    [90 * 75, '1:15'],
    [90 * 3725, '1:02:05'],
    [-5, '0:00'],
  ])('formats tick %i as %s', (tick, text) => {
    expect(formatTicks(tick)).toBe(text);
  });

  it('converts ticks to seconds at 90 Hz', () => {
    expect(ticksToSeconds(45)).toBe(0.5);
  });

  it('advances by wall time × speed, stops at the end and waits for the simulation', () => {
    // 1 s at 2× is 180 ticks.
    expect(advancePlayhead(100, 1000, 2, 10_000, 100, 1000)).toBe(280);
    expect(advancePlayhead(100, 1000, 0.25, 10_000, 100, 1000)).toBe(122.5);
    expect(advancePlayhead(900, 1000, 8, 1000, 900, 5000)).toBe(1000);
    // The simulation is at 100 and may be led by 30 ticks at most.
    expect(advancePlayhead(120, 1000, 1, 10_000, 100, 30)).toBe(130);
    // Already further ahead than the lead: it holds, never goes back.
    expect(advancePlayhead(200, 1000, 1, 10_000, 100, 30)).toBe(200);
    expect(advancePlayhead(50, -20, 1, 10_000, 50, 30)).toBe(50);
  });

  it('places ticks along the timeline and measures seek progress', () => {
    expect(timelinePercent(50, 200)).toBe(25);
    expect(timelinePercent(300, 200)).toBe(100);
    expect(timelinePercent(5, 0)).toBe(0);
    expect(seekProgress(0, 1000, 250)).toBe(0.25);
    expect(seekProgress(500, 500, 0)).toBe(1);
    expect(seekProgress(100, 1000, 50)).toBe(0);
  });
});
