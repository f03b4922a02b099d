import type { ScenarioId, Tool } from '@scrubin/protocol';

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
export const SCENARIO_CATALOGUE: readonly ScenarioInfo[] = [
  {
    id: 'skin-incision',
    title: 'Skin incision',
    description:
      'Cut a clean 6 cm incision along the marked line on a skin pad, through the dermis and no deeper.',
    difficulty: 'beginner',
    timeLimitS: 300,
    recommendedParticipants: 1,
    tools: ['scalpel', 'forceps', 'retractor'],
  },
  {
    id: 'interrupted-suture',
    title: 'Interrupted suturing',
    description:
      'Close a 4 cm laceration with interrupted sutures: the surgeon drives the needle while the assistant holds the edges.',
    difficulty: 'intermediate',
    timeLimitS: 900,
    recommendedParticipants: 2,
    tools: ['needle-driver', 'forceps', 'scissors'],
  },
  {
    id: 'cardiac-surgery',
    title: 'Cardiac surgery: incision beside a coronary vessel',
    description:
      'Open the epicardium along the marked line next to a coronary artery; touching the vessel is a critical error.',
    difficulty: 'advanced',
    timeLimitS: 600,
    recommendedParticipants: 3,
    tools: ['scalpel', 'forceps', 'scissors', 'cautery', 'retractor'],
  },
];

/** A scenario of the catalogue by id, or `undefined`. */
export function findScenario(id: string): ScenarioInfo | undefined {
  return SCENARIO_CATALOGUE.find((s) => s.id === id);
}
