import { ScrubinError } from '@scrubin/protocol';
import type { Models } from '../db/models.js';
import type { EventLog } from '../eventlog/event-log.js';
import { SessionRuntime, type RoomBroadcaster } from './session-runtime.js';

const IDLE_EVICT_MS = 5 * 60_000;

/**
 * The runtimes of the sessions this node serves, loaded on first use. One runtime per session:
 * concurrent loads share one promise, so sequence numbers have one owner.
 */
export class RuntimeRegistry {
  readonly #runtimes = new Map<string, SessionRuntime>();
  readonly #loading = new Map<string, Promise<SessionRuntime>>();
  readonly #sweep: NodeJS.Timeout;

  constructor(
    private readonly models: Models,
    private readonly log: EventLog,
    private readonly broadcaster: RoomBroadcaster,
  ) {
    this.#sweep = setInterval(() => this.#evictIdle(), 60_000);
    this.#sweep.unref();
  }

  /** The loaded runtime of a session, if any. */
  peek(sessionId: string): SessionRuntime | undefined {
    return this.#runtimes.get(sessionId);
  }

  /** The runtime of a session, loading it from the database if needed. */
  get(sessionId: string): Promise<SessionRuntime> {
    const loaded = this.#runtimes.get(sessionId);
    if (loaded) return Promise.resolve(loaded);
    let loading = this.#loading.get(sessionId);
    if (!loading) {
      loading = this.#load(sessionId).finally(() => this.#loading.delete(sessionId));
      this.#loading.set(sessionId, loading);
    }
    return loading;
  }

  /** Every loaded runtime. */
  all(): IterableIterator<SessionRuntime> {
    return this.#runtimes.values();
  }

  get size(): number {
    return this.#runtimes.size;
  }

  close(): void {
    clearInterval(this.#sweep);
    for (const runtime of this.#runtimes.values()) runtime.dispose();
    this.#runtimes.clear();
  }

  async #load(sessionId: string): Promise<SessionRuntime> {
    const doc = await this.models.Simulation.findOne({ sessionId }).lean();
    if (!doc) throw new ScrubinError('SESSION_NOT_FOUND', `No session ${sessionId}`);
    const lastSeq = await this.log.lastSeq(sessionId);
    const runtime = new SessionRuntime(doc, lastSeq, this.log, this.broadcaster);
    this.#runtimes.set(sessionId, runtime);
    return runtime;
  }

  #evictIdle(): void {
    const now = Date.now();
    for (const [id, runtime] of this.#runtimes) {
      if (runtime.isIdle(now, IDLE_EVICT_MS) && !this.log.hasQueued(id)) {
        runtime.dispose();
        this.#runtimes.delete(id);
      }
    }
  }
}
