import {
  RECORDING_FORMAT,
  RECORDING_FORMAT_VERSION,
  serializeRecording,
  type EventLogEntry,
  type RecordingHash,
  type RecordingHeader,
  type Role,
} from '@scrubin/protocol';
import type { SimulationDoc } from '../db/models.js';

/** The recording header of a session: scenario, simulation version, tier, seed, participants. */
export function recordingHeaderOf(doc: SimulationDoc): RecordingHeader {
  const seen = new Map<string, { userId: string; name: string; role: Role }>();
  for (const p of doc.collaborativeData?.participants ?? []) {
    if (!seen.has(p.userId)) seen.set(p.userId, { userId: p.userId, name: p.name, role: p.role });
  }
  return {
    kind: 'header',
    format: RECORDING_FORMAT,
    formatVersion: RECORDING_FORMAT_VERSION,
    sessionId: doc.sessionId,
    title: doc.title,
    scenario: doc.scenario,
    simVersion: doc.simulation.version,
    tier: doc.simulation.tier,
    seed: doc.simulation.seed,
    participants: [...seen.values()],
    createdAt: new Date(doc.createdAt).toISOString(),
  };
}

/** A session's recording as JSON lines. */
export function recordingTextOf(
  doc: SimulationDoc,
  events: EventLogEntry[],
  endTick: number,
  hashes: RecordingHash[] = [],
): string {
  const lastSeq = events.at(-1)?.seq ?? 0;
  const lastTick = events.at(-1)?.tick ?? 0;
  return serializeRecording({
    header: recordingHeaderOf(doc),
    events,
    hashes: hashes.filter((h) => h.tick <= Math.max(endTick, lastTick)),
    end: { kind: 'end', tick: Math.max(endTick, lastTick), lastSeq },
  });
}
