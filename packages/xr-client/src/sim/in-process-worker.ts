import type { WorkerFactory } from './sim-bridge.js';
import type { SimRequest, SimResponse } from './sim-protocol.js';
import { SimHost } from './sim-host.js';

/** A {@link WorkerFactory} product whose simulation runs on this thread. */
export type InProcessSimWorker = ReturnType<WorkerFactory> & {
  /** The simulation behind it, to read its World. */
  readonly host: SimHost;
};

/**
 * The simulation worker's protocol served on the calling thread: messages each way are delivered
 * in order, as tasks, like a worker's. For Node (tests) and wherever module workers are missing.
 * @example const bridge = new SimBridge(createInProcessSimWorker);
 */
export function createInProcessSimWorker(): InProcessSimWorker {
  let terminated = false;
  const later = (fn: () => void) => {
    setTimeout(() => {
      if (!terminated) fn();
    }, 0);
  };
  const worker: InProcessSimWorker = {
    onmessage: null,
    onerror: null,
    host: new SimHost({
      post: (message: SimResponse) =>
        later(() => worker.onmessage?.({ data: message } as MessageEvent<SimResponse>)),
      schedule: (work) => later(work),
      now: () => performance.now(),
    }),
    postMessage(message: unknown) {
      later(() => worker.host.handle(message as SimRequest));
    },
    terminate() {
      terminated = true;
    },
  };
  return worker;
}
