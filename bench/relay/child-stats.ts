/**
 * The IPC protocol between the benchmark runner and a relay child process (bare baseline or real
 * server). The child measures itself: CPU (`process.cpuUsage`), RSS, event-loop delay, and the CPU
 * of its own child processes (the embedded database) read from /proc.
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { dirname } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';

/**
 * Parent → child. `profile: 'start'` starts the V8 CPU profiler with the mark; `profile: <path>`
 * stops it and writes the profile there (so a profile covers the measured window only).
 */
export type ParentMessage = { type: 'mark'; id: number; profile?: string } | { type: 'stop' };

/** A snapshot the child takes when the runner marks the start or the end of the window. */
export interface ChildMark {
  /** `process.hrtime` of the child, microseconds. */
  wallUs: number;
  /** App process CPU (user + system) so far, microseconds. */
  cpuUs: number;
  /**
   * CPU of the child's descendants so far (the embedded database; tsx's esbuild service is left
   * out), microseconds; null when there are none.
   */
  descendantsCpuUs: number | null;
  /** Command names of those descendants. */
  descendants: string[];
  /** Time the main thread spent runnable but waiting for a CPU so far, microseconds (schedstat). */
  runQueueWaitUs: number;
  rssBytes: number;
  heapUsedBytes: number;
  /** Event-loop delay since the previous mark, milliseconds. */
  loopDelayP50Ms: number;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
}

/** Child → parent. */
export type ChildMessage =
  | { type: 'ready'; url: string; descendantPids: number[] }
  | { type: 'mark'; id: number; mark: ChildMark }
  | { type: 'failed'; message: string };

/** Sends a message to the runner (the child is always started with an IPC channel). */
export function sendToParent(message: ChildMessage): void {
  if (!process.send) throw new Error('run me through bench/relay/run.ts (no IPC channel)');
  process.send(message);
}

/**
 * Answers the runner's `mark` requests and calls `stop` on `stop`. Call once the relay listens.
 */
export function serveMarks(url: string, stop: () => Promise<void>): void {
  const loopDelay = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  loopDelay.enable();
  const clkTck = 100; // USER_HZ on Linux x86-64
  let profiler: Session | undefined;
  process.on('message', async (message: ParentMessage) => {
    if (message.type === 'mark') {
      const cpu = process.cpuUsage();
      const descendants = descendantPids(process.pid);
      const mark: ChildMark = {
        wallUs: Number(process.hrtime.bigint() / 1000n),
        cpuUs: cpu.user + cpu.system,
        descendantsCpuUs: descendants.length
          ? descendants.reduce((sum, pid) => sum + procCpuTicks(pid), 0) * (1e6 / clkTck)
          : null,
        runQueueWaitUs: runQueueWaitUs(),
        rssBytes: process.memoryUsage.rss(),
        heapUsedBytes: process.memoryUsage().heapUsed,
        descendants: descendants.map(procName),
        loopDelayP50Ms: excessDelayMs(loopDelay.percentile(50)),
        loopDelayP99Ms: excessDelayMs(loopDelay.percentile(99)),
        loopDelayMaxMs: excessDelayMs(loopDelay.max),
      };
      loopDelay.reset();
      if (message.profile && message.profile !== 'start' && profiler) {
        const { profile } = await profiler.post('Profiler.stop');
        profiler.disconnect();
        profiler = undefined;
        mkdirSync(dirname(message.profile), { recursive: true });
        writeFileSync(message.profile, JSON.stringify(profile));
      }
      if (message.profile === 'start') {
        profiler = new Session();
        profiler.connect();
        await profiler.post('Profiler.setSamplingInterval', { interval: 1000 });
        await profiler.post('Profiler.enable');
        await profiler.post('Profiler.start');
      }
      sendToParent({ type: 'mark', id: message.id, mark });
    } else if (message.type === 'stop') {
      loopDelay.disable();
      stop().then(
        () => process.exit(0),
        (err: unknown) => {
          process.stderr.write(`stop failed: ${String(err)}\n`);
          process.exit(1);
        },
      );
    }
  });
  sendToParent({ type: 'ready', url, descendantPids: descendantPids(process.pid) });
}

/** Sampling period of the event-loop delay monitor, milliseconds. */
export const LOOP_RESOLUTION_MS = 10;

/**
 * The monitor records whole timer intervals (resolution included): an idle loop reads 10 ms at a
 * 10 ms resolution. This returns the delay beyond the resolution, milliseconds.
 */
export function excessDelayMs(recordedNs: number): number {
  return Math.max(0, recordedNs / 1e6 - LOOP_RESOLUTION_MS);
}

/** Every live descendant of `root` (children, grandchildren…) but tsx's esbuild, from /proc. */
export function descendantPids(root: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const stat = readStat(pid);
    if (stat) parentOf.set(pid, Number(stat[1]));
  }
  const result: number[] = [];
  const frontier = [root];
  while (frontier.length) {
    const parent = frontier.pop()!;
    for (const [pid, ppid] of parentOf) {
      if (ppid === parent) {
        if (procName(pid) !== 'esbuild') result.push(pid);
        frontier.push(pid);
      }
    }
  }
  return result;
}

function procName(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '?';
  }
}

/** Run-queue wait of this process's main thread, microseconds (0 without schedstats). */
function runQueueWaitUs(): number {
  try {
    const fields = readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ');
    return Number(fields[1]) / 1000;
  } catch {
    return 0;
  }
}

/** utime + stime of a process in clock ticks (0 if it is gone). */
function procCpuTicks(pid: number): number {
  const stat = readStat(pid);
  if (!stat) return 0;
  // Fields after the command: state(0) ppid(1) … utime(11) stime(12).
  return Number(stat[11]) + Number(stat[12]);
}

/** The fields of /proc/<pid>/stat after `(comm)`, or null. */
function readStat(pid: number): string[] | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}
