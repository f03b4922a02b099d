import type { ScenarioId, Tool } from '@scrubin/protocol';
import { SCENARIOS } from './definitions.js';

/** What the catalogue says of a scenario. */
export interface ScenarioInfo {
  id: ScenarioId;
  title: string;
  description: string;
  difficulty: 'beginner' | 'intermediate' | 'advanced';
  /** Time limit of an attempt, seconds. */
  timeLimitS: number;
  recommendedParticipants: number;
  tools: Tool[];
}

/** The scenario catalogue, in the order the lobby lists it. */
export const SCENARIO_CATALOGUE: readonly ScenarioInfo[] = Object.values(SCENARIOS).map((s) => ({
  id: s.id,
  title: s.title,
  description: s.description,
  difficulty: s.difficulty,
  timeLimitS: s.timeLimitS,
  recommendedParticipants: s.recommendedParticipants,
  tools: s.tools,
}));

/** A scenario of the catalogue by id, or `undefined`. */
export function findScenario(id: string): ScenarioInfo | undefined {
  return SCENARIO_CATALOGUE.find((s) => s.id === id);
}
