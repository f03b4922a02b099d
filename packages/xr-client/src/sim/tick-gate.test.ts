import { describe, expect, it } from 'vitest';
import { TickGate } from './tick-gate.js';

describe('TickGate', () => {
  it('allows the latest known tick when nothing of ours is in flight', () => {
    const gate = new TickGate();
    expect(gate.note(30)).toBe(30);
    expect(gate.note(12)).toBe(30);
  });

  it('holds the World at the tick known when an own action left, until its ack', () => {
    const gate = new TickGate();
    gate.note(100);
    const first = gate.begin();
    expect(gate.note(103)).toBe(100);
    const second = gate.begin();
    expect(gate.note(106)).toBe(100);
    expect(gate.settle(first)).toBe(103);
    expect(gate.settle(second)).toBe(106);
    expect(gate.inFlight).toBe(0);
  });

  it('forgets what the server vouched for on reset, in flight actions included', () => {
    const gate = new TickGate();
    gate.note(500);
    const token = gate.begin();
    gate.reset();
    expect(gate.known).toBe(0);
    expect(gate.note(40)).toBe(0);
    expect(gate.settle(token)).toBe(40);
  });
});
