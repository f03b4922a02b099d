/// <reference lib="webworker" />
import type { SimFrameMessage, SimRequest, SimResponse } from './sim-protocol.js';
import { SimAnalysis } from './sim-analysis.js';
import { SimRunner, type FrameBuffers } from './sim-runner.js';

/**
 * The session's simulation, off the main thread: applies log entries in `seq` order, advances to
 * the latest tick the server vouched for (or seeks to a review's play head), and posts the render
 * data after each advance as transferred typed arrays (handed back with `recycle` so that buffers
 * are reused). A review's analysis runs only in slices the simulation leaves free.
 */

const scope = self as unknown as DedicatedWorkerGlobalScope;
/** Longest slice of work before the worker posts a frame and reads its messages, ms. */
const SLICE_MS = 12;

let runner: SimRunner | undefined;
let analysis: SimAnalysis | undefined;
const pool: FrameBuffers[] = [];
let scheduled = false;

function post(message: SimResponse, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer);
}

function takeBuffers(sim: SimRunner): FrameBuffers {
  const reused = pool.pop();
  if (reused) return reused;
  return {
    surface: new Float32Array(sim.layerFloats),
    boundary: new Float32Array(sim.layerFloats),
    mask: new Uint8Array(sim.triangleCount),
  };
}

function postFrame(sim: SimRunner): void {
  const buffers = takeBuffers(sim);
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
  post(frame, [buffers.surface.buffer, buffers.boundary.buffer, buffers.mask.buffer]);
}

function work(): void {
  scheduled = false;
  const sim = runner;
  if (!sim) return;
  if (!sim.pending && analysis) {
    analyse(analysis);
    return;
  }
  const before = sim.world.tick;
  const appliedBefore = sim.applied;
  const rebuildsBefore = sim.rebuilds;
  const restoresBefore = sim.restores;
  const stepsBefore = sim.world.stepsRun;
  const until = performance.now() + SLICE_MS;
  let more: boolean;
  try {
    more = sim.run(() => performance.now() < until);
  } catch (err) {
    post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
    return;
  }
  if (
    sim.world.stepsRun !== stepsBefore ||
    sim.applied !== appliedBefore ||
    sim.rebuilds !== rebuildsBefore ||
    sim.restores !== restoresBefore
  ) {
    postFrame(sim);
  } else if (sim.world.tick !== before) {
    // Asleep: the tissue did not move, only the clock did.
    post({ type: 'status', status: sim.status() });
  }
  if (more || analysis) schedule();
}

/** One slice of the review's analysis; posts what it found. */
function analyse(job: SimAnalysis): void {
  const until = performance.now() + SLICE_MS;
  let more: boolean;
  try {
    more = job.run(() => performance.now() < until);
  } catch (err) {
    analysis = undefined;
    post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
    return;
  }
  const tick = job.world.tick;
  const moments = job.takeMoments();
  if (more) {
    post({ type: 'analysis', tick, endTick: job.endTick, moments });
    schedule();
  } else {
    analysis = undefined;
    post({ type: 'analysis', tick, endTick: job.endTick, moments, score: job.score() });
  }
}

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  // A macrotask, so that messages that arrived meanwhile are read between slices.
  setTimeout(work, 0);
}

scope.onmessage = (event: MessageEvent<SimRequest>) => {
  const message = event.data;
  switch (message.type) {
    case 'init':
      try {
        runner = new SimRunner(message);
      } catch (err) {
        post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
        return;
      }
      pool.length = 0;
      analysis = undefined;
      postFrame(runner);
      break;
    case 'input':
      if (!runner) return;
      runner.push(message.entries, message.advanceTo);
      if (runner.pending) schedule();
      break;
    case 'seek':
      if (!runner) return;
      runner.push(message.entries);
      runner.seek(message.tick);
      schedule();
      break;
    case 'analyse':
      if (!runner) return;
      analysis = new SimAnalysis(runner.options, runner.log, message.endTick, runner.keyframes);
      schedule();
      break;
    case 'recycle':
      if (runner && message.surface.byteLength === runner.layerFloats * 4) {
        pool.push({
          surface: new Float32Array(message.surface),
          boundary: new Float32Array(message.boundary),
          mask: new Uint8Array(message.mask),
        });
      }
      break;
  }
};
