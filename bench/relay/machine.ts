/** Whole-machine CPU from /proc/stat, to see how much of the run's CPU others took. */
import { readFileSync } from 'node:fs';

/** Cumulative CPU time of all cores, in clock ticks. */
export interface MachineCpu {
  busy: number;
  total: number;
}

/** Reads the aggregate `cpu` line of /proc/stat. */
export function readMachineCpu(): MachineCpu {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
  const ticks = line.trim().split(/\s+/).slice(1).map(Number);
  const total = ticks.reduce((a, b) => a + b, 0);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0); // idle + iowait
  return { busy: total - idle, total };
}

/** Busy CPU between two readings, as % of one core (2 cores fully busy = 200). */
export function busyPctOfCore(start: MachineCpu, end: MachineCpu, cores: number): number {
  const total = end.total - start.total;
  return total > 0 ? ((end.busy - start.busy) / total) * cores * 100 : 0;
}
