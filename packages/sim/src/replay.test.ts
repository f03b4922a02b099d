import {
  RECORDING_FORMAT,
  RECORDING_FORMAT_VERSION,
  RecordingError,
  serializeRecording,
  type Recording,
} from '@scrubin/protocol';
import { describe, expect, it } from 'vitest';
import { replay } from './replay.js';
import { scoreWorld } from './scoring/score.js';
import { ScriptedLog, scriptIncision } from './scoring/scripted-log.js';
import { SIM_VERSION } from './tiers.js';
import { World } from './world.js';

const SURGEON = 'surgeon-1';

/** A short scripted incision recorded as the server would: events, hash lines, end line. */
function recordIncision(): { recording: Recording; text: string; world: World } {
  const log = new ScriptedLog('session_replay');
  log.join(0, SURGEON, 'surgeon', 'Dr. Lin').control(0, SURGEON, 'start');
  const last = scriptIncision(log, 10, SURGEON, {
    from: [-0.03, 0],
    to: [0.03, 0],
    depthM: 0.0025,
    ticks: 180,
  });
  log.control(last + 40, SURGEON, 'stop');
  const events = log.events;
  const endTick = last + 100;
  const world = new World({ scenario: 'skin-incision', tier: 'low', seed: 42 });
  for (const e of events) world.apply(e);
  world.advanceTo(endTick);
  const recording: Recording = {
    header: {
      kind: 'header',
      format: RECORDING_FORMAT,
      formatVersion: RECORDING_FORMAT_VERSION,
      sessionId: 'session_replay',
      scenario: 'skin-incision',
      simVersion: SIM_VERSION,
      tier: 'low',
      seed: 42,
      participants: [{ userId: SURGEON, name: 'Dr. Lin', role: 'surgeon' }],
    },
    events,
    hashes: world.hashes.map(({ tick, hash }) => ({ kind: 'hash', tick, hash })),
    end: { kind: 'end', tick: endTick, lastSeq: events.at(-1)!.seq },
  };
  return { recording, text: serializeRecording(recording), world };
}

const { recording, text, world } = recordIncision();
const lines = text.split('\n');
/** 1-based line number of the first line matching. */
const lineOf = (match: (line: string) => boolean) => lines.findIndex(match) + 1;
const withLines = (edit: (lines: string[]) => string[]) => edit([...lines]).join('\n');

describe('replay', () => {
  const result = replay(text);

  it('reproduces the recorded state hashes and the live scores', () => {
    expect(result.hashMismatches).toEqual([]);
    expect(result.hashes).toEqual(world.hashes);
    expect(result.finalHash).toBe(world.hash());
    expect(result.scores).toEqual(scoreWorld(world));
    expect(result).toMatchObject({
      scenario: 'skin-incision',
      tier: 'low',
      seed: 42,
      ticks: recording.end!.tick,
      durationS: recording.end!.tick / 90,
      truncated: false,
    });
    expect(result.scores.participants[0]).toMatchObject({ userId: SURGEON, name: 'Dr. Lin' });
    expect(result.timeline.map((m) => m.kind)).toEqual([
      'joined',
      'started',
      'incision-started',
      'completed',
    ]);
    expect(result.stepsRun).toBeLessThanOrEqual(result.ticks);
  });

  it('is deterministic: the same recording twice gives the same hash and scores', () => {
    const again = replay(text);
    expect(again.finalHash).toBe(result.finalHash);
    expect(again.hashes).toEqual(result.hashes);
    expect(again.scores).toEqual(result.scores);
    expect(JSON.stringify(again.scores)).toBe(JSON.stringify(result.scores));
  });

  it('takes a parsed recording as well as text', () => {
    expect(replay(recording).finalHash).toBe(result.finalHash);
  });

  it('reports recorded hashes it does not reproduce', () => {
    const tampered = withLines((l) =>
      l.map((line) => line.replace(/"hash":"[0-9a-f]{16}"/, '"hash":"ffffffffffffffff"')),
    );
    const first = recording.hashes[0]!;
    const mismatches = replay(tampered).hashMismatches;
    expect(mismatches).toHaveLength(recording.hashes.length);
    expect(mismatches[0]).toEqual({
      tick: first.tick,
      expected: 'ffffffffffffffff',
      actual: first.hash,
    });
  });

  it('reports progress in simulated ticks, ending at the total', () => {
    const calls: [number, number][] = [];
    replay(text, {
      onProgress: (tick, total) => calls.push([tick, total]),
      progressEveryTicks: 90,
    });
    const total = recording.end!.tick;
    expect(calls.at(-1)).toEqual([total, total]);
    const expected: number[] = [];
    for (let tick = 90; tick < total; tick += 90) expected.push(tick);
    expect(calls.map(([tick]) => tick)).toEqual([...expected, total]);
  });

  it('replays a truncated recording up to its last event when allowed', () => {
    const truncated = withLines((l) => l.filter((line) => !line.includes('"kind":"end"')));
    const r = replay(truncated, { allowTruncated: true });
    expect(r.truncated).toBe(true);
    expect(r.ticks).toBe(recording.events.at(-1)!.tick);
    // Hash lines past the last event cannot be checked: they are not mismatches.
    expect(r.hashMismatches).toEqual([]);
    expect(r.hashes.length).toBeLessThan(recording.hashes.length);
  });
});

describe('replay of a bad recording', () => {
  const fifth = lineOf((l) => l.includes('"seq":5,'));
  const endLine = lineOf((l) => l.includes('"kind":"end"'));
  it.each([
    {
      name: 'a line that is not JSON',
      input: withLines((l) => ((l[fifth - 1] = l[fifth - 1]!.slice(0, 20)), l)),
      line: fifth,
      message: /not valid JSON/,
    },
    {
      name: 'a missing event (seq gap)',
      input: withLines((l) => l.filter((_, i) => i !== fifth - 1)),
      line: fifth,
      message: /seq 6 follows seq 4/,
    },
    {
      name: 'no end line',
      input: withLines((l) => l.filter((line) => !line.includes('"kind":"end"'))),
      // Named after the last line there is.
      line: endLine - 1,
      message: /truncated/,
    },
    {
      name: 'another simulation version',
      input: withLines((l) => ((l[0] = l[0]!.replace(SIM_VERSION, '0.0.1')), l)),
      line: 1,
      message: /simulation 0\.0\.1, this is /,
    },
    {
      name: 'an unknown tier',
      input: withLines((l) => ((l[0] = l[0]!.replace('"tier":"low"', '"tier":"ultra"')), l)),
      line: 1,
      message: /unknown tier "ultra"/,
    },
    {
      name: 'an unknown scenario',
      input: withLines((l) => ((l[0] = l[0]!.replace('skin-incision', 'brain-surgery')), l)),
      line: 1,
      message: /scenario/,
    },
    {
      name: 'an end before the last event',
      input: withLines(
        (l) => ((l[endLine - 1] = l[endLine - 1]!.replace(/"tick":\d+/, '"tick":3')), l),
      ),
      line: endLine,
      message: /end tick 3 is before/,
    },
  ])('$name: RecordingError naming line $line', ({ input, line, message }) => {
    let error: unknown;
    try {
      replay(input);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(RecordingError);
    expect((error as RecordingError).line).toBe(line);
    expect((error as RecordingError).message).toMatch(message);
  });

  it('names the header line of an object recording with a foreign version', () => {
    const foreign = { ...recording, header: { ...recording.header, simVersion: '9.9.9' } };
    expect(() => replay(foreign)).toThrow(/line 1: recorded with simulation 9\.9\.9/);
  });
});
