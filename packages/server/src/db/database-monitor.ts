import { ScrubinError } from '@scrubin/protocol';
import createDebug from 'debug';
import type { Connection } from 'mongoose';
import { fromDatabaseError } from './database-errors.js';

const debug = createDebug('scrubin:server:database-monitor');

/** What the monitor last learnt about the database. */
export interface DatabaseStatus {
  up: boolean;
  /** Why it is down, for people ("ping timed out after 1000 ms", "connection refused"). */
  reason?: string;
  /** When it last went up or down, epoch milliseconds. */
  sinceMs: number;
  /** How long the last ping took, answered or not; undefined before the first one. */
  latencyMs?: number;
}

/** Options of {@link DatabaseMonitor}. */
export interface DatabaseMonitorOptions {
  /** Time from one ping's start to the next one's. @default 500 */
  intervalMs?: number;
  /** A ping not answered by then counts as a failure. @default 1000 */
  timeoutMs?: number;
  /** Called on every change between up and down. */
  onChange?: (status: DatabaseStatus) => void;
}

/**
 * Pings the database on the server's own connection, so that a stalled or unreachable database
 * shows within `intervalMs + timeoutMs` even while the connection still looks open.
 * @example
 * const monitor = new DatabaseMonitor(conn);
 * monitor.start();
 * monitor.status().up;
 * await monitor.close();
 */
export class DatabaseMonitor {
  readonly #conn: Connection;
  readonly #intervalMs: number;
  readonly #timeoutMs: number;
  readonly #onChange: (status: DatabaseStatus) => void;
  // The connection has just been opened: up until a ping says otherwise.
  #status: DatabaseStatus = { up: true, sinceMs: Date.now() };
  #timer: NodeJS.Timeout | undefined;
  #pinging: Promise<void> | undefined;
  #closed = false;

  constructor(conn: Connection, options: DatabaseMonitorOptions = {}) {
    this.#conn = conn;
    this.#intervalMs = options.intervalMs ?? 500;
    this.#timeoutMs = options.timeoutMs ?? 1000;
    this.#onChange = options.onChange ?? (() => {});
  }

  /** Starts pinging now, then every `intervalMs`. */
  start(): void {
    if (this.#closed || this.#pinging || this.#timer) return;
    this.#run();
  }

  /** The latest status (a copy). */
  status(): DatabaseStatus {
    return { ...this.#status };
  }

  /** Stops pinging and waits for a ping in flight (at most `timeoutMs`). */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#pinging;
  }

  #run(): void {
    this.#timer = undefined;
    const startedMs = Date.now();
    this.#pinging = this.#ping().finally(() => {
      this.#pinging = undefined;
      if (this.#closed) return;
      // One ping at a time: a slow one delays the next rather than piling up.
      const waitMs = Math.max(0, this.#intervalMs - (Date.now() - startedMs));
      this.#timer = setTimeout(() => this.#run(), waitMs);
      this.#timer.unref();
    });
  }

  async #ping(): Promise<void> {
    const startedMs = Date.now();
    let deadline: NodeJS.Timeout | undefined;
    try {
      const db = this.#conn.db;
      if (!db) throw new Error('not connected');
      await Promise.race([
        // The driver's own deadline closes the request cleanly; the timer is the guarantee.
        db.admin().command({ ping: 1 }, { timeoutMS: this.#timeoutMs }),
        new Promise((_, reject) => {
          deadline = setTimeout(() => reject(new PingTimeout()), this.#timeoutMs + 50);
          deadline.unref();
        }),
      ]);
      this.#set(true, undefined, Date.now() - startedMs);
    } catch (err) {
      this.#set(false, this.#reasonOf(err), Date.now() - startedMs);
    } finally {
      clearTimeout(deadline);
    }
  }

  #set(up: boolean, reason: string | undefined, latencyMs: number): void {
    const changed = up !== this.#status.up;
    this.#status = {
      up,
      reason,
      sinceMs: changed ? Date.now() : this.#status.sinceMs,
      latencyMs,
    };
    if (!changed) return;
    debug(up ? 'up' : 'down: %s', reason);
    this.#onChange(this.status());
  }

  #reasonOf(err: unknown): string {
    // The errno hides in a cause, also under a server selection timeout.
    const text = messagesOf(err);
    if (text.includes('ECONNREFUSED')) return 'connection refused';
    if (text.includes('ECONNRESET')) return 'connection reset';
    const mapped = fromDatabaseError(err, this.#timeoutMs);
    if (
      err instanceof PingTimeout ||
      (mapped instanceof ScrubinError && mapped.code === 'TIMEOUT')
    ) {
      return `ping timed out after ${this.#timeoutMs} ms`;
    }
    return `ping failed: ${(err as Error)?.message ?? String(err)}`;
  }
}

class PingTimeout extends Error {}

/** The messages and codes of an error and its causes, joined. */
function messagesOf(err: unknown): string {
  const parts: string[] = [];
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    parts.push(e.message, String((e as { code?: unknown }).code ?? ''));
  }
  return parts.join(' ');
}
