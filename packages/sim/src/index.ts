export { SCENARIO_CATALOGUE, findScenario, type ScenarioInfo } from './scenarios/catalogue.js';
export {
  SCENARIOS,
  type ForbiddenZone,
  type ScenarioDefinition,
  type ScoreWeights,
  type SurfacePoint,
} from './scenarios/definitions.js';
export { World, SLEEP_AFTER_TICKS, type WorldOptions } from './world.js';
export type { WorldSnapshot } from './snapshot.js';
export {
  TIERS,
  TIER_IDS,
  SIM_TICK_HZ,
  HASH_INTERVAL_TICKS,
  SIM_VERSION,
  type TierId,
} from './tiers.js';
export type {
  Bite,
  Incident,
  KeyMoment,
  ParticipantTelemetry,
  Puncture,
  Stroke,
} from './telemetry.js';
export { INSTRUMENTS, type InstrumentSpec } from './tools/instruments.js';
export { dlog } from './core/dmath.js';
export { Prng } from './core/prng.js';
export { StateHasher } from './core/hash.js';
export type { Slab } from './tissue/slab.js';
export {
  scoreWorld,
  scoreTelemetry,
  scoreParticipant,
  toParticipantScore,
  hasInstrumentActivity,
} from './scoring/score.js';
export {
  SUB_SCORE_NAMES,
  FAIL_REASONS,
  type SubScoreName,
  type SubScore,
  type FailReason,
  type CriticalError,
  type ParticipantResult,
  type TaskCompletion,
  type CutPolyline,
  type SessionPerformance,
  type SessionScore,
} from './scoring/types.js';
export { logDimensionlessJerk, ldjScore } from './scoring/smoothness.js';
export { LDJ_EXPERT, LDJ_NOVICE } from './scoring/references.js';
export { replay, type ReplayOptions, type ReplayResult, type HashMismatch } from './replay.js';
