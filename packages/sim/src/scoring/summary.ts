import type { Tool } from '@scrubin/protocol';
import type { ParticipantTelemetry } from '../telemetry.js';
import { micrometres, round1 } from './numbers.js';
import { incidentCount } from './tissue-respect.js';
import {
  SUB_SCORE_NAMES,
  type CutPolyline,
  type ParticipantResult,
  type SessionPerformance,
} from './types.js';

/** Mean of the participants' totals, one decimal, or null with nobody scored. */
export function sessionScore(results: readonly ParticipantResult[]): number | null {
  if (results.length === 0) return null;
  return round1(results.reduce((sum, r) => sum + r.total, 0) / results.length);
}

/** Each sub-score averaged over the participants it applies to, and `speed` (time vs expert). */
export function sessionPerformance(results: readonly ParticipantResult[]): SessionPerformance {
  const out: SessionPerformance = {};
  for (const name of SUB_SCORE_NAMES) {
    const applicable = results.filter((r) => r.subScores[name].applicable);
    if (applicable.length > 0)
      out[name] = round1(
        applicable.reduce((sum, r) => sum + r.subScores[name].score, 0) / applicable.length,
      );
  }
  const timed = results.filter((r) => r.subScores.efficiency.applicable);
  if (timed.length > 0)
    out.speed = round1(
      timed.reduce((sum, r) => sum + (r.subScores.efficiency.measures.speed ?? 0), 0) /
        timed.length,
    );
  return out;
}

/** Incidents of everyone. */
export function sessionErrors(telemetry: readonly ParticipantTelemetry[]): number {
  return telemetry.reduce((n, t) => n + incidentCount(t), 0);
}

/** Every instrument used, in order of first appearance (participants, then their tools). */
export function sessionTools(telemetry: readonly ParticipantTelemetry[]): Tool[] {
  const tools = new Set<Tool>();
  for (const t of telemetry) for (const tool of t.toolsUsed) tools.add(tool);
  return [...tools];
}

/** Every stroke as an integer-micrometre polyline. */
export function sessionCuts(telemetry: readonly ParticipantTelemetry[]): CutPolyline[] {
  const cuts: CutPolyline[] = [];
  for (const t of telemetry) {
    for (const stroke of t.strokes) {
      const points: [number, number, number][] = [];
      const p = stroke.points;
      for (let k = 0; k + 2 < p.length; k += 3)
        points.push([micrometres(p[k]!), micrometres(p[k + 1]!), micrometres(p[k + 2]!)]);
      cuts.push({ userId: t.userId, tool: stroke.tool, points });
    }
  }
  return cuts;
}
