import { SCENARIOS, type ScenarioDefinition } from './definitions.js';

/** What the catalogue says of a scenario: its description, without the geometry and scoring. */
export type ScenarioInfo = Pick<
  ScenarioDefinition,
  'id' | 'title' | 'description' | 'difficulty' | 'timeLimitS' | 'recommendedParticipants' | 'tools'
>;

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
