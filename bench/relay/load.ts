/**
 * The load generator: the simulated users of every session (load-shard.ts), their traffic, and
 * the measured window. Warm-up, window open, window close and drain are timed here; the runner's
 * `onWindowStart` / `onWindowEnd` (which mark the server) are called at the window's edges.
 *
 * With one thread the users run in this process, on this thread. With more, whole sessions are
 * dealt round-robin to worker threads (load-worker.ts), one shard each, and this thread moves
 * them through the phases by message: all shards start their traffic together, and each opens
 * and closes its window on the message sent right after `onWindowStart` and right before
 * `onWindowEnd`. Their counts are summed and their latency histograms merged (load-result.ts).
 */
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { LoadShard, type ShardOptions } from './load-shard.js';
import { mergeResults, type LoadResult } from './load-result.js';
import type { LoadPhase, LoadWorkerReply, LoadWorkerRequest } from './load-worker.js';

/** Options of {@link runLoad}. */
export interface LoadOptions extends ShardOptions {
  /**
   * Threads the simulated users run on: 1 runs them on this thread, more splits the sessions
   * across that many worker threads (never more than there are sessions). @default 1
   */
  threads?: number;
  /** Traffic before the window opens, seconds. @default 5 */
  warmupS?: number;
  /** The measured window, seconds. @default 20 */
  measureS?: number;
  /** After the window, traffic stops and receipts are awaited this long, seconds. @default 2 */
  drainS?: number;
  /** Called just before the window opens and just after it closes (the runner marks the server). */
  onWindowStart?: () => Promise<void>;
  onWindowEnd?: () => Promise<void>;
  /** Progress lines. */
  log?: (line: string) => void;
}

/** How long a finished worker may take to close its sockets before it is terminated. */
const WORKER_EXIT_GRACE_MS = 2000;

/** Connects every member, runs warm-up, window and drain, and returns the figures. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const threads = Math.min(options.threads ?? 1, options.plans.length);
  return threads > 1 ? runOnWorkers(options, threads) : runInProcess(options);
}

async function runInProcess(options: LoadOptions): Promise<LoadResult> {
  const warmupS = options.warmupS ?? 5;
  const measureS = options.measureS ?? 20;
  const drainS = options.drainS ?? 2;
  const log = options.log ?? (() => {});

  const shard = new LoadShard(options);
  log(`connecting ${shard.sockets} sockets`);
  await shard.connect();
  shard.startTraffic();
  log(`warm-up ${warmupS}s`);
  await sleep(warmupS * 1000);
  await options.onWindowStart?.();
  shard.openWindow();
  const cpuStart = process.cpuUsage();
  const windowStart = performance.now();
  log(`measuring ${measureS}s`);
  await sleep(measureS * 1000);
  shard.closeWindow();
  const windowS = (performance.now() - windowStart) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  await options.onWindowEnd?.();
  shard.stopTraffic();
  log(`draining ${drainS}s`);
  await sleep(drainS * 1000);
  return mergeResults([shard.finish()], {
    threads: 1,
    windowS,
    cpuUs: cpu.user + cpu.system,
    windowSkewMs: 0,
  });
}

async function runOnWorkers(options: LoadOptions, threads: number): Promise<LoadResult> {
  const warmupS = options.warmupS ?? 5;
  const measureS = options.measureS ?? 20;
  const drainS = options.drainS ?? 2;
  const log = options.log ?? (() => {});
  const { url, mode, cursorHz, tissueIntervalMs, tissuePoints } = options;

  const workers = Array.from(
    { length: threads },
    (_, t) =>
      new LoadThread({
        url,
        mode,
        cursorHz,
        tissueIntervalMs,
        tissuePoints,
        plans: options.plans.filter((_, i) => i % threads === t),
      }),
  );
  const all = (phase: LoadPhase) => Promise.all(workers.map((w) => w.run(phase)));
  // How long after `markedAt` (epoch ms) the last worker applied the phase.
  const lagMs = (replies: LoadWorkerReply[], markedAt: number) =>
    Math.max(0, ...replies.map((r) => r.atMs - markedAt));
  const epochNow = () => performance.timeOrigin + performance.now();
  try {
    const sockets = options.plans.reduce((sum, plan) => sum + plan.members.length, 0);
    log(`connecting ${sockets} sockets on ${threads} worker threads`);
    await all('connect');
    await all('start');
    log(`warm-up ${warmupS}s`);
    await sleep(warmupS * 1000);
    await options.onWindowStart?.();
    const cpuStart = process.cpuUsage();
    const windowStart = performance.now();
    const openLagMs = lagMs(await all('open'), performance.timeOrigin + windowStart);
    log(`measuring ${measureS}s`);
    await sleep(Math.max(0, measureS * 1000 - (performance.now() - windowStart)));
    const closedAt = epochNow();
    const closing = all('close');
    const windowS = (performance.now() - windowStart) / 1000;
    const cpu = process.cpuUsage(cpuStart);
    const closeLagMs = lagMs(await closing, closedAt);
    await options.onWindowEnd?.();
    await all('stop');
    log(
      `window opened within ${openLagMs.toFixed(1)} ms, closed within ${closeLagMs.toFixed(1)} ms on every thread`,
    );
    log(`draining ${drainS}s`);
    await sleep(drainS * 1000);
    const finished = await all('finish');
    return mergeResults(
      finished.map((reply) => reply.result!),
      {
        threads,
        windowS,
        cpuUs: cpu.user + cpu.system,
        windowSkewMs: Math.max(openLagMs, closeLagMs),
      },
    );
  } finally {
    await Promise.all(workers.map((w) => w.end()));
  }
}

/**
 * One worker thread running load-worker.ts, one phase at a time. tsx's `--import` entry registers
 * its hooks on the main thread only under Node 20 (in workers only from Node 22.22 / 24.11), so a
 * `.ts` worker entry fails there with ERR_UNKNOWN_FILE_EXTENSION even with `process.execArgv`.
 * The worker is therefore a small eval'd bootstrap that loads the entry through tsx's `tsImport`,
 * which is scoped to that module graph and so also works where tsx does register in workers.
 * `execArgv` still carries `--conditions=@scrubin/source` and the rest of the runner's flags.
 */
