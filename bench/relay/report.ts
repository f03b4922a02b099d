/** The figures of one relay run, the comparison table and the verdict against the bars. */
import type { LoadResult } from './load-result.js';

/** Server-side figures over the measured window, from the child's marks. */
export interface ServerFigures {
  wallS: number;
  cpuUs: number;
  cpuPctOfCore: number;
  /** Relay process CPU divided by the events the generator sent in the window. */
  cpuUsPerInbound: number;
  cpuUsPerDelivery: number;
  /** Relay CPU divided by packets in plus packets out: the work actually done. */
  cpuUsPerPacket: number;
  /** CPU of the relay's child processes (the embedded database); null for the bare relay. */
  dbCpuPctOfCore: number | null;
  /** Command names of those processes. */
  dbProcesses: string[];
  rssMb: number;
  /** RSS when the window opened: with the end, whether memory stays flat over a long run. */
  rssStartMb: number;
  heapUsedMb: number;
  loopDelayP50Ms: number;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  /** Main thread runnable but not running (waiting for a core), ms per second of window. */
  runQueueWaitMsPerS: number;
  /** App only: the write-behind event log at the end of the window (from /api/metrics). */
  eventLog?: { queueDepth: number; lagS: number; written: number };
}

/** One measured relay: the bare baseline, the full app or the Colyseus state-sync room. */
export interface MeasuredRelay {
  kind: 'bare' | 'app' | 'colyseus';
  load: LoadResult;
  server: ServerFigures;
  /** Whole machine over the window, % of one core (cores × 100 is all of it). */
  machine: { busyPctOfCore: number; otherPctOfCore: number };
}

/** One performance bar and how the run did against it. */
export interface TargetResult {
  name: string;
  target: string;
  actual: string;
  pass: boolean;
}

/** The bars of docs/DESIGN "Performance bars", relay row. */
export const RELAY_TARGETS = {
  deliveriesPerS: 45_000,
  p99Ms: 25,
  deliveredRatio: 0.999,
  cpuRatio: 1.25,
} as const;

/** Checks the full app run against the bars; the CPU ratio needs the baseline of the same run. */
export function checkTargets(bare: MeasuredRelay | undefined, app: MeasuredRelay): TargetResult[] {
  const results: TargetResult[] = [
    {
      name: 'deliveries/s',
      target: `≥ ${RELAY_TARGETS.deliveriesPerS}`,
      actual: fixed(app.load.deliveries.perS, 0),
      pass: app.load.deliveries.perS >= RELAY_TARGETS.deliveriesPerS,
    },
    {
      name: 'p99 latency, sequenced relay (tissue)',
      target: `≤ ${RELAY_TARGETS.p99Ms} ms`,
      actual: `${fixed(app.load.latency.tissue.p99Ms, 2)} ms`,
      pass: app.load.latency.tissue.p99Ms <= RELAY_TARGETS.p99Ms,
    },
    {
      name: 'delivered ratio, sequenced',
      target: `≥ ${RELAY_TARGETS.deliveredRatio}`,
      actual: fixed(app.load.sequenced.ratio, 5),
      pass: app.load.sequenced.ratio >= RELAY_TARGETS.deliveredRatio,
    },
  ];
  if (bare) {
    const ratio = app.server.cpuUsPerInbound / bare.server.cpuUsPerInbound;
    results.push({
      name: 'server CPU per inbound event, app / bare',
      target: `≤ ${RELAY_TARGETS.cpuRatio}`,
      actual: `${fixed(ratio, 2)} (${fixed(app.server.cpuUsPerInbound, 1)} / ${fixed(bare.server.cpuUsPerInbound, 1)} µs)`,
      pass: ratio <= RELAY_TARGETS.cpuRatio,
    });
  }
  return results;
}

/**
 * A fixed-width table with one column per relay (bare, app, colyseus; a relay not run shows –)
 * and two ratio columns, app/bare and app/colyseus.
 */
