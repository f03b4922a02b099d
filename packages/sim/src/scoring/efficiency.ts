import type { ScenarioDefinition } from '../scenarios/definitions.js';
import type { ParticipantTelemetry } from '../telemetry.js';
import { SIM_TICK_HZ } from '../tiers.js';
import {
  MOVEMENT_GAP_TICKS,
  movementSegments,
  pathLength,
  segmentSeqs,
  SAMPLE_STRIDE,
} from './movement.js';
import { evidenceOf, percent, round1 } from './numbers.js';
import type { SubScore } from './types.js';

/** Time the participant worked: first to last active tick inclusive, seconds. */
export function activeTimeS(t: ParticipantTelemetry): number {
  if (t.firstActiveTick !== null && t.lastActiveTick !== null)
    return (t.lastActiveTick - t.firstActiveTick + 1) / SIM_TICK_HZ;
  const n = Math.floor(t.samples.length / SAMPLE_STRIDE);
  if (n === 0) return 0;
  return (t.samples[(n - 1) * SAMPLE_STRIDE]! - t.samples[0]! + 1) / SIM_TICK_HZ;
}

/** Reference over measure, capped at 1 (at or under the expert's figure is full marks). */
export function ratioToReference(measured: number, reference: number): number {
  return measured <= reference ? 1 : reference / measured;
}

/**
 * Efficiency: the mean of path economy (expert path length / tool-tip path while active) and
 * speed (expert time / active time), each capped at 1. `measures.speed` is the time part, 0–100.
 */
export function efficiency(
  t: ParticipantTelemetry,
  reference: ScenarioDefinition['reference'],
): SubScore {
  const segments = movementSegments(t.samples, MOVEMENT_GAP_TICKS, t.sampleRunStarts);
  const pathM = pathLength(t.samples, segments);
  const timeS = activeTimeS(t);
  const economy = ratioToReference(pathM, reference.pathLengthM);
  const speed = ratioToReference(timeS, reference.timeS);
  return {
    score: percent((economy + speed) / 2),
    applicable: t.samples.length > 0 || t.activeTicks > 0,
    evidence: evidenceOf(segmentSeqs(t.samples, segments)),
    measures: {
      pathLengthM: pathM,
      activeTimeS: timeS,
      economy,
      speed: round1(100 * speed),
    },
  };
}
