import type { EventLogEntry, SequencedPayloads } from '@scrubin/protocol';
import type { SequencedDelivery } from '@scrubin/sdk';

/**
 * Turns a sequenced delivery of the SDK back into the log entry the World applies:
 * `{sessionId, seq, tick, type, userId, at, payload}`, the payload being the event's body fields.
 */
export function logEntryFromDelivery(delivery: SequencedDelivery): EventLogEntry {
  const { sessionId, seq, tick, userId, at, ...payload } = delivery.event;
  return {
    sessionId,
    seq,
    tick,
    type: delivery.type,
    userId,
    at,
    payload: payload as SequencedPayloads[typeof delivery.type],
  };
}
