import { describe, expect, it } from 'vitest';
import { SCENARIOS, type ScenarioDefinition } from '../scenarios/definitions.js';
import { emptyTelemetry, type Incident, type ParticipantTelemetry } from '../telemetry.js';
import { criticalErrors, incidentCount, tissueRespect } from './tissue-respect.js';

const LAD = 'left anterior descending artery';
const cardiac = SCENARIOS['cardiac-surgery'];

function incidents(n: number, firstSeq: number, detail?: string): Incident[] {
  return Array.from({ length: n }, (_, k) => ({
    tick: k,
    seq: firstSeq + k,
    ...(detail ? { detail } : {}),
  }));
}

function telemetry(
  counts: Partial<Record<'tears' | 'slips' | 'drags' | 'contacts' | 'cuts', number>>,
) {
  const t = emptyTelemetry('u', 'U', 'surgeon');
  t.tears = incidents(counts.tears ?? 0, 100);
  t.slips = incidents(counts.slips ?? 0, 200);
  t.drags = incidents(counts.drags ?? 0, 300);
  t.forbiddenContacts = incidents(counts.contacts ?? 0, 400, LAD);
  t.vesselCuts = incidents(counts.cuts ?? 0, 500, LAD);
  return t;
}

describe('tissue respect', () => {
  it.each([
    { name: 'clean', t: telemetry({}), score: 100 },
    { name: 'one tear', t: telemetry({ tears: 1 }), score: 90 },
    { name: 'tears are capped at 40', t: telemetry({ tears: 9 }), score: 60 },
    { name: 'two slips', t: telemetry({ slips: 2 }), score: 90 },
    { name: 'drags are capped at 20', t: telemetry({ drags: 30 }), score: 80 },
    { name: 'a forbidden-zone contact', t: telemetry({ contacts: 1 }), score: 75 },
    {
      name: 'everything at once, floored at 0',
      t: telemetry({ tears: 9, slips: 9, drags: 30, contacts: 2 }),
      score: 0,
    },
    { name: 'a vessel cut', t: telemetry({ cuts: 1 }), score: 0 },
  ])('$name → $score', ({ t, score }) => {
    expect(tissueRespect(t).score).toBe(score);
  });

  it('cites every incident', () => {
    const t = telemetry({ tears: 1, slips: 1, drags: 2, contacts: 1, cuts: 1 });
    expect(tissueRespect(t).evidence).toEqual([100, 200, 300, 301, 400, 500]);
    expect(incidentCount(t)).toBe(6);
  });
});

describe('critical errors', () => {
  it('are vessel cuts and contacts with critical zones, in log order', () => {
    const t: ParticipantTelemetry = telemetry({ contacts: 1, cuts: 1 });
    expect(criticalErrors(t, cardiac)).toEqual([
      { kind: 'forbidden-contact', tick: 0, seq: 400, detail: LAD },
      { kind: 'vessel-cut', tick: 0, seq: 500, detail: LAD },
    ]);
  });

  it('leave out contacts with a zone that is not critical (they still cost points)', () => {
    const gentle: ScenarioDefinition = {
      ...cardiac,
      forbiddenZones: cardiac.forbiddenZones.map((z) => ({ ...z, critical: false })),
    };
    const t = telemetry({ contacts: 1 });
    expect(criticalErrors(t, gentle)).toEqual([]);
    expect(tissueRespect(t).score).toBe(75);
  });
});
