import { ScrubinError, toScrubinError } from '@scrubin/protocol';
import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { fromDatabaseError } from './database-errors.js';

const { mongo } = mongoose;
const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {
  code: 'ECONNREFUSED',
});

describe('fromDatabaseError', () => {
  it.each([
    ['an operation timeout', new mongo.MongoOperationTimeoutError('Timed out during socket read')],
    ['a socket timeout', new mongo.MongoNetworkTimeoutError('connection 2 timed out')],
    [
      'a server selection timeout',
      new mongo.MongoServerSelectionError('Server selection timed out after 1500 ms', {} as never),
    ],
    ['a selection timeout at connect', new mongoose.Error.MongooseServerSelectionError('x')],
    [
      "mongoose's command buffer",
      new mongoose.Error('Operation `users.findOne()` buffering timed out after 1500ms'),
    ],
    [
      'a timeout wrapped as a cause',
      new Error('query failed', { cause: new mongo.MongoOperationTimeoutError('checkout') }),
    ],
  ])('turns %s into TIMEOUT naming the deadline', (_, err) => {
    const e = toScrubinError(fromDatabaseError(err, 1500));
    expect(e.toBody()).toEqual({
      code: 'TIMEOUT',
      message: 'The database did not answer within 1500 ms',
    });
    expect(e.status).toBe(504);
    expect(e.cause).toBe(err);
  });

  it('turns a refused connection into UNAVAILABLE', () => {
    const err = new mongo.MongoNetworkError('connect ECONNREFUSED', { cause: refused });
    expect(toScrubinError(fromDatabaseError(err, 1500)).code).toBe('UNAVAILABLE');
  });

  it.each([
    ['a platform error', new ScrubinError('SESSION_FULL', 'full')],
    [
      'a duplicate key',
      Object.assign(new mongo.MongoServerError({ message: 'dup' }), { code: 11000 }),
    ],
    ['anything else', new TypeError('boom')],
    ['a non-error', 'text'],
  ])('leaves %s as it is', (_, err) => {
    expect(fromDatabaseError(err, 1500)).toBe(err);
  });
});
