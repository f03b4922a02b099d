import { describe, expect, it } from 'vitest';
import { SequenceBuffer } from './sequence-buffer.js';

/** Deterministic PRNG (mulberry32) for shuffles. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('SequenceBuffer', () => {
  it('passes items through in order', () => {
    const buffer = new SequenceBuffer<string>(0);
    expect(buffer.push(1, 'a')).toEqual(['a']);
    expect(buffer.push(2, 'b')).toEqual(['b']);
    expect(buffer.lastSeq).toBe(2);
    expect(buffer.hasGap).toBe(false);
  });

  it('holds items behind a hole and releases them in order when it fills', () => {
    const buffer = new SequenceBuffer<string>(0);
    expect(buffer.push(3, 'c')).toEqual([]);
    expect(buffer.push(2, 'b')).toEqual([]);
    expect(buffer.hasGap).toBe(true);
    expect(buffer.firstPendingSeq).toBe(2);
    expect(buffer.push(1, 'a')).toEqual(['a', 'b', 'c']);
    expect(buffer.hasGap).toBe(false);
    expect(buffer.lastSeq).toBe(3);
  });

  it.each([
    { name: 'an already released seq', pushes: [1, 2, 1], out: ['1', '2'] },
    { name: 'a held seq', pushes: [3, 3, 1, 2], out: ['1', '2', '3'] },
    { name: 'a seq at or before the start', pushes: [0, -1, 1.5, 1], out: ['1'] },
  ])('drops duplicates and invalid seqs: $name', ({ pushes, out }) => {
    const buffer = new SequenceBuffer<string>(0);
    const released = pushes.flatMap((seq) => buffer.push(seq, String(seq)));
    expect(released).toEqual(out);
  });

  it('keeps the first copy of a seq offered twice', () => {
    const buffer = new SequenceBuffer<string>(0);
    buffer.push(2, 'live');
    buffer.push(2, 'catch-up');
    expect(buffer.push(1, 'x')).toEqual(['x', 'live']);
  });

  it('holds everything until start, then drops what the start already covers', () => {
    const buffer = new SequenceBuffer<number>();
    expect(buffer.push(4, 4)).toEqual([]);
    expect(buffer.push(6, 6)).toEqual([]);
    expect(buffer.push(7, 7)).toEqual([]);
    expect(buffer.hasGap).toBe(false);
    expect(buffer.lastSeq).toBeUndefined();
    expect(buffer.start(5)).toEqual([6, 7]);
    expect(buffer.pendingCount).toBe(0);
    expect(buffer.lastSeq).toBe(7);
  });

  it('start never moves backwards', () => {
    const buffer = new SequenceBuffer<number>(10);
    expect(buffer.start(3)).toEqual([]);
    expect(buffer.lastSeq).toBe(10);
    expect(buffer.push(10, 10)).toEqual([]);
    expect(buffer.push(11, 11)).toEqual([11]);
  });

  it.each([1, 2, 3, 4, 5])(
    'releases 1..N exactly once in order from shuffled, duplicated input (seed %i)',
    (seed) => {
      const random = prng(seed);
      const n = 500;
      const input: number[] = [];
      for (let seq = 1; seq <= n; seq++) {
        input.push(seq);
        if (random() < 0.3) input.push(seq);
      }
      // Local disorder, like live events racing catch-up pages.
      for (let i = input.length - 1; i > 0; i--) {
        const j = Math.max(0, i - Math.floor(random() * 20));
        [input[i], input[j]] = [input[j]!, input[i]!];
      }
      const buffer = new SequenceBuffer<number>(0);
      const out = input.flatMap((seq) => buffer.push(seq, seq));
      expect(out).toEqual(Array.from({ length: n }, (_, i) => i + 1));
      expect(buffer.pendingCount).toBe(0);
    },
  );
});
