import { parseRecording, RecordingError, type Recording, type ScenarioId } from '@scrubin/protocol';
import { SCENARIOS } from './scenarios/definitions.js';
import { scoreWorld } from './scoring/score.js';
import type { SessionScore } from './scoring/types.js';
import type { KeyMoment } from './telemetry.js';
import { SIM_TICK_HZ, SIM_VERSION, TIERS, type TierId } from './tiers.js';
import { World } from './world.js';

/** Options of {@link replay}. */
export interface ReplayOptions {
  /** Called every `progressEveryTicks` simulated ticks and once at the end. */
  onProgress?: (tick: number, totalTicks: number) => void;
  /** Ticks between progress reports. @default 900 (10 s of simulated time) */
  progressEveryTicks?: number;
  /** Replay a recording without its end line, up to its last event. @default false */
  allowTruncated?: boolean;
}

const DEFAULT_PROGRESS_EVERY_TICKS = 900;

/** A state hash of the recording that the replay did not reproduce. */
export interface HashMismatch {
  tick: number;
  expected: string;
  /** Null when the replay has no hash at that tick. */
  actual: string | null;
}

/** What a headless replay gives. */
export interface ReplayResult {
  scenario: ScenarioId;
  tier: TierId;
  seed: number;
  /** Ticks simulated: the end line's tick, or the last event's when truncated. */
  ticks: number;
  durationS: number;
  /** State hash after the last tick. */
  finalHash: string;
  /** The replay's state hashes, one every 90 ticks. */
  hashes: { tick: number; hash: string }[];
  hashMismatches: HashMismatch[];
  scores: SessionScore;
  /** Key moments for a review timeline, in order. */
  timeline: KeyMoment[];
  /** Physics steps actually run (the rest slept). */
  stepsRun: number;
  /** The recording had no end line. */
  truncated: boolean;
}

/** 1-based numbers of the first and last non-blank lines of a text (header and end lines). */
function outerLines(text: string): { first: number; last: number } {
  const lines = text.split('\n');
  let first = 1;
  let last = lines.length;
  while (first <= lines.length && lines[first - 1]!.trim() === '') first++;
  while (last > 1 && lines[last - 1]!.trim() === '') last--;
  return { first, last };
}

/**
 * Replays a recording headless, as fast as it can: rebuilds the world from the header, applies
 * every event in order, runs to the end tick, checks the recorded state hashes and scores the
 * session. A bad or truncated recording throws {@link RecordingError} naming the line.
 * @example
 * const result = replay(readFileSync('session.jsonl', 'utf8'));
 * if (result.hashMismatches.length > 0) throw new Error('replay diverged');
 * console.log(result.finalHash, result.scores.score);
 */
export function replay(input: string | Recording, options: ReplayOptions = {}): ReplayResult {
  const allowTruncated = options.allowTruncated ?? false;
  const recording = typeof input === 'string' ? parseRecording(input, { allowTruncated }) : input;
  const { header, events, end } = recording;
  // Line numbers: of the text, or of the recording as serializeRecording writes it.
  const lines =
    typeof input === 'string'
      ? outerLines(input)
      : { first: 1, last: 2 + events.length + recording.hashes.length };

  if (header.simVersion !== SIM_VERSION) {
    throw new RecordingError(
      lines.first,
      `recorded with simulation ${header.simVersion}, this is ${SIM_VERSION}: replay it with that version`,
    );
  }
  if (!Object.hasOwn(TIERS, header.tier)) {
    throw new RecordingError(
      lines.first,
      `unknown tier "${header.tier}" (expected one of ${Object.keys(TIERS).join(', ')})`,
    );
  }
  if (!Object.hasOwn(SCENARIOS, header.scenario)) {
    throw new RecordingError(lines.first, `unknown scenario "${String(header.scenario)}"`);
  }
  if (!end && !allowTruncated) {
    throw new RecordingError(lines.last, 'no end line: the recording is truncated');
  }
  const lastEventTick = events.length > 0 ? events[events.length - 1]!.tick : 0;
  if (end && end.tick < lastEventTick) {
    throw new RecordingError(
      lines.last,
      `end tick ${end.tick} is before the last event's tick ${lastEventTick}`,
    );
  }
  const totalTicks = end ? end.tick : lastEventTick;

  const world = new World({
    scenario: header.scenario,
    tier: header.tier as TierId,
    seed: header.seed,
  });
  const { onProgress } = options;
  const every = Math.max(1, Math.floor(options.progressEveryTicks ?? DEFAULT_PROGRESS_EVERY_TICKS));
  let nextReport = every;
  let reported = -1;
  const advance = (tick: number): void => {
    while (world.tick < tick) {
      world.advanceTo(onProgress ? Math.min(tick, nextReport) : tick);
      if (onProgress && world.tick >= nextReport) {
        onProgress(world.tick, totalTicks);
        reported = world.tick;
        nextReport += every;
      }
    }
  };
  for (const entry of events) {
    advance(entry.tick);
    world.apply(entry);
  }
  advance(totalTicks);
  if (onProgress && reported !== world.tick) onProgress(world.tick, totalTicks);

  const actual = new Map(world.hashes.map((h) => [h.tick, h.hash]));
  const hashMismatches: HashMismatch[] = [];
  for (const h of recording.hashes) {
    // A truncated recording may carry hashes past its last event: they cannot be checked.
    if (!end && h.tick > world.tick) continue;
    const mine = actual.get(h.tick) ?? null;
    if (mine !== h.hash) hashMismatches.push({ tick: h.tick, expected: h.hash, actual: mine });
  }
  return {
    scenario: header.scenario,
    tier: world.tier,
    seed: world.seed,
    ticks: world.tick,
    durationS: world.tick / SIM_TICK_HZ,
    finalHash: world.hash(),
    hashes: world.hashes.map((h) => ({ ...h })),
    hashMismatches,
    scores: scoreWorld(world),
    timeline: world.moments.map((m) => ({ ...m })),
    stepsRun: world.stepsRun,
    truncated: end === null,
  };
}
