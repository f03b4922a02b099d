import type { ScenarioId, Tool } from '@scrubin/protocol';

/** A point on the tissue surface, metres in the scene frame (x, z; the surface is y = 0). */
export type SurfacePoint = readonly [x: number, z: number];

/** A capsule the instruments must not touch (a vessel), metres. */
export interface ForbiddenZone {
  name: string;
  a: readonly [number, number, number];
  b: readonly [number, number, number];
  radiusM: number;
  /** Cutting into it fails the attempt outright. */
  critical: boolean;
}

/** Weights of the sub-scores in the total; they sum to 1. */
export interface ScoreWeights {
  precision: number;
  depth: number;
  efficiency: number;
  smoothness: number;
  tissueRespect: number;
}

/** What a scenario is made of: tissue, landmarks, targets, limits and pass criteria. */
export interface ScenarioDefinition {
  id: ScenarioId;
  title: string;
  description: string;
  difficulty: 'beginner' | 'intermediate' | 'advanced';
  timeLimitS: number;
  recommendedParticipants: number;
  tools: Tool[];
  /** Tissue layers (metres). */
  skinThicknessM: number;
  deepThicknessM: number;
  /** The marked incision line, if the task is to cut. */
  plannedIncision?: { from: SurfacePoint; to: SurfacePoint; toleranceM: number };
  /** Target depth band of the incision, metres below the surface. */
  targetDepthM?: { min: number; max: number };
  /** A wound present at the start (severed along this line through the skin). */
  laceration?: { from: SurfacePoint; to: SurfacePoint };
  /** Interrupted sutures wanted along the wound, with the bite width band (each side), metres. */
  sutures?: { count: number; biteMinM: number; biteMaxM: number; spacingM: number };
  forbiddenZones: ForbiddenZone[];
  /** Expert references that map raw measures to 0–100. */
  reference: { pathLengthM: number; timeS: number };
  weights: ScoreWeights;
  /** Minimum total to pass; critical errors fail regardless. */
  passTotal: number;
}

const STANDARD_WEIGHTS: ScoreWeights = {
  precision: 0.3,
  depth: 0.2,
  efficiency: 0.15,
  smoothness: 0.15,
  tissueRespect: 0.2,
};

/** The scenarios, by id. */
export const SCENARIOS: Record<ScenarioId, ScenarioDefinition> = {
  'skin-incision': {
    id: 'skin-incision',
    title: 'Skin incision',
    description:
      'Cut a clean 6 cm incision along the marked line on a skin pad, through the dermis and no deeper.',
    difficulty: 'beginner',
    timeLimitS: 300,
    recommendedParticipants: 1,
    tools: ['scalpel', 'forceps', 'retractor'],
    skinThicknessM: 0.002,
    deepThicknessM: 0.006,
    plannedIncision: { from: [-0.03, 0], to: [0.03, 0], toleranceM: 0.002 },
    targetDepthM: { min: 0.0018, max: 0.0035 },
    forbiddenZones: [],
    reference: { pathLengthM: 0.07, timeS: 20 },
    weights: STANDARD_WEIGHTS,
    passTotal: 70,
  },
  'interrupted-suture': {
    id: 'interrupted-suture',
    title: 'Interrupted suturing',
    description:
      'Close a 4 cm laceration with interrupted sutures: the surgeon drives the needle while the assistant holds the edges.',
    difficulty: 'intermediate',
    timeLimitS: 900,
    recommendedParticipants: 2,
    tools: ['needle-driver', 'forceps', 'scissors'],
    skinThicknessM: 0.002,
    deepThicknessM: 0.006,
    laceration: { from: [-0.02, 0], to: [0.02, 0] },
    sutures: { count: 4, biteMinM: 0.002, biteMaxM: 0.006, spacingM: 0.008 },
    forbiddenZones: [],
    reference: { pathLengthM: 0.4, timeS: 240 },
    weights: {
      precision: 0.35,
      depth: 0.1,
      efficiency: 0.15,
      smoothness: 0.15,
      tissueRespect: 0.25,
    },
    passTotal: 65,
  },
  'cardiac-surgery': {
    id: 'cardiac-surgery',
    title: 'Cardiac surgery: incision beside a coronary vessel',
    description:
      'Open the epicardium along the marked line next to a coronary artery; touching the vessel is a critical error.',
    difficulty: 'advanced',
    timeLimitS: 600,
    recommendedParticipants: 3,
    tools: ['scalpel', 'forceps', 'scissors', 'cautery', 'retractor'],
    skinThicknessM: 0.0015,
    deepThicknessM: 0.0065,
    plannedIncision: { from: [-0.025, 0.004], to: [0.025, 0.004], toleranceM: 0.0015 },
    targetDepthM: { min: 0.0012, max: 0.0025 },
    forbiddenZones: [
      {
        name: 'left anterior descending artery',
        a: [-0.04, -0.003, -0.004],
        b: [0.04, -0.003, -0.004],
        radiusM: 0.0025,
        critical: true,
      },
    ],
    reference: { pathLengthM: 0.06, timeS: 30 },
    weights: { precision: 0.3, depth: 0.2, efficiency: 0.1, smoothness: 0.15, tissueRespect: 0.25 },
    passTotal: 75,
  },
};
