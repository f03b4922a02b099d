import { describe, expect, it } from 'vitest';
import {
  AssertionSyntaxError,
  evaluateAssertion,
  parseAssertion,
  type AssertionSubject,
} from './assertions.js';

const subScores = { precision: 90, depth: 80, efficiency: 100, smoothness: 70, tissueRespect: 60 };
const subject: AssertionSubject = {
  finalHash: '0123456789abcdef',
  score: 75,
  errors: 3,
  participants: [
    { userId: 'u1', name: 'Dr. Ada Lin', total: 80, pass: true, subScores },
    { userId: 'u2', name: 'Sam Okafor', total: 70, pass: false, subScores },
  ],
};

describe('parseAssertion', () => {
  it.each([
    ['total>=70', { kind: 'participant', metric: 'total', op: '>=', value: 70 }],
    [' total [ Ada ] >= 70.5 ', { kind: 'participant', metric: 'total', who: 'Ada', value: 70.5 }],
    ['total==70', { kind: 'participant', op: '=', value: 70 }],
    ['tissue-respect<5', { kind: 'participant', metric: 'tissueRespect', op: '<' }],
    ['PRECISION!=1', { kind: 'participant', metric: 'precision', op: '!=' }],
    ['pass', { kind: 'verdict', verdict: 'pass' }],
    ['fail[u2]', { kind: 'verdict', verdict: 'fail', who: 'u2' }],
    ['score>=70', { kind: 'session', metric: 'score' }],
    ['errors<=2', { kind: 'session', metric: 'errors', op: '<=', value: 2 }],
    ['hash=0123456789ABCDEF', { kind: 'hash', op: '=', value: '0123456789abcdef' }],
  ])('%s', (expr, expected) => {
    expect(parseAssertion(expr)).toMatchObject(expected);
  });

  it.each([
    ['', /expected <metric>/],
    ['70<=total', /expected <metric>/],
    ['speed>1', /unknown metric "speed"/],
    ['total', /needs an operator/],
    ['total>', /expected <metric>|needs an operator/],
    ['total>=1e3', /not a number/],
    ['pass=1', /takes no operator/],
    ['errors[Ada]<1', /session value/],
    ['hash[Ada]=0123456789abcdef', /no \[participant\]/],
    ['hash>=0123456789abcdef', /= or != only/],
    ['hash=0123', /not a state hash/],
  ])('refuses %j', (expr, message) => {
    expect(() => parseAssertion(expr)).toThrow(AssertionSyntaxError);
    expect(() => parseAssertion(expr)).toThrow(message);
  });
});

describe('evaluateAssertion', () => {
  it.each([
    ['total>=70', true, { 'Dr. Ada Lin': 80, 'Sam Okafor': 70 }],
    ['total>70', false, { 'Dr. Ada Lin': 80, 'Sam Okafor': 70 }],
    ['total[ada]>70', true, { 'Dr. Ada Lin': 80 }],
    ['total[u2]=70', true, { 'Sam Okafor': 70 }],
    ['total[Zed]>0', false, null],
    ['pass', false, { 'Dr. Ada Lin': true, 'Sam Okafor': false }],
    ['fail[Sam Okafor]', true, { 'Sam Okafor': false }],
    ['smoothness<=70', true, { 'Dr. Ada Lin': 70, 'Sam Okafor': 70 }],
    ['score=75', true, 75],
    ['errors<3', false, 3],
    ['hash=0123456789abcdef', true, '0123456789abcdef'],
    ['hash!=0123456789abcdef', false, '0123456789abcdef'],
  ])('%s → %s', (expr, ok, actual) => {
    expect(evaluateAssertion(parseAssertion(expr), subject)).toMatchObject({ expr, ok, actual });
  });

  it('a null session score fails every comparison', () => {
    const none = { ...subject, score: null, participants: [] };
    expect(evaluateAssertion(parseAssertion('score>=0'), none)).toMatchObject({
      ok: false,
      actual: null,
    });
    expect(evaluateAssertion(parseAssertion('pass'), none)).toMatchObject({
      ok: false,
      expected: 'at least one participant who used an instrument',
    });
  });

  it('keys participants who share a name by userId too', () => {
    const twins = {
      ...subject,
      participants: subject.participants.map((p) => ({ ...p, name: 'Alex' })),
    };
    expect(evaluateAssertion(parseAssertion('total>0'), twins).actual).toEqual({
      'Alex (u1)': 80,
      'Alex (u2)': 70,
    });
  });
});
