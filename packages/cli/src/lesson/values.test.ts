import { describe, expect, it } from 'vitest';
import { conditionHolds, describeActual } from './conditions.js';
import {
  compare,
  editDistance,
  formatMs,
  parseComparison,
  parseDuration,
  parseTick,
  suggest,
} from './values.js';

describe('parseDuration', () => {
  it.each([
    [5, 5000],
    [0.5, 500],
    ['30', 30_000],
    ['500ms', 500],
    ['5s', 5000],
    ['10m', 600_000],
    ['1h', 3_600_000],
    ['1m30s', 90_000],
    ['1h 2m', 3_720_000],
    ['1.5s', 1500],
  ])('%j → %d ms', (input, ms) => expect(parseDuration(input)).toBe(ms));

  it.each([['soon'], [''], ['5 minutes'], [-1], [true], [null], ['m'], ['10x']])(
    '%j is not a duration',
    (input) => expect(parseDuration(input)).toBeNull(),
  );
});

describe('formatMs', () => {
  it.each([
    [250, '250ms'],
    [2000, '2s'],
    [1500, '1.5s'],
    [90_000, '1m30s'],
    [600_000, '10m'],
    [3_720_000, '1h2m'],
  ])('%d → %s', (ms, text) => expect(formatMs(ms)).toBe(text));
});

describe('comparisons', () => {
  it.each([
    [2, { op: '>=', value: 2 }],
    ['>= 70', { op: '>=', value: 70 }],
    ['>70.5', { op: '>', value: 70.5 }],
    ['< 3', { op: '<', value: 3 }],
    ['<=3', { op: '<=', value: 3 }],
    ['== 1', { op: '==', value: 1 }],
    ['= 1', { op: '==', value: 1 }],
    ['!= 0', { op: '!=', value: 0 }],
    ['4', { op: '>=', value: 4 }],
  ])('%j → %j', (input, c) => expect(parseComparison(input)).toEqual(c));

  it.each([['about 3'], ['>= '], ['=> 3'], [true], [Number.NaN]])(
    '%j is not a comparison',
    (input) => expect(parseComparison(input)).toBeNull(),
  );

  it.each([
    [70, '>= 70', true],
    [69.9, '>= 70', false],
    [3, '< 3', false],
    [2, '< 3', true],
    [1, '== 1', true],
    [1, '!= 1', false],
    [5, '> 4', true],
    [5, '<= 4', false],
  ])('%d %s is %s', (actual, text, ok) => expect(compare(actual, parseComparison(text)!)).toBe(ok));
});

describe('parseTick', () => {
  it.each([
    [0, 0],
    [900, 900],
    ['10s', 900],
    ['1m', 5400],
    [1.5, null],
    [-1, null],
    ['later', null],
  ])('%j → %j', (input, tick) => expect(parseTick(input)).toBe(tick));
});

describe('suggestions', () => {
  it('suggests a close known word only', () => {
    expect(editDistance('sya', 'say')).toBe(2);
    expect(suggest('sya', ['say', 'wait', 'control', 'play'])).toBe(' (did you mean "say"?)');
    expect(suggest('controll', ['say', 'wait', 'control', 'play'])).toBe(
      ' (did you mean "control"?)',
    );
    expect(suggest('banana', ['say', 'wait', 'control', 'play'])).toBe('');
  });
});

describe('conditions', () => {
  const view = {
    selfId: 'me',
    status: 'active' as const,
    participants: [
      { userId: 'me', name: 'Ada', role: 'surgeon' as const, online: true },
      { userId: 'b', name: 'Bo', role: 'assistant' as const, online: true },
      { userId: 'c', name: 'Cy', role: 'observer' as const, online: false },
    ],
  };
  it.each([
    [{ participants: { op: '>=', value: 2 } }, true, '2 online'],
    [{ participants: { op: '>=', value: 3 } }, false, '2 online'],
    [{ role: 'assistant' }, true, '1 online assistant'],
    [{ role: 'observer' }, false, 'no online observer'],
    [{ role: 'surgeon' }, false, 'no online surgeon'],
    [{ status: 'active' }, true, 'status active'],
    [{ status: 'paused', participants: { op: '>=', value: 1 } }, false, '2 online, status active'],
  ] as const)('%j holds: %s', (c, holds, actual) => {
    expect(conditionHolds(c, view)).toBe(holds);
    expect(describeActual(c, view)).toBe(actual);
  });
});
