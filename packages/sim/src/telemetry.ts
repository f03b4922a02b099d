import type { Role, Tool } from '@scrubin/protocol';

/** A moment worth showing on a review timeline. */
export interface KeyMoment {
  tick: number;
  seq: number;
  userId: string;
  kind:
    | 'joined'
    | 'started'
    | 'paused'
    | 'resumed'
    | 'completed'
    | 'reset'
    | 'incision-started'
    | 'tear'
    | 'slip'
    | 'forbidden-contact'
    | 'vessel-cut'
    | 'bite'
    | 'tie';
  detail?: string;
}

/** One continuous cut: the blade's path on the surface with the depth it reached. */
export interface Stroke {
  tool: Tool;
  /** Flat (x, z, depthM) triples, metres. */
  points: number[];
  /** The events that made it. */
  seqs: number[];
}

/** A needle puncture, on one side of the wound. */
export interface Puncture {
  tick: number;
  seq: number;
  x: number;
  z: number;
  /** −1 or +1: which side of the wound line; 0 on it. */
  side: number;
  /** Distance from the wound line, metres. */
  offsetM: number;
}

/** An entry on one edge and an exit on the other. */
export interface Bite {
  entry: Puncture;
  exit: Puncture;
  /** Seq of the tie that closed it, if tied. */
  tiedSeq: number | null;
}

/** A counted incident and the event it came from. */
export interface Incident {
  tick: number;
  seq: number;
  detail?: string;
}

/** Everything the scoring reads about one participant. */
export interface ParticipantTelemetry {
  userId: string;
  name: string;
  role: Role;
  toolsUsed: Tool[];
  /** Ticks with an instrument active (blade engaged, jaws closed, cautery on). */
  activeTicks: number;
  firstActiveTick: number | null;
  lastActiveTick: number | null;
  /** Flat (tick, seq, x, y, z) tool-tip samples while an instrument is active. */
  samples: number[];
  /** Sample indices (not array offsets) where each activation began: movements split there. */
  sampleRunStarts: number[];
  strokes: Stroke[];
  severed: number;
  tears: Incident[];
  slips: Incident[];
  forbiddenContacts: Incident[];
  vesselCuts: Incident[];
  /** Blade moved across its edge instead of along it. */
  drags: Incident[];
  punctures: Puncture[];
  bites: Bite[];
  /** Sutures this participant tied (bites may be anyone's). */
  ties: Incident[];
  /** Longest cautery dwell at one spot, ticks. */
  maxCauteryDwellTicks: number;
}

export function emptyTelemetry(userId: string, name: string, role: Role): ParticipantTelemetry {
  return {
    userId,
    name,
    role,
    toolsUsed: [],
    activeTicks: 0,
    firstActiveTick: null,
    lastActiveTick: null,
    samples: [],
    sampleRunStarts: [],
    strokes: [],
    severed: 0,
    tears: [],
    slips: [],
    forbiddenContacts: [],
    vesselCuts: [],
    drags: [],
    punctures: [],
    bites: [],
    ties: [],
    maxCauteryDwellTicks: 0,
  };
}
