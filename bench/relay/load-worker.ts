/**
 * Worker-thread entry of the load generator: one {@link LoadShard} (whole sessions) whose phases
 * the runner's thread calls one message at a time (load.ts), so every worker opens and closes its
 * window when the runner marks the server. Started by load.ts, never on its own.
 */
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { LoadShard, type ShardOptions, type ShardResult } from './load-shard.js';

/** The phases of a shard, in order. */
export type LoadPhase = 'connect' | 'start' | 'open' | 'close' | 'stop' | 'finish';

/** Runner → worker: run the next phase. */
export interface LoadWorkerRequest {
  phase: LoadPhase;
}

/** Worker → runner: the phase is done; `finish` carries the shard's figures. */
export interface LoadWorkerReply {
  phase: LoadPhase;
  /** When the worker applied it, epoch ms (`performance.timeOrigin` + `now()`). */
  atMs: number;
  result?: ShardResult;
}

const port = parentPort;
if (!port) throw new Error('load-worker.ts runs in a worker thread started by load.ts');
const shard = new LoadShard(workerData as ShardOptions);

port.on('message', (request: LoadWorkerRequest) => {
  void runPhase(request.phase).then((result) => {
    const reply: LoadWorkerReply = {
      phase: request.phase,
      atMs: performance.timeOrigin + performance.now(),
      result,
    };
    port.postMessage(reply);
    // Let the thread end once its sockets have closed.
    if (request.phase === 'finish') port.unref();
  });
});

async function runPhase(phase: LoadPhase): Promise<ShardResult | undefined> {
  switch (phase) {
    case 'connect':
      await shard.connect();
      return undefined;
    case 'start':
      shard.startTraffic();
      return undefined;
    case 'open':
      shard.openWindow();
      return undefined;
    case 'close':
      shard.closeWindow();
      return undefined;
    case 'stop':
      shard.stopTraffic();
      return undefined;
    case 'finish':
      return shard.finish();
  }
}
