import type { Role, ScenarioId, Tool } from '@scrubin/protocol';

/** The sub-scores of a participant, in the order they are reported. */
export const SUB_SCORE_NAMES = [
  'precision',
  'depth',
  'efficiency',
  'smoothness',
  'tissueRespect',
] as const;
export type SubScoreName = (typeof SUB_SCORE_NAMES)[number];

/** One 0–100 sub-score and the log events it came from. */
export interface SubScore {
  /** 0–100, one decimal. */
  score: number;
  /**
   * False when the metric does not apply to this participant (an assistant who never cut in an
   * incision scenario); it then reads 100 and is left out of the weighted total.
   */
  applicable: boolean;
  /** Seqs of the events it came from, ascending, without duplicates. */
  evidence: number[];
  /** The raw measures behind the score, SI units in the names. */
  measures: Record<string, number>;
}

/** Why an attempt failed. */
export const FAIL_REASONS = {
  belowPassTotal: 'below-pass-total',
  criticalError: 'critical-error',
  taskIncomplete: 'task-incomplete',
} as const;
export type FailReason = (typeof FAIL_REASONS)[keyof typeof FAIL_REASONS];

/** An error that fails the attempt on its own. */
export interface CriticalError {
  kind: 'vessel-cut' | 'forbidden-contact';
  tick: number;
  seq: number;
  /** The zone's name. */
  detail: string;
}

/** The score of one participant who used an instrument. */
export interface ParticipantResult {
  userId: string;
  name: string;
  role: Role;
  /** Weighted total of the applicable sub-scores, 0–100, one decimal. */
  total: number;
  pass: boolean;
  /** Empty when passed. */
  failReasons: FailReason[];
  /** Vessel cuts and contacts with critical forbidden zones, in log order; any fails the attempt. */
  criticalErrors: CriticalError[];
  subScores: Record<SubScoreName, SubScore>;
  toolsUsed: Tool[];
}

/** Whether the team did the minimum the scenario asks for (see docs/scoring.md). */
export interface TaskCompletion {
  complete: boolean;
  /** Share of the planned line cut by anyone (incision scenarios). */
  coverage?: number;
  /** Bites tied by anyone, and how many the scenario wants (suturing). */
  tiedBites?: number;
  requiredBites?: number;
}

/** One incision as the session document stores it: integer micrometres. */
export interface CutPolyline {
  userId: string;
  tool: Tool;
  /** `[xUm, zUm, depthUm]` per point. */
  points: [number, number, number][];
}

/** Averages over the scored participants, 0–100 each. */
export type SessionPerformance = Partial<
  Record<'precision' | 'depth' | 'efficiency' | 'smoothness' | 'tissueRespect' | 'speed', number>
>;

/** Scores of a session: per participant, and the summary the session document stores. */
export interface SessionScore {
  scenario: ScenarioId;
  /** Participants with instrument activity, in order of first appearance. */
  participants: ParticipantResult[];
  completion: TaskCompletion;
  /** Mean of the participants' totals, or null when nobody used an instrument. */
  score: number | null;
  /** Incidents: tears, slips, drags, forbidden-zone contacts and vessel cuts. */
  errors: number;
  performance: SessionPerformance;
  /** Every instrument anyone used, in order of first use. */
  toolsUsed: Tool[];
  cuts: CutPolyline[];
}
