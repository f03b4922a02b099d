import { describe, expect, it } from 'vitest';
import { KeyframeStore, type Keyframe } from './keyframes.js';

const frame = (tick: number, bytes = 10): Keyframe<string> => ({
  tick,
  applied: tick,
  bytes,
  state: `at ${tick}`,
});

describe('KeyframeStore', () => {
  it('wants one on the spacing, after the start, once', () => {
    const store = new KeyframeStore<string>({ everyTicks: 100, budgetBytes: 1000 });
    expect(store.wants(0)).toBe(false);
    expect(store.wants(150)).toBe(false);
    expect(store.wants(200)).toBe(true);
    store.add(frame(200));
    expect(store.wants(200)).toBe(false);
    expect(store.wants(100)).toBe(true);
  });

  it('finds the newest at or before a tick, whatever order they came in', () => {
    const store = new KeyframeStore<string>({ everyTicks: 100, budgetBytes: 1000 });
    for (const tick of [300, 100, 500, 200]) store.add(frame(tick));
    expect(store.ticks).toEqual([100, 200, 300, 500]);
    expect(store.atOrBefore(99)).toBeUndefined();
    expect(store.atOrBefore(100)?.state).toBe('at 100');
    expect(store.atOrBefore(499)?.state).toBe('at 300');
    expect(store.atOrBefore(10_000)?.state).toBe('at 500');
  });

  it('replaces one at the same tick without counting it twice', () => {
    const store = new KeyframeStore<string>({ everyTicks: 100, budgetBytes: 1000 });
    store.add(frame(100, 10));
    store.add({ ...frame(100, 30), state: 'again' });
    expect(store.ticks).toEqual([100]);
    expect(store.bytes).toBe(30);
    expect(store.atOrBefore(100)?.state).toBe('again');
  });

  it('drops those after a tick', () => {
    const store = new KeyframeStore<string>({ everyTicks: 100, budgetBytes: 1000 });
    for (const tick of [100, 200, 300, 400]) store.add(frame(tick));
    store.dropAfter(200);
    expect(store.ticks).toEqual([100, 200]);
    expect(store.bytes).toBe(20);
    store.dropAfter(199);
    expect(store.ticks).toEqual([100]);
  });

  it('keeps to its budget by dropping every other one and doubling the spacing', () => {
    const store = new KeyframeStore<string>({ everyTicks: 100, budgetBytes: 45 });
    for (let tick = 100; tick <= 400; tick += 100) store.add(frame(tick));
    expect(store.ticks).toEqual([100, 200, 300, 400]);
    store.add(frame(500));
    expect(store.everyTicks).toBe(200);
    expect(store.ticks).toEqual([200, 400]);
    expect(store.bytes).toBe(20);
    expect(store.wants(500)).toBe(false);
    expect(store.wants(600)).toBe(true);
    for (let tick = 600; tick <= 1000; tick += 200) store.add(frame(tick));
    expect(store.everyTicks).toBe(400);
    expect(store.ticks).toEqual([400, 800]);
    expect(store.bytes).toBeLessThanOrEqual(45);
  });

  it('holds nothing when one keyframe is over the budget', () => {
    const store = new KeyframeStore<string>({ everyTicks: 100, budgetBytes: 5 });
    store.add(frame(100));
    expect(store.ticks).toEqual([]);
    expect(store.bytes).toBe(0);
  });
});
