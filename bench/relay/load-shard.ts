/**
 * One slice of the simulated users, driven and counted on one thread: one connection per user, a
 * lean Socket.IO client (lean-socket.ts) for the bare relay and the app, a Colyseus room client
 * (colyseus-socket.ts) for the Colyseus relay. Every user sends cursor updates at `cursorHz` and a
 * tissue interaction every `tissueIntervalMs` (uniform), on the same schedule whatever the relay;
 * in app mode the hosts start their simulations first so tissue events are accepted. The phases
 * (traffic, window open, window close, stop, finish) are called by load.ts, in process or from a
 * worker (load-worker.ts); a slice holds whole sessions, so every count below stays local to it.
 *
 * What is counted (only while the measured window is open):
 * - a delivery is one update of one user reaching one OTHER user: each entry of a received
 *   `surgery:cursor-position` batch whose `userId` is not the receiver (a user's own cursor echoed
 *   back is counted apart), and each received `surgery:tissue-update` (or other broadcast). For
 *   Colyseus, each state patch is turned into such a batch of the players whose fields changed in
 *   it, so a delivery is one remote player's change in a patch one client received;
 * - latency is receive time minus the send time of that very update: the sender's per-user
 *   counter travels in integer micrometres in the first coordinate (the server quantizes to
 *   1 µm, which keeps integers exact), so no clock or sequence guessing is needed. Cursor latency
 *   includes the wait for the next 30 Hz tick (0–33 ms by design);
 * - sequenced delivery: every tissue event sent in the window and acked `ok` must reach each of
 *   the other members; receipts are de-duplicated per receiver by `seq` and counted after a
 *   drain period.
 */
import {
  createHistogram,
  monitorEventLoopDelay,
  performance,
  type IntervalHistogram,
  type RecordableHistogram,
} from 'node:perf_hooks';
import { excessDelayMs, LOOP_RESOLUTION_MS } from './child-stats.js';
import { ColyseusSocket } from './colyseus-socket.js';
import { LeanSocket } from './lean-socket.js';
import type { RelaySocket } from './relay-socket.js';
import { mapLimit, type Member, type SessionPlan } from './setup.js';

/** Which relay the generator speaks to, and so how it connects. */
export type LoadMode = 'bare' | 'app' | 'colyseus';

/** Options of {@link LoadShard}: plain data, so a worker can receive them. */
export interface ShardOptions {
  /** Relay origin. */
  url: string;
  /**
   * `bare`: join by query string; `app`: JWT in CONNECT, then `surgery:join-session`;
   * `colyseus`: `joinOrCreate` the session's room (colyseus-socket.ts).
   */
  mode: LoadMode;
  /** Whole sessions only: a session's members must all be in one shard. */
  plans: SessionPlan[];
  /** Cursor updates per user per second. @default 30 */
  cursorHz?: number;
  /** Gap between one user's tissue interactions, uniform in [min, max] ms. @default [200, 500] */
  tissueIntervalMs?: [number, number];
  /** Points per tissue interaction. @default 4 */
  tissuePoints?: number;
}

/**
 * Raw figures of one shard: counts to be summed and histograms (microseconds) to be merged, never
 * percentiles to be averaged. Histograms survive `postMessage` (Node clones them).
 */
export interface ShardResult {
  sockets: number;
  cursorSent: number;
  tissueSent: number;
  cursorDeliveries: number;
  cursorPackets: number;
  ownCursorEchoes: number;
  tissueDeliveries: number;
  otherDeliveries: number;
  duplicates: number;
  acksReceived: number;
  tissueLatency: RecordableHistogram;
  cursorLatency: RecordableHistogram;
  ackLatency: RecordableHistogram;
  sequenced: {
    acked: number;
    rejected: number;
    unacked: number;
    expected: number;
    received: number;
  };
  ackErrors: Record<string, number>;
  serverErrors: Record<string, number>;
  disconnects: number;
  /** This thread's event-loop delay over the window, p99 beyond the sampling period, ms. */
  loopDelayP99Ms: number;
}

interface TissueRecord {
  sentAt: number;
  inWindow: boolean;
  ack: 'pending' | 'ok' | 'rejected';
  received: number;
}

interface User {
  member: Member;
  sessionId: string;
  roomSize: number;
  socket: RelaySocket;
  tool: string;
  tissueAction: string;
  cursorCount: number;
  /** Send time of cursor update k at index k & RING_MASK. */
  cursorSentAt: Float64Array;
  nextCursorAt: number;
  tissueCount: number;
  tissue: Map<number, TissueRecord>;
  nextTissueAt: number;
  /** Seqs of tissue updates this user received (de-duplication). */
  seenSeqs: Set<number>;
}

const RING = 128;
const RING_MASK = RING - 1;
/** Counters wrap here (a multiple of RING, about 1 m in micrometres). */
const COUNTER_WRAP = 1 << 20;
const UM_PER_M = 1e6;

