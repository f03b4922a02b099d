import { describe, expect, it } from 'vitest';
import { parseJoinInput } from './join-input.js';

const TOKEN = 'aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE';

describe('parseJoinInput', () => {
  it.each([
    ['ABCD2345', 'ABCD2345'],
    ['abcd-2345', 'ABCD2345'],
    ['  Abcd 2345 ', 'ABCD2345'],
    ['wxyz-6789', 'WXYZ6789'],
  ])('reads the code %j', (input, identifier) => {
    expect(parseJoinInput(input)).toEqual({ ok: true, kind: 'code', identifier });
  });

  it.each([
    [`http://localhost:3000/surgery-simulation?link=${TOKEN}`],
    [`https://scrubin.example/surgery-simulation/?foo=1&link=${TOKEN}`],
    [TOKEN],
  ])('reads the link %j', (input) => {
    expect(parseJoinInput(input)).toEqual({ ok: true, kind: 'link', identifier: TOKEN });
  });

  it.each([
    ['', /8-character code/],
    ['   ', /8-character code/],
    ['ABC-234', /8 characters.*this has 6/],
    ['ABCD-23456', /this has 9/],
    ['ABCD-0123', /except 0, O, 1, I and L/],
    ['http://localhost:3000/surgery-simulation?link=abc', /cut short/],
    ['http://localhost:3000/surgery-simulation', /no session in it/],
  ])('explains why %j cannot be used', (input, message) => {
    const parsed = parseJoinInput(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(message);
  });
});
