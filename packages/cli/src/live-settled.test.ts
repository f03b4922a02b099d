import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { LiveSession } from '@scrubin/sdk';
import { onSettledChange } from './live-settled.js';

/** Emits the handle's events by name, as the SDK does. */
function scripted() {
  const emitter = new EventEmitter();
  const live = {
    on(event: string, handler: (payload: unknown) => void) {
      emitter.on(event, handler);
      return () => void emitter.off(event, handler);
    },
  } as unknown as Pick<LiveSession, 'on'>;
  return { live, emit: (event: string, payload: unknown = {}) => emitter.emit(event, payload) };
}

describe('onSettledChange', () => {
  it.each<{ title: string; script: string[]; checks: number }>([
    { title: 'checks after each event', script: ['sequenced', 'sequenced'], checks: 2 },
    { title: 'checks once back', script: ['reconnecting', 'sequenced', 'reconnected'], checks: 2 },
    {
      title: 'waits for the rebuilt state after a resync',
      script: ['reconnecting', 'resync', 'sequenced', 'sequenced', 'reconnected', 'sequenced'],
      checks: 2,
    },
  ])('$title', ({ script, checks }) => {
    const { live, emit } = scripted();
    let n = 0;
    const off = onSettledChange(live, () => n++);
    for (const event of script) emit(event);
    expect(n).toBe(checks);
    off();
    emit('sequenced');
    expect(n).toBe(checks);
  });
});
