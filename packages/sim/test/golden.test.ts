/**
 * Golden recordings: replayed in Node and in headless Chromium, each gives the final state hash,
 * every state hash and the scores of its golden file, so the simulation is the same bits on both.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HASH_INTERVAL_TICKS, replay } from '../src/index.js';
import { openSimPage, type SimPage } from './helpers/browser.js';
import {
  FIXTURES,
  goldenOf,
  hashLinesOf,
  readFixture,
  REGENERATE,
  type Golden,
} from './helpers/fixtures.js';

const NAMES = FIXTURES.map((f) => f.name);
const STALE = `if the model or scoring changed on purpose, regenerate: ${REGENERATE}`;
/** Node's results, to tell a Chromium divergence from a stale golden file. */
const inNode = new Map<string, Golden>();

describe('golden recordings in Node', () => {
  it.each(NAMES)('%s: final hash, hash lines and scores equal the golden file', (name) => {
    const { text, golden } = readFixture(name);
    const result = replay(text);
    const actual = goldenOf(result);
    inNode.set(name, actual);
    // Every hash line of the recording was reproduced, one per 90 ticks.
    expect(result.hashMismatches, `hash lines of ${name}.jsonl`).toEqual([]);
    expect(hashLinesOf(text).length).toBe(Math.floor(result.ticks / HASH_INTERVAL_TICKS));
    expect(actual.finalHash, `final hash of ${name}; ${STALE}`).toBe(golden.finalHash);
    expect(actual.hashes, `hashes of ${name}; ${STALE}`).toEqual(golden.hashes);
    expect(actual.scores, `scores of ${name}; ${STALE}`).toEqual(golden.scores);
  });

  it('the fixtures are a pass, a vessel-cut fail and two participants suturing', () => {
    const scores = (name: string) => readFixture(name).golden.scores as ScoresShape;
    const pass = scores('skin-incision-pass');
    expect(pass.participants.map((p) => p.pass)).toEqual([true]);
    const vessel = scores('cardiac-vessel-cut');
    expect(vessel.participants.map((p) => p.pass)).toEqual([false]);
    expect(vessel.participants[0]!.criticalErrors.map((e) => e.kind)).toContain('vessel-cut');
    const suture = scores('suture-two-participants');
    expect(suture.participants.map((p) => p.role)).toEqual(['surgeon', 'assistant']);
    expect(suture.completion.tiedBites).toBeGreaterThanOrEqual(3);
  });
});

interface ScoresShape {
  participants: { role: string; pass: boolean; criticalErrors: { kind: string }[] }[];
  completion: { tiedBites?: number };
}

describe('golden recordings in headless Chromium', () => {
  let sim: SimPage | undefined;

  beforeAll(async () => {
    sim = await openSimPage(Object.fromEntries(NAMES.map((n) => [n, readFixture(n).text])));
  });
  afterAll(async () => {
    await sim?.close();
  });

  it.each(NAMES)('%s: the same hashes and scores as in Node', async (name) => {
    const { golden } = readFixture(name);
    const result = await sim!.replay(name);
    expect(result.userAgent).toContain('HeadlessChrome');
    const actual: Golden = {
      finalHash: result.finalHash,
      hashes: result.hashes,
      scores: result.scores,
    };
    const node = inNode.get(name);
    if (node) expect(actual, `${name}: Chromium and Node disagree`).toEqual(node);
    expect(result.hashMismatches, `hash lines of ${name}.jsonl in Chromium`).toEqual([]);
    expect(actual.finalHash, `final hash of ${name} in Chromium`).toBe(golden.finalHash);
    expect(actual.hashes).toEqual(golden.hashes);
    expect(actual.scores, `scores of ${name} in Chromium; ${STALE}`).toEqual(golden.scores);
  });
});
