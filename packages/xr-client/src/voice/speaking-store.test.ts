import { describe, expect, it } from 'vitest';
import { SpeakingStore } from './speaking-store.js';

describe('SpeakingStore', () => {
  it('replaces its snapshot on a change only, and tells the listeners', () => {
    const store = new SpeakingStore();
    let calls = 0;
    store.subscribe(() => calls++);
    const empty = store.getSnapshot();
    store.set('a', false);
    expect(store.getSnapshot()).toBe(empty);
    store.set('a', true);
    const one = store.getSnapshot();
    expect([...one]).toEqual(['a']);
    store.set('a', true);
    expect(store.getSnapshot()).toBe(one);
    store.set('b', true);
    store.set('a', false);
    expect([...store.getSnapshot()]).toEqual(['b']);
    expect(calls).toBe(3);
  });
});
