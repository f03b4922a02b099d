import type { KeyMoment } from '@scrubin/sim';
import { SIM_TICK_HZ } from '@scrubin/sim';

/** What kind of mark a moment makes on the timeline. */
export type MomentTone = 'progress' | 'error' | 'control';

/** A key moment as the review lists it: one line, with how many raw moments it stands for. */
export interface ReviewMoment {
  /** Stable within one review: `kind@tick`. */
  id: string;
  kind: KeyMoment['kind'];
  tick: number;
  seq: number;
  userId: string;
  label: string;
  tone: MomentTone;
  /** Raw moments of the same kind, person and detail merged into this one. */
  count: number;
}

/** Moments the timeline leaves out: they say nothing about the surgery. */
const HIDDEN: ReadonlySet<KeyMoment['kind']> = new Set(['joined']);

const TONES: Record<KeyMoment['kind'], MomentTone> = {
  joined: 'control',
  started: 'control',
  paused: 'control',
  resumed: 'control',
  completed: 'control',
  reset: 'control',
  'incision-started': 'progress',
  bite: 'progress',
  tie: 'progress',
  tear: 'error',
  slip: 'error',
  'forbidden-contact': 'error',
  'vessel-cut': 'error',
};

const LABELS: Record<KeyMoment['kind'], string> = {
  joined: 'Joined',
  started: 'Started',
  paused: 'Paused',
  resumed: 'Resumed',
  completed: 'Completed',
  reset: 'Reset',
  'incision-started': 'Incision',
  bite: 'Stitch bite',
  tie: 'Stitch tied',
  tear: 'Tissue torn',
  slip: 'Instrument slipped',
  'forbidden-contact': 'Forbidden zone touched',
  'vessel-cut': 'Vessel cut',
};

/** Same kind, person and detail this close together make one line, ticks (2 s). */
export const MERGE_WITHIN_TICKS = 2 * SIM_TICK_HZ;

/**
 * The key moments of a World (`World.moments`, in tick order) as the review lists and marks them:
 * joins left out, the first incision named as such, and bursts of the same moment (a blade
 * crossing a vessel reports it on every step) merged into one line with a count.
 * @param names Display names by user id (the label says who, when several took part).
 */
export function reviewMoments(
  moments: readonly KeyMoment[],
  names: ReadonlyMap<string, string> = new Map(),
): ReviewMoment[] {
  const out: ReviewMoment[] = [];
  const lastOf = new Map<string, ReviewMoment>();
  let incisions = 0;
  for (const m of moments) {
    if (HIDDEN.has(m.kind)) continue;
    const key = `${m.kind}|${m.userId}|${m.detail ?? ''}`;
    const previous = lastOf.get(key);
    if (previous && m.tick - previous.tick <= MERGE_WITHIN_TICKS && m.kind !== 'incision-started') {
      previous.count++;
      continue;
    }
    let label = LABELS[m.kind];
    if (m.kind === 'incision-started') label = incisions++ === 0 ? 'First incision' : 'Incision';
    if (m.detail && TONES[m.kind] === 'error') label += `: ${m.detail}`;
    const who = names.size > 1 ? names.get(m.userId) : undefined;
    if (who && TONES[m.kind] !== 'control') label += ` (${who})`;
    const moment: ReviewMoment = {
      id: `${m.kind}@${m.tick}#${out.length}`,
      kind: m.kind,
      tick: m.tick,
      seq: m.seq,
      userId: m.userId,
      label,
      tone: TONES[m.kind],
      count: 1,
    };
    lastOf.set(key, moment);
    out.push(moment);
  }
  return out;
}
