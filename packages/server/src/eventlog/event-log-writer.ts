import createDebug from 'debug';
import type { Model } from 'mongoose';
import type { EventLogOptions } from '../config.js';
import type { EventDoc } from '../db/models.js';

const debug = createDebug('scrubin:server:event-log');

interface Queued {
  doc: EventDoc;
  enqueuedMs: number;
}

/** What /api/metrics reports of the writer. */
export interface EventLogStats {
  queueDepth: number;
  /** Age of the oldest entry not yet stored, seconds. */
  lagS: number;
  written: number;
  failures: number;
  refused: number;
  batches: number;
}

function isDuplicateKeyError(err: unknown): boolean {
  const e = err as { code?: number; writeErrors?: { code?: number }[] };
  if (e.code === 11000) return true;
  return (
    Array.isArray(e.writeErrors) &&
    e.writeErrors.length > 0 &&
    e.writeErrors.every((w) => w.code === 11000)
  );
}

/**
 * Write-behind event log: the relay enqueues and never waits; batches go to the database with
 * `insertMany` every `flushIntervalMs` or `maxBatch` entries, retried with backoff while the
 * database is away. Entries stay readable (see {@link pendingAfter}) until stored.
 */
export class EventLogWriter {
  #queue: Queued[] = [];
  #inflight: Queued[] = [];
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> | undefined;
  #backoffMs = 0;
  #retryAtMs = 0;
  #closed = false;
  readonly #stats = { written: 0, failures: 0, refused: 0, batches: 0 };

  constructor(
    private readonly events: Model<EventDoc>,
    private readonly options: EventLogOptions,
    private readonly onError: (err: unknown) => void = () => {},
  ) {
    this.#timer = setInterval(() => void this.#tick(), options.flushIntervalMs);
    this.#timer.unref();
  }

  /** Whether another entry fits in memory. */
  hasRoom(): boolean {
    return !this.#closed && this.#queue.length + this.#inflight.length < this.options.maxQueue;
  }

  /**
   * Queues an entry; false (and counted) when the queue is full. Callers check {@link hasRoom}
   * before accepting a client's event; entries already given a seq are always kept.
   */
  enqueue(doc: EventDoc, { force = false } = {}): boolean {
    if (!force && !this.hasRoom()) {
      this.#stats.refused += 1;
      return false;
    }
    this.#queue.push({ doc, enqueuedMs: Date.now() });
    if (this.#queue.length >= this.options.maxBatch && !this.#flushing) void this.#tick();
    return true;
  }

  /** Entries of a session with `seq > afterSeq` not yet confirmed stored, in seq order. */
  pendingAfter(sessionId: string, afterSeq: number): EventDoc[] {
    const out: EventDoc[] = [];
    for (const list of [this.#inflight, this.#queue]) {
      for (const q of list)
        if (q.doc.sessionId === sessionId && q.doc.seq > afterSeq) out.push(q.doc);
    }
    return out.sort((a, b) => a.seq - b.seq);
  }

  /** Highest pending seq of a session, or 0. */
  maxPendingSeq(sessionId: string): number {
    let max = 0;
    for (const list of [this.#inflight, this.#queue]) {
      for (const q of list) if (q.doc.sessionId === sessionId && q.doc.seq > max) max = q.doc.seq;
    }
    return max;
  }

  stats(): EventLogStats {
    const oldest = this.#inflight[0] ?? this.#queue[0];
    return {
      queueDepth: this.#queue.length + this.#inflight.length,
      lagS: oldest ? (Date.now() - oldest.enqueuedMs) / 1000 : 0,
      ...this.#stats,
    };
  }

  /** Stores everything queued so far; retries until stored or `timeoutMs` passes. */
  async flush(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.#queue.length + this.#inflight.length > 0) {
      if (Date.now() > deadline) {
        throw new Error(
          `Event log flush timed out with ${this.stats().queueDepth} entries unsaved`,
        );
      }
      this.#retryAtMs = 0;
      await this.#tick();
      if (this.#queue.length + this.#inflight.length > 0)
        await delay(Math.min(this.#backoffMs || 50, 1000));
    }
  }

  /** Stops the timer and flushes; after this, enqueue refuses. */
  async close(timeoutMs = 10_000): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    await this.flush(timeoutMs);
  }

  async #tick(): Promise<void> {
    if (this.#flushing) return this.#flushing;
    if (this.#queue.length === 0 || Date.now() < this.#retryAtMs) return;
    this.#flushing = this.#writeBatch().finally(() => {
      this.#flushing = undefined;
    });
    return this.#flushing;
  }

  async #writeBatch(): Promise<void> {
    this.#inflight = this.#queue.splice(0, this.options.maxBatch);
    const docs = this.#inflight.map((q) => q.doc);
    try {
      try {
        await this.events.collection.insertMany(
          docs.map((d) => ({ ...d })),
          { ordered: false },
        );
      } catch (err) {
        // A retry after a partly stored batch: store the rest one by one, duplicates are done.
        if (!isDuplicateKeyError(err)) throw err;
        for (const doc of docs) {
          try {
            await this.events.collection.insertOne({ ...doc });
          } catch (one) {
            if (!isDuplicateKeyError(one)) throw one;
          }
        }
      }
      this.#stats.written += docs.length;
      this.#stats.batches += 1;
      this.#inflight = [];
      this.#backoffMs = 0;
      this.#retryAtMs = 0;
      if (this.#queue.length >= this.options.maxBatch) setImmediate(() => void this.#tick());
    } catch (err) {
      this.#stats.failures += 1;
      this.#queue = this.#inflight.concat(this.#queue);
      this.#inflight = [];
      this.#backoffMs = Math.min(this.options.maxBackoffMs, Math.max(100, this.#backoffMs * 2));
      this.#retryAtMs = Date.now() + this.#backoffMs;
      debug(
        'batch failed (%d entries), retry in %d ms: %s',
        docs.length,
        this.#backoffMs,
        String(err),
      );
      this.onError(err);
    }
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
