import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgressBar } from './progress.js';

function sink(isTTY: boolean) {
  let text = '';
  const stream = Object.assign(
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        text += chunk.toString('utf8');
        done();
      },
    }),
    { isTTY },
  );
  return { stream, text: () => text };
}

describe('createProgressBar', () => {
  it('draws nothing when the stream is not a terminal', () => {
    const out = sink(false);
    const bar = createProgressBar(out.stream, 'replaying');
    bar.update(50, 100);
    bar.done();
    expect(out.text()).toBe('');
  });

  it('redraws one line in place on a terminal, at most every 50 ms, and clears it', () => {
    const out = sink(true);
    let now = 0;
    const bar = createProgressBar(out.stream, 'replaying', () => now);
    bar.update(0, 100, 'tick 0');
    bar.update(10, 100); // too soon: skipped
    now = 60;
    bar.update(50, 100, 'tick 50');
    bar.update(100, 100); // the end is always drawn
    const frames = out.text().split('\r\u001b[2K').filter(Boolean);
    expect(frames).toHaveLength(3);
    expect(frames[0]).toBe(`replaying ${'░'.repeat(30)}   0%  tick 0`);
    expect(frames[1]).toBe(`replaying ${'█'.repeat(15)}${'░'.repeat(15)}  50%  tick 50`);
    expect(frames[2]).toBe(`replaying ${'█'.repeat(30)} 100%`);
    bar.done();
    expect(out.text().endsWith('\r\u001b[2K')).toBe(true);
  });
});