/** The users of some whole sessions, their traffic and their counters. */
export class LoadShard {
  private readonly users: User[] = [];
  private readonly usersById = new Map<string, User>();
  private readonly ackErrors: Record<string, number> = {};
  private readonly serverErrors: Record<string, number> = {};
  private disconnects = 0;
  private measuring = false;
  private cursorSent = 0;
  private tissueSent = 0;
  private cursorDeliveries = 0;
  private cursorPackets = 0;
  private ownCursorEchoes = 0;
  private tissueDeliveries = 0;
  private otherDeliveries = 0;
  private duplicates = 0;
  private acksReceived = 0;
  private readonly tissueLatency = createHistogram();
  private readonly cursorLatency = createHistogram();
  private readonly ackLatency = createHistogram();
  private readonly loopDelay: IntervalHistogram = monitorEventLoopDelay({
    resolution: LOOP_RESOLUTION_MS,
  });
  private scheduler: ReturnType<typeof setInterval> | undefined;
  private readonly cursorPeriodMs: number;
  private readonly tissueMinMs: number;
  private readonly tissueMaxMs: number;
  private readonly tissuePoints: number;

  constructor(private readonly options: ShardOptions) {
    this.cursorPeriodMs = 1000 / (options.cursorHz ?? 30);
    [this.tissueMinMs, this.tissueMaxMs] = options.tissueIntervalMs ?? [200, 500];
    this.tissuePoints = options.tissuePoints ?? 4;
  }

  /** Sockets of this shard. */
  get sockets(): number {
    return this.options.plans.reduce((sum, plan) => sum + plan.members.length, 0);
  }

  /** Connects and joins every member; in app mode each host then starts its simulation. */
  async connect(): Promise<void> {
    const { mode, url } = this.options;
    const roster = this.options.plans.flatMap((plan) =>
      plan.members.map((member) => ({ plan, member })),
    );
    await mapLimit(roster.length, 16, async (i) => {
      const { plan, member } = roster[i]!;
      const socket: RelaySocket =
        mode === 'colyseus'
          ? await ColyseusSocket.connect({ url, session: plan.sessionId, user: member.userId })
          : await LeanSocket.connect(
              mode === 'bare'
                ? { url, query: { room: plan.sessionId, user: member.userId } }
                : { url, auth: { token: member.token } },
            );
      const user: User = {
        member,
        sessionId: plan.sessionId,
        roomSize: plan.members.length,
        socket,
        tool: member.isHost ? 'scalpel' : 'forceps',
        tissueAction: member.isHost ? 'cut' : 'grasp',
        cursorCount: 0,
        cursorSentAt: new Float64Array(RING),
        nextCursorAt: 0,
        tissueCount: 0,
        tissue: new Map(),
        nextTissueAt: 0,
        seenSeqs: new Set(),
      };
      socket.onClose = () => this.disconnects++;
      if (mode === 'app') {
        const ack = (await socket.request('surgery:join-session', {
          sessionId: plan.sessionId,
        })) as { ok: boolean; error?: unknown };
        if (!ack.ok) throw new Error(`join-session failed: ${JSON.stringify(ack.error)}`);
      }
      socket.onEvent = this.onEvent(user);
      this.users.push(user);
      this.usersById.set(member.userId, user);
    });
    if (mode === 'app') {
      await Promise.all(
        this.users
          .filter((u) => u.member.isHost)
          .map(async (host) => {
            const ack = (await host.socket.request('surgery:simulation-control', {
              action: 'start',
            })) as { ok: boolean; error?: unknown };
            if (!ack.ok) throw new Error(`start failed: ${JSON.stringify(ack.error)}`);
          }),
      );
    }
  }

  /** Starts every user's cursor and tissue schedule, with random phases. */
  startTraffic(): void {
    const startedAt = performance.now();
    for (const user of this.users) {
      user.nextCursorAt = startedAt + Math.random() * this.cursorPeriodMs;
      user.nextTissueAt = startedAt + Math.random() * this.tissueMaxMs;
    }
    this.scheduler = setInterval(() => {
      const now = performance.now();
      for (const user of this.users) {
        if (now >= user.nextCursorAt) {
          this.sendCursor(user);
          user.nextCursorAt += this.cursorPeriodMs;
          if (user.nextCursorAt < now) user.nextCursorAt = now + this.cursorPeriodMs;
        }
        if (now >= user.nextTissueAt) {
          this.sendTissue(user);
          user.nextTissueAt = now + this.tissueGap();
        }
      }
    }, 1);
  }

  /** Counting starts; this thread's loop delay is recorded until {@link closeWindow}. */
  openWindow(): void {
    this.loopDelay.enable();
    this.measuring = true;
  }

  closeWindow(): void {
    this.measuring = false;
    this.loopDelay.disable();
  }

  /** No more sends; receipts and acks still land (the drain). */
  stopTraffic(): void {
    clearInterval(this.scheduler);
  }

