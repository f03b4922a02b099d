import type { EventLogEntry, ScenarioId } from '@scrubin/protocol';
import type { TierId } from '@scrubin/sim';
import type { KeyframeOptions } from './keyframes.js';
import type {
  SimAnalysisMessage,
  SimFrameMessage,
  SimInitMessage,
  SimRequest,
  SimResponse,
  SimStatus,
} from './sim-protocol.js';

/** Makes the simulation worker (injectable for tests). */
export type WorkerFactory = () => Pick<Worker, 'postMessage' | 'terminate'> & {
  onmessage: ((event: MessageEvent<SimResponse>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
};

/** The module worker of the session's simulation. */
export const createSimWorker: WorkerFactory = () =>
  new Worker(new URL('./sim.worker.ts', import.meta.url), { type: 'module', name: 'scrubin-sim' });

/**
 * Main-thread side of the simulation worker: batches log entries and the allowed tick into one
 * message per task, keeps the newest frame for the renderer (older unread ones go straight back
 * to the worker for reuse), and reports the simulation status.
 */
export class SimBridge {
  readonly #worker: ReturnType<WorkerFactory>;
  #entries: EventLogEntry[] = [];
  #advanceTo = 0;
  #flushQueued = false;
  #frame: SimFrameMessage | undefined;
  #init: SimInitMessage | undefined;
  #disposed = false;
  readonly #statusListeners = new Set<(status: SimStatus) => void>();
  readonly #errorListeners = new Set<(message: string) => void>();
  readonly #frameListeners = new Set<() => void>();
  readonly #analysisListeners = new Set<(report: SimAnalysisMessage) => void>();
  /** Status of the newest frame. */
  status: SimStatus | undefined;

  constructor(factory: WorkerFactory = createSimWorker) {
    this.#worker = factory();
    this.#worker.onmessage = (event) => this.#onMessage(event.data);
    this.#worker.onerror = (event) => {
      for (const listener of this.#errorListeners) listener(event.message || 'Simulation failed');
    };
  }

  /** Creates the World: call once, before any entry. `keyframes` make seeks fast (a review). */
  init(scenario: ScenarioId, tier: TierId, seed: number, keyframes?: KeyframeOptions): void {
    this.#init = { type: 'init', scenario, tier, seed, ...(keyframes && { keyframes }) };
    this.#post(this.#init);
  }

  /**
   * Puts the World back to the scenario's initial state, as `init` made it, and forgets every
   * entry and tick it was given: what comes next rebuilds it from seq 1 (the server's log was
   * restored under the session).
   */
  reset(): void {
    if (this.#init === undefined) return;
    this.#entries = [];
    this.#advanceTo = 0;
    const unread = this.#frame;
    this.#frame = undefined;
    if (unread !== undefined) this.release(unread);
    this.#post(this.#init);
  }

  /** Queues one log entry (in `seq` order). */
  pushEntry(entry: EventLogEntry): void {
    this.#entries.push(entry);
    this.#queueFlush();
  }

  /** Lets the World advance up to `tick` (the highest value given wins). */
  advance(tick: number): void {
    if (tick <= this.#advanceTo) return;
    this.#advanceTo = tick;
    this.#queueFlush();
  }

  /**
   * Moves the World to `tick` and holds it there (a review's play head), after adding `entries`
   * (the queued ones go first). Going back rebuilds the World in the worker, from the newest
   * keyframe at or before `tick` when it keeps them.
   */
  seek(tick: number, entries: EventLogEntry[] = []): void {
    const queued = this.#entries;
    this.#entries = [];
    this.#post({
      type: 'seek',
      entries: queued.length > 0 ? [...queued, ...entries] : entries,
      tick,
    });
  }

  /**
   * Runs the whole log to `endTick` in a second World whenever the first is idle; reports come
   * to {@link onAnalysis}.
   */
  analyse(endTick: number): void {
    this.#post({ type: 'analyse', endTick });
  }

  /** Listens to an analysis' progress, moments and scores; returns the function that stops it. */
  onAnalysis(listener: (report: SimAnalysisMessage) => void): () => void {
    this.#analysisListeners.add(listener);
    return () => this.#analysisListeners.delete(listener);
  }

  /** Takes the newest unread frame; hand it back with {@link release} once copied. */
  take(): SimFrameMessage | undefined {
    const frame = this.#frame;
    this.#frame = undefined;
    return frame;
  }

  /** Returns a frame's buffers to the worker for reuse. */
  release(frame: SimFrameMessage): void {
    if (this.#disposed) return;
    const { surface, boundary, mask } = frame;
    this.#worker.postMessage(
      {
        type: 'recycle',
        surface: surface.buffer as ArrayBuffer,
        boundary: boundary.buffer as ArrayBuffer,
        mask: mask.buffer as ArrayBuffer,
      } satisfies SimRequest,
      [surface.buffer, boundary.buffer, mask.buffer],
    );
  }

  /** Listens to the status of each frame; returns the function that stops listening. */
  onStatus(listener: (status: SimStatus) => void): () => void {
    this.#statusListeners.add(listener);
    return () => this.#statusListeners.delete(listener);
  }

  /** Listens for new frames to draw; returns the function that stops listening. */
  subscribe(listener: () => void): () => void {
    this.#frameListeners.add(listener);
    return () => this.#frameListeners.delete(listener);
  }

  /** Listens to simulation failures. */
  onError(listener: (message: string) => void): () => void {
    this.#errorListeners.add(listener);
    return () => this.#errorListeners.delete(listener);
  }

  /** Stops the worker. */
  dispose(): void {
    this.#disposed = true;
    this.#worker.onmessage = null;
    this.#worker.terminate();
    this.#statusListeners.clear();
    this.#errorListeners.clear();
    this.#frameListeners.clear();
    this.#analysisListeners.clear();
  }

  #queueFlush(): void {
    if (this.#flushQueued || this.#disposed) return;
    this.#flushQueued = true;
    queueMicrotask(() => {
      this.#flushQueued = false;
      if (this.#disposed) return;
      const entries = this.#entries;
      this.#entries = [];
      this.#post({ type: 'input', entries, advanceTo: this.#advanceTo });
    });
  }

  #post(message: SimRequest): void {
    if (!this.#disposed) this.#worker.postMessage(message);
  }

  #onMessage(message: SimResponse): void {
    if (this.#disposed) return;
    if (message.type === 'error') {
      for (const listener of this.#errorListeners) listener(message.message);
      return;
    }
    if (message.type === 'analysis') {
      for (const listener of this.#analysisListeners) listener(message);
      return;
    }
    if (message.type === 'status') {
      this.status = message.status;
      for (const listener of this.#statusListeners) listener(message.status);
      return;
    }
    const unread = this.#frame;
    if (unread !== undefined) {
      // Never drawn: its mask change must not be lost.
      if (unread.maskChanged) message.maskChanged = true;
      this.release(unread);
    }
    this.#frame = message;
    this.status = message.status;
    for (const listener of this.#statusListeners) listener(message.status);
    for (const listener of this.#frameListeners) listener();
  }
}
