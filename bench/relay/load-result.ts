/** The load generator's figures, and how the figures of several shards merge into one. */
import { createHistogram, type RecordableHistogram } from 'node:perf_hooks';
import type { ShardResult } from './load-shard.js';

/** Percentiles of one latency distribution, milliseconds. */
export interface LatencySummary {
  count: number;
  p50Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
  meanMs: number;
}

/** What the load generator measured (load.ts `runLoad`). */
export interface LoadResult {
  windowS: number;
  sockets: number;
  /** Events the generator sent in the window (what the relay had to take in). */
  inbound: { cursor: number; tissue: number; total: number; perS: number };
  /** Received in the window; see load-shard.ts for what one delivery is. */
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
  loadgen: {
    /** Threads the simulated users ran on (1: the runner's own, more: worker threads). */
    threads: number;
    /** CPU of the whole generator process over the window (every thread), microseconds. */
    cpuUs: number;
    cpuPctOfCore: number;
    /** Event-loop delay p99 beyond the sampling period, of the worst thread, ms. */
    loopDelayP99Ms: number;
    /** Latest a thread opened or closed its window after the runner's mark, ms (0 in process). */
    windowSkewMs: number;
  };
}

/** How the generator itself ran over the window. */
export interface LoadgenFigures {
  threads: number;
  windowS: number;
  /** Process CPU over the window, all threads, microseconds. */
  cpuUs: number;
  windowSkewMs: number;
}

/**
 * Sums the shards' counts and merges their latency histograms bucket by bucket (percentiles are
 * taken from the merged distribution, never averaged).
 */
export function mergeResults(shards: ShardResult[], loadgen: LoadgenFigures): LoadResult {
  const { windowS, cpuUs } = loadgen;
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
      threads: loadgen.threads,
      cpuUs,
      cpuPctOfCore: (cpuUs / (windowS * 1e6)) * 100,
      loopDelayP99Ms: Math.max(...shards.map((s) => s.loopDelayP99Ms)),
      windowSkewMs: loadgen.windowSkewMs,
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
