import { describe, expect, it } from 'vitest';
import { micErrorMessage } from './mic-errors.js';

const failure = (name: string, message = '') => Object.assign(new Error(message), { name });

describe('micErrorMessage', () => {
  it.each([
    ['NotAllowedError', /denied/],
    ['SecurityError', /denied/],
    ['NotFoundError', /No microphone/],
    ['OverconstrainedError', /No microphone/],
    ['NotReadableError', /another application/],
  ])('explains %s', (name, expected) => {
    expect(micErrorMessage(failure(name))).toMatch(expected);
  });

  it('passes on the message of anything else', () => {
    expect(micErrorMessage(failure('TypeError', 'bad constraints'))).toBe(
      'The microphone could not be opened: bad constraints',
    );
    expect(micErrorMessage('?')).toBe('The microphone could not be opened.');
  });
});
