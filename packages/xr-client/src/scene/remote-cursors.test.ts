import type { CursorState } from '@scrubin/protocol';
import { describe, expect, it } from 'vitest';
import { RemoteCursorStore } from './remote-cursors.js';

const at = (x: number, tool: CursorState['tool'] = 'scalpel', userId = 'bob'): CursorState => ({
  userId,
  position: [x, 0.01, 0],
  rotation: [0, 0, 0, 1],
  tool,
});

describe('RemoteCursorStore', () => {
  it('ignores the own cursor and tracks the others with their tools', () => {
    const store = new RemoteCursorStore('alice');
    store.push([at(0, null, 'alice'), at(0, 'forceps')], 0);
    expect(store.tools()).toEqual({ bob: 'forceps' });
    expect(store.version).toBe(1);
    store.setTool('bob', 'scalpel');
    expect(store.tools()).toEqual({ bob: 'scalpel' });
    store.remove('bob');
    expect(store.tools()).toEqual({});
  });

  it('forgets tools and instruments but keeps poses, and drops who is no longer seated', () => {
    const store = new RemoteCursorStore('alice');
    store.push([at(0.02, 'forceps'), at(0, 'cautery', 'cy')], 0);
    store.setActive('bob', true);
    store.forgetInstruments();
    expect(store.tools()).toEqual({ bob: null, cy: null });
    expect(store.cursors.get('bob')).toMatchObject({ active: false, seen: true });
    expect(store.cursors.get('bob')!.to[0]).toBe(0.02);
    store.keepOnly(new Set(['alice', 'bob']));
    expect(Object.keys(store.tools())).toEqual(['bob']);
  });

  it('interpolates between batches without jumping back', () => {
    const store = new RemoteCursorStore('alice');
    store.push([at(0)], 0);
    store.push([at(0.03)], 33);
    const bob = store.cursors.get('bob')!;
    store.sampleAll(33);
    expect(bob.current[0]).toBeCloseTo(0, 9);
    store.sampleAll(49.5);
    expect(bob.current[0]).toBeCloseTo(0.015, 6);
    // The next batch arrives early: the new span starts where the cursor is drawn.
    store.push([at(0.06)], 49.5);
    store.sampleAll(49.5);
    expect(bob.current[0]).toBeCloseTo(0.015, 6);
    store.sampleAll(1000);
    expect(bob.current[0]).toBeCloseTo(0.06, 9);
  });

  it('turns the shorter way and keeps the rotation unit length', () => {
    const store = new RemoteCursorStore('alice');
    store.push([{ ...at(0), rotation: [0, 0, 0, 1] }], 0);
    store.push([{ ...at(0), rotation: [0, -0.7071, 0, -0.7071] }], 33);
    const bob = store.cursors.get('bob')!;
    store.sampleAll(50);
    const q = bob.current;
    expect(Math.hypot(q[3]!, q[4]!, q[5]!, q[6]!)).toBeCloseTo(1, 9);
    expect(q[6]!).toBeGreaterThan(0.9);
  });
});
