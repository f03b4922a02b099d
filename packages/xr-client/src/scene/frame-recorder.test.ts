import { describe, expect, it } from 'vitest';
import { FrameRecorder, percentiles } from './frame-recorder.js';

describe('FrameRecorder', () => {
  it('measures intervals between frame starts and the work inside each frame', () => {
    const recorder = new FrameRecorder(8);
    // Frames start every 20 ms and take 5 ms, except one slow frame of 30 ms.
    const starts = [0, 20, 40, 60, 80];
    const work = [5, 5, 30, 5, 5];
    starts.forEach((t, i) => {
      recorder.begin(t);
      recorder.end(t + work[i]!);
    });
    const stats = recorder.stats();
    expect(stats.frames).toBe(4);
    expect(stats.windowMs).toBe(80);
    expect(stats.fps).toBe(50);
    expect(stats.intervalMs.p50).toBe(20);
    expect(stats.workMs.max).toBe(30);
    expect(stats.workMs.mean).toBe((5 + 30 + 5 + 5) / 4);
  });

  it('starts over after a reset', () => {
    const recorder = new FrameRecorder(8);
    recorder.begin(0);
    recorder.end(1);
    recorder.begin(100);
    recorder.end(101);
    recorder.reset();
    expect(recorder.stats().frames).toBe(0);
    recorder.begin(200);
    recorder.end(202);
    recorder.begin(210);
    recorder.end(212);
    expect(recorder.stats()).toMatchObject({ frames: 1, windowMs: 10, fps: 100 });
  });

  it('keeps the latest frames when more arrive than it holds', () => {
    const recorder = new FrameRecorder(4);
    for (let i = 0; i < 10; i++) {
      recorder.begin(i * 10);
      recorder.end(i * 10 + i);
    }
    const stats = recorder.stats();
    expect(stats.frames).toBe(4);
    // Slots hold the work of frames 6..9 in ring order.
    expect(stats.workMs.max).toBe(9);
    expect(stats.workMs.p50).toBeGreaterThanOrEqual(6);
  });
});

describe('percentiles', () => {
  it('gives zeros for no values and order statistics otherwise', () => {
    expect(percentiles(new Float64Array(0))).toEqual({ mean: 0, p50: 0, p95: 0, p99: 0, max: 0 });
    const values = Float64Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentiles(values)).toMatchObject({ p50: 51, p95: 96, p99: 100, max: 100 });
  });
});
