import type { ScenarioDefinition } from '../scenarios/definitions.js';
import type { ParticipantTelemetry } from '../telemetry.js';
import { coverage } from './geometry.js';
import { SAMPLE_STEP_M } from './precision.js';
import type { TaskCompletion } from './types.js';

/** Share of the planned line the team must cut (within tolerance) to complete an incision. */
export const COMPLETION_MIN_COVERAGE = 0.8;

/**
 * Whether the team did the minimum the scenario asks for: for an incision, the strokes of all
 * participants cover {@link COMPLETION_MIN_COVERAGE} of the planned line; for suturing, the wanted
 * number of bites is tied. Scenarios with neither are complete.
 */
export function taskCompletion(
  telemetry: readonly ParticipantTelemetry[],
  scenario: ScenarioDefinition,
): TaskCompletion {
  if (scenario.sutures) {
    const tied = telemetry.reduce(
      (n, t) => n + t.bites.filter((b) => b.tiedSeq !== null).length,
      0,
    );
    return {
      complete: tied >= scenario.sutures.count,
      tiedBites: tied,
      requiredBites: scenario.sutures.count,
    };
  }
  const planned = scenario.plannedIncision;
  if (planned) {
    const strokes = telemetry.flatMap((t) => t.strokes);
    const covered =
      strokes.length > 0 ? coverage(planned, strokes, planned.toleranceM, SAMPLE_STEP_M) : 0;
    return { complete: covered >= COMPLETION_MIN_COVERAGE, coverage: covered };
  }
  return { complete: true };
}
