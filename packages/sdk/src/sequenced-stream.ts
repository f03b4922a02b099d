import createDebug from 'debug';
import {
  ScrubinError,
  SEQUENCED_EVENT_NAMES,
  eventFromLogEntry,
  toScrubinError,
  type EventLogEntry,
  type SequencedEvent,
  type SequencedType,
} from '@scrubin/protocol';
import type { Clock, TimerHandle } from './clock.js';
import type { DeliverySource, SequencedDelivery } from './live-types.js';
import type { EventLogPage } from './rest.js';
import { SequenceBuffer } from './sequence-buffer.js';

const debug = createDebug('scrubin:sdk:sequenced-stream');

/** What a {@link SequencedStream} needs from the session handle. */
export interface SequencedStreamOptions {
  sessionId: string;
  /** The last `seq` already applied, if the caller knows it before joining. */
  sinceSeq: number | undefined;
  /** Reads one page of the event log after `afterSeq` (the REST export). */
  fetchPage: (afterSeq: number) => Promise<EventLogPage>;
  /** Receives each event once, in `seq` order. */
  deliver: (delivery: SequencedDelivery) => void;
  /** Whether a catch-up may start now (joined, and no own sequenced ack on its way). */
  mayCatchUp: () => boolean;
  /** Receives catch-up failures; the stream retries after `retryMs`. */
  onError: (error: ScrubinError) => void;
  clock: Clock;
  /** Wait before retrying a failed catch-up, milliseconds. */
  retryMs: number;
}

/**
 * The ordered stream of a session's sequenced events: merges live broadcasts, own acks and
 * catch-up pages, delivers each `seq` exactly once and in order, and fills holes from the
 * REST export.
 */
export class SequencedStream {
  readonly #options: SequencedStreamOptions;
  readonly #buffer: SequenceBuffer<SequencedDelivery>;
  /** Highest `seq` known to exist (from any event or join ack). */
  #knownSeq = 0;
  #catchingUp: Promise<void> | undefined;
  #retryTimer: TimerHandle | undefined;
  #closed = false;

  constructor(options: SequencedStreamOptions) {
    this.#options = options;
    this.#buffer = new SequenceBuffer(options.sinceSeq);
  }

  /** The `seq` of the last delivered event (0 before any). */
  get lastSeq(): number {
    return this.#buffer.lastSeq ?? 0;
  }

  /** Whether the starting point is known (the first join completed, or `sinceSeq` was given). */
  get started(): boolean {
    return this.#buffer.lastSeq !== undefined;
  }

  /** Sets the starting point (first join without `sinceSeq`) and delivers what follows it. */
  start(lastSeq: number): void {
    for (const delivery of this.#buffer.start(lastSeq)) this.#options.deliver(delivery);
  }

  /** Starts over from the beginning of the log: every event is delivered again from seq 1. */
  restart(): void {
    this.#buffer.reset(0);
    this.#knownSeq = 0;
  }

  /** Notes that events up to `seq` exist (e.g. the `seq` of a join ack). */
  noteSeq(seq: number): void {
    this.#knownSeq = Math.max(this.#knownSeq, seq);
  }

  /** Offers one event from any source. */
  accept(type: SequencedType, event: SequencedEvent, source: DeliverySource): void {
    if (this.#closed) return;
    this.noteSeq(event.seq);
    const name = SEQUENCED_EVENT_NAMES[type];
    const delivery = { type, name, event, source } as SequencedDelivery;
    for (const released of this.#buffer.push(event.seq, delivery)) this.#options.deliver(released);
    this.checkGap();
  }

  /** Offers one event-log entry (join ack, REST export). */
  acceptEntry(entry: EventLogEntry): void {
    if (entry.sessionId !== this.#options.sessionId) return;
    this.accept(entry.type, eventFromLogEntry(entry), 'catch-up');
  }

  /** Whether events are known to exist that have not been delivered yet. */
  get behind(): boolean {
    const last = this.#buffer.lastSeq;
    return last !== undefined && (this.#buffer.pendingCount > 0 || last < this.#knownSeq);
  }

  /** Starts a catch-up if something is missing and the handle allows it now. */
  checkGap(): void {
    if (this.#closed || this.#catchingUp !== undefined || !this.behind) return;
    if (!this.#options.mayCatchUp()) return;
    debug('%s: hole after seq %d, catching up', this.#options.sessionId, this.lastSeq);
    void this.catchUp();
  }

  /** Pages the REST export until nothing known is missing. Never rejects. */
  catchUp(): Promise<void> {
    this.#catchingUp ??= this.#runCatchUp().finally(() => {
      this.#catchingUp = undefined;
    });
    return this.#catchingUp;
  }

  /** Stops catching up and delivering. */
  close(): void {
    this.#closed = true;
    if (this.#retryTimer !== undefined) this.#options.clock.clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
  }

  async #runCatchUp(): Promise<void> {
    try {
      while (this.behind && !this.#closed) {
        const afterSeq = this.lastSeq;
        const page = await this.#options.fetchPage(afterSeq);
        for (const entry of page.events) this.acceptEntry(entry);
        if (this.lastSeq === afterSeq && this.behind) {
          throw new ScrubinError('INTERNAL', `Event ${afterSeq + 1} is missing from the log`);
        }
      }
    } catch (err) {
      if (this.#closed) return;
      const error = toScrubinError(err);
      debug('%s: catch-up failed: %s', this.#options.sessionId, error.message);
      this.#options.onError(error);
      this.#retryTimer = this.#options.clock.setTimeout(() => {
        this.#retryTimer = undefined;
        this.checkGap();
      }, this.#options.retryMs);
    }
  }
}
