import type { ScenarioDefinition } from '../scenarios/definitions.js';
import type { Incident, ParticipantTelemetry } from '../telemetry.js';
import { evidenceOf, round1 } from './numbers.js';
import type { CriticalError, SubScore } from './types.js';

/** Points off per incident, and the most each kind can take off. */
export const TISSUE_PENALTIES = {
  tear: { each: 10, max: 40 },
  slip: { each: 5, max: 25 },
  drag: { each: 2, max: 20 },
  forbiddenContact: { each: 25, max: 100 },
} as const;

/** Forbidden-zone contacts in zones marked critical (an unknown zone counts as critical). */
export function criticalContacts(
  t: ParticipantTelemetry,
  scenario: ScenarioDefinition,
): Incident[] {
  return t.forbiddenContacts.filter(
    (c) => scenario.forbiddenZones.find((z) => z.name === c.detail)?.critical ?? true,
  );
}

/** Critical errors: vessel cuts and contacts with critical zones, in log order. */
export function criticalErrors(
  t: ParticipantTelemetry,
  scenario: ScenarioDefinition,
): CriticalError[] {
  const of = (kind: CriticalError['kind']) => (i: Incident) => ({
    kind,
    tick: i.tick,
    seq: i.seq,
    detail: i.detail ?? '',
  });
  return [
    ...t.vesselCuts.map(of('vessel-cut')),
    ...criticalContacts(t, scenario).map(of('forbidden-contact')),
  ].sort((a, b) => a.seq - b.seq || a.tick - b.tick);
}

function penalty(count: number, rule: { each: number; max: number }): number {
  return Math.min(rule.max, count * rule.each);
}

/**
 * Tissue respect: 100 minus capped penalties for tears, slips, drags (blade moved across its
 * edge) and forbidden-zone contacts; a vessel cut makes it 0.
 */
export function tissueRespect(t: ParticipantTelemetry): SubScore {
  const lost =
    penalty(t.tears.length, TISSUE_PENALTIES.tear) +
    penalty(t.slips.length, TISSUE_PENALTIES.slip) +
    penalty(t.drags.length, TISSUE_PENALTIES.drag) +
    penalty(t.forbiddenContacts.length, TISSUE_PENALTIES.forbiddenContact);
  const score = t.vesselCuts.length > 0 ? 0 : Math.max(0, 100 - lost);
  const incidents = [t.tears, t.slips, t.drags, t.forbiddenContacts, t.vesselCuts].flat();
  return {
    score: round1(score),
    applicable: true,
    evidence: evidenceOf(incidents.map((i) => i.seq)),
    measures: {
      tears: t.tears.length,
      slips: t.slips.length,
      drags: t.drags.length,
      forbiddenContacts: t.forbiddenContacts.length,
      vesselCuts: t.vesselCuts.length,
    },
  };
}

/** How many incidents a participant caused (the session document's `errors` adds these up). */
export function incidentCount(t: ParticipantTelemetry): number {
  return (
    t.tears.length +
    t.slips.length +
    t.drags.length +
    t.forbiddenContacts.length +
    t.vesselCuts.length
  );
}
