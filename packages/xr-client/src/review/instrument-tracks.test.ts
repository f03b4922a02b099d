import { describe, expect, it } from 'vitest';
import { RemoteCursorStore } from '../scene/remote-cursors.js';
import { TestLog } from '../sim/test-log.js';
import { InstrumentTracks, lastAtOrBefore } from './instrument-tracks.js';

describe('lastAtOrBefore', () => {
  it.each([
    [0, -1],
    [5, 0],
    [6, 0],
    [10, 2],
    [99, 3],
  ])('at tick %i finds index %i', (tick, index) => {
    expect(lastAtOrBefore([5, 10, 10, 20], tick)).toBe(index);
  });
});

describe('InstrumentTracks', () => {
  const log = new TestLog();
  log.add(0, 'a', 'participant-joined', { name: 'Ada', role: 'surgeon' });
  log.add(10, 'a', 'tool-selected', { tool: 'scalpel' });
  log.add(20, 'a', 'tool-interaction', {
    tool: 'scalpel',
    action: 'activate',
    pose: { positionUm: [10_000, -2000, 0], rotationQ: [0, 0, 0, 32767] },
  });
  log.add(30, 'a', 'tool-interaction', {
    tool: 'scalpel',
    action: 'deactivate',
    pose: { positionUm: [20_000, 5000, 1000], rotationQ: [0, 32767, 0, 0] },
  });
  log.add(30, 'b', 'tool-selected', { tool: 'forceps' });
  const tracks = new InstrumentTracks(log.entries);

  it('places each instrument as logged at the tick, with tool and blade state', () => {
    const store = new RemoteCursorStore('');
    tracks.apply(store, 25, 0);
    store.sampleAll(1000);
    const a = store.cursors.get('a')!;
    expect(a.tool).toBe('scalpel');
    expect(a.active).toBe(true);
    expect([...a.current]).toEqual([0.01, -0.002, 0, 0, 0, 0, 1]);
    // Selected a tool but never posed: not drawn.
    expect(store.cursors.has('b')).toBe(false);

    tracks.apply(store, 31, 100);
    store.sampleAll(1000);
    expect(a.active).toBe(false);
    expect([...a.current]).toEqual([0.02, 0.005, 0.001, 0, 1, 0, 0]);
  });

  it('takes an instrument away when the play head goes back before its first pose', () => {
    const store = new RemoteCursorStore('');
    tracks.reset();
    tracks.apply(store, 40, 0);
    expect(store.cursors.has('a')).toBe(true);
    tracks.apply(store, 15, 50);
    expect(store.cursors.has('a')).toBe(false);
    expect(tracks.userIds).toEqual(['a', 'b']);
  });
});
