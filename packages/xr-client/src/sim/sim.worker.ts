/// <reference lib="webworker" />
import type { SimRequest } from './sim-protocol.js';
import { SimHost } from './sim-host.js';

/** The session's simulation, off the main thread (see {@link SimHost}). */

const scope = self as unknown as DedicatedWorkerGlobalScope;

const host = new SimHost({
  post: (message, transfer) => scope.postMessage(message, transfer),
  // A macrotask, so that messages that arrived meanwhile are read between slices.
  schedule: (work) => setTimeout(work, 0),
  now: () => performance.now(),
});

scope.onmessage = (event: MessageEvent<SimRequest>) => host.handle(event.data);
