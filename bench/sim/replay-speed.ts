/**
 * Replay speed of a generated session: the scripted log is serialized as a recording with the
 * protocol's serializeRecording and replayed from its text by the sim's `replay()` (parse,
 * simulate, check hashes, score), timed. The recording has no hash lines (they would need a
 * second full simulation to make; checking them is one map lookup per 90 ticks). With `check`,
 * a World fed the same events is timed too and its final hash must equal replay()'s.
 */
import { parseRecording, serializeRecording, type Recording } from '@scrubin/protocol';
import {
  replay as replayRecording,
  SIM_TICK_HZ,
  SIM_VERSION,
  World,
  type TierId,
} from '@scrubin/sim';
import { scriptSession } from './session-script.js';
import { cpuMs, nowMs } from './stats.js';

/** One timed way of replaying. */
export interface ReplayRun {
  wallMs: number;
  cpuMs: number;
  /** Session time over wall time. */
  xRealTime: number;
  /** Session time over CPU time: what an idle core would give. */
  xRealTimeCpu: number;
  finalHash: string;
  /** Physics steps run; the rest of the ticks slept. */
  stepsRun: number;
}

/** Figures of the replay benchmark. */
export interface ReplayFigures {
  tier: TierId;
  minutes: number;
  ticks: number;
  events: number;
  poseEvents: number;
  recordingKiB: number;
  /** Share of the session inside activity periods (instruments moving). */
  activeShare: number;
  /** `replay(text)` of @scrubin/sim. */
  replay: ReplayRun & {
    /** parseRecording() of the same text alone, ms (part of wallMs). */
    parseMs: number;
  };
  /** The World fed the events directly (no parse, no scoring), with `check`. */
  world: (ReplayRun & { sameHash: boolean }) | null;
  counts: Record<string, number>;
}

function timed(seconds: number, run: () => { finalHash: string; stepsRun: number }): ReplayRun {
  const c0 = cpuMs();
  const t0 = nowMs();
  const { finalHash, stepsRun } = run();
  const wallMs = nowMs() - t0;
  const cpu = cpuMs() - c0;
  return {
    wallMs,
    cpuMs: cpu,
    xRealTime: (seconds * 1000) / wallMs,
    xRealTimeCpu: (seconds * 1000) / cpu,
    finalHash,
    stepsRun,
  };
}

/** Generates a session of `minutes` minutes on `tier` and times its replay. */
export function measureReplay(minutes: number, tier: TierId, check: boolean): ReplayFigures {
  const scripted = scriptSession(minutes);
  const events = scripted.log.entries;
  const seconds = scripted.endTick / SIM_TICK_HZ;
  const header: Recording['header'] = {
    kind: 'header',
    format: 'scrubin-recording',
    formatVersion: 1,
    sessionId: scripted.log.sessionId,
    title: 'Generated replay benchmark session',
    scenario: 'cardiac-surgery',
    simVersion: SIM_VERSION,
    tier,
    seed: 1,
    participants: scripted.participants,
  };
  const text = serializeRecording({
    header,
    events,
    hashes: [],
    end: { kind: 'end', tick: scripted.endTick, lastSeq: events.at(-1)?.seq ?? 0 },
  });

  const parseStart = nowMs();
  parseRecording(text);
  const parseMs = nowMs() - parseStart;
  const replay = { ...timed(seconds, () => replayRecording(text)), parseMs };

  let world: ReplayFigures['world'] = null;
  if (check) {
    const run = timed(seconds, () => {
      const w = new World({ scenario: header.scenario, tier, seed: header.seed });
      for (const e of events) w.apply(e);
      w.advanceTo(scripted.endTick);
      return { finalHash: w.hash(), stepsRun: w.stepsRun };
    });
    world = { ...run, sameHash: run.finalHash === replay.finalHash };
  }

  return {
    tier,
    minutes,
    ticks: scripted.endTick,
    events: events.length,
    poseEvents: scripted.counts['tool-interaction:pose'] ?? 0,
    recordingKiB: Buffer.byteLength(text) / 1024,
    activeShare: scripted.activeShare,
    replay,
    world,
    counts: scripted.counts,
  };
}
