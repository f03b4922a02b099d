import type { KeyMoment } from '@scrubin/sim';
import { describe, expect, it } from 'vitest';
import { MERGE_WITHIN_TICKS, reviewMoments } from './moments.js';

const moment = (tick: number, kind: KeyMoment['kind'], userId = 'a', detail?: string) =>
  ({ tick, seq: tick + 1, userId, kind, ...(detail && { detail }) }) as KeyMoment;

describe('reviewMoments', () => {
  it('leaves out joins, names the first incision and tones errors', () => {
    const list = reviewMoments([
      moment(0, 'joined'),
      moment(0, 'started'),
      moment(40, 'incision-started', 'a', 'scalpel'),
      moment(60, 'forbidden-contact', 'a', 'artery'),
      moment(400, 'incision-started', 'a', 'scalpel'),
      moment(500, 'tie'),
    ]);
    expect(list.map((m) => [m.label, m.tone])).toEqual([
      ['Started', 'control'],
      ['First incision', 'progress'],
      ['Forbidden zone touched: artery', 'error'],
      ['Incision', 'progress'],
      ['Stitch tied', 'progress'],
    ]);
    expect(new Set(list.map((m) => m.id)).size).toBe(list.length);
  });

  it('merges a burst of the same moment and starts a new line after a pause', () => {
    const burst = [10, 11, 12, 13].map((t) => moment(t, 'vessel-cut', 'a', 'artery'));
    const later = moment(13 + MERGE_WITHIN_TICKS + 1, 'vessel-cut', 'a', 'artery');
    const other = moment(14, 'vessel-cut', 'b', 'artery');
    const list = reviewMoments([...burst, other, later]);
    expect(list.map((m) => [m.tick, m.userId, m.count])).toEqual([
      [10, 'a', 4],
      [14, 'b', 1],
      [later.tick, 'a', 1],
    ]);
  });

  it('says who when several people took part', () => {
    const names = new Map([
      ['a', 'Ada'],
      ['b', 'Ben'],
    ]);
    const [bite] = reviewMoments([moment(5, 'bite', 'b')], names);
    expect(bite?.label).toBe('Stitch bite (Ben)');
  });
});
