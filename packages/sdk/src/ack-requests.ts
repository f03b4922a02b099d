import {
  CLIENT_EVENT_SCHEMAS,
  ScrubinError,
  type SequencedEvent,
  type SequencedType,
} from '@scrubin/protocol';
import type { Clock } from './clock.js';
import { ackTimeoutError, connectionLostError, errorFromAck } from './errors.js';
import type { AckedEventName, AckOk } from './live-types.js';

/** What {@link AckRequests} needs from the session handle. */
export interface AckRequestsOptions {
  clock: Clock;
  ackTimeoutMs: number;
  /** Sends one event with its ack callback. */
  emit: (event: AckedEventName, payload: unknown, ack: (answer: unknown) => void) => void;
  /** Receives the event of every successful sequenced ack, even one that arrives too late. */
  onSequencedAck: (type: SequencedType, event: SequencedEvent) => void;
  /** Called after a sequenced request settles (the handle then looks for holes). */
  onSequencedSettled: () => void;
}

interface Pending {
  readonly event: AckedEventName;
  send(): void;
  fail(error: ScrubinError): void;
}

/**
 * Acked requests of one session handle: validated with the protocol's schemas before sending,
 * queued while the handle is not joined, rejected with `TIMEOUT` after `ackTimeoutMs`, with
 * `UNAVAILABLE` when the connection drops before the answer, and with the ack's own
 * `ScrubinError` when it says `{ ok: false }`.
 */
export class AckRequests {
  /** Whether requests may go out now; otherwise they wait in the queue. */
  ready = false;
  /** Whether new requests are refused. */
  closed = false;
  readonly #options: AckRequestsOptions;
  readonly #queue: Pending[] = [];
  readonly #inFlight = new Set<Pending>();
  #sequencedInFlight = 0;

  constructor(options: AckRequestsOptions) {
    this.#options = options;
  }

  /** Sequenced requests sent and not yet answered: their events may be the missing ones. */
  get sequencedInFlight(): number {
    return this.#sequencedInFlight;
  }

  /**
   * Sends (or queues, when `queue` is set and not {@link AckRequests.ready}) one event and
   * resolves with its successful ack. `type` marks events whose ack carries a sequenced event.
   */
  send<E extends AckedEventName>(
    event: E,
    payload: unknown,
    options: { type?: SequencedType; queue?: boolean } = {},
  ): Promise<AckOk<E>> {
    return new Promise<AckOk<E>>((resolve, reject) => {
      if (this.closed) {
        reject(connectionLostError(event, 'the session handle is closed'));
        return;
      }
      const parsed = CLIENT_EVENT_SCHEMAS[event].safeParse(payload);
      if (!parsed.success) {
        const details = parsed.error.issues;
        reject(new ScrubinError('VALIDATION_FAILED', `Invalid ${event} payload`, { details }));
        return;
      }
      const { clock, ackTimeoutMs } = this.#options;
      const { type } = options;
      let settled = false;
      let sent = false;
      const settle = (error: ScrubinError | undefined, ack?: AckOk<E>): void => {
        if (settled) return;
        settled = true;
        clock.clearTimeout(timer);
        const queued = this.#queue.indexOf(pending);
        if (queued >= 0) this.#queue.splice(queued, 1);
        this.#inFlight.delete(pending);
        if (sent && type !== undefined) this.#sequencedInFlight--;
        if (error === undefined) resolve(ack as AckOk<E>);
        else reject(error);
        if (sent && type !== undefined) this.#options.onSequencedSettled();
      };
      const pending: Pending = {
        event,
        fail: (error) => settle(error),
        send: () => {
          if (settled) return;
          sent = true;
          this.#inFlight.add(pending);
          if (type !== undefined) this.#sequencedInFlight++;
          this.#options.emit(event, payload, (answer) => {
            const ack = answer as { ok?: unknown; error?: unknown; event?: SequencedEvent };
            if (ack?.ok !== true) {
              settle(errorFromAck(ack?.error, event));
              return;
            }
            // Own sequenced events come back only in the ack: hand them on even after a timeout.
            if (type !== undefined && ack.event !== undefined) {
              this.#options.onSequencedAck(type, ack.event);
            }
            settle(undefined, ack as AckOk<E>);
          });
        },
      };
      const timer = clock.setTimeout(
        () => settle(ackTimeoutError(event, ackTimeoutMs)),
        ackTimeoutMs,
      );
      if (options.queue && !this.ready) this.#queue.push(pending);
      else pending.send();
    });
  }

  /** Sends everything queued. */
  flush(): void {
    for (const pending of this.#queue.splice(0)) pending.send();
  }

  /** Rejects the requests sent and not answered: their answers cannot arrive any more. */
  failInFlight(why: string): void {
    for (const pending of [...this.#inFlight])
      pending.fail(connectionLostError(pending.event, why));
  }

  /** Refuses new requests and rejects every pending one. */
  close(why: string): void {
    this.closed = true;
    this.ready = false;
    for (const pending of [...this.#queue, ...this.#inFlight]) {
      pending.fail(connectionLostError(pending.event, why));
    }
  }
}
