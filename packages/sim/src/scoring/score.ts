import type { ParticipantScore } from '@scrubin/protocol';
import type { ScenarioDefinition } from '../scenarios/definitions.js';
import type { ParticipantTelemetry } from '../telemetry.js';
import type { World } from '../world.js';
import { taskCompletion } from './completion.js';
import { incisionDepth, sutureDepth } from './depth.js';
import { efficiency } from './efficiency.js';
import type { Line } from './geometry.js';
import { round1 } from './numbers.js';
import { incisionPrecision, suturePrecision } from './precision.js';
import { smoothness } from './smoothness.js';
import {
  sessionCuts,
  sessionErrors,
  sessionPerformance,
  sessionScore,
  sessionTools,
} from './summary.js';
import { criticalErrors, tissueRespect } from './tissue-respect.js';
import {
  FAIL_REASONS,
  SUB_SCORE_NAMES,
  type FailReason,
  type ParticipantResult,
  type SessionScore,
  type SubScore,
  type TaskCompletion,
} from './types.js';

/** A metric that does not apply: reads 100, left out of the total. */
function notApplicable(): SubScore {
  return { score: 100, applicable: false, evidence: [], measures: {} };
}

/** Whether a participant used an instrument at all (observers and onlookers did not). */
export function hasInstrumentActivity(t: ParticipantTelemetry): boolean {
  return (
    t.activeTicks > 0 ||
    t.samples.length > 0 ||
    t.strokes.length > 0 ||
    t.punctures.length > 0 ||
    t.tears.length > 0 ||
    t.slips.length > 0 ||
    t.drags.length > 0 ||
    t.forbiddenContacts.length > 0 ||
    t.vesselCuts.length > 0
  );
}

/** The wound to suture: the laceration, else the planned incision. */
function woundOf(scenario: ScenarioDefinition): Line | null {
  return scenario.laceration ?? scenario.plannedIncision ?? null;
}

/**
 * Precision and depth measure the scenario's task, so they apply to participants who did it:
 * strokes in an incision scenario, punctures in a suturing one.
 */
function taskScores(
  t: ParticipantTelemetry,
  scenario: ScenarioDefinition,
): { precision: SubScore; depth: SubScore } {
  const wound = woundOf(scenario);
  if (scenario.sutures && wound) {
    if (t.punctures.length === 0) return { precision: notApplicable(), depth: notApplicable() };
    return {
      precision: suturePrecision(t.bites, scenario.sutures, wound),
      depth: sutureDepth(t.bites, scenario.sutures),
    };
  }
  if (scenario.plannedIncision && t.strokes.length > 0) {
    return {
      precision: incisionPrecision(t.strokes, scenario.plannedIncision),
      depth: scenario.targetDepthM
        ? incisionDepth(t.strokes, scenario.targetDepthM)
        : notApplicable(),
    };
  }
  return { precision: notApplicable(), depth: notApplicable() };
}

/** Weighted mean of the applicable sub-scores (weights renormalized over them), one decimal. */
export function weightedTotal(
  subScores: ParticipantResult['subScores'],
  weights: ScenarioDefinition['weights'],
): number {
  let sum = 0;
  let weight = 0;
  for (const name of SUB_SCORE_NAMES) {
    const s = subScores[name];
    if (!s.applicable) continue;
    sum += weights[name] * s.score;
    weight += weights[name];
  }
  return weight > 0 ? round1(sum / weight) : 0;
}

/** Scores one participant against the scenario, given whether the team completed the task. */
export function scoreParticipant(
  t: ParticipantTelemetry,
  scenario: ScenarioDefinition,
  completion: TaskCompletion,
): ParticipantResult {
  const { precision, depth } = taskScores(t, scenario);
  const subScores = {
    precision,
    depth,
    efficiency: efficiency(t, scenario.reference),
    smoothness: smoothness(t),
    tissueRespect: tissueRespect(t),
  };
  if (!subScores.efficiency.applicable) subScores.efficiency = notApplicable();
  const total = weightedTotal(subScores, scenario.weights);
  const critical = criticalErrors(t, scenario);
  const failReasons: FailReason[] = [];
  if (total < scenario.passTotal) failReasons.push(FAIL_REASONS.belowPassTotal);
  if (critical.length > 0) failReasons.push(FAIL_REASONS.criticalError);
  if (!completion.complete) failReasons.push(FAIL_REASONS.taskIncomplete);
  return {
    userId: t.userId,
    name: t.name,
    role: t.role,
    total,
    pass: failReasons.length === 0,
    failReasons,
    criticalErrors: critical,
    subScores,
    toolsUsed: [...t.toolsUsed],
  };
}

/**
 * Scores every participant with instrument activity from their telemetry, and sums the session
 * up for the session document (score, errors, performance, toolsUsed, cuts).
 */
export function scoreTelemetry(
  telemetry: readonly ParticipantTelemetry[],
  scenario: ScenarioDefinition,
): SessionScore {
  const completion = taskCompletion(telemetry, scenario);
  const participants = telemetry
    .filter(hasInstrumentActivity)
    .map((t) => scoreParticipant(t, scenario, completion));
  return {
    scenario: scenario.id,
    participants,
    completion,
    score: sessionScore(participants),
    errors: sessionErrors(telemetry),
    performance: sessionPerformance(participants),
    toolsUsed: sessionTools(telemetry),
    cuts: sessionCuts(telemetry),
  };
}

/**
 * Scores a world at its current tick.
 * @example
 * const world = new World({ scenario: 'skin-incision', tier: 'low' });
 * for (const entry of log) world.apply(entry);
 * const { score, participants } = scoreWorld(world);
 */
export function scoreWorld(world: World): SessionScore {
  return scoreTelemetry([...world.telemetry.values()], world.scenario);
}

/**
 * A participant's result in the wire form of `surgery:score` and `scoreDetails`: sub-scores as
 * numbers, their evidence by name, critical errors as text.
 */
export function toParticipantScore(result: ParticipantResult): ParticipantScore {
  const subScores: Record<string, number> = {};
  const evidence: Record<string, number[]> = {};
  for (const name of SUB_SCORE_NAMES) {
    subScores[name] = result.subScores[name].score;
    evidence[name] = [...result.subScores[name].evidence];
  }
  return {
    userId: result.userId,
    name: result.name,
    role: result.role,
    total: result.total,
    pass: result.pass,
    subScores,
    evidence,
    criticalErrors: result.criticalErrors.map((e) => `${e.kind}: ${e.detail} (seq ${e.seq})`),
  };
}
