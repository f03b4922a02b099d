import { Worker } from 'node:worker_threads';
import type { ParticipantScore } from '@scrubin/protocol';
import type { ReplayResult, SessionScore } from '@scrubin/sim';

/** What the worker sends back of a replay: the session summary and the wire form of each score. */
export interface WorkerReplayResult extends Pick<ReplayResult, 'finalHash' | 'ticks' | 'hashes'> {
  score: SessionScore['score'];
  errors: number;
  performance: Record<string, number>;
  cuts: SessionScore['cuts'];
  participants: ParticipantScore[];
}

interface Pending {
  resolve: (result: WorkerReplayResult) => void;
  reject: (err: Error) => void;
}

// From source (tests, `npm start`) the worker is TypeScript: a small bootstrap registers tsx
// in the thread first (`--import` hooks do not reach a worker's entry on Node 20). The built
// bundle has it as JavaScript beside dist/index.js.
const fromSource = import.meta.url.endsWith('.ts');

function spawnWorker(): Worker {
  if (!fromSource) return new Worker(new URL('./scoring/score-worker.js', import.meta.url));
  const entry = new URL('./score-worker.ts', import.meta.url).href;
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { eval: true, execArgv: ['--conditions=@scrubin/source'] });
}

/** Replays recordings in one worker thread, one at a time, so sockets keep being served. */
export class ReplayWorker {
  #worker: Worker | undefined;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;

  run(recording: string): Promise<WorkerReplayResult> {
    const worker = this.#start();
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      worker.postMessage({ id, recording });
    });
  }

  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    if (worker) await worker.terminate();
  }

  #start(): Worker {
    if (this.#worker) return this.#worker;
    const worker = spawnWorker();
    worker.unref();
    worker.on(
      'message',
      (msg: { id: number; ok: boolean; result?: WorkerReplayResult; error?: string }) => {
        const pending = this.#pending.get(msg.id);
        if (!pending) return;
        this.#pending.delete(msg.id);
        if (msg.ok && msg.result) pending.resolve(msg.result);
        else pending.reject(new Error(msg.error ?? 'replay failed'));
      },
    );
    const failAll = (err: Error) => {
      this.#worker = undefined;
      for (const pending of this.#pending.values()) pending.reject(err);
      this.#pending.clear();
    };
    worker.on('error', failAll);
    worker.on('exit', (code) => {
      if (this.#pending.size > 0) failAll(new Error(`replay worker exited with code ${code}`));
      this.#worker = undefined;
    });
    this.#worker = worker;
    return worker;
  }
}
