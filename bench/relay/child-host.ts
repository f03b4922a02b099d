/**
 * The runner's side of a relay child: fork it with the source condition and tsx, wait until it
 * listens, take marks (CPU, RSS, loop delay) and stop it.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import type { ChildMark, ChildMessage, ParentMessage } from './child-stats.js';

/** Options of {@link startChild}. */
export interface StartChildOptions {
  /** Absolute path of the child's entry file. */
  script: string;
  /** Extra command-line arguments of the child. */
  args?: string[];
  /** Extra Node flags, e.g. `--cpu-prof`. */
  nodeFlags?: string[];
  /** The child's stdout and stderr go to this file. */
  logFile: string;
  /** Give up waiting for `ready` after this long. @default 120000 */
  readyTimeoutMs?: number;
}

/** A running relay child. */
export interface RelayChild {
  url: string;
  pid: number;
  /**
   * Takes a snapshot of the child's counters; `profile: 'start'` also starts its CPU profiler,
   * `profile: <file>` stops it (before the snapshot) and writes the profile to that file.
   */
  mark(profile?: string): Promise<ChildMark>;
  /** Asks the child to close gracefully and waits for it to exit (kills it after `timeoutMs`). */
  stop(timeoutMs?: number): Promise<void>;
}

/** Forks a relay child and resolves once it listens. */
export function startChild(options: StartChildOptions): Promise<RelayChild> {
  const log = createWriteStream(options.logFile);
  const child: ChildProcess = fork(options.script, options.args ?? [], {
    execArgv: ['--conditions=@scrubin/source', '--import', 'tsx', ...(options.nodeFlags ?? [])],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const pendingMarks = new Map<
    number,
    { done: (m: ChildMark) => void; fail: (e: Error) => void }
  >();
  let nextMarkId = 0;

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${options.script} not ready in time; see ${options.logFile}`));
    }, options.readyTimeoutMs ?? 120_000);
    void exited.then((code) => {
      clearTimeout(timer);
      const err = new Error(`${options.script} exited (${code}); see ${options.logFile}`);
      for (const pending of pendingMarks.values()) pending.fail(err);
      pendingMarks.clear();
      reject(err);
    });
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'mark') {
        pendingMarks.get(message.id)?.done(message.mark);
        pendingMarks.delete(message.id);
      } else if (message.type === 'failed') {
        clearTimeout(timer);
        reject(new Error(`${options.script}: ${message.message}`));
      } else if (message.type === 'ready') {
        clearTimeout(timer);
        resolve({
          url: message.url,
          pid: child.pid!,
          mark: (profile) =>
            new Promise((done, fail) => {
              const id = nextMarkId++;
              pendingMarks.set(id, { done, fail });
              child.send({ type: 'mark', id, profile } satisfies ParentMessage);
            }),
          stop: async (timeoutMs = 30_000) => {
            if (child.exitCode !== null) return;
            child.send({ type: 'stop' } satisfies ParentMessage);
            const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
            await exited;
            clearTimeout(killer);
            log.end();
          },
        });
      }
    });
  });
}
