import { LIMITS } from '@scrubin/protocol';
import { describe, expect, it } from 'vitest';
import { SpeakingSpans } from './speaking-spans.js';

describe('SpeakingSpans', () => {
  it('credits a span when it closes, once', () => {
    const spans = new SpeakingSpans();
    expect(spans.start('a', 1000)).toBe(0);
    expect(spans.isSpeaking('a')).toBe(true);
    expect(spans.stop('a', 3500)).toBe(2.5);
    expect(spans.isSpeaking('a')).toBe(false);
    expect(spans.stop('a', 9000)).toBe(0);
  });

  it('a repeated start credits the span so far and opens a new one', () => {
    const spans = new SpeakingSpans();
    spans.start('a', 0);
    expect(spans.start('a', 20_000)).toBe(20);
    expect(spans.stop('a', 30_000)).toBe(10);
  });

  it(`clamps a span to ${LIMITS.voiceSpanMaxS} s and a clock going back to 0`, () => {
    const spans = new SpeakingSpans();
    spans.start('a', 0);
    expect(spans.stop('a', 3_600_000)).toBe(LIMITS.voiceSpanMaxS);
    spans.start('b', 5000);
    expect(spans.stop('b', 4000)).toBe(0);
  });

  it('stopAll closes every span and sums them', () => {
    const spans = new SpeakingSpans();
    spans.start('a', 0);
    spans.start('b', 1000);
    expect(spans.stopAll(3000)).toBe(5);
    expect(spans.isSpeaking('a') || spans.isSpeaking('b')).toBe(false);
  });
});
