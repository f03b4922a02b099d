/** Timing and summary helpers of the simulation benchmark. */
import { readFileSync } from 'node:fs';

/** Median, p99 and mean of a set of samples, in the samples' unit. */
export interface Summary {
  n: number;
  median: number;
  p99: number;
  mean: number;
  max: number;
}

/** Summarizes samples (nearest-rank percentiles). */
export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) return { n: 0, median: NaN, p99: NaN, mean: NaN, max: NaN };
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return {
    n: sorted.length,
    median: rank(0.5),
    p99: rank(0.99),
    mean: sorted.reduce((a, b) => a + b, 0) / sorted.length,
    max: sorted[sorted.length - 1]!,
  };
}

/** Monotonic clock, milliseconds. */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Wall time of one call, milliseconds. */
export function timeMs(fn: () => void): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** This process's CPU time (user + system), milliseconds. */
export function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Cumulative busy and total CPU ticks of the whole machine, from /proc/stat (0s elsewhere). */
export function machineTicks(): { busy: number; total: number } {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
    const t = line.trim().split(/\s+/).slice(1).map(Number);
    const total = t.reduce((a, b) => a + b, 0);
    return { busy: total - (t[3] ?? 0) - (t[4] ?? 0), total };
  } catch {
    return { busy: 0, total: 0 };
  }
}

/** A number with `digits` decimals, or '–' when it is not finite. */
export function fmt(value: number, digits = 2): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '–';
}
