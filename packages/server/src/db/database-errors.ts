import { ScrubinError } from '@scrubin/protocol';
import mongoose from 'mongoose';

const { mongo } = mongoose;

/** Errors that mean the database did not answer in time. */
const TIMEOUT_ERRORS = [
  mongo.MongoOperationTimeoutError,
  mongo.MongoNetworkTimeoutError,
  mongo.MongoServerSelectionError,
  mongoose.Error.MongooseServerSelectionError,
] as const;

/** How deep to look through `cause` chains (the driver wraps, e.g. a selection error). */
const MAX_CAUSE_DEPTH = 5;

function isTimeout(err: unknown): boolean {
  if (TIMEOUT_ERRORS.some((type) => err instanceof type)) return true;
  // mongoose's own command buffer (while disconnected) has no class of its own.
  return err instanceof mongoose.Error && /buffering timed out/.test(err.message);
}

/** Refused or reset connections, and pools cleared because of them (a network error too). */
function isUnreachable(err: unknown): boolean {
  return err instanceof mongo.MongoNetworkError;
}

/**
 * Turns a database failure into the platform's error: a timeout (operation, selection, checkout,
 * socket) into `TIMEOUT`, a lost connection into `UNAVAILABLE`. Anything else comes back as is,
 * for `toScrubinError`. The one mapping used by REST and by the socket gateway.
 * @param timeoutMs the operation deadline, named in the message
 * @example toScrubinError(fromDatabaseError(err, options.dbTimeoutMs))
 */
export function fromDatabaseError(err: unknown, timeoutMs: number): unknown {
  if (err instanceof ScrubinError) return err;
  let current: unknown = err;
  for (let depth = 0; depth < MAX_CAUSE_DEPTH && current instanceof Error; depth++) {
    if (isTimeout(current)) {
      return new ScrubinError('TIMEOUT', `The database did not answer within ${timeoutMs} ms`, {
        cause: err,
      });
    }
    if (isUnreachable(current)) {
      return new ScrubinError('UNAVAILABLE', 'The database cannot be reached', { cause: err });
    }
    current = current.cause;
  }
  return err;
}
