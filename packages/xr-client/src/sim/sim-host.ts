import type { SimFrameMessage, SimRequest, SimResponse } from './sim-protocol.js';
import { SimAnalysis } from './sim-analysis.js';
import { SimRunner, type FrameBuffers } from './sim-runner.js';

/** Longest slice of work before the host posts a frame and reads its messages, ms. */
const SLICE_MS = 12;

/** Where a {@link SimHost} runs: how it answers, and how it runs its next slice later. */
export interface SimHostIo {
  /** Posts a response; the arrays in `transfer` are handed over, not copied. */
  post(message: SimResponse, transfer: Transferable[]): void;
  /** Runs `work` later, after messages that arrived meanwhile (a macrotask). */
  schedule(work: () => void): void;
  /** Clock of the slices, ms. */
  now(): number;
}

/**
 * The session's simulation behind the worker boundary: applies log entries in `seq` order,
 * advances to the latest tick the server vouched for (or seeks to a review's play head), and
 * posts the render data after each advance as transferred typed arrays (handed back with
 * `recycle` so that buffers are reused). A review's analysis runs only in slices the simulation
 * leaves free. `init` starts over with a new World, whatever came before.
 */
export class SimHost {
  readonly #io: SimHostIo;
  #runner: SimRunner | undefined;
  #analysis: SimAnalysis | undefined;
  readonly #pool: FrameBuffers[] = [];
  #scheduled = false;

  constructor(io: SimHostIo) {
    this.#io = io;
  }

  /** The World's runner, once `init` came (for tests that compare Worlds). */
  get runner(): SimRunner | undefined {
    return this.#runner;
  }

  /** Handles one request from the main thread. */
  handle(message: SimRequest): void {
    switch (message.type) {
      case 'init':
        try {
          this.#runner = new SimRunner(message);
        } catch (err) {
          this.#error(err);
          return;
        }
        this.#pool.length = 0;
        this.#analysis = undefined;
        this.#postFrame(this.#runner);
        break;
      case 'input':
        if (!this.#runner) return;
        this.#runner.push(message.entries, message.advanceTo);
        if (this.#runner.pending) this.#schedule();
        break;
      case 'seek':
        if (!this.#runner) return;
        this.#runner.push(message.entries);
        this.#runner.seek(message.tick);
        this.#schedule();
        break;
      case 'analyse':
        if (!this.#runner) return;
        this.#analysis = new SimAnalysis(
          this.#runner.options,
          this.#runner.log,
          message.endTick,
          this.#runner.keyframes,
        );
        this.#schedule();
        break;
      case 'recycle':
        if (this.#runner && message.surface.byteLength === this.#runner.layerFloats * 4) {
          this.#pool.push({
            surface: new Float32Array(message.surface),
            boundary: new Float32Array(message.boundary),
            mask: new Uint8Array(message.mask),
          });
        }
        break;
    }
  }

  #error(err: unknown): void {
    this.#io.post({ type: 'error', message: err instanceof Error ? err.message : String(err) }, []);
  }

  #takeBuffers(sim: SimRunner): FrameBuffers {
    const reused = this.#pool.pop();
    if (reused) return reused;
    return {
      surface: new Float32Array(sim.layerFloats),
      boundary: new Float32Array(sim.layerFloats),
      mask: new Uint8Array(sim.triangleCount),
    };
  }

  #postFrame(sim: SimRunner): void {
    const buffers = this.#takeBuffers(sim);
    const { status, maskChanged } = sim.writeFrame(buffers);
    const frame: SimFrameMessage = {
      type: 'frame',
      status,
      n: sim.n,
      surface: buffers.surface,
      boundary: buffers.boundary,
      mask: buffers.mask,
      maskChanged,
    };
    this.#io.post(frame, [buffers.surface.buffer, buffers.boundary.buffer, buffers.mask.buffer]);
  }

  #work(): void {
    this.#scheduled = false;
    const sim = this.#runner;
    if (!sim) return;
    if (!sim.pending && this.#analysis) {
      this.#analyse(this.#analysis);
      return;
    }
    const before = sim.world.tick;
    const appliedBefore = sim.applied;
    const rebuildsBefore = sim.rebuilds;
    const restoresBefore = sim.restores;
    const stepsBefore = sim.world.stepsRun;
    const until = this.#io.now() + SLICE_MS;
    let more: boolean;
    try {
      more = sim.run(() => this.#io.now() < until);
    } catch (err) {
      this.#error(err);
      return;
    }
    if (
      sim.world.stepsRun !== stepsBefore ||
      sim.applied !== appliedBefore ||
      sim.rebuilds !== rebuildsBefore ||
      sim.restores !== restoresBefore
    ) {
      this.#postFrame(sim);
    } else if (sim.world.tick !== before) {
      // Asleep: the tissue did not move, only the clock did.
      this.#io.post({ type: 'status', status: sim.status() }, []);
    }
    if (more || this.#analysis) this.#schedule();
  }

  /** One slice of the review's analysis; posts what it found. */
  #analyse(job: SimAnalysis): void {
    const until = this.#io.now() + SLICE_MS;
    let more: boolean;
    try {
      more = job.run(() => this.#io.now() < until);
    } catch (err) {
      this.#analysis = undefined;
      this.#error(err);
      return;
    }
    const tick = job.world.tick;
    const moments = job.takeMoments();
    if (more) {
      this.#io.post({ type: 'analysis', tick, endTick: job.endTick, moments }, []);
      this.#schedule();
    } else {
      this.#analysis = undefined;
      this.#io.post(
        { type: 'analysis', tick, endTick: job.endTick, moments, score: job.score() },
        [],
      );
    }
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    this.#io.schedule(() => this.#work());
  }
}
