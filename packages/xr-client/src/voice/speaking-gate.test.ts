import { describe, expect, it } from 'vitest';
import { SpeakingGate, rms } from './speaking-gate.js';

describe('SpeakingGate', () => {
  const levels = (gate: SpeakingGate, values: number[]) => values.map((v) => gate.update(v));

  it('starts at a loud check and ends after the hold of quiet checks', () => {
    const gate = new SpeakingGate({ onLevel: 0.1, offLevel: 0.05, holdChecks: 3 });
    expect(levels(gate, [0, 0.2, 0.01, 0.01, 0.01, 0.01])).toEqual([
      false,
      true,
      true,
      true,
      false,
      false,
    ]);
  });

  it('holds between the thresholds and restarts the pause count there', () => {
    const gate = new SpeakingGate({ onLevel: 0.1, offLevel: 0.05, holdChecks: 2 });
    expect(levels(gate, [0.07, 0.2, 0.01, 0.07, 0.01, 0.01])).toEqual([
      false,
      true,
      true,
      true,
      true,
      false,
    ]);
  });

  it('reset silences at once', () => {
    const gate = new SpeakingGate();
    gate.update(1);
    expect(gate.reset()).toBe(false);
    expect(gate.speaking).toBe(false);
  });
});

describe('rms', () => {
  it('of a full-scale square wave is 1, of silence 0', () => {
    expect(rms(new Float32Array([1, -1, 1, -1]))).toBe(1);
    expect(rms(new Float32Array(8))).toBe(0);
    expect(rms(new Float32Array(0))).toBe(0);
  });
});