export function formatTable(
  bare: MeasuredRelay | undefined,
  app: MeasuredRelay | undefined,
  colyseus?: MeasuredRelay,
): string {
  type Row = [string, (r: MeasuredRelay) => number | null, number, boolean?];
  const rows: Row[] = [
    ['sockets', (r) => r.load.sockets, 0],
    ['inbound events/s', (r) => r.load.inbound.perS, 0],
    ['deliveries/s', (r) => r.load.deliveries.perS, 0, true],
    ['  cursor deliveries/s', (r) => r.load.deliveries.cursor / r.load.windowS, 0],
    ['  tissue deliveries/s', (r) => r.load.deliveries.tissue / r.load.windowS, 0],
    ['  cursor packets/s', (r) => r.load.deliveries.cursorPackets / r.load.windowS, 0],
    ['deliveries/s per CPU % of a core', (r) => deliveriesPerCpuPct(r), 0, true],
    ['tissue relay p50 ms', (r) => r.load.latency.tissue.p50Ms, 2, true],
    ['tissue relay p99 ms', (r) => r.load.latency.tissue.p99Ms, 2, true],
    ['tissue relay p99.9 ms', (r) => r.load.latency.tissue.p999Ms, 2, true],
    ['tissue ack p99 ms', (r) => r.load.latency.tissueAck.p99Ms, 2, true],
    ['cursor p50 ms (incl. tick wait)', (r) => r.load.latency.cursor.p50Ms, 2, true],
    ['cursor p99 ms (incl. tick wait)', (r) => r.load.latency.cursor.p99Ms, 2, true],
    ['cursor p99.9 ms (incl. tick wait)', (r) => r.load.latency.cursor.p999Ms, 2, true],
    ['sequenced delivered ratio', (r) => r.load.sequenced.ratio, 5],
    ['server CPU % of a core', (r) => r.server.cpuPctOfCore, 1, true],
    ['server CPU µs / inbound event', (r) => r.server.cpuUsPerInbound, 2, true],
    ['server CPU µs / delivery', (r) => r.server.cpuUsPerDelivery, 2, true],
    ['server CPU µs / packet (in + out)', (r) => r.server.cpuUsPerPacket, 2, true],
    ['db CPU % of a core (separate)', (r) => r.server.dbCpuPctOfCore, 1],
    ['server RSS MB (window start)', (r) => r.server.rssStartMb, 0, true],
    ['server RSS MB (end)', (r) => r.server.rssMb, 0, true],
    ['server loop delay p99 ms', (r) => r.server.loopDelayP99Ms, 2, true],
    ['server waiting for a core, ms/s', (r) => r.server.runQueueWaitMsPerS, 0],
    ['event log queue depth (end)', (r) => r.server.eventLog?.queueDepth ?? null, 0],
    ['event log lag s (end)', (r) => r.server.eventLog?.lagS ?? null, 1],
    ['load generator CPU % of a core', (r) => r.load.loadgen.cpuPctOfCore, 1],
    ['load generator threads', (r) => r.load.loadgen.threads, 0],
    ['load generator loop delay p99 ms (worst)', (r) => r.load.loadgen.loopDelayP99Ms, 2],
    ['load generator window skew ms', (r) => r.load.loadgen.windowSkewMs, 1],
    ['machine busy % of a core (all procs)', (r) => r.machine.busyPctOfCore, 0],
    ['  of which other processes', (r) => r.machine.otherPctOfCore, 0],
    ['errors (acks, server, disconnects)', (r) => errorCount(r), 0],
  ];
  const runs = [bare, app, colyseus];
  const header = ['metric', 'bare', 'app', 'colyseus', 'app/bare', 'app/colyseus'];
  const ratio = (a: number | null, b: number | null) =>
    a !== null && b !== null && b !== 0 ? fixed(a / b, 2) : '';
  const lines = rows.map(([label, get, digits, withRatio]) => {
    const [b, a, c] = runs.map((r) => (r ? get(r) : null));
    return [
      label,
      ...[b, a, c].map((v) => (v === null || v === undefined ? '–' : fixed(v, digits))),
      withRatio ? ratio(a ?? null, b ?? null) : '',
      withRatio ? ratio(a ?? null, c ?? null) : '',
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const render = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const errorDetail = runs
    .filter((r): r is MeasuredRelay => r !== undefined && errorCount(r) > 0)
    .map((r) => `${r.kind} errors: ${JSON.stringify(r.load.errors)}`);
  return [render(header), ...lines.map(render), ...errorDetail].join('\n');
}

/** The headline figures of one relay, for the JSON's side-by-side comparison. */
export interface RelayComparison {
  kind: MeasuredRelay['kind'];
  deliveriesPerS: number;
  cpuPctOfCore: number;
  deliveriesPerSPerCpuPct: number;
  tissueP99Ms: number;
  /** Other processes' CPU over the window, % of a core: latency is only comparable when low. */
  otherPctOfCore: number;
}

/** Deliveries/s, CPU, their ratio and the tissue p99 of every relay of the run. */
export function compareRelays(runs: MeasuredRelay[]): RelayComparison[] {
  return runs.map((r) => ({
    kind: r.kind,
    deliveriesPerS: r.load.deliveries.perS,
    cpuPctOfCore: r.server.cpuPctOfCore,
    deliveriesPerSPerCpuPct: deliveriesPerCpuPct(r),
    tissueP99Ms: r.load.latency.tissue.p99Ms,
    otherPctOfCore: r.machine.otherPctOfCore,
  }));
}

/** Deliveries per second for each % of a core the relay process used: throughput per CPU. */
export function deliveriesPerCpuPct(r: MeasuredRelay): number {
  return r.load.deliveries.perS / r.server.cpuPctOfCore;
}

function errorCount(r: MeasuredRelay): number {
  const sum = (t: Record<string, number>) => Object.values(t).reduce((a, b) => a + b, 0);
  return sum(r.load.errors.ackErrors) + sum(r.load.errors.serverErrors) + r.load.errors.disconnects;
}

function fixed(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
}