  /** After the drain: counts sequenced delivery, closes the sockets and hands back the figures. */
  finish(): ShardResult {
    let acked = 0;
    let rejected = 0;
    let unacked = 0;
    let expected = 0;
    let received = 0;
    for (const user of this.users) {
      for (const record of user.tissue.values()) {
        if (!record.inWindow) continue;
        if (record.ack === 'rejected') rejected++;
        else if (record.ack === 'pending') unacked++;
        else {
          acked++;
          expected += user.roomSize - 1;
          received += Math.min(record.received, user.roomSize - 1);
        }
      }
    }
    for (const user of this.users) user.socket.close();
    return {
      sockets: this.users.length,
      cursorSent: this.cursorSent,
      tissueSent: this.tissueSent,
      cursorDeliveries: this.cursorDeliveries,
      cursorPackets: this.cursorPackets,
      ownCursorEchoes: this.ownCursorEchoes,
      tissueDeliveries: this.tissueDeliveries,
      otherDeliveries: this.otherDeliveries,
      duplicates: this.duplicates,
      acksReceived: this.acksReceived,
      tissueLatency: this.tissueLatency,
      cursorLatency: this.cursorLatency,
      ackLatency: this.ackLatency,
      sequenced: { acked, rejected, unacked, expected, received },
      ackErrors: this.ackErrors,
      serverErrors: this.serverErrors,
      disconnects: this.disconnects,
      loopDelayP99Ms: excessDelayMs(this.loopDelay.percentile(99)),
    };
  }

  private onEvent(receiver: User) {
    return (name: string, payload: unknown) => {
      if (name === 'surgery:cursor-position') {
        const now = performance.now();
        const cursors = (payload as { cursors: { userId: string; position: number[] }[] }).cursors;
        if (this.measuring) this.cursorPackets++;
        for (const cursor of cursors) {
          if (cursor.userId === receiver.member.userId) {
            if (this.measuring) this.ownCursorEchoes++;
            continue;
          }
          const sender = this.usersById.get(cursor.userId);
          if (!sender || !this.measuring) continue;
          const k = Math.round(cursor.position[0]! * UM_PER_M);
          this.cursorDeliveries++;
          recordMs(this.cursorLatency, now - sender.cursorSentAt[k & RING_MASK]!);
        }
      } else if (name === 'surgery:tissue-update') {
        const now = performance.now();
        const event = payload as {
          userId: string;
          seq: number;
          pointsUm?: number[][];
          points?: number[][];
        };
        if (receiver.seenSeqs.has(event.seq)) {
          this.duplicates++;
          return;
        }
        receiver.seenSeqs.add(event.seq);
        const sender = this.usersById.get(event.userId);
        const k = event.pointsUm
          ? event.pointsUm[0]![0]!
          : Math.round(event.points![0]![0]! * UM_PER_M);
        const record = sender?.tissue.get(k);
        if (record) record.received++;
        if (this.measuring) {
          this.tissueDeliveries++;
          if (record) recordMs(this.tissueLatency, now - record.sentAt);
        }
      } else if (name === 'surgery:error') {
        bump(this.serverErrors, (payload as { code?: string }).code ?? 'UNKNOWN');
      } else if (this.measuring) {
        this.otherDeliveries++;
      }
    };
  }

  private sendCursor(user: User): void {
    const k = user.cursorCount++ % COUNTER_WRAP;
    const wobble = (k % 100) / 10_000;
    const sentAt = performance.now();
    user.cursorSentAt[k & RING_MASK] = sentAt;
    user.socket.emit('surgery:cursor-update', {
      position: [k / UM_PER_M, 1 + wobble, -0.3 - wobble],
      rotation: [0, 0.0998, 0, 0.995],
      tool: user.tool,
    });
    if (this.measuring) this.cursorSent++;
  }

  private sendTissue(user: User): void {
    const k = user.tissueCount++ % COUNTER_WRAP;
    const points: number[][] = [];
    for (let p = 0; p < this.tissuePoints; p++) {
      points.push([p === 0 ? k / UM_PER_M : 0.01 + p * 0.0025, 1, -0.3 + p * 0.001]);
    }
    const record: TissueRecord = {
      sentAt: performance.now(),
      inWindow: this.measuring,
      ack: 'pending',
      received: 0,
    };
    user.tissue.set(k, record);
    if (this.measuring) this.tissueSent++;
    user.socket.emitWithAck(
      'surgery:tissue-interact',
      { tool: user.tool, action: user.tissueAction, points, depth: 0.002, force: 1.5 },
      (ack) => {
        const result = ack as { ok: boolean; error?: { code?: string } };
        record.ack = result.ok ? 'ok' : 'rejected';
        if (this.measuring) this.acksReceived++;
        if (!result.ok) bump(this.ackErrors, result.error?.code ?? 'UNKNOWN');
        if (record.inWindow) recordMs(this.ackLatency, performance.now() - record.sentAt);
      },
    );
  }

  private tissueGap(): number {
    return this.tissueMinMs + Math.random() * (this.tissueMaxMs - this.tissueMinMs);
  }
}

/** Histograms hold whole microseconds, at least 1. */
function recordMs(h: RecordableHistogram, ms: number): void {
  h.record(Math.max(1, Math.round(ms * 1000)));
}

function bump(table: Record<string, number>, key: string): void {
  table[key] = (table[key] ?? 0) + 1;
}