class LoadThread {
  private readonly worker: Worker;
  private waiting:
    { resolve: (reply: LoadWorkerReply) => void; reject: (err: Error) => void } | undefined;
  private failure: Error | undefined;
  private exited = false;
  private finished = false;

  constructor(options: ShardOptions) {
    const entry = new URL('./load-worker.ts', import.meta.url).href;
    const tsx = import.meta.resolve('tsx/esm/api');
    const bootstrap = `import(${JSON.stringify(tsx)}).then((tsx) => tsx.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}));`;
    this.worker = new Worker(bootstrap, {
      eval: true,
      execArgv: process.execArgv,
      workerData: options,
    });
    this.worker.on('message', (reply: LoadWorkerReply) => {
      const waiting = this.waiting;
      this.waiting = undefined;
      if (reply.phase === 'finish') this.finished = true;
      waiting?.resolve(reply);
    });
    this.worker.on('error', (err) => this.fail(err));
    this.worker.on('exit', (code) => {
      this.exited = true;
      this.fail(new Error(`load worker exited (code ${code})`));
    });
  }

  /** Asks the worker to run `phase`; resolves with its reply. */
  run(phase: LoadPhase): Promise<LoadWorkerReply> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      const request: LoadWorkerRequest = { phase };
      this.worker.postMessage(request);
    });
  }

  /** Gives a finished worker a moment to close its sockets, then ends it. */
  async end(): Promise<void> {
    if (this.exited) return;
    if (this.finished) {
      const exited = once(this.worker, 'exit').catch(() => {});
      await Promise.race([exited, sleep(WORKER_EXIT_GRACE_MS, undefined, { ref: false })]);
    }
    if (!this.exited) await this.worker.terminate();
  }

  private fail(err: Error): void {
    this.failure ??= err;
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.reject(this.failure);
  }
}
