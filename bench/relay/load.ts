/**
 * The load generator: the simulated users of every session (load-shard.ts), their traffic, and
 * the measured window. Warm-up, window open, window close and drain are timed here; the runner's
 * `onWindowStart` / `onWindowEnd` (which mark the server) are called at the window's edges.
 */
import { createHistogram, performance, type RecordableHistogram } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { LoadShard, type ShardOptions, type ShardResult } from './load-shard.js';

/** Options of {@link runLoad}. */
export interface LoadOptions extends ShardOptions {
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

/** Percentiles of one latency distribution, milliseconds. */
export interface LatencySummary {
  count: number;
  p50Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
  meanMs: number;
}

/** What {@link runLoad} measured. */
export interface LoadResult {
  windowS: number;
  sockets: number;
  /** Events the generator sent in the window (what the relay had to take in). */
  inbound: { cursor: number; tissue: number; total: number; perS: number };
  /** Received in the window; see the module comment for what one delivery is. */
  deliveries: {
    cursor: number;
    tissue: number;
    other: number;
    total: number;
    perS: number;
    /** `surgery:cursor-position` packets received. */
    cursorPackets: number;
    /** Own cursors echoed back inside batches (not deliveries). */
    ownCursorEchoes: number;
    /** Acks received (each one a packet the relay wrote). */
    acks: number;
    /** Packets the relay wrote to sockets: cursor packets + tissue and other broadcasts + acks. */
    packetsOut: number;
  };
  latency: { tissue: LatencySummary; cursor: LatencySummary; tissueAck: LatencySummary };
  sequenced: {
    /** Tissue events sent in the window and acked ok. */
    acked: number;
    /** Acked with `ok: false`. */
    rejected: number;
    /** No ack by the end of the drain. */
    unacked: number;
    expected: number;
    received: number;
    ratio: number;
    duplicates: number;
  };
  errors: {
    ackErrors: Record<string, number>;
    serverErrors: Record<string, number>;
    disconnects: number;
  };
  loadgen: { cpuUs: number; cpuPctOfCore: number; loopDelayP99Ms: number };
}

/** Connects every member, runs warm-up, window and drain, and returns the figures. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
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
  return mergeResults([shard.finish()], windowS, cpu.user + cpu.system);
}

/** Sums the shards' counts and merges their histograms into one {@link LoadResult}. */
function mergeResults(shards: ShardResult[], windowS: number, cpuUs: number): LoadResult {
  const sum = (get: (s: ShardResult) => number) => shards.reduce((n, s) => n + get(s), 0);
  const merge = (get: (s: ShardResult) => RecordableHistogram) => {
    const merged = createHistogram();
    for (const s of shards) merged.add(get(s));
    return merged;
  };
  const sumTables = (get: (s: ShardResult) => Record<string, number>) => {
    const table: Record<string, number> = {};
    for (const s of shards) {
      for (const [key, n] of Object.entries(get(s))) table[key] = (table[key] ?? 0) + n;
    }
    return table;
  };
  const cursorSent = sum((s) => s.cursorSent);
  const tissueSent = sum((s) => s.tissueSent);
  const cursorDeliveries = sum((s) => s.cursorDeliveries);
  const tissueDeliveries = sum((s) => s.tissueDeliveries);
  const otherDeliveries = sum((s) => s.otherDeliveries);
  const cursorPackets = sum((s) => s.cursorPackets);
  const acksReceived = sum((s) => s.acksReceived);
  const expected = sum((s) => s.sequenced.expected);
  const received = sum((s) => s.sequenced.received);
  const deliveriesTotal = cursorDeliveries + tissueDeliveries + otherDeliveries;
  return {
    windowS,
    sockets: sum((s) => s.sockets),
    inbound: {
      cursor: cursorSent,
      tissue: tissueSent,
      total: cursorSent + tissueSent,
      perS: (cursorSent + tissueSent) / windowS,
    },
    deliveries: {
      cursor: cursorDeliveries,
      tissue: tissueDeliveries,
      other: otherDeliveries,
      total: deliveriesTotal,
      perS: deliveriesTotal / windowS,
      cursorPackets,
      ownCursorEchoes: sum((s) => s.ownCursorEchoes),
      acks: acksReceived,
      packetsOut: cursorPackets + tissueDeliveries + otherDeliveries + acksReceived,
    },
    latency: {
      tissue: summarize(merge((s) => s.tissueLatency)),
      cursor: summarize(merge((s) => s.cursorLatency)),
      tissueAck: summarize(merge((s) => s.ackLatency)),
    },
    sequenced: {
      acked: sum((s) => s.sequenced.acked),
      rejected: sum((s) => s.sequenced.rejected),
      unacked: sum((s) => s.sequenced.unacked),
      expected,
      received,
      ratio: expected ? received / expected : 0,
      duplicates: sum((s) => s.duplicates),
    },
    errors: {
      ackErrors: sumTables((s) => s.ackErrors),
      serverErrors: sumTables((s) => s.serverErrors),
      disconnects: sum((s) => s.disconnects),
    },
    loadgen: {
      cpuUs,
      cpuPctOfCore: (cpuUs / (windowS * 1e6)) * 100,
      loopDelayP99Ms: Math.max(...shards.map((s) => s.loopDelayP99Ms)),
    },
  };
}

function summarize(h: RecordableHistogram): LatencySummary {
  if (h.count === 0)
    return { count: 0, p50Ms: NaN, p99Ms: NaN, p999Ms: NaN, maxMs: NaN, meanMs: NaN };
  return {
    count: h.count,
    p50Ms: h.percentile(50) / 1000,
    p99Ms: h.percentile(99) / 1000,
    p999Ms: h.percentile(99.9) / 1000,
    maxMs: h.max / 1000,
    meanMs: h.mean / 1000,
  };
}
